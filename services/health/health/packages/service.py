"""Packages: prices that follow their items, the stores and categories links, the lists (admin and members)
and the writes, each of which commits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, delete, exists, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from health.catalogue.models import Brand, Category, Item
from health.catalogue.service import brand_options, category_options
from health.common import (
    GENDER_LABELS,
    RECOMMENDED_LABELS,
    SHELF_LABELS,
    actor_columns,
    created_by,
    delete_row,
    get_or_404,
    patch_values,
    require_row,
)
from health.hospitals.models import Hospital
from health.hospitals.service import hospital_options, month_view
from health.packages.models import Package, PackageItem, package_categories, package_hospitals
from health.packages.schemas import PackageFilters, PackageIn, PackagePatch
from shared.concurrency import resolve_version, update_versioned
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, paginate
from shared.money import format_money
from shared.problems import Problem, field_error

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Price:
    sale: Decimal
    settlement: Decimal
    market: Decimal


def price_for(package: Package, items: list[tuple[str, Item]], gender: str) -> Price:
    """What a person of `gender` pays and what the hospital is owed.

    The package's own price/settlement price wins when set; otherwise the sum over the items that apply
    to that gender (items marked both, plus those of the gender).
    """
    applying = [item for item_gender, item in items if item_gender in ("both", gender)]
    sale = sum((i.sale_price for i in applying), ZERO)
    settlement = sum((i.settlement_price for i in applying), ZERO)
    market = sum((i.market_price for i in applying), ZERO)
    return Price(
        sale=package.price if package.price is not None else sale,
        settlement=package.settlement_price if package.settlement_price is not None else settlement,
        market=max(market, package.price) if package.price is not None else market,
    )


def check_prices(package: Package, items: list[tuple[str, Item]]) -> None:
    for gender in ("male", "female"):
        price = price_for(package, items, gender)
        if price.settlement > price.sale:
            raise field_error("settlement_price", f"结算价不能高于售价（{GENDER_LABELS[gender]}）", "invalid_prices")


@dataclass
class PackageLinks:
    hospitals: dict[int, list[dict[str, Any]]]
    categories: dict[int, list[dict[str, Any]]]
    items: dict[int, list[tuple[PackageItem, Item]]]


async def load_links(session: AsyncSession, package_ids: list[int]) -> PackageLinks:
    links = PackageLinks(defaultdict(list), defaultdict(list), defaultdict(list))
    if not package_ids:
        return links
    rows = await session.execute(
        select(package_hospitals.c.package_id, Hospital.id, Hospital.name)
        .join(Hospital, Hospital.id == package_hospitals.c.hospital_id)
        .where(package_hospitals.c.package_id.in_(package_ids))
        .order_by(Hospital.id)
    )
    for package_id, hospital_id, name in rows:
        links.hospitals[package_id].append({"id": hospital_id, "name": name})
    rows = await session.execute(
        select(package_categories.c.package_id, Category.id, Category.name)
        .join(Category, Category.id == package_categories.c.category_id)
        .where(package_categories.c.package_id.in_(package_ids))
        .order_by(Category.sort, Category.id)
    )
    for package_id, category_id, name in rows:
        links.categories[package_id].append({"id": category_id, "name": name})
    item_rows = await session.execute(
        select(PackageItem, Item)
        .join(Item, Item.id == PackageItem.item_id)
        .where(PackageItem.package_id.in_(package_ids))
        .order_by(PackageItem.sort, Item.sort, Item.id)
    )
    for package_item, item in item_rows:
        links.items[package_item.package_id].append((package_item, item))
    return links


def package_out(package: Package, brand_name: str, links: PackageLinks, *, with_items: bool = True) -> dict[str, Any]:
    items = links.items.get(package.id, [])
    pairs = [(pi.gender, item) for pi, item in items]
    male, female = price_for(package, pairs, "male"), price_for(package, pairs, "female")
    body: dict[str, Any] = {
        "id": package.id,
        "name": package.name,
        "brand_id": package.brand_id,
        "brand_name": brand_name,
        "hospitals": links.hospitals.get(package.id, []),
        "hospital_ids": [h["id"] for h in links.hospitals.get(package.id, [])],
        "categories": links.categories.get(package.id, []),
        "category_ids": [c["id"] for c in links.categories.get(package.id, [])],
        "recommended": package.recommended,
        "recommended_label": "推荐" if package.recommended else "不推荐",
        "status": package.status,
        "status_label": SHELF_LABELS[package.status],
        # The price the package sells from: its own when set, else the lower of the two items-based prices.
        "price": format_money(min(male.sale, female.sale)),
        "settlement_price": format_money(min(male.settlement, female.settlement)),
        "price_follows_items": package.price is None,
        "settlement_follows_items": package.settlement_price is None,
        "price_male": format_money(male.sale),
        "price_female": format_money(female.sale),
        "settlement_price_male": format_money(male.settlement),
        "settlement_price_female": format_money(female.settlement),
        "market_price_male": format_money(male.market),
        "market_price_female": format_money(female.market),
        "item_count": len(items),
        "description": package.description,
        "notice": package.notice,
        "sort": package.sort,
        "created_by": created_by(package),
        "created_at": package.created_at,
        "updated_at": package.updated_at,
        "version": package.version,
    }
    if with_items:
        body["items"] = [
            {
                "item_id": item.id,
                "name": item.name,
                "gender": pi.gender,
                "gender_label": GENDER_LABELS[pi.gender],
                "sale_price": format_money(item.sale_price),
                "market_price": format_money(item.market_price),
                "settlement_price": format_money(item.settlement_price),
                "meaning": item.meaning,
                "sort": pi.sort,
            }
            for pi, item in items
        ]
    return body


def package_select() -> Any:
    return select(Package, Brand.name).join(Brand, Brand.id == Package.brand_id)


async def packages_out(session: AsyncSession, rows: list[Any], *, with_items: bool = True) -> list[dict[str, Any]]:
    links = await load_links(session, [r[0].id for r in rows])
    return [package_out(package, brand_name, links, with_items=with_items) for package, brand_name in rows]


async def package_detail(
    session: AsyncSession, package_id: int, *, where: Any = None, brand_online: bool = False
) -> dict[str, Any]:
    stmt = package_select().where(Package.id == package_id)
    if where is not None:
        stmt = stmt.where(where)
    if brand_online:
        stmt = stmt.where(Brand.status == "online")
    # Fresh from the database: the session may hold the row as it was before an update.
    row = (await session.execute(stmt.execution_options(populate_existing=True))).first()
    if row is None:
        raise Problem(404, "not_found", "套餐不存在")
    return (await packages_out(session, [row]))[0]


async def check_links(
    session: AsyncSession,
    brand_id: int,
    hospital_ids: list[int] | None,
    category_ids: list[int] | None,
    item_ids: list[int] | None,
) -> None:
    """Stores and items must be the package brand's own; categories must exist."""
    await require_row(session, Brand, brand_id, "brand_id", "品牌")
    for field, model, ids, label in (
        ("hospital_ids", Hospital, hospital_ids, "医院"),
        ("items", Item, item_ids, "单项"),
    ):
        if not ids:
            continue
        rows = dict((await session.execute(select(model.id, model.brand_id).where(model.id.in_(ids)))).all())
        missing = [i for i in ids if i not in rows]
        if missing:
            raise field_error(field, f"{label}不存在: {', '.join(map(str, missing))}", "unknown_reference")
        foreign = [i for i in ids if rows[i] != brand_id]
        if foreign:
            raise field_error(field, f"{label}不属于该品牌: {', '.join(map(str, foreign))}", "brand_mismatch")
    if category_ids:
        found = set((await session.execute(select(Category.id).where(Category.id.in_(category_ids)))).scalars())
        missing = [i for i in category_ids if i not in found]
        if missing:
            raise field_error("category_ids", f"分类不存在: {', '.join(map(str, missing))}", "unknown_reference")


