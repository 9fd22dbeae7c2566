"""/api/cards/activations: 激活管理."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from cards.activations import service
from cards.activations.schemas import ActivationIn, ActivationOut, ActivationPage
from cards.common import RequestFilters, ReviewIn
from cards.issues.router import request_filters
from shared.app import db_session
from shared.idempotency import idempotency_key
from shared.identity import Principal, Require
from shared.listing import PageParams, page_params
from shared.types import Id

router = APIRouter(prefix="/api/cards/activations", tags=["激活管理"])


@router.get("", summary="激活批次列表", response_model=ActivationPage, response_model_exclude_unset=True)
async def list_activations(
    params: PageParams = Depends(page_params),
    filters: RequestFilters = Depends(request_filters),
    principal: Principal = Depends(Require("cards:activation:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.list_activations(session, filters, principal.scope, params)


@router.post("", status_code=201, summary="申请激活（充值）批次", response_model=ActivationOut)
async def create(
    data: ActivationIn,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:activation:create")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    return await service.request_activation(session, data, principal.actor, principal.scope, key)


@router.get("/{activation_id}", summary="激活批次详情", response_model=ActivationOut)
async def detail(
    activation_id: Id,
    principal: Principal = Depends(Require("cards:activation:list")),
    session: AsyncSession = Depends(db_session),
) -> dict[str, Any]:
    return await service.activation_detail(session, activation_id, principal.scope)


@router.post("/{activation_id}/review", summary="审核激活批次（通过即充值）", response_model=ActivationOut)
async def review(
    activation_id: Id,
    data: ReviewIn,
    principal: Principal = Depends(Require("cards:activation:review")),
    key: str | None = Depends(idempotency_key),
    session: AsyncSession = Depends(db_session),
) -> Any:
    return await service.review(session, activation_id, data, principal.actor, principal.scope, key)
