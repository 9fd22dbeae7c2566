"""制卡: request -> review -> bulk generation -> one-time export; password resets of a range."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from cards.cards.models import Card
from cards.cards.state import CardStatus
from cards.common import ReviewIn, replay
from cards.making.generation import card_records, copy_cards, raw_connection
from cards.making.models import BATCH_STATUS_LABELS, BatchStatus, MakingBatch, NumberAllocator, PasswordSet
from cards.making.schemas import CARD_TYPES, BatchFilters, MakingBatchIn, PasswordResetIn
from cards.numbers import MAX_SEQ, SeqRange, card_no, require_card_no
from cards.passwords import new_seed, password_hash, password_stream
from shared.bus import emit
from shared.dates import within_days
from shared.db import Database
from shared.events.cards import CardsMade
from shared.events.common import Actor, CardRange
from shared.idempotency import claim, record, run_once
from shared.listing import (
    PageParams,
    apply_sort,
    check_range,
    enum_options,
    keyword_clause,
    list_response,
    options,
    paginate,
)
from shared.problems import Problem, not_found
from shared.xlsx import workbook_bytes

log = structlog.get_logger("cards.making")


def batch_dict(batch: MakingBatch) -> dict[str, Any]:
    has_range = batch.seq_start is not None and batch.seq_end is not None
    return {
        "id": batch.id,
        "batch_no": batch.batch_no,
        "city": batch.city,
        "card_type": batch.card_type,
        "quantity": batch.quantity,
        "card_no_start": card_no(batch.seq_start) if has_range else None,  # type: ignore[arg-type]
        "card_no_end": card_no(batch.seq_end) if has_range else None,  # type: ignore[arg-type]
        "card_range": f"{card_no(batch.seq_start)}-{card_no(batch.seq_end)}" if has_range else "",  # type: ignore[arg-type]
        "status": batch.status,
        "status_label": BATCH_STATUS_LABELS[BatchStatus(batch.status)],
        "remark": batch.remark,
        "created_by": {"id": batch.created_by_id, "name": batch.created_by_name},
        "created_at": batch.created_at,
        "updated_at": batch.updated_at,
        "reviewer": {"id": batch.reviewer_id, "name": batch.reviewer_name} if batch.reviewed_at else None,
        "reviewed_at": batch.reviewed_at,
        "review_reason": batch.review_reason,
        "completed_at": batch.completed_at,
    }


def password_set_dict(item: PasswordSet) -> dict[str, Any]:
    return {
        "id": item.id,
        "making_batch_id": item.making_batch_id,
        "kind": item.kind,
        "kind_label": "制卡" if item.kind == "making" else "重置密码",
        "card_no_start": card_no(item.seq_start),
        "card_no_end": card_no(item.seq_end),
        "card_count": item.card_count,
        "reason": item.reason,
        "created_by": {"id": item.created_by_id, "name": item.created_by_name},
        "created_at": item.created_at,
        "exported": item.exported_at is not None,
        "exported_at": item.exported_at,
        "exported_by": {"id": item.exported_by_id, "name": item.exported_by_name} if item.exported_at else None,
    }


async def create_batch(session: AsyncSession, data: MakingBatchIn, actor: dict[str, Any]) -> MakingBatch:
    now = datetime.now(UTC)
    batch = MakingBatch(
        batch_no=f"tmp-{uuid.uuid4().hex[:24]}",  # replaced by the id-based number below
        city=data.city.strip(),
        card_type=data.card_type,
        quantity=data.quantity,
        remark=data.remark,
        status=BatchStatus.PENDING.value,
        created_by_id=actor["id"],
        created_by_name=actor["name"],
    )
    session.add(batch)
    await session.flush()
    batch.batch_no = f"ZK{now:%Y%m%d}{batch.id:05d}"
    await session.flush()
    await session.refresh(batch)
    return batch


async def lock_batch(session: AsyncSession, batch_id: int) -> MakingBatch:
    batch = await session.scalar(select(MakingBatch).where(MakingBatch.id == batch_id).with_for_update())
    if batch is None:
        raise not_found("制卡批次")
    return batch


async def reserve(session: AsyncSession, batch: MakingBatch, actor: dict[str, Any], now: datetime) -> PasswordSet:
    """Approval, part one: take the next free range under the allocator's row lock (ranges never overlap)."""
    allocator = await session.scalar(select(NumberAllocator).where(NumberAllocator.id == 1).with_for_update())
    if allocator is None:
        raise Problem(503, "allocator_missing", "卡号分配器未初始化")
    start = allocator.next_seq
    end = start + batch.quantity - 1
    if end > MAX_SEQ:
        raise Problem(409, "card_numbers_exhausted", "卡号已用尽，无法制作该数量的卡片")
    allocator.next_seq = end + 1
    batch.seq_start, batch.seq_end = start, end
    batch.status = BatchStatus.MAKING.value
    batch.reviewer_id, batch.reviewer_name, batch.reviewed_at = actor["id"], actor["name"], now
    password_set = PasswordSet(
        making_batch_id=batch.id,
        kind="making",
        seq_start=start,
        seq_end=end,
        card_count=batch.quantity,
        seed=new_seed(),
        created_by_id=actor["id"],
        created_by_name=actor["name"],
    )
    session.add(password_set)
    await session.flush()
    return password_set


