"""Brands: list, create, update, delete (refused while goods use the brand), logo."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pypinyin import Style, lazy_pinyin
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mall.brands.models import Brand
from mall.brands.schemas import BrandIn, BrandOut, BrandUpdate, MemberBrand
from mall.common import commit_or_conflict, conflicts_as_409
from mall.goods.images import Picture, drop_images, image_url, replace_picture
from mall.goods.models import Goods
from shared.concurrency import resolve_version, update_versioned
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, paginate
from shared.problems import Problem, not_found
from shared.storage import FileStorage

SHOWN_LABELS = {"true": "显示", "false": "隐藏"}
SORTABLE = {"id": Brand.id, "name": Brand.name, "first_letter": Brand.first_letter, "sort": Brand.sort,
            "created_at": Brand.created_at}
EXPORT_COLUMNS = [("id", "ID"), ("name", "品牌名称"), ("first_letter", "首字母"), ("sort", "排序"),
                  ("shown_label", "是否显示"), ("goods_count", "商品数"), ("description", "品牌故事"),
                  ("created_by_name", "创建人"), ("created_at", "创建时间")]


@dataclass(frozen=True)
class BrandFilters:
    keyword: str | None = None
    shown: bool | None = None


def first_letter_of(name: str) -> str:
    letter = (lazy_pinyin(name, style=Style.FIRST_LETTER) or [""])[0][:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


def brand_out(brand: Brand, goods_count: int = 0) -> BrandOut:
    return BrandOut(
        id=brand.id, name=brand.name, first_letter=brand.first_letter, logo_image_id=brand.logo_image_id,
        logo_url=image_url(brand.logo_image_id), description=brand.description, sort=brand.sort, shown=brand.shown,
        shown_label=SHOWN_LABELS[str(brand.shown).lower()], goods_count=goods_count,
        created_by_id=brand.created_by_id, created_by_name=brand.created_by_name, created_at=brand.created_at,
        updated_at=brand.updated_at, version=brand.version,
    )


def _filtered(f: BrandFilters) -> Select[Any]:
    stmt = select(Brand)
    if (clause := keyword_clause(f.keyword, Brand.name)) is not None:
        stmt = stmt.where(clause)
    if f.shown is not None:
        stmt = stmt.where(Brand.shown == f.shown)
    return stmt


async def _goods_counts(session: AsyncSession, brand_ids: list[int]) -> dict[int, int]:
    if not brand_ids:
        return {}
    rows = await session.execute(
        select(Goods.brand_id, func.count()).where(Goods.brand_id.in_(brand_ids)).group_by(Goods.brand_id)
    )
    return {brand_id: int(count) for brand_id, count in rows.all()}


async def list_brands(session: AsyncSession, f: BrandFilters, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_filtered(f), params.sort, SORTABLE, [Brand.sort, Brand.id])
    rows, total = await paginate(session, stmt, params)
    counts = await _goods_counts(session, [b.id for b in rows])
    body: dict[str, Any] = {"data_list": [brand_out(b, counts.get(b.id, 0)) for b in rows], "page": params.page,
                            "page_size": params.page_size, "total": total}
    if params.with_options:
        body["shown_list"] = enum_options(SHOWN_LABELS)
    return body


async def export_rows(session: AsyncSession, f: BrandFilters) -> list[dict[str, Any]]:
    rows = list((await session.execute(_filtered(f).order_by(Brand.sort, Brand.id).limit(50_000))).scalars())
    counts = await _goods_counts(session, [b.id for b in rows])
    return [brand_out(b, counts.get(b.id, 0)).model_dump() for b in rows]


async def get_brand(session: AsyncSession, brand_id: int) -> BrandOut:
    brand = await session.get(Brand, brand_id)
    if brand is None:
        raise not_found("品牌")
    return brand_out(brand, (await _goods_counts(session, [brand_id])).get(brand_id, 0))


def _values(body: BrandIn) -> dict[str, Any]:
    values = body.model_dump(exclude={"version"})
    values["first_letter"] = body.first_letter or first_letter_of(body.name)
    return values


async def create_brand(session: AsyncSession, body: BrandIn, principal: Principal) -> BrandOut:
    actor = principal.actor
    brand = Brand(**_values(body), created_by_id=actor.get("id"), created_by_name=actor.get("name") or "")
    session.add(brand)
    await commit_or_conflict(session, "name", "品牌名称已存在")
    return brand_out(brand)


async def update_brand(session: AsyncSession, brand_id: int, body: BrandUpdate, if_match: int | None) -> BrandOut:
    version = resolve_version(body.version, if_match)
    async with conflicts_as_409(session, "name", "品牌名称已存在"):
        await update_versioned(session, Brand, brand_id, version, _values(body))
        await session.commit()
    return await get_brand(session, brand_id)


async def delete_brand(session: AsyncSession, brand_id: int, storage: FileStorage) -> None:
    brand = await session.get(Brand, brand_id, with_for_update=True)
    if brand is None:
        raise not_found("品牌")
    if (await _goods_counts(session, [brand_id])).get(brand_id):
        raise Problem(409, "in_use", "该品牌下还有商品，不能删除")
    await session.delete(brand)
    await drop_images(session, storage, "brand", brand_id)
    await commit_or_conflict(session, "id", "该品牌下还有商品，不能删除")


async def set_logo(session: AsyncSession, storage: FileStorage, brand_id: int, picture: Picture) -> BrandOut:
    brand = await session.get(Brand, brand_id, with_for_update=True)
    if brand is None:
        raise not_found("品牌")
    await replace_picture(session, storage, brand, "brand", "logo_image_id", picture)
    return await get_brand(session, brand_id)


async def shown_brands(session: AsyncSession) -> list[MemberBrand]:
    rows = (await session.execute(select(Brand).where(Brand.shown).order_by(Brand.first_letter, Brand.sort,
                                                                            Brand.id))).scalars()
    return [MemberBrand(id=b.id, name=b.name, first_letter=b.first_letter, logo_url=image_url(b.logo_image_id, "app"))
            for b in rows]