async def replace_links(
    session: AsyncSession,
    package_id: int,
    hospital_ids: list[int] | None,
    category_ids: list[int] | None,
    items: list[dict[str, Any]] | None,
) -> None:
    if hospital_ids is not None:
        await session.execute(delete(package_hospitals).where(package_hospitals.c.package_id == package_id))
        if hospital_ids:
            await session.execute(
                insert(package_hospitals),
                [{"package_id": package_id, "hospital_id": h} for h in dict.fromkeys(hospital_ids)],
            )
    if category_ids is not None:
        await session.execute(delete(package_categories).where(package_categories.c.package_id == package_id))
        if category_ids:
            await session.execute(
                insert(package_categories),
                [{"package_id": package_id, "category_id": c} for c in dict.fromkeys(category_ids)],
            )
    if items is not None:
        await session.execute(delete(PackageItem).where(PackageItem.package_id == package_id))
        if items:
            await session.execute(insert(PackageItem), [{"package_id": package_id, **i} for i in items])


async def item_pairs(session: AsyncSession, package_id: int) -> list[tuple[str, Item]]:
    rows = await session.execute(
        select(PackageItem.gender, Item).join(Item, Item.id == PackageItem.item_id).where(
            PackageItem.package_id == package_id
        )
    )
    return [(gender, item) for gender, item in rows]


# ---------------------------------------------------------------- lists

SORTABLE = {"id": Package.id, "sort": Package.sort, "name": Package.name, "created_at": Package.created_at}


