"""Card numbers: a fixed-width sequence number followed by a Luhn check digit.

The sequence number is also the card row's primary key, so a "range from/to" query is a primary-key range
scan and a card number is found without an index of its own.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from shared.problems import Problem

SEQ_WIDTH = 9
CARD_NO_WIDTH = SEQ_WIDTH + 1
# The first number the allocator hands out: keeps every card number at full width without leading zeros.
FIRST_SEQ = 100_000_000
MAX_SEQ = 10**SEQ_WIDTH - 1

# Doubled digit (Luhn) for 0..9: 2*d, minus 9 when that is two digits.
DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def check_digit(seq: int) -> int:
    """The Luhn digit to append to `seq` (catches every single-digit typo and most swaps)."""
    total = 0
    # Walking from the right, the digit next to the (future) check digit is doubled first.
    for position, char in enumerate(reversed(str(seq))):
        digit = ord(char) - 48
        total += DOUBLED[digit] if position % 2 == 0 else digit
    return (10 - total % 10) % 10


def card_no(seq: int) -> str:
    return f"{seq:0{SEQ_WIDTH}d}{check_digit(seq)}"


def parse_card_no(value: str) -> int | None:
    """The sequence number of a well-formed card number (right width, digits, check digit), else None."""
    value = value.strip()
    # ASCII only: str.isdigit() also accepts "²" and other digits int() refuses.
    if len(value) != CARD_NO_WIDTH or not (value.isascii() and value.isdigit()):
        return None
    seq = int(value[:-1])
    if check_digit(seq) != int(value[-1]):
        return None
    return seq


def require_card_no(value: str, field: str) -> int:
    seq = parse_card_no(value)
    if seq is None:
        raise Problem(
            422,
            "invalid_card_no",
            f"卡号 {value} 不正确（{CARD_NO_WIDTH} 位数字，末位为校验位）",
            errors=[{"field": field, "message": "卡号格式或校验位不正确"}],
        )
    return seq


@dataclass(frozen=True, order=True)
class SeqRange:
    """An inclusive range of sequence numbers (= card ids)."""

    start: int
    end: int

    @property
    def count(self) -> int:
        return self.end - self.start + 1

    def overlaps(self, other: SeqRange) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, seq: int) -> bool:
        return self.start <= seq <= self.end

    def as_dict(self) -> dict[str, object]:
        return {"start": card_no(self.start), "end": card_no(self.end), "count": self.count}


def runs(sorted_ids: list[int]) -> list[SeqRange]:
    """Contiguous runs of sorted ids: [1,2,3,7,8] -> [1-3, 7-8]."""
    result: list[SeqRange] = []
    for seq in sorted_ids:
        if result and result[-1].end + 1 == seq:
            result[-1] = SeqRange(result[-1].start, seq)
        else:
            result.append(SeqRange(seq, seq))
    return result


def first_overlap(ranges: list[SeqRange]) -> tuple[SeqRange, SeqRange] | None:
    ordered = sorted(ranges)
    for left, right in itertools.pairwise(ordered):
        if left.overlaps(right):
            return left, right
    return None
