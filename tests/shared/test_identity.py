"""Identity tokens and data scopes: pure logic, no backing service needed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest

from shared.identity import (
    DataScope,
    Grant,
    Identity,
    Scope,
    TokenVerifier,
    identity_claims,
    sign_identity,
    sign_service_token,
)
from shared.problems import Problem
from shared.settings import SuiteSettings


def _staff(*grants: Grant, superuser: bool = False) -> Identity:
    return Identity(kind="staff", id=7, name="刘波", dept_id=4, dept_name="销售二部", grants=grants,
                    superuser=superuser)


def test_scope_is_the_union_over_roles_holding_the_permission() -> None:
    seller = Grant(frozenset({"crm:customer:list"}), Scope.SELF)
    auditor = Grant(frozenset({"crm:contract:list"}), Scope.ALL)  # does not hold customer:list
    dept = Grant(frozenset({"crm:customer:list"}), Scope.DEPT, frozenset({4}))
    identity = _staff(seller, auditor, dept)

    scope = identity.scope_for("crm:customer:list")
    assert scope == DataScope(all=False, dept_ids=frozenset({4}), owner_id=7)
    assert identity.scope_for("crm:contract:list").all
    assert identity.scope_for("crm:payment:list") == DataScope()  # holds nothing: sees nothing


def test_scope_allows_rows() -> None:
    only_me = DataScope(owner_id=7)
    assert only_me.allows(owner_id=7, dept_id=99)
    assert not only_me.allows(owner_id=8, dept_id=4)
    depts = DataScope(dept_ids=frozenset({3, 4}))
    assert depts.allows(owner_id=2, dept_id=3)
    assert not depts.allows(owner_id=7, dept_id=5)
    assert not DataScope().allows(owner_id=None, dept_id=None)
    assert DataScope(all=True).allows(owner_id=None, dept_id=None)


def test_superuser_holds_everything_with_all_data() -> None:
    admin = _staff(superuser=True)
    assert admin.has("anything:at:all")
    assert admin.scope_for("crm:customer:list").all


def test_identity_round_trips_through_a_token() -> None:
    suite = SuiteSettings()
    identity = _staff(Grant(frozenset({"crm:customer:list"}), Scope.DEPT_TREE, frozenset({2, 3, 4})))
    token = sign_identity(identity, "crm", suite.private_key_pem)
    back = TokenVerifier("crm", suite).verify(token)
    assert back.id == 7 and back.name == "刘波" and back.dept_id == 4 and back.dept_name == "销售二部"
    assert back.scope_for("crm:customer:list") == DataScope(dept_ids=frozenset({2, 3, 4}))


def test_token_for_another_service_is_refused() -> None:
    suite = SuiteSettings()
    token = sign_identity(_staff(superuser=True), "cards", suite.private_key_pem)
    with pytest.raises(Problem) as refused:
        TokenVerifier("crm", suite).verify(token)
    assert refused.value.status == 401


def test_expired_token_is_refused() -> None:
    suite = SuiteSettings()
    claims = identity_claims(_staff(superuser=True), "crm")
    claims["exp"] = int(time.time()) - 5
    token = jwt.encode(claims, suite.private_key_pem, algorithm="EdDSA")
    with pytest.raises(Problem):
        TokenVerifier("crm", suite).verify(token)


def test_a_token_cannot_choose_a_weaker_algorithm() -> None:
    """HS256 signed with the public key (the classic confusion attack) or alg=none must not pass."""
    suite = SuiteSettings()
    claims = identity_claims(_staff(superuser=True), "crm")

    def b64(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    signing_input = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + b"." + b64(json.dumps(claims).encode())
    mac = hmac.new(suite.public_key_pem.encode(), signing_input, hashlib.sha256).digest()
    forged = (signing_input + b"." + b64(mac)).decode()
    unsigned = jwt.encode(claims, None, algorithm="none")
    verifier = TokenVerifier("crm", suite)
    for token in (forged, unsigned):
        with pytest.raises(Problem):
            verifier.verify(token)


def test_service_tokens_need_the_service_secret() -> None:
    suite = SuiteSettings()
    good = sign_service_token("health", "cards", suite.service_secret)
    assert TokenVerifier("cards", suite).verify(good).kind == "service"
    bad = sign_service_token("health", "cards", "not-the-secret-but-long-enough-for-hs256")
    with pytest.raises(Problem):
        TokenVerifier("cards", suite).verify(bad)