async def review_batch(
    session: AsyncSession, batch_id: int, approved: bool, reason: str, actor: dict[str, Any]
) -> tuple[MakingBatch, bool]:
    """Rejects, or reserves the range (status 制作中). Returns (batch, needs_generation); `review` commits."""
    batch = await lock_batch(session, batch_id)
    if batch.status != BatchStatus.PENDING.value:
        raise Problem(409, "not_pending", f"该批次当前为「{BATCH_STATUS_LABELS[BatchStatus(batch.status)]}」，不能审核")
    now = datetime.now(UTC)
    if not approved:
        if not reason.strip():
            raise Problem(422, "reason_required", "驳回时请填写原因", errors=[{"field": "reason", "message": "必填"}])
        batch.status = BatchStatus.REJECTED.value
        batch.reviewer_id, batch.reviewer_name, batch.reviewed_at = actor["id"], actor["name"], now
        batch.review_reason = reason
        await session.flush()
        return batch, False
    await reserve(session, batch, actor, now)
    batch.review_reason = reason
    await session.flush()
    return batch, True


async def generate(db: Database, batch_id: int, secret: bytes) -> MakingBatch | None:
    """Approval, part two: every card of a 制作中 batch in one COPY, then 已完成 and CardsMade, in one transaction.

    Safe to run again (a crash, a second worker): it acts only on a 制作中 batch that has no cards yet, under
    the batch's row lock, and the whole generation commits or none of it does.
    """
    async with db.sessions() as session:
        batch = await lock_batch(session, batch_id)
        if batch.status != BatchStatus.MAKING.value or batch.seq_start is None or batch.seq_end is None:
            return None
        password_set = await session.scalar(
            select(PasswordSet).where(PasswordSet.making_batch_id == batch.id, PasswordSet.kind == "making")
        )
        if password_set is None or password_set.seed is None:
            raise Problem(409, "password_set_missing", "制卡批次缺少密码种子")
        already = await session.scalar(select(func.count()).select_from(Card).where(Card.id == batch.seq_start))
        if not already:
            copied = await copy_cards(
                session,
                card_records(
                    start=batch.seq_start,
                    end=batch.seq_end,
                    batch_id=batch.id,
                    password_set_id=password_set.id,
                    secret=secret,
                    seed=password_set.seed,
                    city=batch.city,
                    card_type=batch.card_type,
                ),
            )
            if copied != batch.quantity:
                raise Problem(500, "generation_incomplete", "制卡数量与批次不符")
        now = datetime.now(UTC)
        batch.status = BatchStatus.DONE.value
        batch.completed_at = now
        await emit(
            session,
            "cards",
            CardsMade(
                batch_id=batch.id,
                batch_no=batch.batch_no,
                city=batch.city,
                card_type=batch.card_type,
                quantity=batch.quantity,
                range=CardRange(start=card_no(batch.seq_start), end=card_no(batch.seq_end), count=batch.quantity),
                approved_by=Actor(id=batch.reviewer_id, name=batch.reviewer_name),
                made_at=now,
            ),
        )
        await session.commit()
        log.info("cards_made", batch_id=batch.id, quantity=batch.quantity)
        return batch


async def finish_unfinished(db: Database, now: datetime, secret: bytes) -> dict[str, Any]:
    """Scheduler job body: batches left 制作中 (a restart between the approval and the COPY) are finished."""
    async with db.sessions() as session:
        ids = list(
            await session.scalars(
                select(MakingBatch.id).where(MakingBatch.status == BatchStatus.MAKING.value).order_by(MakingBatch.id)
            )
        )
    finished = 0
    for batch_id in ids:
        if await generate(db, batch_id, secret) is not None:
            finished += 1
    return {"finished_batches": finished}


# ---------------------------------------------------------------- export and password resets


EXPORT_COLUMNS = [("card_no", "卡号"), ("password", "密码"), ("batch_no", "制卡批次号"), ("city", "所属城市"),
                  ("card_type", "卡片类型")]


