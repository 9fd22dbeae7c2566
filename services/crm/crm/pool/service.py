"""Public pool (公海): rules, atomic claims and assignments, the due-to-return list and the return job."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, and_, func, or_, select, text, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload

from crm.common import INDUSTRIES, LEVELS, RELEASE_REASONS, utcnow
from crm.customers.models import Customer
from crm.customers.moves import move_customer
from crm.customers.queries import filtered, scope_clause
from crm.customers.schemas import CustomerFilters, CustomerOut, PoolRow
from crm.pool.models import GLOBAL_RULE, PoolClaim, PoolRule
from crm.pool.schemas import AssignIn, DueList, PoolPage, RuleIn, RuleList, RuleOut
from crm.staff.models import Staff
from crm.staff.service import admin_options, get_staff
from shared.dates import business_date, day_start
from shared.db import Database
from shared.identity import Principal
from shared.listing import PageParams, apply_sort, enum_options, list_response, paginate
from shared.problems import Problem

LEVEL_KEYS = ("A", "B", "C", "D")
SORTABLE = {"id": Customer.id, "name": Customer.name, "level": Customer.level, "released_at": Customer.released_at}
AWARE = DateTime(timezone=True)


async def load_rules(session: AsyncSession) -> dict[str, PoolRule]:
    return {r.scope_key: r for r in (await session.execute(select(PoolRule))).scalars().all()}


def effective_rule(rules: Mapping[str, PoolRule], level: str | None) -> PoolRule | None:
    """A level's own enabled rule, else the enabled global one, else none (no limits, no returns)."""
    own = rules.get(level) if level else None
    if own is not None and own.enabled:
        return own
    shared = rules.get(GLOBAL_RULE)
    return shared if shared is not None and shared.enabled else None


async def list_rules(session: AsyncSession) -> RuleList:
    rules = await load_rules(session)
    rows = [RuleOut.model_validate(rules[k]) for k in (GLOBAL_RULE, *LEVEL_KEYS) if k in rules]
    effective = {lv: (r.scope_key if (r := effective_rule(rules, lv)) else None) for lv in LEVEL_KEYS}
    return RuleList(
        data_list=rows,
        total=len(rows),
        effective=effective,  # type: ignore[arg-type]
        scope_list=[{"label": "全部级别", "value": GLOBAL_RULE}, *enum_options(LEVELS)],  # type: ignore[list-item]
    )


async def put_rule(session: AsyncSession, principal: Principal, scope_key: str, body: RuleIn) -> RuleOut:
    """Creates or replaces one rule; replacing needs the version that was read."""
    rule = await session.scalar(select(PoolRule).where(PoolRule.scope_key == scope_key).with_for_update())
    values = body.model_dump(exclude={"version"})
    if rule is None:
        rule = PoolRule(scope_key=scope_key, **values, updated_by_name=principal.name, version=1)
        session.add(rule)
    else:
        if body.version is None:
            raise Problem(
                428, "version_required", "更新需要提供 version", errors=[{"field": "version", "message": "必填"}]
            )
        if body.version != rule.version:
            raise Problem(409, "version_conflict", "该规则已被他人修改，请刷新后重试", current_version=rule.version)
        for key, value in values.items():
            setattr(rule, key, value)
        rule.version += 1
        rule.updated_by_name = principal.name
    await session.commit()
    return RuleOut.model_validate(rule)


# ---------------------------------------------------------------- the pool list


async def list_pool(
    session: AsyncSession, principal: Principal, filters: CustomerFilters, params: PageParams
) -> PoolPage:
    stmt = filtered(select(Customer).options(raiseload(Customer.contacts)), filters)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [Customer.id.desc()])
    rows, total = await paginate(session, stmt, params, row=PoolRow.of)
    option_lists: dict[str, Any] = {}
    if params.with_options:
        option_lists = {
            "level_list": enum_options(LEVELS),
            "industry_list": enum_options(INDUSTRIES),
            "release_reason_list": enum_options(RELEASE_REASONS),
            "admin_list": await admin_options(session) if principal.can("crm:pool:assign") else [],
        }
    return PoolPage(**list_response(rows, total, params, option_lists))


# ---------------------------------------------------------------- claims and assignments


async def claim(session: AsyncSession, principal: Principal, customer_id: int) -> CustomerOut:
    """The caller takes a pool customer (领取), within their rule's limits."""
    staff = await get_staff(session, principal.id, field="claimer", caller=principal)
    customer = await take_from_pool(session, customer_id, staff, utcnow(), principal.actor, kind="claim")
    await session.commit()
    return CustomerOut.of(customer)


