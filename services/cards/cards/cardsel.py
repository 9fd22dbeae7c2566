"""SQL for "the cards of these ranges": the one way requests turn card-number ranges into rows."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement

from cards.cards.models import Card
from cards.numbers import SeqRange


def in_ranges(ranges: Iterable[SeqRange], excluded: Iterable[int] = ()) -> ColumnElement[bool]:
    clause: ColumnElement[bool] = or_(*(Card.id.between(r.start, r.end) for r in ranges))
    excluded = sorted(set(excluded))
    if excluded:
        clause = and_(clause, Card.id.not_in(excluded))
    return clause