async def take_export(
    session: AsyncSession, batch_id: int, password_set_id: int | None, secret: bytes, actor: dict[str, Any]
) -> tuple[MakingBatch, PasswordSet, Iterator[dict[str, Any]]]:
    """Claims a password set's one export: marks it exported and erases its seed in the caller's transaction.

    Returns the rows (card numbers with their plain passwords) to write into the file; a second export of the
    same set finds no seed and is refused with 409.
    """
    batch = await lock_batch(session, batch_id)
    if batch.status != BatchStatus.DONE.value:
        raise Problem(409, "batch_not_done", "只能导出已完成的制卡批次")
    stmt = select(PasswordSet).where(PasswordSet.making_batch_id == batch.id).with_for_update()
    if password_set_id is not None:
        stmt = stmt.where(PasswordSet.id == password_set_id)
    else:
        stmt = stmt.where(PasswordSet.exported_at.is_(None)).order_by(PasswordSet.id).limit(1)
    password_set = await session.scalar(stmt)
    if password_set is None:
        if password_set_id is not None:
            raise not_found("密码批次")
        raise Problem(409, "already_exported", "该批次的卡号密码已导出过，如文件丢失请重置密码后再导出")
    if password_set.exported_at is not None or password_set.seed is None:
        raise Problem(409, "already_exported", "该批次的卡号密码已导出过，如文件丢失请重置密码后再导出")
    seed = bytes(password_set.seed)
    password_set.seed = None
    password_set.exported_at = datetime.now(UTC)
    password_set.exported_by_id, password_set.exported_by_name = actor["id"], actor["name"]
    await session.flush()
    log.info("card_passwords_exported", batch_id=batch.id, password_set_id=password_set.id,
             cards=password_set.card_count, by=actor["id"])

    def rows() -> Iterator[dict[str, Any]]:
        passwords = password_stream(secret, seed, password_set.card_count)
        for seq, password in zip(range(password_set.seq_start, password_set.seq_end + 1), passwords, strict=True):
            yield {"card_no": card_no(seq), "password": password, "batch_no": batch.batch_no, "city": batch.city,
                   "card_type": batch.card_type}

    return batch, password_set, rows()


async def reset_passwords(
    session: AsyncSession, batch_id: int, cards_range: SeqRange, reason: str, secret: bytes, actor: dict[str, Any]
) -> PasswordSet:
    """New passwords for a range of the batch's cards (a lost file): new hashes now, a new one-time export."""
    batch = await lock_batch(session, batch_id)
    if batch.status != BatchStatus.DONE.value or batch.seq_start is None or batch.seq_end is None:
        raise Problem(409, "batch_not_done", "只能重置已完成批次的卡片密码")
    if cards_range.start < batch.seq_start or cards_range.end > batch.seq_end:
        raise Problem(
            422,
            "range_outside_batch",
            f"卡号范围必须在本批次 {card_no(batch.seq_start)}-{card_no(batch.seq_end)} 之内",
            errors=[{"field": "card_no_from", "message": "超出批次卡号范围"}],
        )
    # Cards already bound keep working with what their holder knows; voided ones are never usable again.
    blocked = await session.scalar(
        select(func.count())
        .select_from(Card)
        .where(
            Card.id.between(cards_range.start, cards_range.end),
            (Card.member_id.is_not(None)) | (Card.status == CardStatus.VOIDED.value),
        )
    )
    if blocked:
        raise Problem(409, "cards_not_resettable", f"范围内有 {blocked} 张卡已绑定或已作废，不能重置密码")
    seed = new_seed()
    password_set = PasswordSet(
        making_batch_id=batch.id,
        kind="reset",
        seq_start=cards_range.start,
        seq_end=cards_range.end,
        card_count=cards_range.count,
        seed=seed,
        reason=reason,
        created_by_id=actor["id"],
        created_by_name=actor["name"],
    )
    session.add(password_set)
    await session.flush()
    # New hashes through a temporary table: one COPY and one UPDATE, not a round trip per card.
    conn = await raw_connection(session)
    await conn.execute("CREATE TEMP TABLE new_card_hashes (id bigint PRIMARY KEY, hash bytea) ON COMMIT DROP")
    passwords = password_stream(secret, seed, cards_range.count)
    records = [
        (seq, password_hash(secret, card_no(seq), password))
        for seq, password in zip(range(cards_range.start, cards_range.end + 1), passwords, strict=True)
    ]
    await conn.copy_records_to_table("new_card_hashes", records=records, columns=("id", "hash"))
    await session.execute(
        text(
            "UPDATE cards SET password_hash = h.hash, password_set_id = :set_id, updated_at = now() "
            "FROM new_card_hashes h WHERE cards.id = h.id"
        ),
        {"set_id": password_set.id},
    )
    await session.execute(text("DROP TABLE new_card_hashes"))
    await session.execute(
        update(MakingBatch).where(MakingBatch.id == batch.id).values(updated_at=func.now())
    )
    return password_set


# ---------------------------------------------------------------- what the routes call (each commits its change)

SORTABLE = {"id": MakingBatch.id, "created_at": MakingBatch.created_at, "quantity": MakingBatch.quantity,
            "reviewed_at": MakingBatch.reviewed_at, "completed_at": MakingBatch.completed_at}


