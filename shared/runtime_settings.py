"""Runtime settings (配置项): typed operator settings that change without a restart (docs/domains/gateway.md,
"Runtime settings").

- The keys the suite reads are declared once, here, with their type, code default and rule (`CATALOGUE`): a
  part reads `runtime_settings.get(MALL_RETURN_WINDOW_DAYS)`, so a misspelt key is a NameError, not a silent
  default, and the gateway seeds the same declarations as its built-in (内置) settings.
- The gateway owns the values (`/api/system/configs`) and serves a snapshot to the other processes at
  `/internal/system/settings?after_version=N`, answering "unchanged" cheaply while the version is N.
- Every process keeps a local typed cache (`runtime_settings`) refreshed in the background every couple of
  seconds: a RabbitMQ event reaches one replica of a consumer group only, a poll reaches every replica. When the
  gateway is unreachable the cache keeps the last good values; a key it never received reads its code default.

`check_value` / `check_rules` are the one validation of a value against its type and rule, used by the gateway
when an operator saves (422 naming the field) and by the cache when it applies a snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, Literal, TypeVar, cast, get_args

import httpx
import structlog
from prometheus_client import Counter, Gauge
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.identity import sign_service_token
from shared.settings import SuiteSettings

log = structlog.get_logger("runtime_settings")

SettingType = Literal["string", "integer", "decimal", "boolean", "json"]
SETTING_TYPES: dict[str, str] = {"string": "字符串", "integer": "整数", "decimal": "小数", "boolean": "布尔",
                                 "json": "JSON"}
assert set(SETTING_TYPES) == set(get_args(SettingType))
KEY_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
# JSON bounds: a value travels in every snapshot to every process, so it stays small.
MAX_VALUE_CHARS = 4000
SNAPSHOT_PATH = "/internal/system/settings"

VERSION_GAUGE = Gauge("runtime_settings_version", "Version of the runtime settings this process applies")
VALUE_GAUGE = Gauge("runtime_setting_value", "Numeric runtime settings as this process applies them", ["key"])
FETCH_FAILURES = Counter("runtime_settings_fetch_failures_total", "Snapshot fetches that failed (last values kept)")

T = TypeVar("T")


class SettingValueError(ValueError):
    """A value (or a rule) that does not fit its type: the message says why, in Chinese, for the 422."""


@dataclass(frozen=True)
class Rules:
    """Validation of a value beyond its type: bounds for numbers, allowed values, a regex for strings."""

    min: Decimal | None = None
    max: Decimal | None = None
    choices: tuple[Any, ...] = ()
    pattern: str | None = None

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.min is not None:
            body["min"] = str(self.min)
        if self.max is not None:
            body["max"] = str(self.max)
        if self.choices:
            body["choices"] = list(self.choices)
        if self.pattern is not None:
            body["pattern"] = self.pattern
        return body


def _number(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise SettingValueError(f"{what}应为数字")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise SettingValueError(f"{what}应为数字") from exc
    if not number.is_finite():
        raise SettingValueError(f"{what}应为有限的数字")
    return number


def check_rules(setting_type: str, raw: Mapping[str, Any] | Rules | None) -> Rules:
    """The rule of a setting, checked against its type (bounds only for numbers, a regex only for strings)."""
    if isinstance(raw, Rules):
        raw = raw.as_json()
    raw = dict(raw or {})
    unknown = set(raw) - {"min", "max", "choices", "pattern"}
    if unknown:
        raise SettingValueError(f"未知的校验规则: {', '.join(sorted(unknown))}")
    low = None if raw.get("min") is None else _number(raw["min"], "最小值")
    high = None if raw.get("max") is None else _number(raw["max"], "最大值")
    if (low is not None or high is not None) and setting_type not in ("integer", "decimal"):
        raise SettingValueError("只有整数和小数类型可以设置最小值/最大值")
    if low is not None and high is not None and low > high:
        raise SettingValueError("最小值不能大于最大值")
    pattern = raw.get("pattern")
    if pattern is not None:
        if setting_type != "string":
            raise SettingValueError("只有字符串类型可以设置正则表达式")
        if not isinstance(pattern, str) or len(pattern) > 200:
            raise SettingValueError("正则表达式应为不超过 200 个字符的字符串")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SettingValueError(f"正则表达式无效: {exc}") from exc
    choices = raw.get("choices") or ()
    if not isinstance(choices, list | tuple) or len(choices) > 50:
        raise SettingValueError("可选值应为不超过 50 项的列表")
    if choices and setting_type == "json":
        raise SettingValueError("JSON 类型不能设置可选值")
    rules = Rules(low, high, (), pattern)
    # Each allowed value must itself be a value of the type (and inside the bounds).
    normalised = tuple(check_value(setting_type, rules, choice, what="可选值") for choice in choices)
    return Rules(low, high, normalised, pattern)


def check_value(setting_type: str, rules: Rules, value: Any, what: str = "值") -> Any:
    """`value` as stored (JSON; a decimal as its string), or SettingValueError saying why it does not fit."""
    if setting_type == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingValueError(f"{what}应为整数")
        result: Any = value
        number = Decimal(value)
    elif setting_type == "decimal":
        number = _number(value, what)
        result = str(number)
    elif setting_type == "boolean":
        if not isinstance(value, bool):
            raise SettingValueError(f"{what}应为 true 或 false")
        return value
    elif setting_type == "string":
        if not isinstance(value, str):
            raise SettingValueError(f"{what}应为字符串")
        if len(value) > MAX_VALUE_CHARS:
            raise SettingValueError(f"{what}不能超过 {MAX_VALUE_CHARS} 个字符")
        if rules.pattern is not None and re.fullmatch(rules.pattern, value) is None:
            raise SettingValueError(f"{what}不符合格式 {rules.pattern}")
        result, number = value, None
    elif setting_type == "json":
        try:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise SettingValueError(f"{what}应为 JSON") from exc
        if len(text) > MAX_VALUE_CHARS:
            raise SettingValueError(f"{what}不能超过 {MAX_VALUE_CHARS} 个字符")
        return value
    else:
        raise SettingValueError(f"未知的类型 {setting_type}")
    if number is not None:
        if rules.min is not None and number < rules.min:
            raise SettingValueError(f"{what}不能小于 {rules.min}")
        if rules.max is not None and number > rules.max:
            raise SettingValueError(f"{what}不能大于 {rules.max}")
    if rules.choices and result not in rules.choices:
        raise SettingValueError(f"{what}只能是 {', '.join(map(str, rules.choices))} 之一")
    return result


def decode(setting_type: str, stored: Any) -> Any:
    """A stored JSON value as the Python value code reads (a decimal as Decimal)."""
    return Decimal(stored) if setting_type == "decimal" else stored


# ---------------------------------------------------------------- the keys the suite reads


@dataclass(frozen=True)
class SettingKey(Generic[T]):
    """One setting a part reads: the key, its type and code default, and how the back office shows it."""

    key: str
    type: SettingType
    default: Any  # as stored (JSON)
    name: str
    group: str
    description: str = ""
    rules: Rules = field(default_factory=Rules)

    def __post_init__(self) -> None:
        if re.fullmatch(KEY_PATTERN, self.key) is None:
            raise ValueError(f"bad setting key {self.key!r}")
        check_value(self.type, check_rules(self.type, self.rules), self.default)

    @property
    def default_value(self) -> T:
        return cast(T, decode(self.type, self.default))


CATALOGUE: dict[str, SettingKey[Any]] = {}


def builtin(key: str, setting_type: SettingType, default: Any, name: str, group: str, description: str = "",
            **rules: Any) -> SettingKey[Any]:
    declared: SettingKey[Any] = SettingKey(key, setting_type, default, name, group, description,
                                           check_rules(setting_type, rules))
    assert key not in CATALOGUE, f"setting {key} declared twice"
    CATALOGUE[key] = declared
    return declared


MALL_AUTO_COMPLETE_DAYS: SettingKey[int] = builtin(
    "mall.order.auto_complete_days", "integer", 10, "自动确认收货天数", "mall",
    "发货后满这些天订单自动确认收货（并结算）", min=1, max=90)
MALL_RETURN_WINDOW_DAYS: SettingKey[int] = builtin(
    "mall.aftersale.return_window_days", "integer", 7, "售后申请期限（天）", "mall",
    "订单完成后这些天内会员可以申请退货/退款", min=0, max=90)
ESCORT_BOOKING_DAYS_AHEAD: SettingKey[int] = builtin(
    "escort.order.booking_days_ahead", "integer", 60, "陪诊可预约天数", "escort",
    "会员最多可以预约多少天以内的陪诊", min=1, max=365)
GATEWAY_PARTNER_RATE_LIMIT: SettingKey[int] = builtin(
    "gateway.partner.default_rate_limit", "integer", 600, "接口密钥默认限流", "gateway",
    "未单独设置限流的接口密钥，每个时间窗口（60 秒）允许的请求数", min=1, max=1_000_000)


# ---------------------------------------------------------------- the cache every process reads


class RuntimeSettingsConfig(BaseSettings):
    """`SUITE_RUNTIME_SETTINGS_INTERVAL` (seconds between polls) and `..._TIMEOUT` (per fetch)."""

    model_config = SettingsConfigDict(env_prefix="SUITE_RUNTIME_SETTINGS_", extra="ignore")
    interval: float = 2.0
    timeout: float = 2.0


@dataclass(frozen=True)
class Snapshot:
    version: int
    settings: list[dict[str, Any]]  # [{key, type, value}]


# A fetch: the newer snapshot, or None when the version is still `after_version`.
Fetch = Callable[[int], Awaitable[Snapshot | None]]


class RuntimeSettings:
    """The process-wide typed cache. Reads are plain dictionary look-ups; a background task refreshes it."""

    def __init__(self) -> None:
        self.version = 0
        self._values: dict[str, Any] = {}
        self._task: asyncio.Task[None] | None = None
        self._fetch: Fetch | None = None
        self._client: httpx.AsyncClient | None = None
        self._users = 0
        self._lock: asyncio.Lock | None = None
        self.interval = RuntimeSettingsConfig().interval

    def get(self, key: SettingKey[T]) -> T:
        value = self._values.get(key.key, _MISSING)
        return key.default_value if value is _MISSING else cast(T, value)

    def apply(self, snapshot: Snapshot) -> None:
        """Takes a snapshot's values; a value that does not fit what the code declared keeps the last good one."""
        values: dict[str, Any] = {}
        for item in snapshot.settings:
            key, declared = item.get("key"), CATALOGUE.get(str(item.get("key")))
            setting_type = declared.type if declared else str(item.get("type"))
            try:
                stored = check_value(setting_type, declared.rules if declared else Rules(), item.get("value"))
            except SettingValueError as exc:
                log.warning("runtime_setting_ignored", key=key, error=str(exc))
                if key in self._values:
                    values[str(key)] = self._values[str(key)]
                continue
            values[str(key)] = decode(setting_type, stored)
        self._values = values
        self.version = snapshot.version
        VERSION_GAUGE.set(snapshot.version)
        for key, value in values.items():
            if isinstance(value, int | Decimal) and math.isfinite(float(value)):
                VALUE_GAUGE.labels(key).set(float(value))

    async def refresh(self) -> bool:
        """One poll; True when a newer snapshot was applied. A failed fetch keeps the values it had."""
        assert self._fetch is not None
        try:
            snapshot = await self._fetch(self.version)
        except Exception as exc:  # the gateway away or answering nonsense: keep serving the last good values
            FETCH_FAILURES.inc()
            log.warning("runtime_settings_fetch_failed", error=f"{type(exc).__name__}: {exc}"[:300])
            return False
        if snapshot is None:
            return False
        self.apply(snapshot)
        return True

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            await self.refresh()

    async def start(self, service: str, suite: SuiteSettings | None = None, *, fetch: Fetch | None = None,
                    transport: httpx.AsyncBaseTransport | None = None) -> None:
        """Starts polling (once per process and event loop; later callers share it): one fetch now, so the
        first request reads current values, then one every `interval` seconds. `fetch` replaces the HTTP call
        to the gateway (the gateway reads its own database)."""
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            self._users += 1
            if self._task is not None and not self._task.done() and self._task.get_loop() is _loop_now():
                if fetch is not None:  # a local source (the gateway's database) beats polling over HTTP
                    self._fetch = fetch
                    await self.refresh()
                return
            config = RuntimeSettingsConfig()
            self.interval = config.interval
            if fetch is None:
                fetch = self._http_fetch(service, suite or SuiteSettings(), config.timeout, transport)
            self._fetch = fetch
            await self.refresh()
            self._task = asyncio.create_task(self._loop(), name="runtime-settings")

    async def ensure_started(self, service: str, suite: SuiteSettings | None = None) -> None:
        """For code outside an app's lifespan (a worker's job): starts polling unless it already runs here."""
        if self._task is None or self._task.done() or self._task.get_loop() is not _loop_now():
            await self.start(service, suite)

    async def stop(self) -> None:
        """The last user stops the polling."""
        self._users = max(0, self._users - 1)
        if self._users:
            return
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, RuntimeError):
                await self._task
            self._task = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        # Stopped for good: the next start (a test's next app) fetches afresh rather than trusting a version
        # number that may belong to a database emptied meanwhile.
        self._values, self.version, self._fetch = {}, 0, None

    def _http_fetch(self, service: str, suite: SuiteSettings, timeout: float,
                    transport: httpx.AsyncBaseTransport | None) -> Fetch:
        client = httpx.AsyncClient(transport=transport, timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)))
        self._client = client
        # Several gateway replicas (SUITE_SERVICE_URLS): one at a time, the next one after a failure.
        urls, turn = suite.service_url_list("gateway"), 0

        async def fetch(after_version: int) -> Snapshot | None:
            nonlocal turn
            token = sign_service_token(service, "gateway", suite.service_secret)
            try:
                answer = await client.get(urls[turn % len(urls)] + SNAPSHOT_PATH,
                                          params={"after_version": after_version},
                                          headers={"authorization": f"Bearer {token}"})
                answer.raise_for_status()
            except httpx.HTTPError:
                turn += 1
                raise
            body = answer.json()
            if not body.get("changed"):
                return None
            return Snapshot(int(body["version"]), list(body["settings"]))

        return fetch

    # create_service_app hooks: on_startup=[..., runtime_settings.on_startup], on_shutdown=[...].
    async def on_startup(self, app: Any) -> None:
        settings = app.state.settings
        await self.start(settings.service_name, settings.suite)

    async def on_shutdown(self, app: Any) -> None:
        await self.stop()


def _loop_now() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


_MISSING = object()
runtime_settings = RuntimeSettings()
"""The one cache of this process."""
