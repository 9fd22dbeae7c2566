"""/api/cards/making-batches: 制卡管理."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response, StreamingResponse

from cards.common import ReviewIn, replay
from cards.making.models import MakingBatch, PasswordSet
from cards.making.schemas import CARD_TYPES, MakingBatchIn, PasswordResetIn
from cards.making.service import (
    BATCH_STATUS_LABELS,
    EXPORT_COLUMNS,
    BatchStatus,
    batch_dict,
    create_batch,
    generate,
    password_set_dict,
    reset_passwords,
    review_batch,
    take_export,
)
from cards.numbers import SeqRange, require_card_no
from cards.settings import CardsSettings
from shared.app import db_session
from shared.idempotency import claim, idempotency_key, record, run_once
from shared.identity import Principal, Require
from shared.listing import (
    PageParams,
    apply_sort,
    check_range,
    enum_options,
    keyword_clause,
    list_response,
    options,
    page_params,
    paginate,
)
from shared.problems import Problem
from shared.xlsx import XLSX_MEDIA, workbook_bytes

router = APIRouter(prefix="/api/cards/making-batches", tags=["制卡管理"])

SORTABLE = {"id": MakingBatch.id, "created_at": MakingBatch.created_at, "quantity": MakingBatch.quantity,
            "reviewed_at": MakingBatch.reviewed_at, "completed_at": MakingBatch.completed_at}


def _settings(request: Request) -> CardsSettings:
    return request.app.state.settings  # type: ignore[no-any-return]


@router.get("", summary="制卡批次列表")
async def list_batches(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=64, description="制卡批次号"),
    city: str | None = Query(None, max_length=32),
    card_type: str | None = Query(None, max_length=16),
    status: BatchStatus | None = None,
    created_at_from: datetime | None = None,
    created_at_to: datetime | None = None,
    principal: Principal = Depends(Require("cards:making:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    check_range("created_at", created_at_from, created_at_to)
    stmt = select(MakingBatch)
    clause = keyword_clause(keyword, MakingBatch.batch_no)
    if clause is not None:
        stmt = stmt.where(clause)
    if city:
        stmt = stmt.where(MakingBatch.city == city)
    if card_type:
        stmt = stmt.where(MakingBatch.card_type == card_type)
    if status:
        stmt = stmt.where(MakingBatch.status == status.value)
    if created_at_from:
        stmt = stmt.where(MakingBatch.created_at >= created_at_from)
    if created_at_to:
        stmt = stmt.where(MakingBatch.created_at <= created_at_to)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [MakingBatch.id.desc()])
    rows, total = await paginate(session, stmt, params, row=batch_dict)

    async def cities() -> list[dict[str, str]]:
        names = await session.scalars(select(MakingBatch.city).distinct().order_by(MakingBatch.city))
        return options((n, n) for n in names)

    extra: dict[str, Any] = {}
    if params.with_options:
        extra = {
            "status_list": enum_options(BATCH_STATUS_LABELS),
            "card_type_list": options((t, t) for t in CARD_TYPES),
            "city_list": await cities(),
        }
    return list_response(rows, total, params, extra)


@router.post("", status_code=201, summary="申请制卡")
async def create(
    data: MakingBatchIn,
    request: Request,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:making:create")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    async def act() -> dict[str, Any]:
        return batch_dict(await create_batch(session, data, principal.actor))

    return await run_once(session, f"making:create:{principal.id}", key, data.model_dump(), act, status_code=201)


@router.get("/{batch_id}", summary="制卡批次详情")
async def detail(
    batch_id: int,
    principal: Principal = Depends(Require("cards:making:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    batch = await session.get(MakingBatch, batch_id)
    if batch is None:
        raise Problem(404, "not_found", "制卡批次不存在")
    sets = await session.scalars(
        select(PasswordSet).where(PasswordSet.making_batch_id == batch_id).order_by(PasswordSet.id)
    )
    return {**batch_dict(batch), "password_sets": [password_set_dict(s) for s in sets]}


@router.post("/{batch_id}/review", summary="审核制卡批次（通过即生成卡片）")
async def review(
    batch_id: int,
    data: ReviewIn,
    request: Request,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:making:review")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    scope = f"making:review:{batch_id}"
    stored = await claim(session, scope, key, data.model_dump())
    if stored is not None:
        # The answer of the first call: the decision (and, for an approval, the reserved range).
        return replay(stored)
    batch, needs_generation = await review_batch(session, batch_id, data.approved, data.reason, principal.actor)
    await record(session, scope, key, 200, batch_dict(batch))
    await session.commit()
    if needs_generation:
        # The range is reserved and committed (制作中); the cards follow in one COPY. Should this process die
        # in between, the worker's make-cards job finishes the batch.
        done = await generate(request.app.state.db, batch.id, _settings(request).password_key)
        if done is not None:
            batch = done
        else:
            refreshed = await session.get(MakingBatch, batch_id, populate_existing=True)
            batch = refreshed or batch
    return batch_dict(batch)


@router.get("/{batch_id}/password-sets", summary="密码批次（制卡与重置）")
async def password_sets(
    batch_id: int,
    principal: Principal = Depends(Require("cards:making:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    if await session.get(MakingBatch, batch_id) is None:
        raise Problem(404, "not_found", "制卡批次不存在")
    sets = await session.scalars(
        select(PasswordSet).where(PasswordSet.making_batch_id == batch_id).order_by(PasswordSet.id)
    )
    return {"data_list": [password_set_dict(s) for s in sets]}


@router.get("/{batch_id}/export", summary="导出卡号与密码（供印卡，每个密码批次仅一次）")
async def export_passwords(
    batch_id: int,
    request: Request,
    password_set_id: int | None = Query(None, description="不填则导出最早一个未导出的密码批次"),
    principal: Principal = Depends(Require("cards:making:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    batch, password_set, rows = await take_export(
        session, batch_id, password_set_id, _settings(request).password_key, principal.actor
    )
    # The file is built before the commit: if building fails, the seed is kept and the export can be retried.
    content = workbook_bytes(EXPORT_COLUMNS, rows, title=batch.batch_no)
    await session.commit()
    filename = f"{batch.batch_no}-{password_set.id}.xlsx"
    return StreamingResponse(
        iter([content]),
        media_type=XLSX_MEDIA,
        headers={"content-disposition": f"attachment; filename={filename}", "cache-control": "no-store"},
    )


@router.post("/{batch_id}/reset-passwords", status_code=201, summary="重置一段卡号的密码（生成新的可导出密码批次）")
async def reset(
    batch_id: int,
    data: PasswordResetIn,
    request: Request,
    principal: Principal = Depends(Require("cards:making:reset_password")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    start = require_card_no(data.card_no_from, "card_no_from")
    end = require_card_no(data.card_no_to, "card_no_to")
    check_range("card_no", start, end)
    password_set = await reset_passwords(
        session, batch_id, SeqRange(start, end), data.reason, _settings(request).password_key, principal.actor
    )
    body = password_set_dict(password_set)
    await session.commit()
    return body
