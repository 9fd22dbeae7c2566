"""Service tickets (工单): the state machine table, the overdue list under an injected clock, the data scope, the
member's own tickets and rating once, and bad input that writes nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from crmkit import admin_headers, make_customer, sales_headers, scalar

from crm.main import create_app
from crm.settings import CrmSettings
from crm.tickets.router import clock
from shared.db import Database
from shared.identity import Scope
from shared.testing import bearer, client_for, member, staff

TICKET_PERMS = ("crm:ticket:list", "crm:ticket:create", "crm:ticket:update")
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
STATUSES = ("pending", "processing", "resolved", "closed")
ACTIONS = ("start", "resolve", "close", "reopen")
# The expected state machine, written out independently of the code's table: (from, action) -> to.
ALLOWED = {
    ("pending", "start"): "processing",
    ("processing", "resolve"): "resolved",
    ("resolved", "close"): "closed",
    ("resolved", "reopen"): "processing",
    ("closed", "reopen"): "processing",
}
# How to bring a new ticket to each status.
PATHS = {
    "pending": [],
    "processing": ["start"],
    "resolved": ["start", "resolve"],
    "closed": ["start", "resolve", "close"],
}


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def clocked(
    db: Database, settings: CrmSettings, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, Clock]]:
    app = create_app(settings.model_copy(update={"attachment_dir": tmp_path / "attachments", "db_pool_size": 5}))
    fake = Clock(T0)
    app.dependency_overrides[clock] = fake
    async with client_for(app) as c:
        yield c, fake


def staff_of(user_id: int) -> dict[str, str]:
    return sales_headers(user_id, *TICKET_PERMS)


def member_headers(member_id: int) -> dict[str, str]:
    return bearer(member(member_id, name=f"会员{member_id}", phone=f"1380000000{member_id}"), "crm")


async def open_ticket(
    client: httpx.AsyncClient, customer_id: int, headers: dict[str, str] | None = None, **fields: Any
) -> dict[str, Any]:
    body = {"customer_id": customer_id, "category": "投诉", "title": "体检报告迟迟未出", **fields}
    resp = await client.post("/api/crm/tickets", json=body, headers=headers or admin_headers())
    assert resp.status_code == 201, resp.text
    return resp.json()


async def move(client: httpx.AsyncClient, ticket_id: int, action: str, headers: dict[str, str] | None = None) -> Any:
    return await client.post(
        f"/api/crm/tickets/{ticket_id}/transitions",
        json={"action": action, "note": action},
        headers=headers or admin_headers(),
    )


async def test_state_machine_every_move(clocked: tuple[httpx.AsyncClient, Clock]) -> None:
    client, _ = clocked
    customer = await make_customer(client, "南昌市第一中学")
    for status in STATUSES:
        for action in ACTIONS:
            ticket = await open_ticket(client, customer["id"], title=f"{status}-{action}")
            for step in PATHS[status]:
                assert (await move(client, ticket["id"], step)).status_code == 200
            resp = await move(client, ticket["id"], action)
            after = (await client.get(f"/api/crm/tickets/{ticket['id']}", headers=admin_headers())).json()
            expected = ALLOWED.get((status, action))
            if expected is None:
                assert resp.status_code == 409, (status, action, resp.text)
                assert resp.json()["code"] == "invalid_transition"
                assert after["status"] == status
                assert len(after["moves"]) == 1 + len(PATHS[status])
            else:
                assert resp.status_code == 200, (status, action, resp.text)
                assert after["status"] == expected
                last = after["moves"][-1]
                assert (last["action"], last["from_status"], last["to_status"]) == (action, status, expected)
                assert last["actor"] == {"id": 1, "name": "系统管理员"} and last["actor_kind"] == "staff"
                assert len(after["moves"]) == 2 + len(PATHS[status])
            assert after["moves"][0]["action"] == "open" and after["moves"][0]["to_status"] == "pending"
            if after["status"] == "processing" and status != "pending":  # reopened
                assert after["resolved_at"] is None and after["closed_at"] is None


async def test_overdue_list_follows_the_injected_clock(clocked: tuple[httpx.AsyncClient, Clock]) -> None:
    client, fake = clocked
    customer = await make_customer(client, "江西银行")
    urgent = await open_ticket(client, customer["id"], priority="urgent", title="紧急")
    normal = await open_ticket(client, customer["id"], priority="normal", title="普通")
    done = await open_ticket(client, customer["id"], priority="urgent", title="已解决")
    assert datetime.fromisoformat(urgent["due_at"]) == T0 + timedelta(hours=4)
    assert datetime.fromisoformat(normal["due_at"]) == T0 + timedelta(hours=72)
    for step in ("start", "resolve"):
        assert (await move(client, done["id"], step)).status_code == 200

    async def overdue_titles(flag: str = "true") -> list[str]:
        resp = await client.get(f"/api/crm/tickets?overdue={flag}&sort=id", headers=admin_headers())
        assert resp.status_code == 200, resp.text
        return [r["title"] for r in resp.json()["data_list"]]

    assert await overdue_titles() == []
    fake.now = T0 + timedelta(hours=5)
    assert await overdue_titles() == ["紧急"]
    assert await overdue_titles("false") == ["普通", "已解决"]
    row = (await client.get(f"/api/crm/tickets/{urgent['id']}", headers=admin_headers())).json()
    assert row["overdue"] is True
    fake.now = T0 + timedelta(hours=73)
    assert await overdue_titles() == ["紧急", "普通"]
    # Resolving takes a ticket off the list; raising a priority moves its due time (counted from opening).
    assert (await move(client, urgent["id"], "start")).status_code == 200
    assert (await move(client, urgent["id"], "resolve")).status_code == 200
    assert await overdue_titles() == ["普通"]
    fake.now = T0 + timedelta(hours=2)
    assert await overdue_titles() == []
    triage = await client.put(
        f"/api/crm/tickets/{normal['id']}", json={"category": "咨询", "priority": "urgent"}, headers=admin_headers()
    )
    assert triage.status_code == 200, triage.text
    assert datetime.fromisoformat(triage.json()["due_at"]) == T0 + timedelta(hours=4)
    fake.now = T0 + timedelta(hours=4, minutes=1)
    assert await overdue_titles() == ["普通"]


async def test_scope_salesperson_sees_only_his_customers_tickets(
    clocked: tuple[httpx.AsyncClient, Clock], db: Database
) -> None:
    client, _ = clocked
    mine = await make_customer(client, "万彬的客户", headers=sales_headers(2))
    theirs = await make_customer(client, "陈隆的客户", headers=sales_headers(5))
    my_ticket = await open_ticket(client, mine["id"], headers=staff_of(2), title="我的")
    their_ticket = await open_ticket(client, theirs["id"], headers=staff_of(5), title="他的")
    me = staff_of(2)

    listed = (await client.get("/api/crm/tickets", headers=me)).json()
    assert [r["id"] for r in listed["data_list"]] == [my_ticket["id"]]
    assert listed["data_list"][0]["owner_id"] == 2
    assert (await client.get(f"/api/crm/tickets/{their_ticket['id']}", headers=me)).status_code == 404
    assert (await move(client, their_ticket["id"], "start", headers=me)).status_code == 404
    reply = await client.post(f"/api/crm/tickets/{their_ticket['id']}/replies", json={"content": "你好"}, headers=me)
    assert reply.status_code == 404
    refused = await client.post(
        "/api/crm/tickets", json={"customer_id": theirs["id"], "category": "咨询", "title": "越权"}, headers=me
    )
    assert refused.status_code == 404
    assert await scalar(db, "SELECT count(*) FROM crm_tickets") == 2
    # An all-data manager sees both; assigning their ticket to me lets me handle it.
    assert (await client.get("/api/crm/tickets", headers=admin_headers())).json()["total"] == 2
    assign = await client.put(
        f"/api/crm/tickets/{their_ticket['id']}",
        json={"category": "投诉", "priority": "high", "assignee_id": 2},
        headers=admin_headers(),
    )
    assert assign.status_code == 200 and assign.json()["assignee"] == {"id": 2, "name": "万彬"}
    assert (await move(client, their_ticket["id"], "start", headers=me)).status_code == 200
    without_perm = await client.get("/api/crm/tickets", headers=sales_headers(2))
    assert without_perm.status_code == 403


async def test_member_sees_only_his_tickets_and_rates_once(clocked: tuple[httpx.AsyncClient, Clock]) -> None:
    client, _ = clocked
    one, two = member_headers(1), member_headers(2)
    opened = await client.post(
        "/app/crm/tickets",
        json={"category": "卡片问题", "title": "卡片无法绑定", "card_no": "TJ2026000001"},
        headers=one,
    )
    assert opened.status_code == 201, opened.text
    mine = opened.json()
    assert mine["status"] == "pending" and "assignee" not in mine
    other = (await client.post("/app/crm/tickets", json={"category": "咨询", "title": "别人的"}, headers=two)).json()

    listed = (await client.get("/app/crm/tickets", headers=one)).json()
    assert [r["id"] for r in listed["data_list"]] == [mine["id"]] and listed["total"] == 1
    assert (await client.get(f"/app/crm/tickets/{other['id']}", headers=one)).status_code == 404
    assert (
        await client.post(f"/app/crm/tickets/{other['id']}/replies", json={"content": "x"}, headers=one)
    ).status_code == 404
    assert (
        await client.post(f"/app/crm/tickets/{other['id']}/rating", json={"score": 5}, headers=one)
    ).status_code == 404
    # Staff routes refuse a member, member routes refuse staff.
    assert (await client.get("/api/crm/tickets", headers=one)).status_code == 403
    assert (await client.get("/app/crm/tickets", headers=admin_headers())).status_code == 403

    # The thread: the member asks, staff (all-data: tickets without a customer) answer.
    assert (
        await client.post(f"/app/crm/tickets/{mine['id']}/replies", json={"content": "请尽快"}, headers=one)
    ).status_code == 201
    staff_reply = await client.post(
        f"/api/crm/tickets/{mine['id']}/replies", json={"content": "已处理"}, headers=admin_headers()
    )
    assert staff_reply.status_code == 201, staff_reply.text
    thread = (await client.get(f"/app/crm/tickets/{mine['id']}", headers=one)).json()["replies"]
    assert [(r["author_kind"], r["content"]) for r in thread] == [("member", "请尽快"), ("staff", "已处理")]
    # A salesperson (仅本人) does not see a member's ticket that is not assigned to him.
    assert (await client.get(f"/api/crm/tickets/{mine['id']}", headers=staff_of(2))).status_code == 404

    early = await client.post(f"/app/crm/tickets/{mine['id']}/rating", json={"score": 5}, headers=one)
    assert early.status_code == 409 and early.json()["code"] == "not_resolved"
    for step in ("start", "resolve"):
        assert (await move(client, mine["id"], step)).status_code == 200
    for bad in ({"score": 6}, {"score": 0}, {"score": "5"}, {"score": True}, {}):
        resp = await client.post(f"/app/crm/tickets/{mine['id']}/rating", json=bad, headers=one)
        assert resp.status_code == 422, (bad, resp.text)
    rated = await client.post(
        f"/app/crm/tickets/{mine['id']}/rating", json={"score": 4, "comment": "满意"}, headers=one
    )
    assert rated.status_code == 200, rated.text
    assert rated.json()["rating"] == 4
    again = await client.post(f"/app/crm/tickets/{mine['id']}/rating", json={"score": 1}, headers=one)
    assert again.status_code == 409 and again.json()["code"] == "already_rated"
    staff_view = (await client.get(f"/api/crm/tickets/{mine['id']}", headers=admin_headers())).json()
    assert (staff_view["rating"], staff_view["rating_comment"]) == (4, "满意")
    assert staff_view["moves"][0]["actor_kind"] == "member" and staff_view["moves"][0]["actor"]["id"] == 1


async def test_bad_input_is_422_and_writes_nothing(clocked: tuple[httpx.AsyncClient, Clock], db: Database) -> None:
    client, _ = clocked
    customer = await make_customer(client, "南昌大学")
    good = {"customer_id": customer["id"], "category": "投诉", "title": "标题"}
    for bad in (
        {**good, "category": "吐槽"},
        {**good, "priority": "asap"},
        {**good, "title": ""},
        {**good, "title": "a\x00b"},
        {**good, "customer_id": 0},
        {**good, "customer_id": 2**63},
        {**good, "customer_id": True},
        {**good, "card_no": "卡号 1"},
        {**good, "extra": 1},
        {key: value for key, value in good.items() if key != "title"},
    ):
        resp = await client.post("/api/crm/tickets", json=bad, headers=admin_headers())
        assert resp.status_code == 422, (bad, resp.text)
    unknown_assignee = await client.post("/api/crm/tickets", json={**good, "assignee_id": 999}, headers=admin_headers())
    assert unknown_assignee.status_code == 422
    missing = await client.post("/api/crm/tickets", json={**good, "customer_id": 999}, headers=admin_headers())
    assert missing.status_code == 404
    for bad in ({"category": "咨询"}, {"category": "咨询", "title": "\x07"}, {"category": "咨询", "title": "x" * 129}):
        resp = await client.post("/app/crm/tickets", json=bad, headers=member_headers(1))
        assert resp.status_code == 422, (bad, resp.text)
    assert await scalar(db, "SELECT count(*) FROM crm_tickets") == 0
    assert await scalar(db, "SELECT count(*) FROM crm_ticket_moves") == 0

    ticket = await open_ticket(client, customer["id"])
    for bad in ({"action": "finish"}, {"action": "start", "note": "\x00"}, {}):
        resp = await client.post(f"/api/crm/tickets/{ticket['id']}/transitions", json=bad, headers=admin_headers())
        assert resp.status_code == 422, (bad, resp.text)
    for query in (
        "status=done",
        "priority=x",
        "overdue=2",
        "customer_id=0",
        "date_from=2026-02-01&date_to=2026-01-01",
        "sort=nope",
    ):
        resp = await client.get(f"/api/crm/tickets?{query}", headers=admin_headers())
        assert resp.status_code == 422, (query, resp.text)
    empty_reply = await client.post(
        f"/api/crm/tickets/{ticket['id']}/replies", json={"content": ""}, headers=admin_headers()
    )
    assert empty_reply.status_code == 422
    assert (await client.get("/api/crm/tickets/0", headers=admin_headers())).status_code == 422
    after = (await client.get(f"/api/crm/tickets/{ticket['id']}", headers=admin_headers())).json()
    assert after["status"] == "pending" and len(after["moves"]) == 1 and after["replies"] == []


async def test_list_shape_and_filters(clocked: tuple[httpx.AsyncClient, Clock]) -> None:
    client, _ = clocked
    customer = await make_customer(client, "江西省人民医院")
    await open_ticket(client, customer["id"], category="咨询", priority="low", card_no="TJ0001", title="改约")
    await open_ticket(client, customer["id"], assignee_id=3, title="投诉前台")
    page = (await client.get("/api/crm/tickets", headers=admin_headers())).json()
    assert {
        "data_list",
        "page",
        "page_size",
        "total",
        "status_list",
        "priority_list",
        "category_list",
        "admin_list",
    } <= page.keys()
    assert page["total"] == 2
    bare = (await client.get("/api/crm/tickets?with_options=0", headers=admin_headers())).json()
    assert "status_list" not in bare
    for query, titles in (
        ("keyword=TJ0001", ["改约"]),
        ("keyword=人民医院", ["投诉前台", "改约"]),
        ("category=咨询", ["改约"]),
        ("priority=low", ["改约"]),
        ("assignee_id=3", ["投诉前台"]),
        ("status=pending", ["投诉前台", "改约"]),
        (f"customer_id={customer['id']}&owner_id=1", ["投诉前台", "改约"]),
    ):
        resp = await client.get(f"/api/crm/tickets?{query}", headers=admin_headers())
        assert resp.status_code == 200, resp.text
        assert [r["title"] for r in resp.json()["data_list"]] == titles, query


async def test_concurrent_moves_and_ratings_count_once(clocked: tuple[httpx.AsyncClient, Clock], db: Database) -> None:
    client, _ = clocked
    one = member_headers(1)
    ticket = (await client.post("/app/crm/tickets", json={"category": "投诉", "title": "并发"}, headers=one)).json()
    starts = await asyncio.gather(*(move(client, ticket["id"], "start") for _ in range(5)))
    assert sorted(r.status_code for r in starts) == [200, 409, 409, 409, 409]
    assert (await move(client, ticket["id"], "resolve")).status_code == 200
    ratings = await asyncio.gather(
        *(
            client.post(f"/app/crm/tickets/{ticket['id']}/rating", json={"score": score}, headers=one)
            for score in (1, 2, 3, 4, 5)
        )
    )
    assert sorted(r.status_code for r in ratings) == [200, 409, 409, 409, 409]
    winner = next(r.json()["rating"] for r in ratings if r.status_code == 200)
    assert await scalar(db, "SELECT rating FROM crm_tickets") == winner
    assert await scalar(db, "SELECT count(*) FROM crm_ticket_moves WHERE action = 'start'") == 1


async def test_a_pool_customers_ticket_is_seen_by_pool_readers(clocked: tuple[httpx.AsyncClient, Clock]) -> None:
    client, _ = clocked
    customer = await make_customer(client, "公海里的客户", headers=sales_headers(2))
    released = await client.post(
        f"/api/crm/customers/{customer['id']}/release", json={"reason": "失去联系"}, headers=sales_headers(2)
    )
    assert released.status_code == 200, released.text
    pool_reader = staff_of(3)  # SALES_PERMS include crm:pool:list
    ticket = await open_ticket(client, customer["id"], headers=pool_reader, title="公海客户的投诉")
    assert (await client.get(f"/api/crm/tickets/{ticket['id']}", headers=pool_reader)).status_code == 200
    no_pool = bearer(staff(*TICKET_PERMS, user_id=3, name="熊凭凭", dept_id=3, scope=Scope.SELF), "crm")
    assert (await client.get(f"/api/crm/tickets/{ticket['id']}", headers=no_pool)).status_code == 404
