"""Escorts: queries, writes (committed here), review, the certified-escort rule, profile and earnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, delete, exists, insert, not_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from escort.catalogue.models import Hospital
from escort.common import actor_columns, business_today, changed_values, created_by, get_or_404, utcnow, write_guard
from escort.crud import delete_row
from escort.escorts.models import ESCORT_STATUSES, LEDGER_KINDS, Certificate, Escort, LedgerEntry, escort_hospitals
from escort.escorts.schemas import (
    CertificateIn,
    CertificateOut,
    EarningsOut,
    EscortIn,
    EscortOut,
    EscortPatch,
    EscortReviewIn,
    HospitalRef,
    PartnerRef,
    ProfileOut,
)
from shared.concurrency import resolve_version, update_versioned
from shared.identity import Identity, Principal
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, options, paginate
from shared.privacy import mask_id_number
from shared.problems import Problem, field_error

# Who may read ID numbers whole: the roles that may edit escorts.
ID_NUMBER_PERMISSION = "escort:escort:update"


def serving_clause(today: date) -> ColumnElement[bool]:
    """SQL for "may see and take orders": 已认证, at least one certificate, none expired."""
    has_certificate = exists().where(Certificate.escort_id == Escort.id)
    expired = exists().where(Certificate.escort_id == Escort.id, Certificate.expires_on < today)
    return and_(Escort.status == "certified", has_certificate, not_(expired))


def rating_of(escort: Escort) -> str:
    if not escort.rating_count:
        return "0.0"
    return f"{Decimal(escort.rating_sum) / escort.rating_count:.1f}"


@dataclass(frozen=True)
class EscortDetails:
    hospitals: dict[int, list[HospitalRef]]
    certificates: dict[int, list[Certificate]]


async def _details(session: AsyncSession, ids: list[int]) -> EscortDetails:
    hospitals: dict[int, list[HospitalRef]] = {i: [] for i in ids}
    certificates: dict[int, list[Certificate]] = {i: [] for i in ids}
    if ids:
        rows = await session.execute(
            select(escort_hospitals.c.escort_id, Hospital.id, Hospital.name)
            .join(Hospital, Hospital.id == escort_hospitals.c.hospital_id)
            .where(escort_hospitals.c.escort_id.in_(ids)).order_by(Hospital.sort, Hospital.id))
        for escort_id, hospital_id, name in rows:
            hospitals[escort_id].append(HospitalRef(id=hospital_id, name=name))
        for cert in (await session.execute(select(Certificate).where(Certificate.escort_id.in_(ids))
                                           .order_by(Certificate.id))).scalars():
            certificates[cert.escort_id].append(cert)
    return EscortDetails(hospitals, certificates)


def _certificates(certs: list[Certificate], today: date) -> list[CertificateOut]:
    return [CertificateOut(id=c.id, name=c.name, number=c.number, expires_on=c.expires_on,
                           valid=c.expires_on >= today) for c in certs]


def _certified(escort: Escort, certs: list[Certificate], today: date) -> bool:
    return escort.status == "certified" and bool(certs) and all(c.expires_on >= today for c in certs)


def escort_out(e: Escort, details: EscortDetails, *, show_id_number: bool, today: date) -> EscortOut:
    certs = details.certificates.get(e.id, [])
    return EscortOut(
        id=e.id, name=e.name, phone=e.phone,
        id_number=e.id_number if show_id_number else mask_id_number(e.id_number),
        gender=e.gender, city=e.city, status=e.status, status_label=ESCORT_STATUSES[e.status],
        reject_reason=e.reject_reason, reviewed_by_name=e.reviewed_by_name, reviewed_at=e.reviewed_at,
        rating=rating_of(e), rating_count=e.rating_count, order_count=e.order_count, balance=e.balance, held=e.held,
        total_earned=e.total_earned, certified=_certified(e, certs, today),
        hospitals=details.hospitals.get(e.id, []), certificates=_certificates(certs, today),
        created_by=created_by(e), created_at=e.created_at, updated_at=e.updated_at, version=e.version,
    )


# ---------------------------------------------------------------- admin lists


@dataclass(frozen=True)
class EscortFilter:
    keyword: str | None = None
    status: str | None = None
    hospital_id: int | None = None
    city: str | None = None


def _escorts(filters: EscortFilter) -> Select[Any]:
    stmt = select(Escort)
    # The ID number is searchable only whole (an exact match), never by fragment.
    if (clause := keyword_clause(filters.keyword, Escort.name, Escort.phone)) is not None:
        keyword = (filters.keyword or "").strip().upper()
        stmt = stmt.where(clause | (Escort.id_number == keyword) if len(keyword) == 18 else clause)
    if filters.status is not None:
        stmt = stmt.where(Escort.status == filters.status)
    if filters.city:
        stmt = stmt.where(Escort.city == filters.city)
    if filters.hospital_id is not None:
        stmt = stmt.where(exists().where(escort_hospitals.c.escort_id == Escort.id,
                                         escort_hospitals.c.hospital_id == filters.hospital_id))
    return stmt


ESCORT_SORT = {"id": Escort.id, "created_at": Escort.created_at, "order_count": Escort.order_count,
               "balance": Escort.balance, "rating": Escort.rating_sum}


async def hospital_options(session: AsyncSession) -> list[dict[str, str]]:
    return options((await session.execute(select(Hospital.id, Hospital.name).order_by(Hospital.sort, Hospital.id)))
                   .all())


async def list_escorts(
    session: AsyncSession, filters: EscortFilter, params: PageParams, principal: Principal
) -> dict[str, Any]:
    stmt = apply_sort(_escorts(filters), params.sort, ESCORT_SORT, (Escort.id.desc(),))
    rows, total = await paginate(session, stmt, params)
    details = await _details(session, [e.id for e in rows])
    show, today = principal.can(ID_NUMBER_PERMISSION), business_today()
    body: dict[str, Any] = {
        "data_list": [escort_out(e, details, show_id_number=show, today=today) for e in rows],
        "page": params.page, "page_size": params.page_size, "total": total,
    }
    if params.with_options:
        body |= {"status_list": enum_options(ESCORT_STATUSES), "hospital_list": await hospital_options(session)}
    return body


async def export_escorts(session: AsyncSession, filters: EscortFilter, principal: Principal) -> list[dict[str, Any]]:
    rows = list((await session.execute(_escorts(filters).order_by(Escort.id))).scalars())
    details = await _details(session, [e.id for e in rows])
    show, today = principal.can(ID_NUMBER_PERMISSION), business_today()
    out = []
    for e in rows:
        row = escort_out(e, details, show_id_number=show, today=today)
        out.append(row.model_dump() | {
            "hospitals": "、".join(h.name for h in row.hospitals),
            "certificates": "、".join(f"{c.name}({c.expires_on})" for c in row.certificates),
            "certified": "是" if row.certified else "否",
        })
    return out


async def get_escort(session: AsyncSession, escort_id: int, principal: Principal) -> EscortOut:
    escort = await get_or_404(session, Escort, escort_id, "陪诊师")
    details = await _details(session, [escort_id])
    return escort_out(escort, details, show_id_number=principal.can(ID_NUMBER_PERMISSION), today=business_today())


# ---------------------------------------------------------------- admin writes


async def _replace_links(
    session: AsyncSession, escort_id: int, hospital_ids: list[int] | None, certificates: list[CertificateIn] | None
) -> None:
    if hospital_ids is not None:
        wanted = list(dict.fromkeys(hospital_ids))
        found = set((await session.execute(select(Hospital.id).where(Hospital.id.in_(wanted)))).scalars())
        if missing := [i for i in wanted if i not in found]:
            raise field_error("hospital_ids", f"医院不存在: {', '.join(map(str, missing))}", "unknown_reference")
        await session.execute(delete(escort_hospitals).where(escort_hospitals.c.escort_id == escort_id))
        if wanted:
            await session.execute(insert(escort_hospitals), [{"escort_id": escort_id, "hospital_id": h}
                                                             for h in wanted])
    if certificates is not None:
        await session.execute(delete(Certificate).where(Certificate.escort_id == escort_id))
        if certificates:
            await session.execute(insert(Certificate), [{"escort_id": escort_id, **c.model_dump()}
                                                        for c in certificates])


UNIQUE_MESSAGE = "手机号或身份证号已被其他陪诊师使用"


async def create_escort(session: AsyncSession, body: EscortIn, principal: Principal) -> EscortOut:
    async with write_guard(session, "phone", UNIQUE_MESSAGE):
        escort = Escort(**body.model_dump(exclude={"hospital_ids", "certificates"}), **actor_columns(principal))
        session.add(escort)
        await session.flush()
        await _replace_links(session, escort.id, body.hospital_ids, body.certificates)
        await session.commit()
    return await get_escort(session, escort.id, principal)


async def update_escort(
    session: AsyncSession, escort_id: int, body: EscortPatch, if_match: int | None, principal: Principal
) -> EscortOut:
    values = changed_values(body)
    links = {k: values.pop(k) for k in ("hospital_ids", "certificates") if k in values}
    if "certificates" in links:
        links["certificates"] = body.certificates
    await get_or_404(session, Escort, escort_id, "陪诊师")
    async with write_guard(session, "phone", UNIQUE_MESSAGE):
        # The version moves even when only links change, so two editors of the same escort still conflict.
        await update_versioned(session, Escort, escort_id, resolve_version(body.version, if_match), values)
        await _replace_links(session, escort_id, links.get("hospital_ids"), links.get("certificates"))
        await session.commit()
    await session.get(Escort, escort_id, populate_existing=True)
    return await get_escort(session, escort_id, principal)


REVIEW_MOVES = {  # action -> (statuses it may start from, status it sets)
    "certify": (("pending", "rejected"), "certified"),
    "reject": (("pending", "certified"), "rejected"),
    "disable": (("pending", "certified", "rejected"), "disabled"),
    "enable": (("disabled",), "certified"),
}
REVIEW_LABELS = {"certify": "认证", "reject": "驳回", "disable": "停用", "enable": "启用"}


async def review_escort(
    session: AsyncSession, escort_id: int, body: EscortReviewIn, principal: Principal
) -> EscortOut:
    escort = await get_or_404(session, Escort, escort_id, "陪诊师")
    sources, target = REVIEW_MOVES[body.action]
    if body.action == "reject" and not body.reason:
        raise field_error("reason", "驳回需要填写原因")
    if escort.status not in sources:
        raise Problem(409, "invalid_status_transition",
                      f"陪诊师状态为{ESCORT_STATUSES[escort.status]}，不能{REVIEW_LABELS[body.action]}",
                      current_status=escort.status)
    stmt = (update(Escort).where(Escort.id == escort_id, Escort.status.in_(sources))
            .values(status=target, reject_reason=body.reason if body.action == "reject" else "",
                    reviewed_by_name=principal.name, reviewed_at=utcnow(), version=Escort.version + 1)
            .returning(Escort.id))
    if body.version is not None:
        stmt = stmt.where(Escort.version == body.version)
    moved = (await session.execute(stmt)).first()
    await session.commit()
    if moved is None:
        raise Problem(409, "version_conflict", "该陪诊师已被他人修改，请刷新后重试")
    await session.get(Escort, escort_id, populate_existing=True)
    return await get_escort(session, escort_id, principal)


async def delete_escort(session: AsyncSession, escort_id: int) -> None:
    """Only an escort with no orders, ledger or withdrawals (foreign keys say so: 409 otherwise)."""
    await delete_row(session, Escort, escort_id, "陪诊师")


# ---------------------------------------------------------------- ledger


@dataclass(frozen=True)
class LedgerFilter:
    kind: str | None = None


def _entry_out(e: LedgerEntry) -> dict[str, Any]:
    return {"id": e.id, "kind": e.kind, "kind_label": LEDGER_KINDS[e.kind], "amount": e.amount,
            "held_amount": e.held_amount, "balance_after": e.balance_after, "held_after": e.held_after,
            "order_id": e.order_id, "withdrawal_id": e.withdrawal_id, "memo": e.memo, "created_at": e.created_at}


async def ledger_page(
    session: AsyncSession, escort_id: int, filters: LedgerFilter, params: PageParams
) -> dict[str, Any]:
    stmt = select(LedgerEntry).where(LedgerEntry.escort_id == escort_id)
    if filters.kind:
        stmt = stmt.where(LedgerEntry.kind == filters.kind)
    rows, total = await paginate(session, stmt.order_by(LedgerEntry.id.desc()), params, row=_entry_out)
    body: dict[str, Any] = {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}
    if params.with_options:
        body["kind_list"] = enum_options(LEDGER_KINDS)
    return body


async def escort_ledger(
    session: AsyncSession, escort_id: int, filters: LedgerFilter, params: PageParams
) -> dict[str, Any]:
    await get_or_404(session, Escort, escort_id, "陪诊师")
    return await ledger_page(session, escort_id, filters, params)


# ---------------------------------------------------------------- partner side


async def partner_escort(session: AsyncSession, partner: Identity) -> Escort:
    """The escort a partner key is bound to; a key bound to no escort record is refused."""
    escort = await session.get(Escort, partner.partner_id) if partner.partner_id else None
    if escort is None:
        raise Problem(403, "unknown_partner", "该密钥绑定的陪诊师不存在")
    return escort


async def partner_ref(session: AsyncSession, escort_id: int) -> PartnerRef:
    escort = await get_or_404(session, Escort, escort_id, "陪诊师")
    return PartnerRef(id=escort.id, name=escort.name, status=escort.status)


async def profile(session: AsyncSession, partner: Identity) -> ProfileOut:
    escort = await partner_escort(session, partner)
    details = await _details(session, [escort.id])
    row = escort_out(escort, details, show_id_number=False, today=business_today())
    return ProfileOut(**row.model_dump(include=set(ProfileOut.model_fields)))


async def earnings(session: AsyncSession, partner: Identity, filters: LedgerFilter, params: PageParams) -> EarningsOut:
    escort = await partner_escort(session, partner)
    page = await ledger_page(session, escort.id, filters, params)
    return EarningsOut(balance=escort.balance, held=escort.held, total_earned=escort.total_earned, ledger=page)
