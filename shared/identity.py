"""Who is calling: the identity the gateway vouches for, the permission check, and the data scope.

The gateway authenticates the caller (staff token, member token, partner API key), then forwards the
request with a short-lived identity token signed by its Ed25519 key and addressed to one service
(`aud`). Services hold only the public key, so they can check an identity but never mint one. A
service port reached without such a token answers 401.

Service-to-service calls (`/internal/...`, never routed by the gateway) carry an HS256 token made
with the suite's service secret instead.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

import jwt
from fastapi import Request
from sqlalchemy import false, or_, true
from sqlalchemy.sql.elements import ColumnElement

from shared.problems import Problem
from shared.settings import SuiteSettings

IDENTITY_ALG = "EdDSA"
SERVICE_ALG = "HS256"
IDENTITY_TTL_SECONDS = 60
SERVICE_TTL_SECONDS = 60


class Scope(StrEnum):
    """RuoYi's five data scopes."""

    ALL = "all"  # 全部数据
    CUSTOM = "custom"  # 自定义部门
    DEPT = "dept"  # 本部门
    DEPT_TREE = "dept_tree"  # 本部门及以下
    SELF = "self"  # 仅本人


SCOPE_LABELS = {
    Scope.ALL: "全部数据",
    Scope.CUSTOM: "自定义部门",
    Scope.DEPT: "本部门",
    Scope.DEPT_TREE: "本部门及以下",
    Scope.SELF: "仅本人",
}


@dataclass(frozen=True)
class Grant:
    """What one role gives: its permissions (for the addressed service) and its resolved data scope.

    The gateway resolves 本部门/本部门及以下/自定义部门 to department ids, so services need no department tree.
    """

    perms: frozenset[str]
    scope: Scope
    dept_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class DataScope:
    """The rows a caller may touch for one permission: all, some departments, and/or their own."""

    all: bool = False
    dept_ids: frozenset[int] = frozenset()
    owner_id: int | None = None

    def clause(self, owner_col: Any, dept_col: Any = None) -> ColumnElement[bool]:
        if self.all:
            return true()
        parts: list[ColumnElement[bool]] = []
        if self.dept_ids and dept_col is not None:
            parts.append(dept_col.in_(sorted(self.dept_ids)))
        if self.owner_id is not None:
            parts.append(owner_col == self.owner_id)
        return or_(*parts) if parts else false()

    def allows(self, owner_id: int | None, dept_id: int | None) -> bool:
        if self.all:
            return True
        if dept_id is not None and dept_id in self.dept_ids:
            return True
        return self.owner_id is not None and owner_id == self.owner_id


@dataclass(frozen=True)
class Identity:
    kind: Literal["staff", "member", "partner", "service"]
    id: int
    name: str = ""
    username: str = ""
    dept_id: int | None = None
    dept_name: str = ""
    superuser: bool = False
    grants: tuple[Grant, ...] = ()
    partner_type: str | None = None  # "hospital" | "escort"
    partner_id: int | None = None
    service: str | None = None  # the calling service, for kind == "service"
    extra: dict[str, Any] = field(default_factory=dict)

    def has(self, permission: str) -> bool:
        return self.superuser or any(permission in g.perms for g in self.grants)

    def scope_for(self, permission: str) -> DataScope:
        """Union of the scopes of the roles that hold `permission` (docs/domains/gateway.md)."""
        if self.superuser:
            return DataScope(all=True)
        holding = [g for g in self.grants if permission in g.perms]
        if any(g.scope == Scope.ALL for g in holding):
            return DataScope(all=True)
        depts: set[int] = set()
        for g in holding:
            depts |= g.dept_ids
        owner = self.id if any(g.scope == Scope.SELF for g in holding) else None
        return DataScope(dept_ids=frozenset(depts), owner_id=owner)

    @property
    def actor(self) -> dict[str, Any]:
        """The (id, name) pair records keep as created_by / reviewer."""
        return {"id": self.id, "name": self.name}


# ---------------------------------------------------------------- tokens


def identity_claims(identity: Identity, audience: str, ttl: int = IDENTITY_TTL_SECONDS) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": "gateway",
        "aud": audience,
        "iat": now,
        "exp": now + ttl,
        "k": identity.kind,
        "sub": str(identity.id),
        "nm": identity.name,
        "un": identity.username,
    }
    if identity.dept_id is not None:
        claims["dp"] = identity.dept_id
        claims["dn"] = identity.dept_name
    if identity.superuser:
        claims["su"] = True
    if identity.grants:
        claims["g"] = [
            {"p": sorted(g.perms), "s": g.scope.value, "d": sorted(g.dept_ids)} for g in identity.grants
        ]
    if identity.partner_type:
        claims["pt"] = identity.partner_type
        claims["pid"] = identity.partner_id
    return claims


