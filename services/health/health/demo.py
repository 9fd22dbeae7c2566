"""Demo data from seed 000 (体检管理): `python -m health.demo`. Idempotent: a rerun adds nothing twice.

The seed's 22 brands, 10 Nanchang districts and 16 package categories keep their ids; disease groups come
from 疾病管理; each brand gets a hospital (some two), items from the 套餐单项 text, a few packages with
male/female variants, and schedules for the next 30 days.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from health.catalogue.models import Brand, Category, Disease, Item, item_diseases
from health.common import business_today
from health.hospitals.models import District, Hospital, Schedule
from health.packages.models import Package, PackageItem, package_categories, package_hospitals
from health.settings import get_settings
from shared.db import Database

DEMO_ACTOR = {"created_by_id": 1, "created_by_name": "系统管理员"}

# (id, name, type) - ids and names from the seed's 医院品牌 option list.
BRANDS: list[tuple[int, str, str]] = [
    (485, "南昌市第九医院体检中心", "公立医院"),
    (486, "南昌平安健康（检测）中心", "专业机构"),
    (487, "华瑞健康体检中心", "专业机构"),
    (491, "爱尔眼科门诊部", "民营医院"),
    (493, "江西省人民医院", "公立三甲"),
    (494, "南昌大学附属口腔医院", "公立三甲"),
    (495, "南昌大学第二附属医院体检中心", "公立三甲"),
    (497, "江西中医药大学附属医院体检中心", "公立三甲"),
    (498, "南昌大学第一附属医院（高新院区）", "公立三甲"),
    (499, "美年大健康体检中心", "专业机构"),
    (500, "南昌大学第一附属医院体检中心", "公立三甲"),
    (501, "南昌博德口腔医院", "民营医院"),
    (502, "南昌市人民医院体检中心", "公立医院"),
    (504, "南昌市按摩医院", "二级甲等"),
    (505, "宜春浙赣友好医院", "民营医院"),
    (506, "南昌视达丽眼科", "民营医院"),
    (508, "康贝口腔（宜春总院）", "民营医院"),
    (509, "宜春新建医院", "二级甲等"),
    (511, "南昌县人民医院体检中心", "二级甲等"),
    (512, "南昌爱尔眼科医院有限公司", "民营医院"),
    (514, "江西省妇幼保健院", "公立三甲"),
    (515, "南昌大学附属康复医院", "公立医院"),
]

DISTRICTS: list[tuple[int, str]] = [
    (1265, "东湖区"), (1266, "西湖区"), (1267, "青云谱区"), (1268, "湾里区"), (1269, "青山湖区"),
    (1270, "南昌县"), (1271, "新建区"), (1272, "安义县"), (1273, "进贤县"), (4019, "红谷滩区"),
]

CATEGORIES: list[tuple[int, str]] = [
    (6, "男士体检"), (7, "中医推拿"), (8, "女士体检"), (10, "老年体检"), (11, "青年体检"), (12, "验光配镜"),
    (13, "补牙种牙"), (14, "入学体检"), (15, "限时特价"), (16, "孕前体检"), (17, "入职入学"), (18, "高端套餐"),
    (19, "推荐套餐"), (20, "周末可检"), (22, "限时活动"), (23, "疫苗预约"),
]

# 疾病管理: group -> diseases; plus the item screening tags the 单项 page offers (检查疾病).
DISEASE_GROUPS: dict[str, list[str]] = {
    "肺部疾病": ["肺炎", "肺结核", "慢性支气管炎", "支气管哮喘"],
    "肝脏功能检查": ["肝炎", "酒精性肝病", "肝衰竭"],
    "止血功能检测": ["过敏性紫癜", "血小板减少性紫癜", "血友病"],
    "肺癌": ["腺癌", "鳞癌", "大/小细胞肺癌"],
    "血型检测": ["自身免疫性溶血性贫血", "溶血性输血反应"],
    "血糖指标": ["糖尿病", "低血糖", "糖耐量减低"],
    "脑部疾病": ["脑梗死", "脑出血", "脑膜炎"],
    "痛风": ["痛风性肾病", "无症状高尿酸血症"],
    "常见筛查": ["三高检测", "乙肝病毒检查", "乳腺检查", "优生优育检查", "关节炎", "冠心病", "前列腺检查", "动脉硬化"],
}

# (name, sale, market, settlement, gender, meaning, diseases) from the seed's 套餐单项 text.
ITEMS: list[tuple[str, str, str, str, str, str, list[str]]] = [
    ("血压体重+抽血材料费+营养早餐+专家分析", "30.00", "50.00", "20.00", "both", "基础检查与报告解读", []),
    ("血常规（五分类）", "25.00", "40.00", "15.00", "both", "了解血细胞情况、筛查炎症性疾病、血癌、贫血等", []),
    ("尿常规", "15.00", "25.00", "8.00", "both", "了解肾功能，筛查肾炎、尿路感染、血尿、糖尿病等", ["糖尿病"]),
    ("肝功能（八项）", "37.26", "60.00", "25.00", "both", "了解肝脏功能", ["肝炎", "酒精性肝病"]),
    ("肾功能三项（含血尿酸）", "30.00", "45.00", "18.00", "both", "了解肾功能、筛查痛风症、尿毒症等",
     ["痛风性肾病", "无症状高尿酸血症"]),
    ("血脂四项", "40.00", "60.00", "25.00", "both", "筛查高甘油三脂、高胆固醇", ["三高检测", "动脉硬化"]),
    ("空腹血糖", "10.00", "20.00", "6.00", "both", "筛查糖尿病", ["糖尿病", "三高检测"]),
    ("糖化血红蛋白", "60.00", "90.00", "40.00", "both", "检测过去2-3个月的血糖平均水平", ["糖尿病"]),
    ("乙肝五项", "50.00", "80.00", "30.00", "both", "筛查大小三阳，乙肝有无抗体", ["乙肝病毒检查"]),
    ("常规心电图", "20.00", "35.00", "12.00", "both", "筛查心脏疾病", ["冠心病"]),
    ("胸部正位片DR（不含胶片）", "60.00", "90.00", "40.00", "both",
     "了解肺部、心脏、纵隔、隔肌等病变（孕妇及有X射线禁忌者不检此项）", ["肺炎", "肺结核"]),
    ("肺部CT", "260.00", "380.00", "180.00", "both", "筛查胸部病变情况（孕妇及有X射线禁忌者不检此项）",
     ["肺炎", "腺癌", "鳞癌"]),
    ("甲状腺彩超", "80.00", "120.00", "50.00", "both", "筛查甲状腺有无结节等器质性病变", []),
    ("彩超检查：双侧颈部血管", "120.00", "180.00", "80.00", "both", "筛查颈部血管有无斑块", ["动脉硬化"]),
    ("同型半胱氨酸", "70.00", "100.00", "45.00", "both", "筛查H型高血压，评估脑卒中、心血管疾病早期风险",
     ["脑梗死", "冠心病"]),
    ("C13碳呼气试验", "150.00", "220.00", "100.00", "both", "幽门螺旋杆菌检测，胃癌相关病因筛查", []),
    ("CEA+AFP+Ca199（发光法）", "120.00", "180.00", "80.00", "both",
     "提示原发性肝癌，筛查消化系统肿瘤、胰腺癌、胆囊癌、胆管癌、胃癌、结肠癌等", []),
    ("男性彩超检查：肝、胆、脾、胰、双肾、膀胱前列腺", "150.00", "220.00", "100.00", "male",
     "筛查各脏器肿瘤、结石、囊肿等器质性病变", ["前列腺检查"]),
    ("女性彩超检查：肝、胆、脾、胰、双肾", "130.00", "200.00", "90.00", "female",
     "筛查各脏器肿瘤、结石、囊肿等器质性病变", []),
    ("乳腺彩超", "100.00", "150.00", "65.00", "female", "筛查乳腺结节、增生等", ["乳腺检查"]),
]

# (name, brand id, categories, recommended, item names or "*" for all, price override)
PACKAGES: list[tuple[str, int, list[int], bool, list[str] | str, str | None]] = [
    ("入职基础体检套餐", 499, [17, 14, 11], False,
     ["血压体重+抽血材料费+营养早餐+专家分析", "血常规（五分类）", "尿常规", "肝功能（八项）",
      "胸部正位片DR（不含胶片）", "常规心电图"], None),
    ("三高筛查套餐", 499, [10, 19], True,
     ["血压体重+抽血材料费+营养早餐+专家分析", "血脂四项", "空腹血糖", "糖化血红蛋白", "同型半胱氨酸", "常规心电图",
      "彩超检查：双侧颈部血管"], None),
    ("全面深度体检套餐（男女有别）", 493, [18, 19, 6, 8], True, "*", None),
    ("女士关爱体检套餐", 514, [8, 16], True,
     ["血压体重+抽血材料费+营养早餐+专家分析", "血常规（五分类）", "尿常规", "女性彩超检查：肝、胆、脾、胰、双肾",
      "乳腺彩超", "甲状腺彩超"], None),
    ("中老年心脑血管套餐", 500, [10, 18], False,
     ["血压体重+抽血材料费+营养早餐+专家分析", "血脂四项", "同型半胱氨酸", "彩超检查：双侧颈部血管", "常规心电图",
      "肺部CT", "男性彩超检查：肝、胆、脾、胰、双肾、膀胱前列腺", "女性彩超检查：肝、胆、脾、胰、双肾"], None),
    ("限时特价青年套餐", 487, [11, 15, 20], False,
     ["血压体重+抽血材料费+营养早餐+专家分析", "血常规（五分类）", "肝功能（八项）", "常规心电图"], "99.00"),
]
PACKAGE_ITEM_BRANDS = sorted({p[1] for p in PACKAGES})
SECOND_STORES = {499: ["红谷滩分院", "青山湖分院"], 493: ["红谷滩院区"], 500: ["象湖院区"]}
SCHEDULE_DAYS = 30
DAILY_CAPACITY = 20


async def _upsert_reference(session: AsyncSession) -> None:
    await session.execute(
        pg_insert(Brand).values([
            {"id": bid, "name": name, "brand_type": kind, "sort": index, "prepayment": Decimal("50000.00"),
             **DEMO_ACTOR}
            for index, (bid, name, kind) in enumerate(BRANDS)
        ]).on_conflict_do_nothing()
    )
    await session.execute(
        pg_insert(District).values([{"id": did, "name": name, "sort": i} for i, (did, name) in enumerate(DISTRICTS)])
        .on_conflict_do_nothing()
    )
    await session.execute(
        pg_insert(Category).values([{"id": cid, "name": name, "sort": i, **DEMO_ACTOR}
                                    for i, (cid, name) in enumerate(CATEGORIES)]).on_conflict_do_nothing()
    )
    for sort, (group, names) in enumerate(DISEASE_GROUPS.items()):
        await session.execute(pg_insert(Disease).values(name=group, sort=sort, **DEMO_ACTOR).on_conflict_do_nothing())
        group_id = await session.scalar(select(Disease.id).where(Disease.name == group))
        await session.execute(
            pg_insert(Disease).values([{"name": n, "parent_id": group_id, "sort": i, **DEMO_ACTOR}
                                       for i, n in enumerate(names)]).on_conflict_do_nothing()
        )
    # Explicit ids were inserted: move the id sequences past them.
    for table in ("brands", "categories"):
        await session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
        ))


async def _hospitals(session: AsyncSession) -> None:
    district_ids = [d for d, _ in DISTRICTS]
    for index, (bid, name, _) in enumerate(BRANDS):
        stores = [name] + [f"{name}（{suffix}）" for suffix in SECOND_STORES.get(bid, [])]
        for offset, store in enumerate(stores):
            district_id = district_ids[(index + offset) % len(district_ids)]
            district = dict(DISTRICTS)[district_id]
            city = "宜春市" if "宜春" in store else "南昌市"
            await session.execute(pg_insert(Hospital).values(
                name=store, brand_id=bid, channel="both", phone=f"0791-8{index:02d}{offset}6666",
                business_hours="周一至周六 07:30-11:30", province="江西省", city=city,
                district=district if city == "南昌市" else "", district_id=district_id if city == "南昌市" else None,
                address=f"{district}示范路{100 + index}号", **DEMO_ACTOR,
            ).on_conflict_do_nothing())


async def _items(session: AsyncSession) -> None:
    diseases = dict((await session.execute(select(Disease.name, Disease.id))).all())
    for bid in PACKAGE_ITEM_BRANDS:
        for sort, (name, sale, market, settlement, _gender, meaning, tags) in enumerate(ITEMS):
            inserted = await session.execute(pg_insert(Item).values(
                name=name, brand_id=bid, sale_price=Decimal(sale), market_price=Decimal(market),
                settlement_price=Decimal(settlement), meaning=meaning, sort=sort, **DEMO_ACTOR,
            ).on_conflict_do_nothing().returning(Item.id))
            item_id = inserted.scalar_one_or_none()
            if item_id is not None and tags:
                await session.execute(pg_insert(item_diseases).values(
                    [{"item_id": item_id, "disease_id": diseases[t]} for t in tags]
                ).on_conflict_do_nothing())


async def _packages(session: AsyncSession) -> None:
    genders = {name: gender for name, _, _, _, gender, _, _ in ITEMS}
    for sort, (name, bid, categories, recommended, item_names, price) in enumerate(PACKAGES):
        if await session.scalar(select(Package.id).where(Package.name == name, Package.brand_id == bid)):
            continue
        package = Package(name=name, brand_id=bid, recommended=recommended, sort=sort,
                          price=Decimal(price) if price else None, description=f"{name}：含常规检查与专家解读。",
                          notice="体检前一天清淡饮食，当天空腹。", **DEMO_ACTOR)
        session.add(package)
        await session.flush()
        items = dict((await session.execute(select(Item.name, Item.id).where(Item.brand_id == bid))).all())
        wanted = list(items) if item_names == "*" else item_names
        await session.execute(pg_insert(PackageItem).values([
            {"package_id": package.id, "item_id": items[n], "gender": genders[n], "sort": i}
            for i, n in enumerate(wanted)
        ]))
        stores = (await session.execute(select(Hospital.id).where(Hospital.brand_id == bid))).scalars().all()
        await session.execute(pg_insert(package_hospitals).values(
            [{"package_id": package.id, "hospital_id": h} for h in stores]))
        await session.execute(pg_insert(package_categories).values(
            [{"package_id": package.id, "category_id": c} for c in categories]))


async def _schedules(session: AsyncSession, today: date) -> None:
    hospital_ids = (await session.execute(select(Hospital.id))).scalars().all()
    rows: list[dict[str, Any]] = []
    for hospital_id in hospital_ids:
        for offset in range(SCHEDULE_DAYS):
            day = today + timedelta(days=offset)
            # Sundays closed, as the seed's 营业时间 (周一至周六) says.
            rows.append({"hospital_id": hospital_id, "day": day, "capacity": DAILY_CAPACITY,
                         "closed": day.isoweekday() == 7})
    if rows:
        await session.execute(pg_insert(Schedule).values(rows).on_conflict_do_nothing())


async def load_demo(db: Database, today: date | None = None) -> dict[str, int]:
    async with db.sessions() as session:
        # One loader at a time (the start command and a test run may race).
        await session.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
        await _upsert_reference(session)
        await _hospitals(session)
        await _items(session)
        await _packages(session)
        await _schedules(session, today or business_today())
        await session.commit()
        counts = {}
        for label, model in (("brands", Brand), ("hospitals", Hospital), ("items", Item), ("packages", Package),
                             ("categories", Category), ("diseases", Disease), ("districts", District)):
            counts[label] = int(await session.scalar(select(func.count()).select_from(model)) or 0)
        return counts


async def _main() -> None:
    settings = get_settings()
    db = Database(settings.database_url, pool_size=1)
    try:
        counts = await load_demo(db)
    finally:
        await db.dispose()
    print("health demo data:", ", ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    asyncio.run(_main())
