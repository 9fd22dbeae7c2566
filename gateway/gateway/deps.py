"""FastAPI dependencies of the gateway's own routes."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from shared.identity import Identity, request_identity
from shared.problems import Problem


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


@dataclass(frozen=True)
class Client:
    """Who is at the other end, as the login log records it."""

    ip: str
    user_agent: str


async def current_client(request: Request) -> Client:
    return Client(client_ip(request), request.headers.get("user-agent", ""))


async def current_staff(request: Request) -> Identity:
    identity = request_identity(request)
    if identity.kind != "staff":
        raise Problem(403, "forbidden", "仅限后台员工访问")
    return identity


async def current_member(request: Request) -> Identity:
    identity = request_identity(request)
    if identity.kind != "member":
        raise Problem(403, "forbidden", "仅限会员访问")
    return identity


async def current_sid(request: Request) -> str:
    sid = getattr(request.state, "sid", None)
    if not sid:
        raise Problem(401, "unauthenticated", "请先登录", headers={"WWW-Authenticate": "Bearer"})
    return sid


class GatewayVerifier:
    """Installed as the app's token verifier: the gateway never accepts identity tokens from outside.

    The middleware has already resolved a valid session into `request.state.identity`; reaching this means
    the bearer token was missing, expired or revoked.
    """

    def verify(self, token: str) -> Identity:
        raise Problem(401, "invalid_token", "登录已失效，请重新登录", headers={"WWW-Authenticate": "Bearer"})

