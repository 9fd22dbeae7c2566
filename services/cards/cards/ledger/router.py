"""/internal/cards/debits and /credits: the card ledger's API for health, mall and escort (never via the gateway)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from cards.ledger.service import CreditIn, DebitIn, credit, debit
from shared.app import db_session
from shared.identity import Identity, require_service

router = APIRouter(prefix="/internal/cards", tags=["内部: 卡片账本"])


@router.post("/debits", status_code=201, summary="扣款（按 order_ref 幂等）")
async def post_debit(
    data: DebitIn, caller: Identity = Depends(require_service), session: AsyncSession = Depends(db_session)
) -> JSONResponse:
    outcome = await debit(session, data)
    return JSONResponse(outcome.body, status_code=outcome.status_code)


@router.post("/credits", status_code=201, summary="退款（按 order_ref 幂等）")
async def post_credit(
    data: CreditIn, caller: Identity = Depends(require_service), session: AsyncSession = Depends(db_session)
) -> JSONResponse:
    outcome = await credit(session, data)
    return JSONResponse(outcome.body, status_code=outcome.status_code)
