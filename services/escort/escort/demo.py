"""Demo data: `python -m escort.demo`. Idempotent: a rerun adds nothing twice.

The seed's ten 南昌 districts keep their ids; a few 南昌 hospitals where escorts serve, the four service
products, the member app's questions, three withdrawal methods, and escorts in each status (one of them
certified with an expired certificate, so the pool refuses him) with a little earnings history.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from escort.catalogue.models import District, Hospital, Product, Question
from escort.common import business_today
from escort.escorts import ledger
from escort.escorts.models import Certificate, Escort, escort_hospitals
from escort.settings import get_settings
from escort.withdrawals.models import WithdrawalItem
from shared.db import Database

DEMO_ACTOR = {"created_by_id": 1, "created_by_name": "系统管理员"}

DISTRICTS: list[tuple[int, str]] = [
    (1265, "东湖区"), (1266, "西湖区"), (1267, "青云谱区"), (1268, "湾里区"), (1269, "青山湖区"),
    (1270, "南昌县"), (1271, "新建区"), (1272, "安义县"), (1273, "进贤县"), (4019, "红谷滩区"),
]
# (name, level, district id, address, departments)
HOSPITALS: list[tuple[str, str, int, str, list[str]]] = [
    ("江西省人民医院", "三甲", 1265, "东湖区爱国路152号", ["心血管内科", "神经内科", "消化内科", "骨科", "眼科"]),
    ("南昌大学第一附属医院", "三甲", 1265, "东湖区永外正街17号", ["心血管内科", "肿瘤科", "呼吸内科", "泌尿外科"]),
    ("南昌大学第二附属医院", "三甲", 1266, "西湖区民德路1号", ["内分泌科", "肾内科", "骨科", "妇产科"]),
    ("江西省妇幼保健院", "三甲", 1265, "东湖区八一大道318号", ["产科", "妇科", "儿科", "乳腺科"]),
    ("江西中医药大学附属医院", "三甲", 1266, "西湖区八一大道445号", ["针灸科", "推拿科", "脾胃科"]),
    ("南昌市第九医院", "三乙", 1269, "青山湖区洪都北大道167号", ["感染科", "肝病科"]),
    ("南昌大学第一附属医院（象湖院区）", "三甲", 1270, "南昌县象湖新城", ["心血管内科", "急诊科"]),
]
# (name, type, price, share mode, share value, minutes, description)
PRODUCTS: list[tuple[str, str, str, str, str, int, str]] = [
    ("全程陪诊", "full", "298.00", "rate", "0.70", 240, "从挂号、候诊、检查到取药全程陪同，适合行动不便的患者。"),
    ("半程陪诊", "half", "168.00", "rate", "0.70", 120, "陪同就诊中的关键环节：挂号取号、候诊、就诊沟通。"),
    ("代取报告", "report", "68.00", "fixed", "40.00", 60, "代为领取检查报告并拍照发送，可邮寄到家。"),
    ("代问诊", "consult", "198.00", "rate", "0.65", 90, "携带病历资料代为问诊，记录医嘱并及时反馈。"),
]
QUESTIONS: list[tuple[str, str, str]] = [
    ("预约须知", "如何预约陪诊？", "在会员端选择陪诊产品、医院和就诊时间，填写就诊人信息后用卡支付即可。"),
    ("预约须知", "需要提前多久预约？", "建议至少提前 1 天预约，以便陪诊师安排行程。"),
    ("服务说明", "核销码有什么用？", "陪诊师到场后，请把订单中的 6 位核销码告诉陪诊师，服务由此开始。"),
    ("服务说明", "陪诊师有资质吗？", "所有陪诊师均经平台审核认证并持有有效证书，证书过期将无法接单。"),
    ("取消与退款", "可以取消订单吗？", "服务开始前可随时取消，费用原路退回卡内。"),
    ("取消与退款", "没人接单怎么办？", "到预约时间仍无人接单的订单会自动取消并全额退款。"),
]
WITHDRAWAL_ITEMS: list[tuple[str, str, str, str, str]] = [
    ("银行卡", "bank", "100.00", "0", "2.00"),
    ("支付宝", "alipay", "50.00", "0.0060", "0"),
    ("微信", "wechat", "50.00", "0.0060", "0"),
]
# (name, phone, id number, status, hospital indexes, certificate expiry in days, reason)
ESCORTS: list[tuple[str, str, str, str, list[int], int, str]] = [
    ("李秀兰", "13707910001", "360102198503120021", "certified", [0, 1, 6], 300, ""),
    ("王建国", "13707910002", "360103197908230035", "certified", [0, 2, 3], 200, ""),
    ("陈静", "13707910003", "360104199011050048", "certified", [1, 4, 5], 500, ""),
    ("刘芳", "13707910004", "360111198812250062", "certified", [0, 3], -10, ""),
    ("张伟", "13707910005", "360121199203150079", "pending", [2], 365, ""),
    ("赵敏", "13707910006", "360122199507080083", "rejected", [4], 365, "证书照片不清晰，请重新上传"),
    ("孙强", "13707910007", "360123198106300097", "disabled", [5], 365, ""),
]
DEMO_EARNINGS = {"李秀兰": "836.00", "王建国": "417.20"}


async def _reference(session: AsyncSession) -> None:
    await session.execute(pg_insert(District).values([{"id": i, "name": n, "sort": s}
                                                      for s, (i, n) in enumerate(DISTRICTS)]).on_conflict_do_nothing())
    await session.execute(pg_insert(Hospital).values([
        {"name": n, "level": lv, "district_id": d, "address": a, "departments": deps, "sort": s, **DEMO_ACTOR}
        for s, (n, lv, d, a, deps) in enumerate(HOSPITALS)]).on_conflict_do_nothing())
    await session.execute(pg_insert(Product).values([
        {"name": n, "service_type": t, "price": Decimal(p), "share_mode": m, "share_value": Decimal(v),
         "duration_minutes": mins, "description": desc, "cities": ["南昌市"], "sort": s, **DEMO_ACTOR}
        for s, (n, t, p, m, v, mins, desc) in enumerate(PRODUCTS)]).on_conflict_do_nothing())
    await session.execute(pg_insert(WithdrawalItem).values([
        {"name": n, "method": m, "min_amount": Decimal(low), "fee_rate": Decimal(rate), "fee_fixed": Decimal(fixed),
         "sort": s, **DEMO_ACTOR} for s, (n, m, low, rate, fixed) in enumerate(WITHDRAWAL_ITEMS)]
    ).on_conflict_do_nothing())
    if not await session.scalar(select(func.count()).select_from(Question)):
        await session.execute(pg_insert(Question).values([
            {"group_name": g, "question": q, "answer": a, "sort": s, **DEMO_ACTOR}
            for s, (g, q, a) in enumerate(QUESTIONS)]))


async def _escorts(session: AsyncSession) -> None:
    hospitals = list((await session.execute(select(Hospital.id).order_by(Hospital.sort, Hospital.id))).scalars())
    today = business_today()
    for name, phone, id_number, status, hospital_indexes, days, reason in ESCORTS:
        inserted = (await session.execute(pg_insert(Escort).values(
            name=name, phone=phone, id_number=id_number, status=status, reject_reason=reason, city="南昌市",
            reviewed_by_name="系统管理员" if status != "pending" else "", **DEMO_ACTOR,
        ).on_conflict_do_nothing().returning(Escort.id))).scalar_one_or_none()
        if inserted is None:
            continue
        await session.execute(pg_insert(escort_hospitals).values(
            [{"escort_id": inserted, "hospital_id": hospitals[i]} for i in hospital_indexes if i < len(hospitals)]))
        await session.execute(pg_insert(Certificate).values(
            escort_id=inserted, name="陪诊服务资格证", number=f"JXPZ{inserted:06d}",
            expires_on=today + timedelta(days=days)))
        if name in DEMO_EARNINGS:
            await ledger.move(session, inserted, "earning", amount=Decimal(DEMO_EARNINGS[name]),
                              memo="演示：历史服务收入")


async def load_demo(db: Database) -> dict[str, int]:
    async with db.sessions() as session:
        # One loader at a time (the start command and a test run may race).
        await session.execute(text("SELECT pg_advisory_xact_lock(4242005)"))
        await _reference(session)
        await session.flush()
        await _escorts(session)
        await session.commit()
        counts = {}
        for label, model in (("districts", District), ("hospitals", Hospital), ("products", Product),
                             ("questions", Question), ("withdrawal_items", WithdrawalItem), ("escorts", Escort)):
            counts[label] = int(await session.scalar(select(func.count()).select_from(model)) or 0)
        return counts


async def _main() -> None:
    db = Database(get_settings().database_url, pool_size=1)
    try:
        counts = await load_demo(db)
    finally:
        await db.dispose()
    print("escort demo data:", ", ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    asyncio.run(_main())