async def list_batches(session: AsyncSession, filters: BatchFilters, params: PageParams) -> dict[str, Any]:
    check_range("date", filters.date_from, filters.date_to)
    stmt = select(MakingBatch).where(*within_days(MakingBatch.created_at, filters.date_from, filters.date_to))
    clause = keyword_clause(filters.keyword, MakingBatch.batch_no)
    if clause is not None:
        stmt = stmt.where(clause)
    if filters.city:
        stmt = stmt.where(MakingBatch.city == filters.city)
    if filters.card_type:
        stmt = stmt.where(MakingBatch.card_type == filters.card_type)
    if filters.status:
        stmt = stmt.where(MakingBatch.status == filters.status.value)
    stmt = apply_sort(stmt, params.sort, SORTABLE, [MakingBatch.id.desc()])
    rows, total = await paginate(session, stmt, params, row=batch_dict)
    extra: dict[str, Any] = {}
    if params.with_options:
        cities = await session.scalars(select(MakingBatch.city).distinct().order_by(MakingBatch.city))
        extra = {
            "status_list": enum_options(BATCH_STATUS_LABELS),
            "card_type_list": options((t, t) for t in CARD_TYPES),
            "city_list": options((c, c) for c in cities),
        }
    return list_response(rows, total, params, extra)


async def request_batch(session: AsyncSession, data: MakingBatchIn, actor: dict[str, Any], key: str | None
                        ) -> JSONResponse:
    """申请制卡, once per Idempotency-Key."""

    async def act() -> dict[str, Any]:
        return batch_dict(await create_batch(session, data, actor))

    return await run_once(session, f"making:create:{actor['id']}", key, data.model_dump(), act, status_code=201)


async def _password_sets(session: AsyncSession, batch_id: int) -> list[dict[str, Any]]:
    sets = await session.scalars(
        select(PasswordSet).where(PasswordSet.making_batch_id == batch_id).order_by(PasswordSet.id)
    )
    return [password_set_dict(s) for s in sets]


async def batch_detail(session: AsyncSession, batch_id: int) -> dict[str, Any]:
    batch = await session.get(MakingBatch, batch_id)
    if batch is None:
        raise Problem(404, "not_found", "制卡批次不存在")
    return {**batch_dict(batch), "password_sets": await _password_sets(session, batch_id)}


async def password_sets(session: AsyncSession, batch_id: int) -> dict[str, Any]:
    if await session.get(MakingBatch, batch_id) is None:
        raise Problem(404, "not_found", "制卡批次不存在")
    return {"data_list": await _password_sets(session, batch_id)}


async def review(
    session: AsyncSession, db: Database, batch_id: int, data: ReviewIn, actor: dict[str, Any], key: str | None,
    secret: bytes,
) -> dict[str, Any] | JSONResponse:
    """审核: the decision commits under its Idempotency-Key; an approval then makes the cards."""
    scope = f"making:review:{batch_id}"
    stored = await claim(session, scope, key, data.model_dump())
    if stored is not None:
        # The answer of the first call: the decision (and, for an approval, the reserved range).
        return replay(stored)
    batch, needs_generation = await review_batch(session, batch_id, data.approved, data.reason, actor)
    await record(session, scope, key, 200, batch_dict(batch))
    await session.commit()
    if needs_generation:
        # The range is reserved and committed (制作中); the cards follow in one COPY. Should this process die
        # in between, the worker's make-cards job finishes the batch.
        done = await generate(db, batch.id, secret)
        if done is not None:
            batch = done
        else:
            refreshed = await session.get(MakingBatch, batch_id, populate_existing=True)
            batch = refreshed or batch
    return batch_dict(batch)


async def export_file(
    session: AsyncSession, batch_id: int, password_set_id: int | None, secret: bytes, actor: dict[str, Any]
) -> tuple[str, bytes]:
    """The one export of a password set: (file name, .xlsx bytes). The file is built before the commit: if
    building fails, the seed is kept and the export can be retried."""
    batch, password_set, rows = await take_export(session, batch_id, password_set_id, secret, actor)
    content = workbook_bytes(EXPORT_COLUMNS, rows, title=batch.batch_no)
    await session.commit()
    return f"{batch.batch_no}-{password_set.id}.xlsx", content


async def reset(
    session: AsyncSession, batch_id: int, data: PasswordResetIn, secret: bytes, actor: dict[str, Any]
) -> dict[str, Any]:
    start = require_card_no(data.card_no_from, "card_no_from")
    end = require_card_no(data.card_no_to, "card_no_to")
    check_range("card_no", start, end)
    password_set = await reset_passwords(session, batch_id, SeqRange(start, end), data.reason, secret, actor)
    body = password_set_dict(password_set)
    await session.commit()
    return body
