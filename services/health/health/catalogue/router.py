"""Admin API of the catalogue: /api/health/brands, /items, /categories, /diseases."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from pydantic import ValidationError
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from health.catalogue import service
from health.catalogue.models import Brand, BrandLogo, Category, Disease, Item, item_diseases
from health.catalogue.schemas import (
    BrandIn,
    BrandPatch,
    BrandStatusIn,
    CategoryIn,
    CategoryPatch,
    DiseaseIn,
    DiseasePatch,
    ItemIn,
    ItemPatch,
)
from health.common import (
    BRAND_TYPES,
    ONLINE_LABELS,
    actor_columns,
    commit_unique,
    delete_row,
    get_or_404,
    patch_values,
    unique_guard,
)
from shared.app import db_session
from shared.concurrency import expected_version, resolve_version, update_versioned
from shared.identity import Principal, Require
from shared.listing import (
    PageParams,
    apply_sort,
    check_range,
    enum_options,
    keyword_clause,
    list_response,
    options,
    page_params,
    paginate,
)
from shared.problems import Problem
from shared.xlsx import read_upload, xlsx_response

router = APIRouter(prefix="/api/health", tags=["体检管理: 品牌/单项/分类/疾病"])

LOGO_TYPES = {"image/png", "image/jpeg", "image/webp", "image/gif"}
MAX_LOGO_BYTES = 512 * 1024

# ---------------------------------------------------------------- brands


@router.get("/brands", summary="品牌列表")
async def list_brands(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=100),
    brand_type: str | None = Query(None, max_length=16),
    status: str | None = Query(None, pattern="^(online|offline)$"),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:list")),
) -> dict[str, Any]:
    stmt = select(Brand, service.store_count_column())
    if (clause := keyword_clause(keyword, Brand.name)) is not None:
        stmt = stmt.where(clause)
    if brand_type:
        stmt = stmt.where(Brand.brand_type == brand_type)
    if status:
        stmt = stmt.where(Brand.status == status)
    sortable = {"id": Brand.id, "sort": Brand.sort, "name": Brand.name, "created_at": Brand.created_at}
    stmt = apply_sort(stmt, params.sort, sortable, [Brand.sort.asc(), Brand.id.asc()])
    rows, total = await paginate(session, stmt, params, scalars=False, row=lambda r: service.brand_out(r[0], r[1]))
    return list_response(
        rows, total, params,
        {"brand_type_list": options((t, t) for t in BRAND_TYPES), "status_list": enum_options(ONLINE_LABELS)},
    )


@router.get("/brands/{brand_id}", summary="品牌详情")
async def get_brand(
    brand_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:list")),
) -> dict[str, Any]:
    return await service.brand_with_count(session, brand_id)


@router.post("/brands", status_code=201, summary="新增品牌")
async def create_brand(
    body: BrandIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:brand:create")),
) -> dict[str, Any]:
    brand = Brand(**dict(body), **actor_columns(principal.actor))
    session.add(brand)
    await commit_unique(session, "name", "品牌名称已存在")
    return await service.brand_with_count(session, brand.id)


@router.patch("/brands/{brand_id}", summary="修改品牌")
async def update_brand(
    brand_id: int,
    body: BrandPatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:update")),
) -> dict[str, Any]:
    values = patch_values(body)
    async with unique_guard(session, "name", "品牌名称已存在"):
        await update_versioned(session, Brand, brand_id, resolve_version(body.version, if_match), values)
        await session.commit()
    return await service.brand_with_count(session, brand_id)


@router.post("/brands/{brand_id}/status", summary="品牌上线/下线")
async def set_brand_status(
    brand_id: int,
    body: BrandStatusIn,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:update")),
) -> dict[str, Any]:
    await update_versioned(session, Brand, brand_id, resolve_version(body.version, if_match), {"status": body.status})
    await session.commit()
    return await service.brand_with_count(session, brand_id)


@router.post("/brands/{brand_id}/logo", summary="上传品牌logo")
async def upload_brand_logo(
    brand_id: int,
    file: UploadFile = File(...),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:update")),
) -> dict[str, Any]:
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
    return await service.brand_with_count(session, brand_id)


@router.get("/brands/{brand_id}/logo", summary="品牌logo图片")
async def get_brand_logo(
    brand_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:list")),
) -> Response:
    logo = await get_or_404(session, BrandLogo, brand_id, "品牌logo")
    return Response(logo.data, media_type=logo.content_type, headers={"cache-control": "private, max-age=300"})


@router.delete("/brands/{brand_id}", status_code=204, summary="删除品牌")
async def delete_brand(
    brand_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:brand:delete")),
) -> Response:
    await delete_row(session, await get_or_404(session, Brand, brand_id, "品牌"), "品牌")
    return Response(status_code=204)


# ---------------------------------------------------------------- categories


@router.get("/categories", summary="套餐分类列表")
async def list_categories(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=50),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:category:list")),
) -> dict[str, Any]:
    stmt = select(Category)
    if (clause := keyword_clause(keyword, Category.name)) is not None:
        stmt = stmt.where(clause)
    sortable = {"id": Category.id, "sort": Category.sort, "name": Category.name, "created_at": Category.created_at}
    stmt = apply_sort(stmt, params.sort, sortable, [Category.sort.asc(), Category.id.asc()])
    rows, total = await paginate(session, stmt, params, row=service.category_out)
    return list_response(rows, total, params)


@router.get("/categories/{category_id}", summary="套餐分类详情")
async def get_category(
    category_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:category:list")),
) -> dict[str, Any]:
    return service.category_out(await get_or_404(session, Category, category_id, "分类"))


@router.post("/categories", status_code=201, summary="新增套餐分类")
async def create_category(
    body: CategoryIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:category:create")),
) -> dict[str, Any]:
    category = Category(**dict(body), **actor_columns(principal.actor))
    session.add(category)
    await commit_unique(session, "name", "分类名称已存在")
    return service.category_out(category)


@router.patch("/categories/{category_id}", summary="修改套餐分类")
async def update_category(
    category_id: int,
    body: CategoryPatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:category:update")),
) -> dict[str, Any]:
    values = patch_values(body)
    async with unique_guard(session, "name", "分类名称已存在"):
        row = await update_versioned(session, Category, category_id, resolve_version(body.version, if_match), values)
        await session.commit()
    return service.category_out(row)


@router.delete("/categories/{category_id}", status_code=204, summary="删除套餐分类")
async def delete_category(
    category_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:category:delete")),
) -> Response:
    await delete_row(session, await get_or_404(session, Category, category_id, "分类"), "分类")
    return Response(status_code=204)


# ---------------------------------------------------------------- diseases


@router.get("/diseases", summary="疾病列表")
async def list_diseases(
    params: PageParams = Depends(page_params),
    keyword: str | None = Query(None, max_length=50),
    parent_id: int | None = Query(None, ge=0, description="分组 id；0 表示只看分组"),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:disease:list")),
) -> dict[str, Any]:
    parent = Disease.__table__.alias("parent")
    stmt = select(Disease, parent.c.name).outerjoin(parent, parent.c.id == Disease.parent_id)
    if (clause := keyword_clause(keyword, Disease.name)) is not None:
        stmt = stmt.where(clause)
    if parent_id == 0:
        stmt = stmt.where(Disease.parent_id.is_(None))
    elif parent_id is not None:
        stmt = stmt.where(Disease.parent_id == parent_id)
    sortable = {"id": Disease.id, "sort": Disease.sort, "name": Disease.name, "created_at": Disease.created_at}
    stmt = apply_sort(stmt, params.sort, sortable, [Disease.sort.asc(), Disease.id.asc()])
    rows, total = await paginate(
        session, stmt, params, scalars=False, row=lambda r: service.disease_out(r[0], r[1])
    )
    groups = await service.disease_options(session, groups_only=True) if params.with_options else []
    return list_response(rows, total, params, {"group_list": groups})


@router.get("/diseases/{disease_id}", summary="疾病详情")
async def get_disease(
    disease_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:disease:list")),
) -> dict[str, Any]:
    disease = await session.get(Disease, disease_id, populate_existing=True)
    if disease is None:
        raise Problem(404, "not_found", "疾病不存在")
    parent = await session.get(Disease, disease.parent_id) if disease.parent_id else None
    return service.disease_out(disease, parent.name if parent else None)


@router.post("/diseases", status_code=201, summary="新增疾病")
async def create_disease(
    body: DiseaseIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:disease:create")),
) -> dict[str, Any]:
    await service.check_disease_parent(session, None, body.parent_id)
    disease = Disease(**dict(body), **actor_columns(principal.actor))
    session.add(disease)
    await commit_unique(session, "name", "疾病名称已存在")
    return await get_disease(disease.id, session, principal)


@router.patch("/diseases/{disease_id}", summary="修改疾病")
async def update_disease(
    disease_id: int,
    body: DiseasePatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:disease:update")),
) -> dict[str, Any]:
    values = patch_values(body, nullable=frozenset({"parent_id"}))
    await get_or_404(session, Disease, disease_id, "疾病")
    if "parent_id" in values:
        await service.check_disease_parent(session, disease_id, values["parent_id"])
    async with unique_guard(session, "name", "疾病名称已存在"):
        await update_versioned(session, Disease, disease_id, resolve_version(body.version, if_match), values)
        await session.commit()
    return await get_disease(disease_id, session, principal)


@router.delete("/diseases/{disease_id}", status_code=204, summary="删除疾病")
async def delete_disease(
    disease_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:disease:delete")),
) -> Response:
    await delete_row(session, await get_or_404(session, Disease, disease_id, "疾病"), "疾病")
    return Response(status_code=204)


# ---------------------------------------------------------------- items

ITEM_COLUMNS = [
    ("id", "id"),
    ("name", "单项名称"),
    ("brand_name", "医院品牌"),
    ("sale_price", "售价"),
    ("market_price", "市场价"),
    ("settlement_price", "结算价"),
    ("disease_names", "检查疾病"),
    ("meaning", "检查意义"),
    ("sort", "排序"),
    ("created_by_name", "创建人"),
]
IMPORT_COLUMNS = [c for c in ITEM_COLUMNS if c[0] not in ("id", "created_by_name")]


def item_filters(
    keyword: str | None = Query(None, max_length=100),
    brand_id: int | None = Query(None, ge=1),
    disease_id: int | None = Query(None, ge=1),
    sale_price_from: Decimal | None = Query(None, ge=0, max_digits=14, decimal_places=2),
    sale_price_to: Decimal | None = Query(None, ge=0, max_digits=14, decimal_places=2),
) -> list[Any]:
    check_range("sale_price", sale_price_from, sale_price_to)
    where: list[Any] = []
    if (clause := keyword_clause(keyword, Item.name)) is not None:
        where.append(clause)
    if brand_id is not None:
        where.append(Item.brand_id == brand_id)
    if disease_id is not None:
        where.append(
            exists().where(item_diseases.c.item_id == Item.id, item_diseases.c.disease_id == disease_id)
        )
    if sale_price_from is not None:
        where.append(Item.sale_price >= sale_price_from)
    if sale_price_to is not None:
        where.append(Item.sale_price <= sale_price_to)
    return where


ITEM_SORTABLE = {
    "id": Item.id, "sort": Item.sort, "name": Item.name, "sale_price": Item.sale_price,
    "market_price": Item.market_price, "settlement_price": Item.settlement_price, "created_at": Item.created_at,
}


@router.get("/items", summary="单项列表")
async def list_items(
    params: PageParams = Depends(page_params),
    where: list[Any] = Depends(item_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:item:list")),
) -> dict[str, Any]:
    stmt = apply_sort(service.item_select().where(*where), params.sort, ITEM_SORTABLE, [Item.sort.asc(), Item.id.asc()])
    rows, total = await paginate(session, stmt, params, scalars=False)
    data = await service.items_out(session, rows)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {
            "brand_list": await service.brand_options(session),
            "disease_list": await service.disease_options(session),
        }
    return list_response(data, total, params, option_lists)


@router.get("/items/export", summary="导出单项")
async def export_items(
    where: list[Any] = Depends(item_filters),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:item:export")),
) -> Response:
    rows = (await session.execute(service.item_select().where(*where).order_by(Item.sort, Item.id))).all()
    data = await service.items_out(session, list(rows))
    for row in data:
        row["disease_names"] = "、".join(d["name"] for d in row["diseases"])
        row["created_by_name"] = row["created_by"]["name"]
    return xlsx_response("单项.xlsx", ITEM_COLUMNS, data)


@router.post("/items/import", summary="导入单项（.xlsx/.csv，有错则整批不写入）")
async def import_items(
    file: UploadFile = File(...),
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:item:import")),
) -> dict[str, Any]:
    rows = await read_upload(file, IMPORT_COLUMNS)
    brands = {name: bid for bid, name in (await session.execute(select(Brand.id, Brand.name))).all()}
    diseases = {name: did for did, name in (await session.execute(select(Disease.id, Disease.name))).all()}
    errors: list[dict[str, Any]] = []
    parsed: list[ItemIn] = []
    seen: set[tuple[int, str]] = set()
    for number, raw in rows:
        row_errors: list[str] = []
        brand_id = brands.get(raw.get("brand_name", ""))
        if brand_id is None:
            row_errors.append(f"医院品牌「{raw.get('brand_name', '')}」不存在")
        names = [n for n in re.split(r"[、,，;；]", raw.get("disease_names", "")) if n.strip()]
        unknown = [n.strip() for n in names if n.strip() not in diseases]
        if unknown:
            row_errors.append(f"检查疾病不存在: {'、'.join(unknown)}")
        try:
            item = ItemIn(
                name=raw.get("name", ""),
                brand_id=brand_id or 1,
                sale_price=raw.get("sale_price", ""),
                market_price=raw.get("market_price", ""),
                settlement_price=raw.get("settlement_price", ""),
                disease_ids=[diseases[n.strip()] for n in names if n.strip() in diseases],
                meaning=raw.get("meaning", ""),
                sort=raw.get("sort") or 0,
            )
        except ValidationError as exc:
            row_errors.extend(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        except Problem as exc:
            row_errors.extend(e["message"] for e in exc.errors)
        else:
            key = (item.brand_id, item.name)
            if brand_id is not None and key in seen:
                row_errors.append("文件内单项重复")
            seen.add(key)
            parsed.append(item)
        if row_errors:
            errors.append({"row": number, "messages": row_errors})
    if errors:
        raise Problem(422, "import_failed", f"{len(errors)} 行有错误，整批未导入", rows=errors)
    existing = set((await session.execute(select(Item.brand_id, Item.name))).all())
    clashes = [{"row": n, "messages": ["该品牌下已有同名单项"]}
               for (n, _), item in zip(rows, parsed, strict=True) if (item.brand_id, item.name) in existing]
    if clashes:
        raise Problem(422, "import_failed", f"{len(clashes)} 行有错误，整批未导入", rows=clashes)
    async with unique_guard(session, "name", "该品牌下已有同名单项"):
        for item in parsed:
            await service.create_item(session, {n: getattr(item, n) for n in ItemIn.model_fields}, principal.actor)
        await session.commit()
    return {"created": len(parsed)}


@router.get("/items/{item_id}", summary="单项详情")
async def get_item(
    item_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:item:list")),
) -> dict[str, Any]:
    return await service.item_detail(session, item_id)


@router.post("/items", status_code=201, summary="新增单项")
async def create_item(
    body: ItemIn,
    session: AsyncSession = Depends(db_session),
    principal: Principal = Depends(Require("health:item:create")),
) -> dict[str, Any]:
    values = {name: getattr(body, name) for name in ItemIn.model_fields}
    async with unique_guard(session, "name", "该品牌下已有同名单项"):
        item = await service.create_item(session, values, principal.actor)
        await session.commit()
    return await service.item_detail(session, item.id)


@router.patch("/items/{item_id}", summary="修改单项")
async def update_item(
    item_id: int,
    body: ItemPatch,
    if_match: int | None = Depends(expected_version),
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:item:update")),
) -> dict[str, Any]:
    values = patch_values(body)
    async with unique_guard(session, "name", "该品牌下已有同名单项"):
        await service.update_item(session, item_id, values, body.version, if_match)
        await session.commit()
    return await service.item_detail(session, item_id)


@router.delete("/items/{item_id}", status_code=204, summary="删除单项")
async def delete_item(
    item_id: int,
    session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("health:item:delete")),
) -> Response:
    await delete_row(session, await get_or_404(session, Item, item_id, "单项"), "单项")
    return Response(status_code=204)