def new_identity_key_pair() -> tuple[str, str]:
    """A fresh Ed25519 key pair as PEM text: (private PKCS#8 for the gateway, public SPKI for the services)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private.decode(), public.decode()


def sign_identity(identity: Identity, audience: str, private_key_pem: str, ttl: int = IDENTITY_TTL_SECONDS) -> str:
    return jwt.encode(identity_claims(identity, audience, ttl), private_key_pem, algorithm=IDENTITY_ALG)


def sign_service_token(caller: str, audience: str, secret: str, ttl: int = SERVICE_TTL_SECONDS) -> str:
    now = int(time.time())
    claims = {"iss": caller, "aud": audience, "iat": now, "exp": now + ttl, "k": "service", "sub": "0"}
    return jwt.encode(claims, secret, algorithm=SERVICE_ALG)


def identity_from_claims(claims: dict[str, Any]) -> Identity:
    grants = tuple(
        Grant(perms=frozenset(g.get("p", ())), scope=Scope(g["s"]), dept_ids=frozenset(g.get("d", ())))
        for g in claims.get("g", ())
    )
    kind = claims["k"]
    return Identity(
        kind=kind,
        id=int(claims.get("sub", 0)),
        name=claims.get("nm", ""),
        username=claims.get("un", ""),
        dept_id=claims.get("dp"),
        dept_name=claims.get("dn", ""),
        superuser=bool(claims.get("su", False)),
        grants=grants,
        partner_type=claims.get("pt"),
        partner_id=claims.get("pid"),
        service=claims.get("iss") if kind == "service" else None,
    )


class TokenVerifier:
    """Checks identity and service tokens for one service; remembers verified tokens until they expire."""

    def __init__(self, audience: str, suite: SuiteSettings, cache_size: int = 4096) -> None:
        self.audience = audience
        self._public_key = suite.public_key_pem
        self._service_secret = suite.service_secret
        self._cache: OrderedDict[str, tuple[Identity, int]] = OrderedDict()
        self._cache_size = cache_size

    def verify(self, token: str) -> Identity:
        cached = self._cache.get(token)
        now = time.time()
        if cached is not None and cached[1] > now:
            return cached[0]
        try:
            alg = jwt.get_unverified_header(token).get("alg")
            # The key decides the algorithm: no token can choose how it is checked.
            if alg == IDENTITY_ALG:
                claims = jwt.decode(token, self._public_key, algorithms=[IDENTITY_ALG], audience=self.audience)
                if claims.get("iss") != "gateway":
                    raise jwt.InvalidIssuerError("not issued by the gateway")
            elif alg == SERVICE_ALG:
                claims = jwt.decode(token, self._service_secret, algorithms=[SERVICE_ALG], audience=self.audience)
                if claims.get("k") != "service":
                    raise jwt.InvalidTokenError("not a service token")
            else:
                raise jwt.InvalidAlgorithmError(str(alg))
            identity = identity_from_claims(claims)
        except (jwt.PyJWTError, KeyError, ValueError) as exc:
            raise Problem(401, "invalid_token", "身份凭证无效或已过期") from exc
        self._cache[token] = (identity, int(claims["exp"]))
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return identity


# ---------------------------------------------------------------- FastAPI dependencies


def _verifier(request: Request) -> TokenVerifier:
    verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
    if verifier is None:  # pragma: no cover - create_service_app always installs one
        raise Problem(500, "no_verifier", "服务未配置身份校验")
    return verifier


def request_identity(request: Request) -> Identity:
    cached = getattr(request.state, "identity", None)
    if cached is not None:
        return cached
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Problem(401, "unauthenticated", "请先登录", headers={"WWW-Authenticate": "Bearer"})
    identity = _verifier(request).verify(token.strip())
    request.state.identity = identity
    return identity


@dataclass(frozen=True)
class Principal:
    """The caller of an admin route, with the data scope of the permission the route requires."""

    identity: Identity
    permission: str
    scope: DataScope

    @property
    def id(self) -> int:
        return self.identity.id

    @property
    def name(self) -> str:
        return self.identity.name

    @property
    def dept_id(self) -> int | None:
        return self.identity.dept_id

    @property
    def dept_name(self) -> str:
        return self.identity.dept_name

    @property
    def actor(self) -> dict[str, Any]:
        return self.identity.actor

    def can(self, permission: str) -> bool:
        return self.identity.has(permission)


class Require:
    """`Depends(Require("crm:customer:list"))`: a staff caller holding that permission.

    The code is also published on the route's OpenAPI operation as `x-permission`.
    """

    def __init__(self, permission: str) -> None:
        self.permission = permission

    # async: a plain function dependency would run in FastAPI's threadpool on every request.
    async def __call__(self, request: Request) -> Principal:
        identity = request_identity(request)
        if identity.kind != "staff":
            raise Problem(403, "forbidden", "仅限后台员工访问")
        if not identity.has(self.permission):
            raise Problem(403, "permission_denied", f"缺少权限 {self.permission}", permission=self.permission)
        return Principal(identity, self.permission, identity.scope_for(self.permission))

    def __repr__(self) -> str:
        return f"Require({self.permission!r})"


async def require_member(request: Request) -> Identity:
    identity = request_identity(request)
    if identity.kind != "member":
        raise Problem(403, "forbidden", "仅限会员访问")
    return identity


class RequirePartner:
    """`Depends(RequirePartner("hospital"))`: a partner API key bound to a hospital (or an escort)."""

    def __init__(self, partner_type: str) -> None:
        self.partner_type = partner_type

    async def __call__(self, request: Request) -> Identity:
        identity = request_identity(request)
        if identity.kind != "partner" or identity.partner_type != self.partner_type:
            raise Problem(403, "forbidden", "该密钥无权访问此接口")
        return identity


async def require_service(request: Request) -> Identity:
    identity = request_identity(request)
    if identity.kind != "service":
        raise Problem(403, "forbidden", "仅限内部服务调用")
    return identity
