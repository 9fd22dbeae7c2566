"""/api/cards/making-batches: 制卡管理."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response, StreamingResponse

from cards.common import Keyword, ReviewIn
from cards.making import service
from cards.making.models import BatchStatus
from cards.making.schemas import (
    BatchDetail,
    BatchFilters,
    BatchOut,
    BatchPage,
    CardType,
    MakingBatchIn,
    PasswordResetIn,
    PasswordSetOut,
    PasswordSets,
)
from cards.settings import CardsSettings
from shared.app import db_session
from shared.idempotency import idempotency_key
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id, ShortText
from shared.xlsx import XLSX_MEDIA

router = APIRouter(prefix="/api/cards/making-batches", tags=["制卡管理"])


def _settings(request: Request) -> CardsSettings:
    return request.app.state.settings  # type: ignore[no-any-return]


async def batch_filters(
    keyword: Keyword | None = Query(None, description="制卡批次号"),
    city: ShortText | None = Query(None, max_length=32),
    card_type: CardType | None = None,
    status: BatchStatus | None = None,
    date_from: date | None = Query(None, description="申请日期起（含），上海日期 YYYY-MM-DD"),
    date_to: date | None = Query(None, description="申请日期止（含），上海日期 YYYY-MM-DD"),
) -> BatchFilters:
    return BatchFilters(keyword=keyword, city=city, card_type=card_type, status=status, date_from=date_from,
                        date_to=date_to)


@router.get("", summary="制卡批次列表", response_model=BatchPage, response_model_exclude_unset=True)
async def list_batches(
    params: PageParams = Depends(page_params),
    filters: BatchFilters = Depends(batch_filters),
    principal: Principal = Depends(Require("cards:making:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.list_batches(session, filters, params)


@router.post("", status_code=201, summary="申请制卡", response_model=BatchOut)
async def create(
    data: MakingBatchIn,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:making:create")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    return await service.request_batch(session, data, principal.actor, key)


@router.get("/{batch_id}", summary="制卡批次详情", response_model=BatchDetail)
async def detail(
    batch_id: Id,
    principal: Principal = Depends(Require("cards:making:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.batch_detail(session, batch_id)


@router.post("/{batch_id}/review", summary="审核制卡批次（通过即生成卡片）", response_model=BatchOut)
async def review(
    batch_id: Id,
    data: ReviewIn,
    request: Request,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:making:review")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    return await service.review(session, request.app.state.db, batch_id, data, principal.actor, key,
                                _settings(request).password_key)


@router.get("/{batch_id}/password-sets", summary="密码批次（制卡与重置）", response_model=PasswordSets)
async def password_sets(
    batch_id: Id,
    principal: Principal = Depends(Require("cards:making:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.password_sets(session, batch_id)


@router.get("/{batch_id}/export", summary="导出卡号与密码（供印卡，每个密码批次仅一次）", response_class=Response,
            responses={200: {"content": {XLSX_MEDIA: {}}, "description": "卡号与密码 .xlsx"}})
async def export_passwords(
    batch_id: Id,
    request: Request,
    password_set_id: Id | None = Query(None, description="不填则导出最早一个未导出的密码批次"),
    principal: Principal = Depends(Require("cards:making:export")),
    session: AsyncSession = Depends(db_session),
) -> Response:
    filename, content = await service.export_file(
        session, batch_id, password_set_id, _settings(request).password_key, principal.actor
    )
    return StreamingResponse(
        iter([content]),
        media_type=XLSX_MEDIA,
        headers={"content-disposition": f"attachment; filename={filename}", "cache-control": "no-store"},
    )


@router.post("/{batch_id}/reset-passwords", status_code=201, summary="重置一段卡号的密码（生成新的可导出密码批次）",
             response_model=PasswordSetOut)
async def reset(
    batch_id: Id,
    data: PasswordResetIn,
    request: Request,
    principal: Principal = Depends(Require("cards:making:reset_password")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.reset(session, batch_id, data, _settings(request).password_key, principal.actor)
