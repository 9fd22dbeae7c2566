"""领卡: request (checked against the contract and the stock), review, and the move to 已领卡."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from cards.cards.models import Card
from cards.cards.state import CardAction, CardStatus, UseStatus, sources, use_sources
from cards.cardsel import in_ranges
from cards.common import (
    RequestFilters,
    RequestStatus,
    ReviewIn,
    parse_ranges,
    ranges_from_json,
    ranges_json,
    request_clauses,
)
from cards.entitlements.service import approved_contract
from cards.issues.models import CardIssue
from cards.issues.schemas import IssueIn
from cards.making.schemas import CARD_TYPES
from cards.numbers import SeqRange, card_no, require_card_no, runs
from cards.requests import (
    get_request,
    list_requests,
    pending_requests,
    refuse_overlap,
    request_dict,
    request_once,
    requested_contract,
    review_once,
    review_request,
)
from shared.bus import emit
from shared.events.cards import CardsIssued
from shared.events.common import Actor, CardRange
from shared.identity import DataScope
from shared.listing import PageParams, options
from shared.problems import Problem


def issue_dict(issue: CardIssue) -> dict[str, Any]:
    return {**request_dict(issue), "card_type": issue.card_type, "recycled_card_nos": issue.recycled_card_nos}


def _recycled(values: list[str], ranges: list[SeqRange]) -> list[int]:
    seqs: list[int] = []
    for index, value in enumerate(values):
        seq = require_card_no(value, f"recycled_card_nos.{index}")
        if not any(r.contains(seq) for r in ranges):
            raise Problem(422, "recycled_outside_ranges", f"回收卡 {value} 不在所填卡片范围内",
                          errors=[{"field": f"recycled_card_nos.{index}", "message": "不在卡片范围内"}])
        seqs.append(seq)
    if len(set(seqs)) != len(seqs):
        raise Problem(422, "recycled_duplicate", "回收卡列表有重复卡号",
                      errors=[{"field": "recycled_card_nos", "message": "有重复卡号"}])
    return sorted(seqs)


async def _check_stock(session: AsyncSession, ranges: list[SeqRange], recycled: list[int], card_type: str,
                       quantity: int) -> None:
    """Every card to issue exists, is 库存中/未充值 and of the requested type; otherwise a 409 that says why."""
    selected = in_ranges(ranges, recycled)
    counts = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(
                    Card.status.in_(sources(CardAction.ISSUE)), Card.use_status.in_(use_sources(CardAction.ISSUE))
                ),
                func.count().filter(Card.card_type == card_type),
            ).where(selected)
        )
    ).one()
    existing, in_stock, of_type = int(counts[0]), int(counts[1]), int(counts[2])
    if existing != quantity:
        raise Problem(409, "cards_not_found", f"卡片范围内有 {quantity - existing} 个卡号尚未制作",
                      errors=[{"field": "ranges", "message": "包含不存在的卡号"}])
    if in_stock != quantity:
        raise Problem(409, "cards_not_in_stock", f"卡片范围内有 {quantity - in_stock} 张卡不在库存中",
                      errors=[{"field": "ranges", "message": "包含非库存中的卡片"}])
    if of_type != quantity:
        raise Problem(409, "card_type_mismatch", f"卡片范围内有 {quantity - of_type} 张卡不是{card_type}",
                      errors=[{"field": "card_type", "message": "卡片类型不一致"}])


async def create_issue(session: AsyncSession, data: IssueIn, actor: dict[str, Any], scope: DataScope) -> CardIssue:
    ranges = parse_ranges(data.ranges)
    recycled = _recycled(data.recycled_card_nos, ranges)
    quantity = sum(r.count for r in ranges) - len(recycled)
    if quantity <= 0:
        raise Problem(422, "nothing_to_issue", "回收后没有可领的卡",
                      errors=[{"field": "ranges", "message": "没有可领的卡"}])
    # The contract row lock serialises requests against one contract, so two cannot both fit the total.
    entitlement = await requested_contract(session, data.contract_id, scope)
    pending = await pending_requests(session, CardIssue)
    pending_for_contract = sum(p.quantity for p in pending if p.contract_id == entitlement.contract_id)
    if entitlement.issued_cards + pending_for_contract + quantity > entitlement.total_cards:
        left = entitlement.total_cards - entitlement.issued_cards - pending_for_contract
        raise Problem(409, "contract_total_exceeded",
                      f"超出合同总卡数：合同共 {entitlement.total_cards} 张，已领 {entitlement.issued_cards} 张，"
                      f"待审核 {pending_for_contract} 张，最多还能申请 {max(left, 0)} 张",
                      errors=[{"field": "ranges", "message": "超出合同总卡数"}])
    refuse_overlap(ranges, pending, lambda other: f"领卡申请 #{other.id}")
    await _check_stock(session, ranges, recycled, data.card_type, quantity)
    issue = CardIssue(
        contract_id=entitlement.contract_id,
        contract_name=entitlement.contract_name,
        customer_id=entitlement.customer_id,
        customer_name=entitlement.customer_name,
        owner_id=entitlement.owner_id,
        owner_name=entitlement.owner_name,
        owner_dept_id=entitlement.dept_id,
        card_type=data.card_type,
        ranges=ranges_json(ranges),
        recycled_card_nos=[card_no(s) for s in recycled],
        quantity=quantity,
        status=RequestStatus.PENDING.value,
        remark=data.remark,
        created_by_id=actor["id"],
        created_by_name=actor["name"],
    )
    session.add(issue)
    await session.flush()
    return issue


async def get_issue(session: AsyncSession, issue_id: int, scope: DataScope, *, lock: bool = False) -> CardIssue:
    return await get_request(session, CardIssue, issue_id, scope, "领卡申请", lock=lock)


async def issue_detail(session: AsyncSession, issue_id: int, scope: DataScope) -> dict[str, Any]:
    return issue_dict(await get_issue(session, issue_id, scope))


async def review_issue(
    session: AsyncSession, issue_id: int, approved: bool, reason: str, actor: dict[str, Any], scope: DataScope
) -> CardIssue:
    issue = await get_issue(session, issue_id, scope, lock=True)

    async def approve(now: datetime) -> None:
        entitlement = await approved_contract(session, issue.contract_id, lock=True)
        if entitlement.issued_cards + issue.quantity > entitlement.total_cards:
            raise Problem(409, "contract_total_exceeded", "超出合同总卡数，不能通过")
        ranges = ranges_from_json(issue.ranges)
        recycled = [int(n[:-1]) for n in issue.recycled_card_nos]
        moved = list(
            await session.scalars(
                update(Card)
                .where(
                    in_ranges(ranges, recycled),
                    Card.status.in_(sources(CardAction.ISSUE)),
                    Card.use_status.in_(use_sources(CardAction.ISSUE)),
                    Card.card_type == issue.card_type,
                )
                .values(
                    status=CardStatus.ISSUED.value,
                    use_status=UseStatus.UNCHARGED.value,
                    issue_id=issue.id,
                    issued_at=now,
                    customer_id=issue.customer_id,
                    customer_name=issue.customer_name,
                    contract_id=issue.contract_id,
                    contract_name=issue.contract_name,
                    owner_id=issue.owner_id,
                    owner_name=issue.owner_name,
                    owner_dept_id=issue.owner_dept_id,
                    card_kind=entitlement.card_type or entitlement.contract_type,
                    updated_at=now,
                )
                .returning(Card.id)
                .execution_options(synchronize_session=False)
            )
        )
        if len(moved) != issue.quantity:
            # Something left the stock since the request (voided, issued elsewhere): nothing is changed.
            raise Problem(409, "cards_not_in_stock",
                          f"申请的 {issue.quantity} 张卡中只有 {len(moved)} 张仍在库存中，不能通过")
        entitlement.issued_cards += issue.quantity
        await emit(
            session,
            "cards",
            CardsIssued(
                issue_id=issue.id,
                contract_id=issue.contract_id,
                contract_name=issue.contract_name,
                customer_id=issue.customer_id,
                customer_name=issue.customer_name,
                owner_id=issue.owner_id,
                owner_name=issue.owner_name,
                card_type=issue.card_type,
                quantity=issue.quantity,
                ranges=[CardRange(**r.as_dict()) for r in runs(sorted(moved))],  # type: ignore[arg-type]
                recycled_card_nos=issue.recycled_card_nos,
                approved_by=Actor.of(actor),
                issued_at=now,
            ),
        )

    await review_request(session, issue, "领卡申请", approved, reason, actor, approve)
    return issue


# ---------------------------------------------------------------- what the routes call (each commits its change)

SORTABLE = {"id": CardIssue.id, "created_at": CardIssue.created_at, "quantity": CardIssue.quantity,
            "reviewed_at": CardIssue.reviewed_at}


async def list_issues(
    session: AsyncSession, filters: RequestFilters, card_type: str | None, scope: DataScope, params: PageParams
) -> dict[str, Any]:
    where = request_clauses(CardIssue, filters, CardIssue.customer_name, CardIssue.contract_name)
    if card_type:
        where.append(CardIssue.card_type == card_type)
    return await list_requests(session, CardIssue, where, scope, params, SORTABLE, issue_dict,
                               {"card_type_list": options((t, t) for t in CARD_TYPES)})


async def request_issue(
    session: AsyncSession, data: IssueIn, actor: dict[str, Any], scope: DataScope, key: str | None
) -> JSONResponse:
    """申请领卡, once per Idempotency-Key."""
    return await request_once(session, "issue", data, actor, scope, key, create_issue, issue_dict)


async def review(
    session: AsyncSession, issue_id: int, data: ReviewIn, actor: dict[str, Any], scope: DataScope, key: str | None
) -> JSONResponse:
    """审核领卡申请 (approval issues the cards), once per Idempotency-Key."""
    return await review_once(session, "issue", issue_id, data, actor, scope, key, review_issue, issue_dict)