async def assign(session: AsyncSession, principal: Principal, customer_id: int, body: AssignIn) -> CustomerOut:
    """A pool manager hands a pool customer to a salesperson, within that salesperson's caps."""
    staff = await get_staff(session, body.staff_id, caller=principal)
    if not principal.scope.allows(staff.staff_id, staff.dept_id):
        raise Problem(
            422,
            "owner_out_of_scope",
            "不能分配给数据范围以外的员工",
            errors=[{"field": "staff_id", "message": "不在你的数据范围内"}],
        )
    customer = await take_from_pool(
        session, customer_id, staff, utcnow(), principal.actor, kind="assign", note=body.note
    )
    await session.commit()
    return CustomerOut.of(customer)


async def take_from_pool(
    session: AsyncSession,
    customer_id: int,
    staff: Staff,
    now: datetime,
    actor: Mapping[str, Any],
    *,
    kind: str,
    note: str = "",
) -> Customer:
    """Makes `staff` the owner of a pool customer, or refuses with a clear 409.

    Claims by one salesperson are serialised by an advisory lock, so the cap and the daily limit are counted
    without races; the owner is set by a conditional UPDATE, so of many concurrent claimers exactly one wins."""
    await session.execute(select(func.pg_advisory_xact_lock(staff.staff_id)))
    customer = await session.scalar(select(Customer).where(Customer.id == customer_id, Customer.deleted_at.is_(None)))
    if customer is None:
        raise Problem(404, "not_found", "客户不存在")
    if customer.owner_id is not None:
        raise Problem(409, "already_claimed", f"客户已被 {customer.owner_name or '他人'} 领取")
    if customer.review_status == "rejected":
        raise Problem(409, "invalid_state", "审核不通过的客户不能领取")
    rule = effective_rule(await load_rules(session), customer.level)
    if rule is not None:
        await _check_limits(session, rule, customer, staff, now)
    # The winner is decided here: only one UPDATE finds the owner still empty.
    won = await session.execute(
        text(
            "UPDATE crm_customers SET owner_id = :sid WHERE id = :cid AND owner_id IS NULL AND deleted_at IS NULL "
            "RETURNING id"
        ),
        {"sid": staff.staff_id, "cid": customer_id},
    )
    if won.first() is None:
        raise Problem(409, "already_claimed", "客户已被他人领取")
    await session.refresh(customer)
    customer.owner_id = None  # move_customer records the move from the pool to the claimer
    session.add(
        PoolClaim(
            customer_id=customer_id,
            staff_id=staff.staff_id,
            kind=kind,
            by_id=actor.get("id"),
            by_name=actor.get("name") or "",
            claimed_at=now,
        )
    )
    await move_customer(session, customer, staff, actor, now, action=kind, note=note)
    return customer


async def _check_limits(session: AsyncSession, rule: PoolRule, customer: Customer, staff: Staff, now: datetime) -> None:
    if (
        rule.cooldown_days
        and customer.previous_owner_id == staff.staff_id
        and customer.released_at is not None
        and customer.released_at + timedelta(days=rule.cooldown_days) > now
    ):
        until = customer.released_at + timedelta(days=rule.cooldown_days)
        raise Problem(
            409,
            "cooldown",
            f"{staff.name} 是该客户的原跟进人，{rule.cooldown_days} 天内不能再领取",
            available_at=until.isoformat(),
        )
    if rule.hold_cap is not None:
        held_stmt = (
            select(func.count())
            .select_from(Customer)
            .where(Customer.owner_id == staff.staff_id, Customer.deleted_at.is_(None))
        )
        if not rule.cap_counts_dealt:
            held_stmt = held_stmt.where(Customer.dealt_at.is_(None))
        held = int(await session.scalar(held_stmt) or 0)
        if held >= rule.hold_cap:
            raise Problem(
                409,
                "hold_cap_reached",
                f"{staff.name} 已持有 {held} 个客户，达到上限 {rule.hold_cap}",
                held=held,
                cap=rule.hold_cap,
            )
    if rule.daily_claim_limit is not None:
        today = int(
            await session.scalar(
                select(func.count())
                .select_from(PoolClaim)
                .where(PoolClaim.staff_id == staff.staff_id, PoolClaim.claimed_at >= day_start(business_date(now)))
            )
            or 0
        )
        if today >= rule.daily_claim_limit:
            raise Problem(
                409,
                "daily_limit_reached",
                f"{staff.name} 今天已领取 {today} 个客户，达到每日上限 {rule.daily_claim_limit}",
                claimed_today=today,
                limit=rule.daily_claim_limit,
            )


