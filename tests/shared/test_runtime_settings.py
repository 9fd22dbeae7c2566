"""shared/runtime_settings.py: one validation of a value against its type and rule, and a cache that applies
snapshots, keeps its last good values when a fetch fails or a value does not fit, and falls back to code
defaults. Its own instances here (the process-wide one belongs to the apps)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from shared.runtime_settings import (
    CATALOGUE,
    MALL_AUTO_COMPLETE_DAYS,
    MALL_RETURN_WINDOW_DAYS,
    Rules,
    RuntimeSettings,
    SettingKey,
    SettingValueError,
    Snapshot,
    check_rules,
    check_value,
)


@pytest.mark.parametrize(("setting_type", "rules", "value", "stored"), [
    ("integer", {"min": 1, "max": 90}, 10, 10),
    ("decimal", {"min": "0", "max": "1"}, 0.25, "0.25"),
    ("decimal", {}, "12.50", "12.50"),
    ("boolean", {}, False, False),
    ("string", {"pattern": r"^[0-9-]{5,20}$"}, "400-800-1234", "400-800-1234"),
    ("string", {"choices": ["a", "b"]}, "b", "b"),
    ("json", {}, {"a": [1, 2]}, {"a": [1, 2]}),
])
def test_values_that_fit(setting_type: str, rules: dict[str, Any], value: Any, stored: Any) -> None:
    assert check_value(setting_type, check_rules(setting_type, rules), value) == stored


@pytest.mark.parametrize(("setting_type", "rules", "value"), [
    ("integer", {}, "10"), ("integer", {}, 10.0), ("integer", {}, True), ("integer", {"max": 90}, 91),
    ("integer", {"choices": [1, 2]}, 3), ("decimal", {}, "abc"), ("decimal", {}, "NaN"), ("decimal", {}, True),
    ("decimal", {"min": "0"}, "-0.01"), ("boolean", {}, 1), ("boolean", {}, "true"), ("string", {}, 5),
    ("string", {"pattern": "^a+$"}, "ab"), ("string", {}, "x" * 4001), ("json", {}, float("nan")),
])
def test_values_that_do_not_fit(setting_type: str, rules: dict[str, Any], value: Any) -> None:
    with pytest.raises(SettingValueError):
        check_value(setting_type, check_rules(setting_type, rules), value)


@pytest.mark.parametrize(("setting_type", "rules"), [
    ("string", {"min": 1}), ("integer", {"pattern": "x"}), ("integer", {"min": 5, "max": 1}),
    ("string", {"pattern": "("}), ("json", {"choices": [1]}), ("integer", {"choices": ["a"]}),
    ("integer", {"choices": [100], "max": 10}), ("integer", {"step": 1}),
])
def test_rules_that_do_not_fit_their_type(setting_type: str, rules: dict[str, Any]) -> None:
    with pytest.raises(SettingValueError):
        check_rules(setting_type, rules)


def test_declarations_are_checked_and_unique() -> None:
    assert CATALOGUE[MALL_AUTO_COMPLETE_DAYS.key] is MALL_AUTO_COMPLETE_DAYS
    assert MALL_AUTO_COMPLETE_DAYS.rules == Rules(Decimal(1), Decimal(90))
    with pytest.raises(SettingValueError):
        SettingKey("x.bad_default", "integer", "ten", "n", "x")
    with pytest.raises(ValueError, match="bad setting key"):
        SettingKey("NoDots", "integer", 1, "n", "x")


def snapshot(version: int, **values: Any) -> Snapshot:
    return Snapshot(version, [{"key": key.replace("__", "."), "type": "integer", "value": value}
                              for key, value in values.items()])


async def test_cache_applies_snapshots_and_keeps_last_good_values() -> None:
    answers: list[Snapshot | Exception | None] = []

    async def fetch(after_version: int) -> Snapshot | None:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    cache = RuntimeSettings()
    assert cache.get(MALL_RETURN_WINDOW_DAYS) == 7  # nothing fetched: the code default
    window = MALL_RETURN_WINDOW_DAYS.key.replace(".", "__")
    answers += [snapshot(3, **{window: 12})]
    await cache.start("mall", fetch=fetch)
    try:
        assert (cache.version, cache.get(MALL_RETURN_WINDOW_DAYS)) == (3, 12)
        answers += [None]  # unchanged
        assert await cache.refresh() is False and cache.get(MALL_RETURN_WINDOW_DAYS) == 12
        answers += [ConnectionError("gateway away")]
        assert await cache.refresh() is False and cache.get(MALL_RETURN_WINDOW_DAYS) == 12
        # A value the code cannot take (above its declared maximum) keeps the last good one; others apply.
        answers += [snapshot(4, **{window: 500, MALL_AUTO_COMPLETE_DAYS.key.replace(".", "__"): 15})]
        assert await cache.refresh() is True
        assert (cache.get(MALL_RETURN_WINDOW_DAYS), cache.get(MALL_AUTO_COMPLETE_DAYS), cache.version) == (12, 15, 4)
        # A key the gateway no longer sends reads its code default again.
        answers += [snapshot(5)]
        await cache.refresh()
        assert cache.get(MALL_AUTO_COMPLETE_DAYS) == 10
    finally:
        await cache.stop()
    assert cache.version == 0  # stopped for good: the next start fetches afresh
