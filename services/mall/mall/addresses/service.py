"""A member's shipping addresses. One default at most (a partial unique index holds it); the first address
becomes the default by itself, and deleting the default hands it to the newest remaining one."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mall.addresses.models import Address
from mall.addresses.schemas import AddressIn, AddressOut
from shared.problems import Problem, not_found

MAX_ADDRESSES = 20


def full_address(a: Address) -> str:
    return "".join(part for part in (a.province, a.city, a.district, a.detail) if part)


def address_out(a: Address) -> AddressOut:
    return AddressOut(id=a.id, name=a.name, phone=a.phone, province=a.province, city=a.city, district=a.district,
                      detail=a.detail, full_address=full_address(a), is_default=a.is_default, created_at=a.created_at,
                      updated_at=a.updated_at)


async def _lock_member(session: AsyncSession, member_id: int) -> None:
    """Address changes of one member run one at a time (the default flag moves between rows)."""
    await session.execute(select(func.pg_advisory_xact_lock(42421040, member_id)))


async def member_address(session: AsyncSession, member_id: int, address_id: int) -> Address:
    address = await session.scalar(select(Address).where(Address.id == address_id, Address.member_id == member_id))
    if address is None:
        raise not_found("收货地址")
    return address


async def list_addresses(session: AsyncSession, member_id: int) -> list[AddressOut]:
    rows = await session.execute(select(Address).where(Address.member_id == member_id)
                                 .order_by(Address.is_default.desc(), Address.id.desc()))
    return [address_out(a) for a in rows.scalars()]


async def _clear_default(session: AsyncSession, member_id: int) -> None:
    await session.execute(update(Address).where(Address.member_id == member_id, Address.is_default)
                          .values(is_default=False))


async def create_address(session: AsyncSession, member_id: int, body: AddressIn) -> AddressOut:
    await _lock_member(session, member_id)
    count = int(await session.scalar(select(func.count()).where(Address.member_id == member_id)) or 0)
    if count >= MAX_ADDRESSES:
        raise Problem(409, "too_many_addresses", f"最多保存 {MAX_ADDRESSES} 个收货地址")
    default = body.is_default or count == 0
    if default:
        await _clear_default(session, member_id)
    address = Address(member_id=member_id, **body.model_dump(exclude={"is_default"}), is_default=default)
    session.add(address)
    await session.commit()
    return address_out(address)


async def update_address(session: AsyncSession, member_id: int, address_id: int, body: AddressIn) -> AddressOut:
    await _lock_member(session, member_id)
    address = await member_address(session, member_id, address_id)
    if body.is_default and not address.is_default:
        await _clear_default(session, member_id)
    for name, value in body.model_dump(exclude={"is_default"}).items():
        setattr(address, name, value)
    address.is_default = body.is_default or address.is_default
    await session.commit()
    await session.refresh(address)  # updated_at is set by the database
    return address_out(address)


async def make_default(session: AsyncSession, member_id: int, address_id: int) -> AddressOut:
    await _lock_member(session, member_id)
    address = await member_address(session, member_id, address_id)
    await _clear_default(session, member_id)
    address.is_default = True
    await session.commit()
    await session.refresh(address)  # updated_at is set by the database
    return address_out(address)


async def delete_address(session: AsyncSession, member_id: int, address_id: int) -> None:
    await _lock_member(session, member_id)
    address = await member_address(session, member_id, address_id)
    was_default = address.is_default
    await session.delete(address)
    await session.flush()
    if was_default:
        newest = await session.scalar(select(Address).where(Address.member_id == member_id)
                                      .order_by(Address.id.desc()).limit(1))
        if newest is not None:
            newest.is_default = True
    await session.commit()
