"""`/internal/health/hospitals/{id}` (never routed by the gateway): the gateway asks it before it issues a
partner API key for a hospital, so a key is only ever bound to a hospital that exists."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from health.hospitals.service import hospital_detail
from shared.app import db_session
from shared.identity import Identity, require_service
from shared.types import Id

router = APIRouter(prefix="/internal/health", tags=["内部: 医院"])


class PartnerHospital(BaseModel):
    id: int
    name: str
    status: str


@router.get("/hospitals/{hospital_id}", response_model=PartnerHospital, summary="医院是否存在（网关签发密钥前核对）")
async def internal_hospital(
    hospital_id: Id, caller: Identity = Depends(require_service), session: AsyncSession = Depends(db_session)
) -> PartnerHospital:
    found = await hospital_detail(session, hospital_id)
    return PartnerHospital(id=found["id"], name=found["name"], status=found["status"])
