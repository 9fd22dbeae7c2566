"""领卡 and 激活 requests: the steps both take around what each does to the cards (the issue's stock check and
move to 已领卡, the activation's charge). Both are a request against an approved contract, over card ranges, that
waits for one review; the rules of that are written once, here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from starlette.responses import JSONResponse

from cards.activations.models import Activation
from cards.common import (
    REQUEST_STATUS_LABELS,
    RequestStatus,
    ReviewIn,
    actor_dict,
    ranges_from_json,
    ranges_label,
)
from cards.entitlements.models import Entitlement
from cards.entitlements.service import approved_contract
from cards.issues.models import CardIssue
from cards.numbers import SeqRange
from shared.idempotency import run_once
from shared.identity import DataScope
from shared.listing import PageParams, apply_sort, enum_options, list_response, options, paginate
from shared.problems import Problem, not_found

Request = TypeVar("Request", Activation, CardIssue)


def request_dict(request: Activation | CardIssue) -> dict[str, Any]:
    """The columns every request answers (cards.common.RequestOut); each kind adds its own."""
    return {
        "id": request.id,
        "contract_id": request.contract_id,
        "contract_name": request.contract_name,
        "customer_id": request.customer_id,
        "customer_name": request.customer_name,
        "owner": actor_dict(request.owner_id, request.owner_name),
        "ranges": request.ranges,
        "card_range": ranges_label(request.ranges),
        "quantity": request.quantity,
        "status": request.status,
        "status_label": REQUEST_STATUS_LABELS[RequestStatus(request.status)],
        "remark": request.remark,
        "created_by": actor_dict(request.created_by_id, request.created_by_name),
        "created_at": request.created_at,
        "updated_at": request.updated_at,
        "reviewer": actor_dict(request.reviewer_id, request.reviewer_name) if request.reviewed_at else None,
        "reviewed_at": request.reviewed_at,
        "review_reason": request.review_reason,
    }


async def requested_contract(session: AsyncSession, contract_id: int, scope: DataScope) -> Entitlement:
    """The approved contract a new request is for, locked (the row lock serialises requests against one
    contract); one outside the requester's data scope reads as missing."""
    entitlement = await approved_contract(session, contract_id, lock=True)
    if not scope.allows(entitlement.owner_id, entitlement.dept_id):
        raise Problem(404, "contract_not_found", "合同不存在")
    return entitlement


async def pending_requests(session: AsyncSession, model: type[Request]) -> list[Request]:
    """The requests of this kind awaiting review, locked, so that two new ones cannot both pass the checks."""
    return list(await session.scalars(
        select(model).where(model.status == RequestStatus.PENDING.value).with_for_update()
    ))


def refuse_overlap(ranges: Sequence[SeqRange], pending: Sequence[Request], name: Callable[[Request], str]) -> None:
    """A card may be in one pending request of a kind at a time: 409 naming the first request it is already in."""
    for other in pending:
        if any(mine.overlaps(theirs) for theirs in ranges_from_json(other.ranges) for mine in ranges):
            raise Problem(409, "ranges_overlap_pending", f"卡号范围与待审核的{name(other)} 重叠",
                          errors=[{"field": "ranges", "message": f"与{name(other)} 重叠"}])


async def get_request(session: AsyncSession, model: type[Request], request_id: int, scope: DataScope, what: str,
                      *, lock: bool = False) -> Request:
    stmt = select(model).where(model.id == request_id)
    if lock:
        stmt = stmt.with_for_update()
    request = await session.scalar(stmt)
    if request is None or not scope.allows(request.owner_id, request.owner_dept_id):
        raise not_found(what)
    return request


async def review_request(
    session: AsyncSession, request: Activation | CardIssue, what: str, approved: bool, reason: str,
    actor: dict[str, Any], approve: Callable[[datetime], Awaitable[None]],
) -> None:
    """One review of a pending request (locked by the caller): a rejection needs a reason; an approval runs
    `approve(now)`, which does the request's work or raises (the transaction then changes nothing)."""
    if request.status != RequestStatus.PENDING.value:
        raise Problem(409, "not_pending", f"该{what}已审核过")
    now = datetime.now(UTC)
    if not approved:
        if not reason.strip():
            raise Problem(422, "reason_required", "驳回时请填写原因", errors=[{"field": "reason", "message": "必填"}])
        request.status = RequestStatus.REJECTED.value
    else:
        await approve(now)
        request.status = RequestStatus.APPROVED.value
    request.reviewer_id, request.reviewer_name, request.reviewed_at = actor["id"], actor["name"], now
    request.review_reason = reason
    await session.flush()


async def list_requests(
    session: AsyncSession, model: type[Request], where: Sequence[ColumnElement[bool]], scope: DataScope,
    params: PageParams, sortable: dict[str, Any], row: Callable[[Request], dict[str, Any]],
    more_options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A page of the requests the scope sees; with_options adds the statuses, `more_options` and the customers
    of those requests."""
    visible = scope.clause(model.owner_id, model.owner_dept_id)
    stmt = apply_sort(select(model).where(visible, *where), params.sort, sortable, [model.id.desc()])
    rows, total = await paginate(session, stmt, params, row=row)
    extra: dict[str, Any] = {}
    if params.with_options:
        customers = (
            await session.execute(
                select(model.customer_id, model.customer_name).where(visible).distinct().order_by(model.customer_name)
            )
        ).all()
        extra = {
            "status_list": enum_options(REQUEST_STATUS_LABELS),
            **(more_options or {}),
            "customer_list": options((c.customer_id, c.customer_name) for c in customers),
        }
    return list_response(rows, total, params, extra)


# ---------------------------------------------------------------- what the routes call (each commits its change)

RequestRow = Callable[[Any], dict[str, Any]]


async def request_once(
    session: AsyncSession, kind: str, data: BaseModel, actor: dict[str, Any], scope: DataScope, key: str | None,
    create: Callable[[AsyncSession, Any, dict[str, Any], DataScope], Awaitable[Any]], row: RequestRow,
) -> JSONResponse:
    """A new request of `kind` ("issue", "activation"), once per Idempotency-Key and requester."""

    async def act() -> dict[str, Any]:
        return row(await create(session, data, actor, scope))

    return await run_once(session, f"{kind}:create:{actor['id']}", key, data.model_dump(), act, status_code=201)


async def review_once(
    session: AsyncSession, kind: str, request_id: int, data: ReviewIn, actor: dict[str, Any], scope: DataScope,
    key: str | None, review: Callable[..., Awaitable[Any]], row: RequestRow,
) -> JSONResponse:
    """The review of a request of `kind`, once per Idempotency-Key and request; `review` is the kind's
    (session, request_id, approved, reason, actor, scope)."""

    async def act() -> dict[str, Any]:
        return row(await review(session, request_id, data.approved, data.reason, actor, scope))

    return await run_once(session, f"{kind}:review:{request_id}", key, data.model_dump(), act, status_code=200)
