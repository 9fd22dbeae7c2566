"""/app/mall/addresses: the member's shipping addresses (收货地址)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from mall.addresses import service
from mall.addresses.schemas import AddressIn, AddressOut
from shared.app import db_session
from shared.identity import Identity, require_member
from shared.types import Id

router = APIRouter(prefix="/app/mall/addresses", tags=["会员: 收货地址"])


@router.get("", summary="我的收货地址（默认地址在前）")
async def list_addresses(
    session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member)
) -> list[AddressOut]:
    return await service.list_addresses(session, member.id)


@router.post("", status_code=201, summary="新增收货地址（第一个地址自动设为默认）")
async def create_address(
    body: AddressIn, session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member)
) -> AddressOut:
    return await service.create_address(session, member.id, body)


@router.put("/{address_id}", summary="修改收货地址")
async def update_address(
    address_id: Id, body: AddressIn, session: AsyncSession = Depends(db_session),
    member: Identity = Depends(require_member),
) -> AddressOut:
    return await service.update_address(session, member.id, address_id, body)


@router.post("/{address_id}/default", summary="设为默认地址")
async def make_default(
    address_id: Id, session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member)
) -> AddressOut:
    return await service.make_default(session, member.id, address_id)


@router.delete("/{address_id}", status_code=204, response_class=Response, summary="删除收货地址")
async def delete_address(
    address_id: Id, session: AsyncSession = Depends(db_session), member: Identity = Depends(require_member)
) -> Response:
    await service.delete_address(session, member.id, address_id)
    return Response(status_code=204)
