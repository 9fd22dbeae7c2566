"""Catalogue queries and writes: brands (with derived store counts), categories, diseases, items.

Each function that changes a row commits it (docs/contributing.md, "who commits"); items live in
`catalogue/items.py`.
"""

from __future__ import annotations

from typing import Any

from fastapi import UploadFile
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from health.catalogue.models import Brand, BrandLogo, Category, Disease
from health.catalogue.schemas import (
    BrandFilters,
    BrandIn,
    BrandPatch,
    BrandStatusIn,
    CategoryIn,
    CategoryPatch,
    DiseaseFilters,
    DiseaseIn,
    DiseasePatch,
)
from health.common import (
    BRAND_TYPES,
    ONLINE_LABELS,
    actor_columns,
    commit_unique,
    created_by,
    delete_row,
    get_or_404,
    patch_values,
    require_row,
    unique_guard,
)
from health.hospitals.models import Hospital
from shared.concurrency import resolve_version, update_versioned
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, options, paginate
from shared.money import format_money
from shared.problems import Problem, field_error

LOGO_TYPES = {"image/png", "image/jpeg", "image/webp", "image/gif"}
MAX_LOGO_BYTES = 512 * 1024

# ---------------------------------------------------------------- brands


def store_count_column() -> Any:
    """门店数量 is derived: the brand's hospitals, counted when read (never a stored counter to drift)."""
    return (
        select(func.count(Hospital.id)).where(Hospital.brand_id == Brand.id).correlate(Brand).scalar_subquery()
    ).label("store_count")


def brand_out(brand: Brand, store_count: int) -> dict[str, Any]:
    return {
        "id": brand.id,
        "name": brand.name,
        "brand_type": brand.brand_type,
        "logo_url": brand.logo_url,
        "store_count": store_count,
        "prepayment": format_money(brand.prepayment),
        "sort": brand.sort,
        "status": brand.status,
        "status_label": ONLINE_LABELS[brand.status],
        "created_by": created_by(brand),
        "created_at": brand.created_at,
        "updated_at": brand.updated_at,
        "version": brand.version,
    }


async def brand_with_count(session: AsyncSession, brand_id: int) -> dict[str, Any]:
    stmt = select(Brand, store_count_column()).where(Brand.id == brand_id)
    # Fresh from the database: the session may hold the row as it was before an update.
    row = (await session.execute(stmt.execution_options(populate_existing=True))).first()
    if row is None:
        raise Problem(404, "not_found", "品牌不存在")
    return brand_out(row[0], row[1])


async def brand_options(session: AsyncSession) -> list[dict[str, str]]:
    rows = await session.execute(select(Brand.id, Brand.name).order_by(Brand.sort, Brand.id))
    return options(rows.all())


BRAND_SORTABLE = {"id": Brand.id, "sort": Brand.sort, "name": Brand.name, "created_at": Brand.created_at}


async def list_brands(session: AsyncSession, filters: BrandFilters, params: PageParams) -> dict[str, Any]:
    stmt = select(Brand, store_count_column())
    if (clause := keyword_clause(filters.keyword, Brand.name)) is not None:
        stmt = stmt.where(clause)
    if filters.brand_type:
        stmt = stmt.where(Brand.brand_type == filters.brand_type)
    if filters.status:
        stmt = stmt.where(Brand.status == filters.status)
    stmt = apply_sort(stmt, params.sort, BRAND_SORTABLE, [Brand.sort.asc(), Brand.id.asc()])
    rows, total = await paginate(session, stmt, params, scalars=False, row=lambda r: brand_out(r[0], r[1]))
    return list_response(
        rows, total, params,
        {"brand_type_list": options((t, t) for t in BRAND_TYPES), "status_list": enum_options(ONLINE_LABELS)},
    )


async def create_brand(session: AsyncSession, body: BrandIn, actor: dict[str, Any]) -> dict[str, Any]:
    brand = Brand(**dict(body), **actor_columns(actor))
    session.add(brand)
    await commit_unique(session, "name", "品牌名称已存在")
    return await brand_with_count(session, brand.id)


