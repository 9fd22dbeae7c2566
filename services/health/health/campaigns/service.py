"""Campaigns and sign-ups: admin CRUD and lists, the member's sign-up, the hospital's check.

Each function that changes a row commits it. The quota is held by one conditional UPDATE
(`taken < quota` inside the period) in the same transaction as the sign-up's INSERT: a refused INSERT
(the member already signed up) rolls the taken place back with it, so `taken` always equals the sign-ups.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from health.campaigns.eligibility import CardHoldings
from health.campaigns.models import Campaign, CampaignSignUp
from health.campaigns.schemas import (
    AUDIENCE_LABELS,
    SIGN_UP_LABELS,
    STATUS_LABELS,
    CampaignFilters,
    CampaignIn,
    CampaignPatch,
    SignUpFilters,
    SignUpIn,
    check_period_and_audience,
)
from health.catalogue.models import Brand
from health.common import actor_columns, created_by, delete_row, get_or_404, patch_values, require_row, utcnow
from health.hospitals.models import Hospital
from shared.concurrency import resolve_version, update_versioned
from shared.dates import day_end, day_start, within_days
from shared.identity import Identity
from shared.listing import PageParams, apply_sort, enum_options, keyword_clause, list_response, options, paginate
from shared.problems import Problem, field_error

# ---------------------------------------------------------------- shaping rows


async def _names(session: AsyncSession, model: Any, ids: Iterable[int]) -> dict[int, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await session.execute(select(model.id, model.name).where(model.id.in_(wanted)))
    return {row_id: name for row_id, name in rows.all()}


async def _campaign_rows(session: AsyncSession, campaigns: Sequence[Campaign]) -> list[dict[str, Any]]:
    brands = await _names(session, Brand, (c.brand_id for c in campaigns))
    hospitals = await _names(session, Hospital, (h for c in campaigns for h in c.hospital_ids))
    return [
        {
            "id": c.id,
            "title": c.title,
            "brand": {"id": c.brand_id, "name": brands.get(c.brand_id, "")},
            "hospitals": [{"id": h, "name": hospitals.get(h, "")} for h in c.hospital_ids],
            "starts_at": c.starts_at,
            "ends_at": c.ends_at,
            "quota": c.quota,
            "taken": c.taken,
            "remaining": c.quota - c.taken,
            "audience": c.audience,
            "audience_label": AUDIENCE_LABELS[c.audience],
            "customer_ids": list(c.customer_ids),
            "card_kinds": list(c.card_kinds),
            "description": c.description,
            "status": c.status,
            "status_label": STATUS_LABELS[c.status],
            "created_by": created_by(c),
            "created_at": c.created_at,
            "updated_at": c.updated_at,
            "version": c.version,
        }
        for c in campaigns
    ]


async def campaign_detail(session: AsyncSession, campaign_id: int) -> dict[str, Any]:
    stmt = select(Campaign).where(Campaign.id == campaign_id).execution_options(populate_existing=True)
    campaign = await session.scalar(stmt)
    if campaign is None:
        raise Problem(404, "not_found", "活动不存在")
    return (await _campaign_rows(session, [campaign]))[0]


# ---------------------------------------------------------------- admin: campaigns

CAMPAIGN_SORTABLE = {"id": Campaign.id, "starts_at": Campaign.starts_at, "ends_at": Campaign.ends_at,
                     "quota": Campaign.quota, "taken": Campaign.taken, "created_at": Campaign.created_at}


def _campaign_query(filters: CampaignFilters) -> Select[Any]:
    stmt = select(Campaign)
    if (clause := keyword_clause(filters.keyword, Campaign.title)) is not None:
        stmt = stmt.where(clause)
    if filters.brand_id is not None:
        stmt = stmt.where(Campaign.brand_id == filters.brand_id)
    if filters.brand_keyword:
        brands = select(Brand.id).where(Brand.name.contains(filters.brand_keyword, autoescape=True))
        stmt = stmt.where(Campaign.brand_id.in_(brands))
    if filters.hospital_id is not None:
        stmt = stmt.where(Campaign.hospital_ids.contains([filters.hospital_id]))
    if filters.status:
        stmt = stmt.where(Campaign.status == filters.status)
    # date_from/date_to: campaigns whose period overlaps those Shanghai days.
    if filters.date_from is not None:
        stmt = stmt.where(Campaign.ends_at > day_start(filters.date_from))
    if filters.date_to is not None:
        stmt = stmt.where(Campaign.starts_at < day_end(filters.date_to))
    return stmt


async def _brand_options(session: AsyncSession, brand_keyword: str | None) -> list[dict[str, str]]:
    stmt = select(Brand.id, Brand.name).order_by(Brand.sort, Brand.id)
    if brand_keyword:
        stmt = stmt.where(Brand.name.contains(brand_keyword, autoescape=True))
    return options((await session.execute(stmt)).all())


async def list_campaigns(session: AsyncSession, filters: CampaignFilters, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_campaign_query(filters), params.sort, CAMPAIGN_SORTABLE, [Campaign.id.desc()])
    campaigns, total = await paginate(session, stmt, params)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {
            "status_list": enum_options(STATUS_LABELS),
            "audience_list": enum_options(AUDIENCE_LABELS),
            "brand_list": await _brand_options(session, filters.brand_keyword),
        }
    return list_response(await _campaign_rows(session, campaigns), total, params, option_lists)


CAMPAIGN_EXPORT_COLUMNS = [
    ("id", "ID"), ("title", "活动名称"), ("brand_name", "品牌"), ("hospital_names", "门店"),
    ("starts_at", "开始时间"), ("ends_at", "结束时间"), ("quota", "名额"), ("taken", "已报名"),
    ("audience_label", "参与对象"), ("status_label", "状态"), ("created_at", "创建时间"),
]


async def export_campaigns(session: AsyncSession, filters: CampaignFilters) -> list[dict[str, Any]]:
    campaigns = (await session.scalars(_campaign_query(filters).order_by(Campaign.id.desc()))).all()
    rows = await _campaign_rows(session, campaigns)
    for row in rows:
        row["brand_name"] = row["brand"]["name"]
        row["hospital_names"] = "、".join(h["name"] for h in row["hospitals"])
    return rows


async def _check_stores(session: AsyncSession, brand_id: int, hospital_ids: list[int]) -> list[int]:
    wanted = list(dict.fromkeys(hospital_ids))
    found = set((await session.scalars(
        select(Hospital.id).where(Hospital.id.in_(wanted), Hospital.brand_id == brand_id)
    )).all())
    missing = [h for h in wanted if h not in found]
    if missing:
        raise field_error("hospital_ids", f"不是该品牌的门店: {', '.join(map(str, missing))}", "unknown_reference")
    return wanted


async def create_campaign(session: AsyncSession, body: CampaignIn, actor: dict[str, Any]) -> dict[str, Any]:
    await require_row(session, Brand, body.brand_id, "brand_id", "品牌")
    values = body.model_dump()
    values["hospital_ids"] = await _check_stores(session, body.brand_id, body.hospital_ids)
    restricted = body.audience == "customers"
    values["customer_ids"] = list(dict.fromkeys(body.customer_ids)) if restricted else []
    values["card_kinds"] = list(dict.fromkeys(body.card_kinds)) if restricted else []
    campaign = Campaign(**values, **actor_columns(actor))
    session.add(campaign)
    await session.commit()
    return await campaign_detail(session, campaign.id)


async def update_campaign(
    session: AsyncSession, campaign_id: int, body: CampaignPatch, if_match: int | None
) -> dict[str, Any]:
    version = resolve_version(body.version, if_match)
    values = patch_values(body)
    current = await get_or_404(session, Campaign, campaign_id, "活动")
    merged = {name: values.get(name, getattr(current, name))
              for name in ("starts_at", "ends_at", "audience", "customer_ids", "card_kinds", "quota")}
    check_period_and_audience(merged["starts_at"], merged["ends_at"], merged["audience"], merged["customer_ids"],
                              merged["card_kinds"])
    if merged["quota"] < current.taken:
        raise field_error("quota", f"名额不能少于已报名人数 {current.taken}")
    if "hospital_ids" in values:
        values["hospital_ids"] = await _check_stores(session, current.brand_id, values["hospital_ids"])
    if merged["audience"] == "any":
        values["customer_ids"], values["card_kinds"] = [], []
    elif "card_kinds" in values:
        values["card_kinds"] = list(dict.fromkeys(values["card_kinds"]))
    try:
        # The quota check again in SQL: a sign-up may have taken a place since the row was read.
        await update_versioned(session, Campaign, campaign_id, version, values,
                               extra_where=Campaign.taken <= merged["quota"])
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise Problem(409, "conflict", "活动已变化（名额或时间冲突），请刷新后重试") from exc
    return await campaign_detail(session, campaign_id)


async def delete_campaign(session: AsyncSession, campaign_id: int) -> None:
    """A campaign with sign-ups stays (409): take it offline instead."""
    await delete_row(session, await get_or_404(session, Campaign, campaign_id, "活动"), "活动")


# ---------------------------------------------------------------- member app


def _live(now: datetime) -> Any:
    return and_(Campaign.status == "online", Campaign.starts_at <= now, Campaign.ends_at > now)


async def live_campaigns(session: AsyncSession, params: PageParams) -> dict[str, Any]:
    stmt = select(Campaign).where(_live(utcnow())).order_by(Campaign.ends_at, Campaign.id)
    campaigns, total = await paginate(session, stmt, params)
    rows = [
        {key: row[key] for key in ("id", "title", "brand", "hospitals", "starts_at", "ends_at", "quota",
                                    "remaining", "description")}
        for row in await _campaign_rows(session, campaigns)
    ]
    return list_response(rows, total, params)


# One statement: take a place (only while online, in the period, under the quota) and write the sign-up.
_TAKE_PLACE_AND_SIGN_UP = text(
    """
    WITH place AS (
        UPDATE campaigns SET taken = taken + 1, updated_at = now()
         WHERE id = :campaign_id AND status = 'online' AND starts_at <= now() AND ends_at > now()
           AND taken < quota AND :hospital_id = ANY(hospital_ids)
        RETURNING id
    )
    INSERT INTO campaign_sign_ups (campaign_id, member_id, member_name, member_phone, hospital_id)
    SELECT id, :member_id, :member_name, :member_phone, :hospital_id FROM place
    RETURNING id
    """
)


async def sign_up(
    session: AsyncSession, member: Identity, campaign_id: int, body: SignUpIn, holdings: CardHoldings
) -> dict[str, Any]:
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None or campaign.status != "online":
        raise Problem(404, "not_found", "活动不存在")
    if body.hospital_id not in campaign.hospital_ids:
        raise field_error("hospital_id", "该门店不参加此活动", "unknown_reference")
    now = utcnow()
    if not campaign.starts_at <= now < campaign.ends_at:
        raise Problem(409, "outside_period", "不在活动报名时间内")
    if campaign.audience != "any":
        customer_ids, card_kinds = set(campaign.customer_ids), set(campaign.card_kinds)
        # Give the connection back while cards answers: the place is taken below, in a transaction of its own.
        await session.rollback()
        held = await holdings.active_cards(member.id)
        if not any(card.customer_id in customer_ids or card.card_kind in card_kinds for card in held):
            raise Problem(403, "not_eligible", "该活动仅限指定客户或卡种的持卡人参加（需持有已激活的卡）")
    params = {"campaign_id": campaign_id, "hospital_id": body.hospital_id, "member_id": member.id,
              "member_name": member.name[:64], "member_phone": member.username[:20]}
    try:
        sign_up_id = (await session.execute(_TAKE_PLACE_AND_SIGN_UP, params)).scalar_one_or_none()
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()  # the place taken above goes back with the refused row
        raise Problem(409, "already_signed_up", "您已报名该活动") from exc
    if sign_up_id is None:
        raise Problem(409, "quota_full", "活动名额已满")
    return await sign_up_detail(session, sign_up_id)


# ---------------------------------------------------------------- sign-ups: admin list, partner check


def _sign_up_query(filters: SignUpFilters) -> Select[Any]:
    stmt = (
        select(CampaignSignUp, Campaign.title, Campaign.brand_id, Brand.name, Hospital.name)
        .join(Campaign, Campaign.id == CampaignSignUp.campaign_id)
        .join(Brand, Brand.id == Campaign.brand_id)
        .join(Hospital, Hospital.id == CampaignSignUp.hospital_id)
    )
    if filters.campaign_id is not None:
        stmt = stmt.where(CampaignSignUp.campaign_id == filters.campaign_id)
    if filters.brand_id is not None:
        stmt = stmt.where(Campaign.brand_id == filters.brand_id)
    if filters.hospital_id is not None:
        stmt = stmt.where(CampaignSignUp.hospital_id == filters.hospital_id)
    if filters.member_id is not None:
        stmt = stmt.where(CampaignSignUp.member_id == filters.member_id)
    if filters.status:
        stmt = stmt.where(CampaignSignUp.status == filters.status)
    if filters.keyword and filters.keyword.strip():
        pattern = f"%{filters.keyword.strip()}%"
        stmt = stmt.where(or_(CampaignSignUp.member_name.ilike(pattern), CampaignSignUp.member_phone.ilike(pattern),
                              Campaign.title.ilike(pattern)))
    for clause in within_days(CampaignSignUp.created_at, filters.date_from, filters.date_to):
        stmt = stmt.where(clause)
    return stmt


def _sign_up_out(row: Any) -> dict[str, Any]:
    sign_up, title, brand_id, brand_name, hospital_name = row
    return {
        "id": sign_up.id,
        "campaign_id": sign_up.campaign_id,
        "campaign_title": title,
        "brand": {"id": brand_id, "name": brand_name},
        "hospital": {"id": sign_up.hospital_id, "name": hospital_name},
        "member_id": sign_up.member_id,
        "member_name": sign_up.member_name,
        "member_phone": sign_up.member_phone,
        "status": sign_up.status,
        "status_label": SIGN_UP_LABELS[sign_up.status],
        "checked_at": sign_up.checked_at,
        "created_at": sign_up.created_at,
    }


async def sign_up_detail(session: AsyncSession, sign_up_id: int, hospital_id: int | None = None) -> dict[str, Any]:
    stmt = _sign_up_query(SignUpFilters(hospital_id=hospital_id)).where(CampaignSignUp.id == sign_up_id)
    row = (await session.execute(stmt.execution_options(populate_existing=True))).first()
    if row is None:
        raise Problem(404, "not_found", "报名记录不存在")
    return _sign_up_out(row)


SIGN_UP_SORTABLE = {"id": CampaignSignUp.id, "created_at": CampaignSignUp.created_at,
                    "checked_at": CampaignSignUp.checked_at}


async def list_sign_ups(session: AsyncSession, filters: SignUpFilters, params: PageParams) -> dict[str, Any]:
    stmt = apply_sort(_sign_up_query(filters), params.sort, SIGN_UP_SORTABLE, [CampaignSignUp.id.desc()])
    rows, total = await paginate(session, stmt, params, scalars=False, row=_sign_up_out)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        campaigns = await session.execute(select(Campaign.id, Campaign.title).order_by(Campaign.id.desc()))
        option_lists = {"status_list": enum_options(SIGN_UP_LABELS), "campaign_list": options(campaigns.all())}
    return list_response(rows, total, params, option_lists)


SIGN_UP_EXPORT_COLUMNS = [
    ("id", "ID"), ("campaign_title", "活动名称"), ("brand_name", "品牌"), ("hospital_name", "门店"),
    ("member_name", "会员"), ("member_phone", "手机号"), ("status_label", "状态"), ("created_at", "报名时间"),
    ("checked_at", "核销时间"),
]


async def export_sign_ups(session: AsyncSession, filters: SignUpFilters) -> list[dict[str, Any]]:
    result = await session.execute(_sign_up_query(filters).order_by(CampaignSignUp.id.desc()))
    rows = [_sign_up_out(row) for row in result.all()]
    for row in rows:
        row["brand_name"], row["hospital_name"] = row["brand"]["name"], row["hospital"]["name"]
    return rows


async def check_sign_up(session: AsyncSession, hospital_id: int, sign_up_id: int) -> dict[str, Any]:
    """The hospital confirms the member came: once (a repeat answers the checked sign-up); another
    hospital's sign-up is a 404, as if it did not exist."""
    await session.execute(
        text("UPDATE campaign_sign_ups SET status = 'checked', checked_at = now(), updated_at = now() "
             "WHERE id = :id AND hospital_id = :hospital_id AND status = 'signed_up'"),
        {"id": sign_up_id, "hospital_id": hospital_id},
    )
    await session.commit()
    return await sign_up_detail(session, sign_up_id, hospital_id)
