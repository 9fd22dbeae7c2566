"""Demo data for a health-card holder's shop: `python -m mall.demo`. Idempotent: a rerun adds nothing twice.

A few brands, a two-level category tree and about twenty goods with their SKUs (blood-pressure monitors,
glucose meters, body-fat scales, masks, health foods...), on the shelf, so `./scripts/start` shows a living
shop. Prices are what such goods sell for; settlement prices (what the supplier is paid) sit below them.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from mall.brands.models import Brand
from mall.brands.service import first_letter_of
from mall.categories.models import Category
from mall.goods.models import Goods, Sku
from mall.settings import get_settings
from shared.db import Database

DEMO_ACTOR = {"created_by_id": 1, "created_by_name": "系统管理员"}
DEMO_LOCK = 4242104001

BRANDS: list[tuple[str, str]] = [
    ("欧姆龙", "日本健康医疗品牌，电子血压计全球领先。"),
    ("鱼跃", "国产家用医疗器械龙头，血压计、血糖仪、制氧机。"),
    ("云康宝", "智能体脂秤与健康数据管理。"),
    ("汤臣倍健", "膳食营养补充剂品牌。"),
    ("稳健医疗", "医用口罩、敷料与防护用品。"),
    ("倍轻松", "便携按摩与康复护理。"),
]

CATEGORIES: dict[str, list[str]] = {
    "健康监测": ["血压计", "血糖仪", "体脂秤", "体温计"],
    "防护用品": ["口罩", "消毒用品"],
    "营养保健": ["维生素矿物质", "蛋白粉", "鱼油"],
    "康复护理": ["按摩器", "护具"],
}

# (name, subtitle, brand, category, recommended, [(specs, price, market, settlement, stock)])
Spec = tuple[dict[str, str], str, str, str, int]
GOODS: list[tuple[str, str, str, str, bool, list[Spec]]] = [
    ("欧姆龙上臂式电子血压计", "家用全自动，一键测量", "欧姆龙", "血压计", True, [
        ({"型号": "U10"}, "299.00", "399.00", "220.00", 120), ({"型号": "J760"}, "459.00", "599.00", "330.00", 60)]),
    ("欧姆龙手腕式血压计", "小巧便携，出差旅行", "欧姆龙", "血压计", False, [
        ({"型号": "T10"}, "269.00", "329.00", "190.00", 80)]),
    ("鱼跃电子血压计", "语音播报，大屏显示", "鱼跃", "血压计", False, [
        ({"型号": "YE660D"}, "189.00", "259.00", "128.00", 150)]),
    ("鱼跃血糖仪套装", "含试纸 50 片与采血针", "鱼跃", "血糖仪", True, [
        ({"规格": "仪器+50片"}, "129.00", "199.00", "85.00", 200),
        ({"规格": "仪器+100片"}, "189.00", "279.00", "125.00", 90)]),
    ("鱼跃血糖试纸", "适配鱼跃 580 系列", "鱼跃", "血糖仪", False, [
        ({"规格": "50片"}, "59.00", "79.00", "38.00", 300)]),
    ("欧姆龙电子体温计", "腋下测温，60 秒出结果", "欧姆龙", "体温计", False, [
        ({"型号": "MC-246"}, "39.90", "59.00", "25.00", 400)]),
    ("鱼跃红外额温枪", "1 秒测温，非接触", "鱼跃", "体温计", False, [
        ({"型号": "YHT101"}, "99.00", "149.00", "62.00", 180)]),
    ("云康宝智能体脂秤", "13 项身体数据，APP 记录", "云康宝", "体脂秤", True, [
        ({"颜色": "白色"}, "99.00", "159.00", "60.00", 160), ({"颜色": "黑色"}, "99.00", "159.00", "60.00", 140)]),
    ("云康宝八电极体脂秤", "分段测量，专业体成分", "云康宝", "体脂秤", False, [
        ({"颜色": "白色"}, "299.00", "399.00", "198.00", 50)]),
    ("稳健医用外科口罩", "三层防护，独立包装", "稳健医疗", "口罩", True, [
        ({"规格": "50只/盒"}, "29.90", "49.00", "16.00", 500), ({"规格": "100只/盒"}, "55.00", "89.00", "30.00", 300)]),
    ("稳健 N95 防护口罩", "KN95 级过滤，耳挂式", "稳健医疗", "口罩", False, [
        ({"规格": "20只/盒"}, "49.00", "79.00", "28.00", 260)]),
    ("稳健酒精消毒湿巾", "75% 酒精，80 抽", "稳健医疗", "消毒用品", False, [
        ({"规格": "80抽×3包"}, "26.90", "39.00", "15.00", 420)]),
    ("汤臣倍健多种维生素矿物质片", "成人每日营养补充", "汤臣倍健", "维生素矿物质", True, [
        ({"规格": "60片"}, "98.00", "138.00", "58.00", 240), ({"规格": "120片"}, "168.00", "238.00", "100.00", 120)]),
    ("汤臣倍健维生素 C 咀嚼片", "甜橙味", "汤臣倍健", "维生素矿物质", False, [
        ({"规格": "100片"}, "59.00", "89.00", "33.00", 260)]),
    ("汤臣倍健钙维生素 D 片", "中老年骨骼健康", "汤臣倍健", "维生素矿物质", False, [
        ({"规格": "100片"}, "79.00", "118.00", "45.00", 200)]),
    ("汤臣倍健蛋白粉", "乳清+大豆双蛋白", "汤臣倍健", "蛋白粉", True, [
        ({"规格": "450g"}, "238.00", "318.00", "150.00", 110), ({"规格": "900g"}, "398.00", "528.00", "250.00", 70)]),
    ("汤臣倍健深海鱼油软胶囊", "富含 EPA/DHA", "汤臣倍健", "鱼油", False, [
        ({"规格": "100粒"}, "128.00", "178.00", "76.00", 150)]),
    ("倍轻松颈部按摩仪", "低频脉冲，热敷", "倍轻松", "按摩器", True, [
        ({"颜色": "灰色"}, "399.00", "599.00", "260.00", 45)]),
    ("倍轻松眼部按摩仪", "气压按摩，蓝牙音乐", "倍轻松", "按摩器", False, [
        ({"型号": "iSee4"}, "459.00", "699.00", "300.00", 35)]),
    ("鱼跃医用护腰带", "腰椎支撑，透气", "鱼跃", "护具", False, [
        ({"尺码": "M"}, "89.00", "129.00", "52.00", 60), ({"尺码": "L"}, "89.00", "129.00", "52.00", 60),
        ({"尺码": "XL"}, "89.00", "129.00", "52.00", 40)]),
]


async def _brands(session: Any) -> dict[str, int]:
    await session.execute(pg_insert(Brand).values([
        {"name": name, "first_letter": first_letter_of(name), "description": text_, "sort": i, **DEMO_ACTOR}
        for i, (name, text_) in enumerate(BRANDS)
    ]).on_conflict_do_nothing())
    return dict((await session.execute(select(Brand.name, Brand.id))).all())


async def _categories(session: Any) -> dict[str, int]:
    for sort, (top, children) in enumerate(CATEGORIES.items()):
        await session.execute(pg_insert(Category).values(name=top, sort=sort, **DEMO_ACTOR).on_conflict_do_nothing())
        parent_id = await session.scalar(select(Category.id).where(Category.name == top,
                                                                   Category.parent_id.is_(None)))
        await session.execute(pg_insert(Category).values([
            {"name": name, "parent_id": parent_id, "sort": i, **DEMO_ACTOR} for i, name in enumerate(children)
        ]).on_conflict_do_nothing())
    rows = await session.execute(select(Category.name, Category.id).where(Category.parent_id.is_not(None)))
    return dict(rows.all())


async def load_demo(db: Database) -> dict[str, int]:
    async with db.sessions() as session:
        # One loader at a time (the start command and a test run may race).
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": DEMO_LOCK})
        brands = await _brands(session)
        categories = await _categories(session)
        for sort, (name, subtitle, brand, category, recommended, skus) in enumerate(GOODS):
            if await session.scalar(select(Goods.id).where(Goods.name == name)):
                continue
            goods = Goods(name=name, subtitle=subtitle, brand_id=brands[brand], category_id=categories[category],
                          detail_html=f"<p>{name}：{subtitle}。</p><p>正品保障，体检卡余额可直接支付。</p>",
                          on_shelf=True, recommended=recommended, sort=sort, **DEMO_ACTOR)
            session.add(goods)
            await session.flush()
            session.add_all([
                Sku(goods_id=goods.id, specs=specs, price=Decimal(price), market_price=Decimal(market),
                    settlement_price=Decimal(settlement), stock=stock, low_stock_threshold=10)
                for specs, price, market, settlement, stock in skus
            ])
        await session.commit()
        counts = {}
        for label, model in (("brands", Brand), ("categories", Category), ("goods", Goods), ("skus", Sku)):
            counts[label] = int(await session.scalar(select(func.count()).select_from(model)) or 0)
        return counts


async def _main() -> None:
    db = Database(get_settings().database_url, pool_size=1)
    try:
        counts = await load_demo(db)
    finally:
        await db.dispose()
    print("mall demo data:", ", ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    asyncio.run(_main())