async def update_brand(
    session: AsyncSession, brand_id: int, body: BrandPatch | BrandStatusIn, if_match: int | None
) -> dict[str, Any]:
    """A PATCH and the 上线/下线 switch (a BrandStatusIn is a patch of the status alone)."""
    values = patch_values(body)
    async with unique_guard(session, "name", "品牌名称已存在"):
        await update_versioned(session, Brand, brand_id, resolve_version(body.version, if_match), values)
        await session.commit()
    return await brand_with_count(session, brand_id)


async def set_brand_logo(session: AsyncSession, brand_id: int, file: UploadFile) -> dict[str, Any]:
    brand = await get_or_404(session, Brand, brand_id, "品牌")
    if file.content_type not in LOGO_TYPES:
        raise Problem(415, "unsupported_image", "logo 只支持 png/jpeg/webp/gif 图片")
    data = await file.read(MAX_LOGO_BYTES + 1)
    if len(data) > MAX_LOGO_BYTES:
        raise Problem(413, "image_too_large", "logo 不能超过 512KB")
    if not data:
        raise Problem(422, "empty_file", "文件是空的")
    logo = await session.get(BrandLogo, brand_id)
    if logo is None:
        session.add(BrandLogo(brand_id=brand_id, content_type=file.content_type, data=data))
    else:
        logo.content_type, logo.data = file.content_type, data
    brand.logo_url = f"/api/health/brands/{brand_id}/logo"
    brand.version += 1
    await session.commit()
    return await brand_with_count(session, brand_id)


async def brand_logo(session: AsyncSession, brand_id: int) -> BrandLogo:
    return await get_or_404(session, BrandLogo, brand_id, "品牌logo")  # type: ignore[no-any-return]


async def delete_brand(session: AsyncSession, brand_id: int) -> None:
    await delete_row(session, await get_or_404(session, Brand, brand_id, "品牌"), "品牌")


# ---------------------------------------------------------------- categories


def category_out(category: Category) -> dict[str, Any]:
    return {
        "id": category.id,
        "name": category.name,
        "sort": category.sort,
        "created_by": created_by(category),
        "created_at": category.created_at,
        "updated_at": category.updated_at,
        "version": category.version,
    }


async def category_options(session: AsyncSession) -> list[dict[str, str]]:
    rows = await session.execute(select(Category.id, Category.name).order_by(Category.sort, Category.id))
    return options(rows.all())


CATEGORY_SORTABLE = {"id": Category.id, "sort": Category.sort, "name": Category.name,
                     "created_at": Category.created_at}


async def list_categories(session: AsyncSession, keyword: str | None, params: PageParams) -> dict[str, Any]:
    stmt = select(Category)
    if (clause := keyword_clause(keyword, Category.name)) is not None:
        stmt = stmt.where(clause)
    stmt = apply_sort(stmt, params.sort, CATEGORY_SORTABLE, [Category.sort.asc(), Category.id.asc()])
    rows, total = await paginate(session, stmt, params, row=category_out)
    return list_response(rows, total, params)


async def get_category(session: AsyncSession, category_id: int) -> dict[str, Any]:
    return category_out(await get_or_404(session, Category, category_id, "分类"))


async def create_category(session: AsyncSession, body: CategoryIn, actor: dict[str, Any]) -> dict[str, Any]:
    category = Category(**dict(body), **actor_columns(actor))
    session.add(category)
    await commit_unique(session, "name", "分类名称已存在")
    return category_out(category)


async def update_category(
    session: AsyncSession, category_id: int, body: CategoryPatch, if_match: int | None
) -> dict[str, Any]:
    values = patch_values(body)
    async with unique_guard(session, "name", "分类名称已存在"):
        row = await update_versioned(session, Category, category_id, resolve_version(body.version, if_match), values)
        await session.commit()
    return category_out(row)


async def delete_category(session: AsyncSession, category_id: int) -> None:
    await delete_row(session, await get_or_404(session, Category, category_id, "分类"), "分类")


# ---------------------------------------------------------------- diseases


