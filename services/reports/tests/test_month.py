"""The scripted month through the consumer's inbox path: exact figures, duplicates, shuffles, late revisions."""

from __future__ import annotations

import random
from datetime import date

import httpx
from reports_month import (
    BRAND_ROWS,
    BRAND_TOTALS,
    CARD_ROWS,
    CARD_TOTALS,
    ESCORT_ROWS,
    ESCORT_TOTALS,
    GOODS_ROWS,
    GOODS_TOTALS,
    HOSPITAL_ROWS,
    HOSPITAL_TOTALS,
    NOVEMBER,
    SALES_ROWS,
    SALES_TOTALS,
    business_month,
)
from reports_testkit import admin_headers, apply_all, november
from sqlalchemy import text

from reports.handlers import handlers
from reports.periods import Cover, Granularity, cover
from reports.projections.batch import apply_batch
from reports.projections.folds import FOLDS
from shared.db import Database
from shared.testing import truncate_all


def assert_month(figures: dict) -> None:
    assert figures["sales"]["data_list"] == SALES_ROWS
    assert figures["sales"]["totals"] == SALES_TOTALS
    assert figures["card_consumption"]["data_list"] == CARD_ROWS
    assert figures["card_consumption"]["totals"] == CARD_TOTALS
    assert figures["goods"]["data_list"] == GOODS_ROWS
    assert figures["goods"]["totals"] == GOODS_TOTALS
    assert figures["goods_brands"]["data_list"] == BRAND_ROWS
    assert figures["goods_brands"]["totals"] == BRAND_TOTALS
    assert figures["hospital_settlement"]["data_list"] == HOSPITAL_ROWS
    assert figures["hospital_settlement"]["totals"] == HOSPITAL_TOTALS
    assert figures["escort_settlement"]["data_list"] == ESCORT_ROWS
    assert figures["escort_settlement"]["totals"] == ESCORT_TOTALS


async def test_the_month_in_order_gives_the_expected_figures(db: Database, api: httpx.AsyncClient) -> None:
    month = business_month()
    assert await apply_all(db, month) == len(month)
    assert_month(await november(api))
    async with db.sessions() as session:
        stored = (await session.execute(text("SELECT count(*) FROM event_store"))).scalar_one()
    assert stored == len(month)


async def test_every_event_twice_and_shuffled_gives_the_same_figures(db: Database, api: httpx.AsyncClient) -> None:
    month = business_month()
    doubled = month + month
    random.Random(20261130).shuffle(doubled)
    assert await apply_all(db, doubled) == len(month)  # the inbox drops every second copy
    assert_month(await november(api))


async def test_reverse_order_gives_the_same_figures(db: Database, api: httpx.AsyncClient) -> None:
    # Reversed: every PaymentChanged and PaymentDeleted arrives before its PaymentRecorded, the rename
    # before the older snapshots, the card charges before the issue.
    await apply_all(db, list(reversed(business_month())))
    assert_month(await november(api))


async def test_several_shuffles_agree(db: Database, api: httpx.AsyncClient) -> None:
    for seed in (1, 2, 3):
        await truncate_all(db.url)
        month = business_month()
        random.Random(seed).shuffle(month)
        await apply_all(db, month)
        assert_month(await november(api))


async def test_december_and_whole_range(db: Database, api: httpx.AsyncClient) -> None:
    await apply_all(db, business_month())
    headers = admin_headers()
    # 2026-12-01 00:30 Shanghai is a December payment, though it is still November in UTC.
    sales = (
        await api.get(
            "/api/reports/sales", params={"date_from": "2026-12-01", "date_to": "2026-12-31"}, headers=headers
        )
    ).json()
    assert [(r["period"], r["customer_id"], r["payment_amount"]) for r in sales["data_list"]] == [
        ("2026-12", 102, "10000.00")
    ]
    # No range: every payment counts against what is outstanding.
    whole = (await api.get("/api/reports/sales", params={"granularity": "all"}, headers=headers)).json()
    assert whole["totals"] == {
        "contract_count": 2,
        "contract_amount": "170000.00",
        "payment_count": 3,
        "payment_amount": "80000.00",
        "outstanding": "90000.00",
    }
    assert whole["data_list"][0]["period"] == "开始 ~ 至今"
    hospitals = (
        await api.get(
            "/api/reports/hospital-settlement",
            params={"granularity": "day", "date_from": "2026-11-01", "date_to": "2026-12-31"},
            headers=headers,
        )
    ).json()
    assert [(r["period"], r["hospital_id"], r["orders"]) for r in hospitals["data_list"]] == [
        ("2026-12-02", 1101, 1),
        ("2026-11-26", 1102, 1),
        ("2026-11-25", 1101, 1),
        ("2026-11-18", 1101, 1),
    ]
    # Balances are as of date_to: the flows before date_from still count there.
    late = (
        await api.get(
            "/api/reports/card-consumption",
            params={"date_from": "2026-11-20", "date_to": "2026-11-30"},
            headers=headers,
        )
    ).json()
    assert late["totals"]["face_value"] == "0.00"  # charged on the 8th, outside the range
    assert late["totals"]["balance_left"] == "81450.00"
    assert late["totals"]["consumed"] == "-100.00"  # only the refund of the 20th falls in the range


