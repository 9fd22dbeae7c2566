"""Products, hospitals and questions: queries, writes (committed here) and the member-facing views."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from escort.catalogue.models import HOSPITAL_LEVELS, SERVICE_TYPES, SHARE_MODES, District, Hospital, Product, Question
from escort.catalogue.schemas import (
    AppHospitalOut,
    AppProductOut,
    HospitalIn,
    HospitalOut,
    HospitalPatch,
    ProductIn,
    ProductOut,
    ProductPatch,
    QuestionGroupOut,
    QuestionGroupsOut,
    QuestionIn,
    QuestionOut,
    QuestionPatch,
)
from escort.common import SHELF_LABELS, SHOWN_LABELS, actor_columns, changed_values, created_by, get_or_404
from escort.crud import delete_row, insert_row, update_row
from shared.concurrency import resolve_version
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, options, paginate
from shared.money import CENT
from shared.problems import Problem, field_error


def escort_share_of(price: Decimal, share_mode: str, share_value: Decimal) -> Decimal:
    """The escort's part of a sale: a rate of the price (rounded to the cent) or a fixed amount."""
    share = price * share_value if share_mode == "rate" else share_value
    return min(price, share.quantize(CENT, rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------- products


@dataclass(frozen=True)
class ProductFilter:
    keyword: str | None = None
    service_type: str | None = None
    on_shelf: bool | None = None
    city: str | None = None


def product_out(p: Product) -> ProductOut:
    return ProductOut(
        id=p.id, name=p.name, service_type=p.service_type, service_type_label=SERVICE_TYPES[p.service_type],
        price=p.price, share_mode=p.share_mode, share_value=p.share_value,
        escort_share=escort_share_of(p.price, p.share_mode, p.share_value), duration_minutes=p.duration_minutes,
        description=p.description, cities=list(p.cities), on_shelf=p.on_shelf, sort=p.sort,
        created_by=created_by(p), created_at=p.created_at, updated_at=p.updated_at, version=p.version,
    )


def _products(filters: ProductFilter) -> Select[Any]:
    stmt = select(Product)
    if (clause := keyword_clause(filters.keyword, Product.name, Product.description)) is not None:
        stmt = stmt.where(clause)
    if filters.service_type is not None:
        stmt = stmt.where(Product.service_type == filters.service_type)
    if filters.on_shelf is not None:
        stmt = stmt.where(Product.on_shelf == filters.on_shelf)
    if filters.city:
        stmt = stmt.where(Product.cities.any(filters.city))
    return stmt


PRODUCT_SORT = {"id": Product.id, "sort": Product.sort, "price": Product.price, "created_at": Product.created_at}


async def list_products(session: AsyncSession, filters: ProductFilter, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_products(filters), params.sort, PRODUCT_SORT, (Product.sort.asc(), Product.id.asc()))
    rows, total = await paginate(session, stmt, params, row=product_out)
    body: dict[str, Any] = {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}
    if params.with_options:
        body |= {"service_type_list": enum_options(SERVICE_TYPES), "share_mode_list": enum_options(SHARE_MODES),
                 "on_shelf_list": enum_options(SHELF_LABELS)}
    return body


async def export_products(session: AsyncSession, filters: ProductFilter) -> list[dict[str, Any]]:
    rows = (await session.execute(_products(filters).order_by(Product.sort, Product.id))).scalars()
    return [product_out(p).model_dump() | {"on_shelf": SHELF_LABELS["1" if p.on_shelf else "0"],
                                            "cities": "、".join(p.cities)} for p in rows]


async def get_product(session: AsyncSession, product_id: int) -> ProductOut:
    return product_out(await get_or_404(session, Product, product_id, "产品"))


async def create_product(session: AsyncSession, body: ProductIn, principal: Principal) -> ProductOut:
    row = Product(**dict(body), **actor_columns(principal))
    await insert_row(session, row, field="name", message="产品名称已存在")
    return product_out(row)


async def update_product(
    session: AsyncSession, product_id: int, body: ProductPatch, if_match: int | None
) -> ProductOut:
    values = changed_values(body)
    current = await get_or_404(session, Product, product_id, "产品")
    merged = {k: values.get(k, getattr(current, k)) for k in ("price", "share_mode", "share_value")}
    if merged["share_mode"] == "rate" and merged["share_value"] > 1:
        raise field_error("share_value", "按比例分成时 share_value 为 0 到 1 之间的比例")
    if merged["share_mode"] == "fixed" and merged["share_value"] > merged["price"]:
        raise field_error("share_value", "固定分成不能高于售价")
    if merged["price"] <= 0:
        raise field_error("price", "售价必须大于 0")
    row = await update_row(session, Product, product_id, resolve_version(body.version, if_match), values,
                           field="name", message="产品名称已存在")
    return product_out(row)


async def delete_product(session: AsyncSession, product_id: int) -> None:
    await delete_row(session, Product, product_id, "产品")


async def shelf_products(session: AsyncSession, filters: ProductFilter, params: PageParams) -> dict[str, Any]:
    """What members may book: products on shelf, optionally in one city."""
    stmt = _products(ProductFilter(keyword=filters.keyword, service_type=filters.service_type, on_shelf=True,
                                   city=filters.city)).order_by(Product.sort, Product.id)
    rows, total = await paginate(session, stmt, params, row=lambda p: AppProductOut(
        id=p.id, name=p.name, service_type=p.service_type, service_type_label=SERVICE_TYPES[p.service_type],
        price=p.price, duration_minutes=p.duration_minutes, description=p.description, cities=list(p.cities)))
    body: dict[str, Any] = {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}
    if params.with_options:
        body["service_type_list"] = enum_options(SERVICE_TYPES)
    return body


# ---------------------------------------------------------------- hospitals


@dataclass(frozen=True)
class HospitalFilter:
    keyword: str | None = None
    level: str | None = None
    district_id: int | None = None
    shown: bool | None = None


def _hospitals(filters: HospitalFilter) -> Select[Any]:
    stmt = select(Hospital, District.name).outerjoin(District, District.id == Hospital.district_id)
    if (clause := keyword_clause(filters.keyword, Hospital.name, Hospital.address)) is not None:
        stmt = stmt.where(clause)
    for column, value in ((Hospital.level, filters.level), (Hospital.district_id, filters.district_id),
                          (Hospital.shown, filters.shown)):
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


def hospital_out(h: Hospital, district_name: str | None) -> HospitalOut:
    return HospitalOut(
        id=h.id, name=h.name, level=h.level, city=h.city, district_id=h.district_id,
        district_name=district_name or "", address=h.address, departments=list(h.departments), shown=h.shown,
        sort=h.sort, created_by=created_by(h), created_at=h.created_at, updated_at=h.updated_at,
        version=h.version,
    )


HOSPITAL_SORT = {"id": Hospital.id, "sort": Hospital.sort, "name": Hospital.name, "created_at": Hospital.created_at}


async def district_options(session: AsyncSession) -> list[dict[str, str]]:
    rows = (await session.execute(select(District.id, District.name).order_by(District.sort, District.id))).all()
    return options(rows)


async def list_hospitals(session: AsyncSession, filters: HospitalFilter, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_hospitals(filters), params.sort, HOSPITAL_SORT, (Hospital.sort.asc(), Hospital.id.asc()))
    rows, total = await paginate(session, stmt, params, scalars=False, row=lambda r: hospital_out(r[0], r[1]))
    body: dict[str, Any] = {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}
    if params.with_options:
        body |= {"level_list": options((v, v) for v in HOSPITAL_LEVELS),
                 "district_list": await district_options(session), "shown_list": enum_options(SHOWN_LABELS)}
    return body


async def export_hospitals(session: AsyncSession, filters: HospitalFilter) -> list[dict[str, Any]]:
    rows = (await session.execute(_hospitals(filters).order_by(Hospital.sort, Hospital.id))).all()
    return [hospital_out(h, d).model_dump() | {"departments": "、".join(h.departments),
                                               "shown": SHOWN_LABELS["1" if h.shown else "0"]} for h, d in rows]


async def get_hospital(session: AsyncSession, hospital_id: int) -> HospitalOut:
    row = (await session.execute(_hospitals(HospitalFilter()).where(Hospital.id == hospital_id))).first()
    if row is None:
        raise Problem(404, "not_found", "医院不存在")
    return hospital_out(row[0], row[1])


async def _check_district(session: AsyncSession, district_id: int | None) -> None:
    if district_id is not None and await session.get(District, district_id) is None:
        raise field_error("district_id", f"区县 {district_id} 不存在", "unknown_reference")


async def create_hospital(session: AsyncSession, body: HospitalIn, principal: Principal) -> HospitalOut:
    await _check_district(session, body.district_id)
    values = dict(body)
    values["departments"] = list(dict.fromkeys(values["departments"]))
    row = Hospital(**values, **actor_columns(principal))
    await insert_row(session, row, field="name", message="医院名称已存在")
    return await get_hospital(session, row.id)


async def update_hospital(
    session: AsyncSession, hospital_id: int, body: HospitalPatch, if_match: int | None
) -> HospitalOut:
    values = changed_values(body, nullable=frozenset({"district_id"}))
    await get_or_404(session, Hospital, hospital_id, "医院")
    await _check_district(session, values.get("district_id"))
    if "departments" in values:
        values["departments"] = list(dict.fromkeys(values["departments"]))
    await update_row(session, Hospital, hospital_id, resolve_version(body.version, if_match), values,
                     field="name", message="医院名称已存在")
    return await get_hospital(session, hospital_id)


async def delete_hospital(session: AsyncSession, hospital_id: int) -> None:
    await delete_row(session, Hospital, hospital_id, "医院")


async def shown_hospitals(session: AsyncSession, filters: HospitalFilter, params: PageParams) -> dict[str, Any]:
    stmt = _hospitals(HospitalFilter(keyword=filters.keyword, level=filters.level, district_id=filters.district_id,
                                     shown=True)).order_by(Hospital.sort, Hospital.id)
    rows, total = await paginate(session, stmt, params, scalars=False, row=lambda r: AppHospitalOut(
        id=r[0].id, name=r[0].name, level=r[0].level, city=r[0].city, district_name=r[1] or "",
        address=r[0].address, departments=list(r[0].departments)))
    body: dict[str, Any] = {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}
    if params.with_options:
        body["district_list"] = await district_options(session)
    return body


# ---------------------------------------------------------------- questions


@dataclass(frozen=True)
class QuestionFilter:
    keyword: str | None = None
    group_name: str | None = None
    shown: bool | None = None


def question_out(q: Question) -> QuestionOut:
    return QuestionOut(id=q.id, group_name=q.group_name, question=q.question, answer=q.answer, shown=q.shown,
                       sort=q.sort, created_by=created_by(q), created_at=q.created_at, updated_at=q.updated_at,
                       version=q.version)


def _questions(filters: QuestionFilter) -> Select[Any]:
    stmt = select(Question)
    if (clause := keyword_clause(filters.keyword, Question.question, Question.answer)) is not None:
        stmt = stmt.where(clause)
    if filters.group_name:
        stmt = stmt.where(Question.group_name == filters.group_name)
    if filters.shown is not None:
        stmt = stmt.where(Question.shown == filters.shown)
    return stmt


QUESTION_SORT = {"id": Question.id, "sort": Question.sort, "created_at": Question.created_at}


async def list_questions(session: AsyncSession, filters: QuestionFilter, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_questions(filters), params.sort, QUESTION_SORT,
                      (Question.group_name.asc(), Question.sort.asc(), Question.id.asc()))
    rows, total = await paginate(session, stmt, params, row=question_out)
    body: dict[str, Any] = {"data_list": rows, "page": params.page, "page_size": params.page_size, "total": total}
    if params.with_options:
        groups = (await session.execute(select(Question.group_name).distinct().order_by(Question.group_name))).scalars()
        body |= {"group_list": options((g, g) for g in groups), "shown_list": enum_options(SHOWN_LABELS)}
    return body


async def export_questions(session: AsyncSession, filters: QuestionFilter) -> list[dict[str, Any]]:
    rows = (await session.execute(_questions(filters).order_by(Question.group_name, Question.sort))).scalars()
    return [question_out(q).model_dump() | {"shown": SHOWN_LABELS["1" if q.shown else "0"]} for q in rows]


async def get_question(session: AsyncSession, question_id: int) -> QuestionOut:
    return question_out(await get_or_404(session, Question, question_id, "问答"))


async def create_question(session: AsyncSession, body: QuestionIn, principal: Principal) -> QuestionOut:
    row = Question(**dict(body), **actor_columns(principal))
    await insert_row(session, row, field="question", message="问答已存在")
    return question_out(row)


async def update_question(
    session: AsyncSession, question_id: int, body: QuestionPatch, if_match: int | None
) -> QuestionOut:
    row = await update_row(session, Question, question_id, resolve_version(body.version, if_match),
                           changed_values(body), field="question", message="问答已存在")
    return question_out(row)


async def delete_question(session: AsyncSession, question_id: int) -> None:
    await delete_row(session, Question, question_id, "问答")


async def shown_questions(session: AsyncSession) -> QuestionGroupsOut:
    rows = (await session.execute(select(Question).where(Question.shown.is_(True)).order_by(
        Question.group_name, Question.sort, Question.id))).scalars()
    groups: dict[str, list[Any]] = {}
    for q in rows:
        groups.setdefault(q.group_name, []).append({"id": q.id, "question": q.question, "answer": q.answer})
    return QuestionGroupsOut(groups=[QuestionGroupOut(group_name=g, questions=qs) for g, qs in groups.items()])