def disease_out(disease: Disease, parent_name: str | None) -> dict[str, Any]:
    return {
        "id": disease.id,
        "name": disease.name,
        "parent_id": disease.parent_id,
        "parent_name": parent_name or "",
        "description": disease.description,
        "sort": disease.sort,
        "created_by": created_by(disease),
        "created_at": disease.created_at,
        "updated_at": disease.updated_at,
        "version": disease.version,
    }


async def disease_options(session: AsyncSession, *, groups_only: bool = False) -> list[dict[str, str]]:
    stmt = select(Disease.id, Disease.name).order_by(Disease.sort, Disease.id)
    if groups_only:
        stmt = stmt.where(Disease.parent_id.is_(None))
    return options((await session.execute(stmt)).all())


DISEASE_SORTABLE = {"id": Disease.id, "sort": Disease.sort, "name": Disease.name, "created_at": Disease.created_at}


def _disease_select() -> Select[Any]:
    parent = Disease.__table__.alias("parent")
    return select(Disease, parent.c.name).outerjoin(parent, parent.c.id == Disease.parent_id)


async def list_diseases(session: AsyncSession, filters: DiseaseFilters, params: PageParams) -> dict[str, Any]:
    stmt = _disease_select()
    if (clause := keyword_clause(filters.keyword, Disease.name)) is not None:
        stmt = stmt.where(clause)
    if filters.parent_id == 0:
        stmt = stmt.where(Disease.parent_id.is_(None))
    elif filters.parent_id is not None:
        stmt = stmt.where(Disease.parent_id == filters.parent_id)
    stmt = apply_sort(stmt, params.sort, DISEASE_SORTABLE, [Disease.sort.asc(), Disease.id.asc()])
    rows, total = await paginate(session, stmt, params, scalars=False, row=lambda r: disease_out(r[0], r[1]))
    groups = await disease_options(session, groups_only=True) if params.with_options else []
    return list_response(rows, total, params, {"group_list": groups})


async def get_disease(session: AsyncSession, disease_id: int) -> dict[str, Any]:
    stmt = _disease_select().where(Disease.id == disease_id).execution_options(populate_existing=True)
    row = (await session.execute(stmt)).first()
    if row is None:
        raise Problem(404, "not_found", "疾病不存在")
    return disease_out(row[0], row[1])


async def check_disease_parent(session: AsyncSession, disease_id: int | None, parent_id: int | None) -> None:
    """Two levels only: a parent must itself be a group, and a disease cannot be its own parent."""
    if parent_id is None:
        return
    if disease_id is not None and parent_id == disease_id:
        raise field_error("parent_id", "不能把自己设为上级", "invalid_parent")
    parent = await require_row(session, Disease, parent_id, "parent_id", "上级分组")
    if parent.parent_id is not None:
        raise field_error("parent_id", "上级必须是疾病分组", "invalid_parent")
    if disease_id is not None:
        has_children = await session.scalar(select(func.count()).where(Disease.parent_id == disease_id))
        if has_children:
            raise Problem(
                422, "invalid_parent", "该分组下还有疾病，不能再挂到其他分组下",
                errors=[{"field": "parent_id", "message": "分组不能再有上级"}],
            )


async def create_disease(session: AsyncSession, body: DiseaseIn, actor: dict[str, Any]) -> dict[str, Any]:
    await check_disease_parent(session, None, body.parent_id)
    disease = Disease(**dict(body), **actor_columns(actor))
    session.add(disease)
    await commit_unique(session, "name", "疾病名称已存在")
    return await get_disease(session, disease.id)


async def update_disease(
    session: AsyncSession, disease_id: int, body: DiseasePatch, if_match: int | None
) -> dict[str, Any]:
    values = patch_values(body, nullable=frozenset({"parent_id"}))
    await get_or_404(session, Disease, disease_id, "疾病")
    if "parent_id" in values:
        await check_disease_parent(session, disease_id, values["parent_id"])
    async with unique_guard(session, "name", "疾病名称已存在"):
        await update_versioned(session, Disease, disease_id, resolve_version(body.version, if_match), values)
        await session.commit()
    return await get_disease(session, disease_id)


async def delete_disease(session: AsyncSession, disease_id: int) -> None:
    await delete_row(session, await get_or_404(session, Disease, disease_id, "疾病"), "疾病")