# ---------------------------------------------------------------- due to return


def _due_columns(rule: PoolRule) -> list[tuple[str, Any]]:
    """(reason, moment the customer returns) for each part of the rule that applies."""
    parts: list[tuple[str, Any]] = []
    if rule.no_follow_up_days:
        anchor = func.greatest(Customer.last_follow_up_at, Customer.claimed_at)
        parts.append(
            (
                f"超过 {rule.no_follow_up_days} 天未跟进",
                type_coerce(anchor + timedelta(days=rule.no_follow_up_days), AWARE),
            )
        )
    if rule.no_deal_days:
        parts.append(
            (
                f"超过 {rule.no_deal_days} 天未成交",
                type_coerce(Customer.claimed_at + timedelta(days=rule.no_deal_days), AWARE),
            )
        )
    return parts


def _levels_clause(levels: list[str | None]) -> Any:
    named = [lv for lv in levels if lv is not None]
    clauses = []
    if named:
        clauses.append(Customer.level.in_(named))
    if None in levels:
        clauses.append(Customer.level.is_(None))
    return or_(*clauses)


def rule_groups(rules: Mapping[str, PoolRule]) -> list[tuple[PoolRule, list[str | None]]]:
    """Levels grouped by the rule that governs them, so each rule is one set-based statement."""
    groups: dict[str, tuple[PoolRule, list[str | None]]] = {}
    for level in (*LEVEL_KEYS, None):
        rule = effective_rule(rules, level)
        if rule is not None:
            groups.setdefault(rule.scope_key, (rule, []))[1].append(level)
    return list(groups.values())


async def list_due(session: AsyncSession, principal: Principal, limit: int) -> DueList:
    """My (my scope's) customers that will return to the pool soon, with the reason and the moment."""
    rows = await due_to_return(session, scope_clause(principal), utcnow(), limit)
    return DueList(data_list=rows, total=len(rows))  # type: ignore[arg-type]


async def due_to_return(session: AsyncSession, scope_clause: Any, now: datetime, limit: int) -> list[dict[str, Any]]:
    """Customers that return to the pool within their rule's reminder window, soonest first, with the reason."""
    rules = await load_rules(session)
    found: list[dict[str, Any]] = []
    for rule, levels in rule_groups(rules):
        remind = timedelta(days=rule.remind_days or 0)
        for reason, due_at in _due_columns(rule):
            base = and_(
                Customer.owner_id.is_not(None),
                Customer.deleted_at.is_(None),
                Customer.locked.is_(False),
                _levels_clause(levels),
                scope_clause,
                due_at <= now + remind,
            )
            if rule.exempt_dealt or "未成交" in reason:
                base = and_(base, Customer.dealt_at.is_(None))
            rows = (
                await session.execute(
                    select(
                        Customer.id,
                        Customer.name,
                        Customer.level,
                        Customer.owner_id,
                        Customer.owner_name,
                        Customer.dept_name,
                        due_at.label("due_at"),
                    )
                    .where(base)
                    .order_by(due_at)
                    .limit(limit)
                )
            ).all()
            found.extend(
                {
                    "customer_id": r.id,
                    "name": r.name,
                    "level": r.level,
                    "owner_id": r.owner_id,
                    "owner_name": r.owner_name,
                    "dept_name": r.dept_name,
                    "due_at": r.due_at,
                    "reason": reason,
                    "rule": rule.scope_key,
                }
                for r in rows
            )
    # One line per customer: the earliest reason wins.
    first: dict[int, dict[str, Any]] = {}
    for row in sorted(found, key=lambda r: r["due_at"]):
        first.setdefault(row["customer_id"], row)
    return list(first.values())[:limit]


# ---------------------------------------------------------------- the return job (set-based)