async def test_a_payment_settles_on_its_newest_revision_whatever_arrives_last(
    db: Database, api: httpx.AsyncClient
) -> None:
    month = business_month()
    payments = [e for e in month if e.event_type.startswith("crm.Payment") and e.payload["payment_id"] in (301, 302)]
    contract = next(e for e in month if e.event_type == "crm.ContractApproved")
    changed = next(e for e in payments if e.event_type == "crm.PaymentChanged")
    deleted = next(e for e in payments if e.event_type == "crm.PaymentDeleted")
    # The change of 301 (revision 2) and the deletion of 302 (revision 2) before their recordings (revision 1).
    late = [e for e in payments if e.event_type == "crm.PaymentRecorded"]
    await apply_all(db, [contract, changed, deleted, *late])
    body = (await api.get("/api/reports/sales", params=NOVEMBER, headers=admin_headers())).json()
    assert body["totals"]["payment_amount"] == "40000.00" and body["totals"]["payment_count"] == 1
    assert body["totals"]["outstanding"] == "80000.00"


async def test_the_batched_inbox_path_gives_the_same_figures(db: Database, api: httpx.AsyncClient) -> None:
    month = business_month()
    mixed = month + month[:10]
    random.Random(3).shuffle(mixed)
    assert await apply_batch(db, mixed[:15]) == len(set(e.event_id for e in mixed[:15]))
    await apply_batch(db, mixed[15:])
    assert await apply_batch(db, month) == 0  # all seen: nothing applied twice
    assert_month(await november(api))


async def test_an_overpaid_contract_shows_a_negative_outstanding_rather_than_failing(
    db: Database, api: httpx.AsyncClient
) -> None:
    # The CRM refuses payments above the contract amount, but a report must show what the events say (data
    # imported from before that rule, say) instead of answering 500.
    month = business_month()
    contract = next(e for e in month if e.event_type == "crm.ContractApproved")  # 201: 120,000.00
    payment = next(e for e in month if e.event_type == "crm.PaymentRecorded" and e.payload["contract_id"] == 201)
    overpaid = payment.model_copy(update={"payload": {**payment.payload, "amount": "125000.00"}})
    await apply_all(db, [contract, overpaid])
    response = await api.get("/api/reports/sales", params={**NOVEMBER, "granularity": "all"}, headers=admin_headers())
    assert response.status_code == 200, response.text
    assert response.json()["totals"]["outstanding"] == "-5000.00"


def test_handlers_match_the_subscriptions() -> None:
    handlers.check_subscriptions()
    assert set(handlers.event_types) == set(FOLDS)


async def test_ranges_mixing_month_and_day_rows(db: Database, api: httpx.AsyncClient) -> None:
    await apply_all(db, business_month())
    h = admin_headers()
    # 15 Oct - 5 Dec: November from its month rows, 1-5 December from day rows.
    wide = {"date_from": "2026-10-15", "date_to": "2026-12-05", "granularity": "all"}
    body = (await api.get("/api/reports/hospital-settlement", params=wide, headers=h)).json()
    assert [(r["hospital_id"], r["orders"], r["sale_amount"]) for r in body["data_list"]] == [
        (1101, 3, "1900.00"),
        (1102, 1, "1200.00"),
    ]
    # 17-30 November: day rows only; order 602 (22nd) and 603 (23rd), not 601 (16th).
    late = {"date_from": "2026-11-17", "date_to": "2026-11-30"}
    goods = (await api.get("/api/reports/goods", params=late, headers=h)).json()
    assert [(r["goods_id"], r["orders"], r["quantity"]) for r in goods["data_list"]] == [(701, 1, 2), (703, 1, 1)]
    # Per day and per month over the same range agree with the whole-range figures.
    for granularity in ("day", "month"):
        split = (
            await api.get("/api/reports/hospital-settlement", params={**wide, "granularity": granularity}, headers=h)
        ).json()
        assert split["totals"] == body["totals"]


def test_cover_reads_each_day_once() -> None:
    nov, dec = date(2026, 11, 1), date(2026, 12, 1)
    assert cover(None, None) == Cover(years=((None, None),))
    assert cover(nov, date(2026, 11, 30)) == Cover(months=((nov, nov),))
    assert cover(date(2026, 11, 5), date(2026, 11, 20)) == Cover(days=((date(2026, 11, 5), date(2026, 11, 20)),))
    assert cover(date(2026, 10, 15), date(2026, 12, 5)) == Cover(
        months=((nov, nov),), days=((date(2026, 10, 15), date(2026, 10, 31)), (dec, date(2026, 12, 5)))
    )
    assert cover(None, date(2026, 11, 20)) == Cover(
        years=((None, date(2025, 1, 1)),),
        months=((date(2026, 1, 1), date(2026, 10, 1)),),
        days=((nov, date(2026, 11, 20)),),
    )
    assert cover(date(2026, 11, 20), None) == Cover(
        years=((date(2027, 1, 1), None),), months=((dec, dec),), days=((date(2026, 11, 20), date(2026, 11, 30)),)
    )
    assert cover(date(2025, 3, 5), date(2027, 1, 31)) == Cover(
        years=((date(2026, 1, 1), date(2026, 1, 1)),),
        months=((date(2025, 4, 1), date(2025, 12, 1)), (date(2027, 1, 1), date(2027, 1, 1))),
        days=((date(2025, 3, 5), date(2025, 3, 31)),),
    )
    # A per-month report never reads year rows; a per-day report reads day rows only.
    assert cover(None, None, finest=Granularity.MONTH) == Cover(months=((None, None),))
    assert cover(date(2026, 1, 1), date(2026, 12, 31), finest=Granularity.MONTH) == Cover(
        months=((date(2026, 1, 1), dec),)
    )
    assert cover(date(2026, 2, 3), date(2026, 2, 27), finest=Granularity.DAY) == Cover(
        days=((date(2026, 2, 3), date(2026, 2, 27)),)
    )
