"""/api/cards/activations: 激活管理."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from cards.activations import service
from cards.activations.schemas import ActivationIn, ActivationOut, ActivationPage
from cards.common import ReviewIn
from cards.issues.router import request_filters
from cards.scoped_routes import add_scoped_detail, add_scoped_list
from shared.app import db_session
from shared.idempotency import idempotency_key
from shared.identity import Principal, Require
from shared.types import Id

router = APIRouter(prefix="/api/cards/activations", tags=["激活管理"])


add_scoped_list(router, "", name="list_activations", summary="激活批次列表", response_model=ActivationPage,
                code="cards:activation:list", filters=request_filters, list_rows=service.list_activations)


@router.post("", status_code=201, summary="申请激活（充值）批次", response_model=ActivationOut)
async def create(
    data: ActivationIn,
    key: str | None = Depends(idempotency_key),
    principal: Principal = Depends(Require("cards:activation:create")),
    session: AsyncSession = Depends(db_session),
) -> Any:
    return await service.request_activation(session, data, principal.actor, principal.scope, key)


add_scoped_detail(router, "/{activation_id}", id_name="activation_id", name="detail", summary="激活批次详情",
                  response_model=ActivationOut, code="cards:activation:list", detail=service.activation_detail)


@router.post("/{activation_id}/review", summary="审核激活批次（通过即充值）", response_model=ActivationOut)
async def review(
    activation_id: Id,
    data: ReviewIn,
    principal: Principal = Depends(Require("cards:activation:review")),
    key: str | None = Depends(idempotency_key),
    session: AsyncSession = Depends(db_session),
) -> Any:
    return await service.review(session, activation_id, data, principal.actor, principal.scope, key)