_RETURN_SQL = """
WITH moved AS (
    -- One UPDATE with the rule in its WHERE: a row changed concurrently (a follow-up, a claim) is re-checked
    -- by PostgreSQL before it is returned, and SET expressions read the old values (the previous owner).
    UPDATE crm_customers c
       SET previous_owner_id = c.owner_id, previous_owner_name = c.owner_name,
           owner_id = NULL, owner_name = '', dept_id = NULL, dept_name = '', claimed_at = NULL,
           released_at = :now, release_reason = '系统回收',
           release_note = CASE WHEN {no_deal} THEN :no_deal_reason ELSE :no_follow_reason END,
           version = c.version + 1, revision = c.revision + 1, updated_at = :now
     WHERE c.owner_id IS NOT NULL AND c.deleted_at IS NULL AND NOT c.locked
       AND ({levels}) {exempt}
       AND (({no_follow}) OR ({no_deal}))
 RETURNING c.id, c.name, c.previous_owner_id AS old_owner_id, c.previous_owner_name AS old_owner_name,
           c.release_note AS reason, gen_random_uuid() AS event_id
), history AS (
    INSERT INTO crm_history (entity, entity_id, customer_id, action, field, old_value, new_value, reason,
                             actor_id, actor_name, created_at)
    SELECT 'customer', m.id, m.id, 'pool_return', 'owner', m.old_owner_name, '公海', m.reason, NULL, '系统', :now
      FROM moved m
)
INSERT INTO outbox (event_id, routing_key, body)
SELECT m.event_id, 'crm.CustomerOwnerChanged',
       convert_to(json_build_object(
           'event_id', m.event_id, 'event_type', 'crm.CustomerOwnerChanged', 'version', 1,
           'occurred_at', :now, 'producer', 'crm', 'correlation_id', NULL,
           'payload', json_build_object(
               'customer_id', m.id, 'customer_name', m.name, 'change_id', NULL,
               'old_owner', json_build_object('id', m.old_owner_id, 'name', m.old_owner_name),
               'new_owner', json_build_object('id', NULL, 'name', ''),
               'new_dept_id', NULL, 'new_dept_name', '', 'contract_ids', json_build_array(),
               'reason', m.reason, 'approved_by', json_build_object('id', NULL, 'name', '系统'),
               'changed_at', :now))::text, 'UTF8')
  FROM moved m
"""


def _levels_sql(levels: list[str | None]) -> str:
    named = [lv for lv in levels if lv is not None]
    parts = []
    if named:
        parts.append("c.level IN (" + ", ".join(f"'{lv}'" for lv in named if lv in LEVEL_KEYS) + ")")
    if None in levels:
        parts.append("c.level IS NULL")
    return " OR ".join(parts)


async def return_to_pool(session: AsyncSession, now: datetime) -> dict[str, int]:
    """Returns every customer whose rule says so; one statement per rule (update, history and events together).

    Acts on state only, so a rerun after a crash finishes the work and returns nobody twice."""
    rules = await load_rules(session)
    counts: dict[str, int] = {}
    for rule, levels in rule_groups(rules):
        if not rule.no_follow_up_days and not rule.no_deal_days:
            continue
        no_follow = (
            "greatest(c.last_follow_up_at, c.claimed_at) <= CAST(:now AS timestamptz) - make_interval(days => :nf)"
            if rule.no_follow_up_days
            else "false"
        )
        no_deal = (
            "(c.dealt_at IS NULL AND c.claimed_at <= CAST(:now AS timestamptz) - make_interval(days => :nd))"
            if rule.no_deal_days
            else "false"
        )
        sql = _RETURN_SQL.format(
            levels=_levels_sql(levels),
            exempt="AND c.dealt_at IS NULL" if rule.exempt_dealt else "",
            no_follow=no_follow.replace("CAST(:now AS timestamptz)", ":now"),
            no_deal=no_deal.replace("CAST(:now AS timestamptz)", ":now"),
        ).replace(":now", "CAST(:now AS timestamptz)")
        params: dict[str, Any] = {
            "now": now,
            "no_deal_reason": f"超过 {rule.no_deal_days} 天未成交",
            "no_follow_reason": f"超过 {rule.no_follow_up_days} 天未跟进",
        }
        if rule.no_follow_up_days:
            params["nf"] = rule.no_follow_up_days
        if rule.no_deal_days:
            params["nd"] = rule.no_deal_days
        result = await session.execute(text(sql), params)
        counts[rule.scope_key] = result.rowcount or 0  # type: ignore[attr-defined]
    if any(counts.values()):
        await session.execute(text("NOTIFY outbox"))
    return counts


async def run_return_job(db: Database, now: datetime) -> dict[str, Any]:
    async with db.sessions() as session:
        counts = await return_to_pool(session, now)
        await session.commit()
    return {"returned": sum(counts.values()), **{f"rule_{k}": v for k, v in counts.items()}}
