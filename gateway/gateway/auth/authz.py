"""Who a caller is and what they may do: the staff member's grants, resolved once and cached in process.

The cache is keyed by the authorisation version kept in Redis (read with the session check); any change to
roles, users, departments or permissions bumps it, so every replica reloads on its next request.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.departments.models import Department
from gateway.members.models import Member
from gateway.permissions.menu import permission_codes
from gateway.roles.models import Role
from gateway.staff.models import Staff
from shared.identity import Grant, Identity, Scope, sign_identity


def descendants(dept_id: int, parents: Mapping[int, int | None]) -> set[int]:
    """`dept_id` and every department below it."""
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    found = {dept_id}
    stack = [dept_id]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def grants_for(roles: Iterable[Role], dept_id: int | None, parents: Mapping[int, int | None]) -> tuple[Grant, ...]:
    """One grant per active role, its scope resolved to department ids (services need no department tree)."""
    grants: list[Grant] = []
    for role in roles:
        if not role.active:
            continue
        scope = Scope(role.scope)
        if scope == Scope.DEPT:
            dept_ids = frozenset({dept_id} if dept_id is not None else set())
        elif scope == Scope.DEPT_TREE:
            dept_ids = frozenset(descendants(dept_id, parents) if dept_id is not None else set())
        elif scope == Scope.CUSTOM:
            dept_ids = frozenset(role.dept_ids or ())
        else:
            dept_ids = frozenset()
        grants.append(Grant(perms=frozenset(role.permissions or ()), scope=scope, dept_ids=dept_ids))
    return tuple(grants)


def service_prefixes(service: str) -> tuple[str, ...]:
    # cards also serves 红包管理 (cards:red_packet:*), which already carries its prefix.
    return (f"{service}:",)


@dataclass
class Resolved:
    """A caller's identity as the gateway knows it, and the per-service identities derived from it."""

    identity: Identity
    version: int
    _per_service: dict[str, Identity] = field(default_factory=dict)

    @property
    def permissions(self) -> frozenset[str]:
        if self.identity.superuser:
            return permission_codes()
        held: set[str] = set()
        for grant in self.identity.grants:
            held |= grant.perms
        return frozenset(held)

    def for_service(self, service: str) -> Identity:
        """The identity forwarded to `service`: only the grants' permissions addressed to it."""
        cached = self._per_service.get(service)
        if cached is not None:
            return cached
        prefixes = service_prefixes(service)
        grants = []
        # A superuser needs no grants (the flag answers every check): a smaller token to sign and verify.
        for grant in () if self.identity.superuser else self.identity.grants:
            perms = frozenset(p for p in grant.perms if p.startswith(prefixes))
            if perms:
                grants.append(Grant(perms=perms, scope=grant.scope, dept_ids=grant.dept_ids))
        identity = Identity(
            kind=self.identity.kind, id=self.identity.id, name=self.identity.name, username=self.identity.username,
            dept_id=self.identity.dept_id, dept_name=self.identity.dept_name, superuser=self.identity.superuser,
            grants=tuple(grants), partner_type=self.identity.partner_type, partner_id=self.identity.partner_id,
        )
        self._per_service[service] = identity
        return identity


class Authorizer:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], private_key_pem: str,
                 cache_size: int = 10000, identity_ttl: int = 60) -> None:
        self._sessions = sessions
        self._private_key = private_key_pem
        self._cache: OrderedDict[tuple[str, int], Resolved] = OrderedDict()
        self._cache_size = cache_size
        self._identity_ttl = identity_ttl
        # (sid, service) -> (authz version, token, reuse until): signing costs more than a lookup.
        self._tokens: OrderedDict[tuple[str, str], tuple[int, str, float]] = OrderedDict()
        self._loading: dict[tuple[str, int, int], asyncio.Future[Resolved | None]] = {}

    def _remember(self, key: tuple[str, int], resolved: Resolved) -> Resolved:
        self._cache[key] = resolved
        self._cache.move_to_end(key)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return resolved

    async def resolve(self, kind: str, user_id: int, version: int) -> Resolved | None:
        """The caller at authorisation `version`; None when the account is gone or disabled."""
        key = (kind, user_id)
        cached = self._cache.get(key)
        if cached is not None and cached.version == version:
            return cached
        # After a version bump many requests of one caller may miss at once: one database load serves them.
        loading = self._loading.get((kind, user_id, version))
        if loading is not None:
            return await asyncio.shield(loading)
        future: asyncio.Future[Resolved | None] = asyncio.get_running_loop().create_future()
        self._loading[(kind, user_id, version)] = future
        try:
            async with self._sessions() as session:
                identity = await (load_staff_identity(session, user_id) if kind == "staff"
                                  else load_member_identity(session, user_id))
            if identity is None:
                self._cache.pop(key, None)
                resolved = None
            else:
                resolved = self._remember(key, Resolved(identity, version))
            future.set_result(resolved)
            return resolved
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved here, so a load nobody else waited for is not reported as lost
            raise
        finally:
            del self._loading[(kind, user_id, version)]

    def signed_for(self, sid: str, resolved: Resolved, service: str) -> str:
        """A signed identity token for `service`, reused for half its lifetime."""
        key = (sid, service)
        now = time.monotonic()
        cached = self._tokens.get(key)
        if cached is not None and cached[0] == resolved.version and cached[2] > now:
            return cached[1]
        token = sign_identity(resolved.for_service(service), service, self._private_key, ttl=self._identity_ttl)
        self._tokens[key] = (resolved.version, token, now + self._identity_ttl / 2)
        if len(self._tokens) > self._cache_size:
            self._tokens.popitem(last=False)
        return token

    def sign_partner(self, identity: Identity, service: str) -> str:
        """A partner's identity token, reused for half its lifetime (a key's binding never changes)."""
        key = (f"partner:{identity.id}", service)
        now = time.monotonic()
        cached = self._tokens.get(key)
        if cached is not None and cached[2] > now:
            return cached[1]
        token = sign_identity(identity, service, self._private_key, ttl=self._identity_ttl)
        self._tokens[key] = (0, token, now + self._identity_ttl / 2)
        if len(self._tokens) > self._cache_size:
            self._tokens.popitem(last=False)
        return token


async def department_parents(session: AsyncSession) -> dict[int, int | None]:
    rows = await session.execute(select(Department.id, Department.parent_id))
    return {row.id: row.parent_id for row in rows}


async def load_staff_identity(session: AsyncSession, staff_id: int) -> Identity | None:
    staff = await session.get(Staff, staff_id)
    if staff is None or not staff.active:
        return None
    parents = await department_parents(session)
    dept_name = ""
    if staff.dept_id is not None:
        dept_name = await session.scalar(select(Department.name).where(Department.id == staff.dept_id)) or ""
    return Identity(
        kind="staff", id=staff.id, name=staff.name, username=staff.username, dept_id=staff.dept_id,
        dept_name=dept_name, superuser=staff.superuser, grants=grants_for(staff.roles, staff.dept_id, parents),
    )


async def load_member_identity(session: AsyncSession, member_id: int) -> Identity | None:
    member = await session.get(Member, member_id)
    if member is None or not member.active:
        return None
    return Identity(kind="member", id=member.id, name=member.name, username=member.phone)