def filtered(filters: PackageFilters) -> Select[Any]:
    stmt = package_select()
    if (clause := keyword_clause(filters.keyword, Package.name)) is not None:
        stmt = stmt.where(clause)
    if filters.brand_id is not None:
        stmt = stmt.where(Package.brand_id == filters.brand_id)
    if filters.hospital_id is not None:
        stmt = stmt.where(exists().where(
            package_hospitals.c.package_id == Package.id, package_hospitals.c.hospital_id == filters.hospital_id
        ))
    if filters.category_id is not None:
        stmt = stmt.where(exists().where(
            package_categories.c.package_id == Package.id, package_categories.c.category_id == filters.category_id
        ))
    if filters.recommended is not None:
        stmt = stmt.where(Package.recommended.is_(filters.recommended))
    if filters.status is not None:
        stmt = stmt.where(Package.status == filters.status)
    return stmt


async def list_packages(session: AsyncSession, filters: PackageFilters, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(filtered(filters), params.sort, SORTABLE, [Package.sort, Package.id])
    rows, total = await paginate(session, stmt, params, scalars=False)
    data = await packages_out(session, rows, with_items=False)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {
            "brand_list": await brand_options(session),
            "category_list": await category_options(session),
            "hospital_list": await hospital_options(session),
            "recommended_list": enum_options(RECOMMENDED_LABELS),
            "status_list": enum_options(SHELF_LABELS),
        }
    return list_response(data, total, params, option_lists)


# What a member may see and book: packages on shelf, of a brand that is online.
BOOKABLE = (Package.status == "online", Brand.status == "online")


async def bookable_packages(session: AsyncSession, filters: PackageFilters, params: PageParams) -> dict[str, Any]:
    """The members' list (the member response model leaves out what the hospital is paid)."""
    stmt = filtered(filters).where(*BOOKABLE)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Package.recommended.desc(), Package.sort, Package.id])
    rows, total = await paginate(session, stmt, params, scalars=False)
    data = await packages_out(session, rows, with_items=False)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {"category_list": await category_options(session), "brand_list": await brand_options(session)}
    return list_response(data, total, params, option_lists)


async def bookable_package(session: AsyncSession, package_id: int) -> dict[str, Any]:
    """A package a member may book (on shelf, its brand online), or 404."""
    return await package_detail(session, package_id, where=Package.status == "online", brand_online=True)


async def member_schedule(session: AsyncSession, hospital_id: int, month: str) -> dict[str, Any]:
    hospital = await session.get(Hospital, hospital_id)
    if hospital is None or hospital.status != "active":
        raise Problem(404, "not_found", "医院不存在")
    return await month_view(session, hospital_id, month)


# ---------------------------------------------------------------- writes


async def create_package(session: AsyncSession, body: PackageIn, actor: dict[str, Any]) -> dict[str, Any]:
    items = [i.model_dump() for i in body.items]
    await check_links(session, body.brand_id, body.hospital_ids, body.category_ids, [i["item_id"] for i in items])
    linked = ("hospital_ids", "category_ids", "items")
    scalar_fields = {n: getattr(body, n) for n in PackageIn.model_fields if n not in linked}
    package = Package(**scalar_fields, **actor_columns(actor))
    session.add(package)
    await session.flush()
    await replace_links(session, package.id, body.hospital_ids, body.category_ids, items)
    check_prices(package, await item_pairs(session, package.id))
    await session.commit()
    return await package_detail(session, package.id)


async def update_package(
    session: AsyncSession, package_id: int, body: PackagePatch, if_match: int | None
) -> dict[str, Any]:
    values = patch_values(body, nullable=frozenset({"price", "settlement_price"}))
    current = await get_or_404(session, Package, package_id, "套餐")
    hospital_ids = values.pop("hospital_ids", None)
    category_ids = values.pop("category_ids", None)
    items = [i.model_dump() for i in values.pop("items")] if "items" in values else None
    # Stores and items must stay the brand's own, including the ones not sent when the brand changes.
    brand_id = values.get("brand_id", current.brand_id)
    effective_hospitals = hospital_ids if hospital_ids is not None else list(
        (await session.execute(
            select(package_hospitals.c.hospital_id).where(package_hospitals.c.package_id == package_id)
        )).scalars()
    )
    effective_items = [i["item_id"] for i in items] if items is not None else list(
        (await session.execute(select(PackageItem.item_id).where(PackageItem.package_id == package_id))).scalars()
    )
    await check_links(session, brand_id, effective_hospitals, category_ids, effective_items)
    await update_versioned(session, Package, package_id, resolve_version(body.version, if_match), values)
    await replace_links(session, package_id, hospital_ids, category_ids, items)
    # Checked on the row as it now is (the session still holds the copy read before the update).
    package = await session.get(Package, package_id, populate_existing=True)
    check_prices(package, await item_pairs(session, package_id))  # type: ignore[arg-type]
    await session.commit()
    return await package_detail(session, package_id)


async def delete_package(session: AsyncSession, package_id: int) -> None:
    await delete_row(session, await get_or_404(session, Package, package_id, "套餐"), "套餐")
