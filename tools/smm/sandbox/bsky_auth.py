"""Bluesky sandbox: sessions, bearer tokens and the rate limits a PDS counts, with their headers.

As packages/pds does it: createSession takes a handle and an (app) password and answers
``{accessJwt, refreshJwt, handle, did, active}``; it is limited to 30 per 5 minutes and 300 a day
per identifier (createSession.ts). Tokens are JWTs (HS256 here, with a fixed key):
an expired access token is 400 ``ExpiredToken`` "Token has expired", an unknown one 400
``InvalidToken`` "Token could not be verified", none 401 ``AuthMissing`` (auth-verifier.ts).
refreshSession takes the refresh token as bearer and revokes it. Limited answers carry
``RateLimit-Limit/-Remaining/-Reset/-Policy``; a refusal is 429 ``RateLimitExceeded`` "Rate Limit
Exceeded" with ``Retry-After`` (xrpc-server rate-limiter-http.ts).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

Reply = tuple[int, Any] | tuple[int, Any, dict[str, str]]
# a fixed key: tokens stay valid across a restart of the sandbox, as a PDS's do
_KEY = b"smm-sandbox-bluesky-jwt-key"


def did_for(handle: str) -> str:
    """A stable did:plc for a handle (24 base32 characters, as real PLC identifiers have)."""
    digest = hashlib.sha256(handle.lower().encode()).digest()
    return "did:plc:" + base64.b32encode(digest).decode().lower()[:24]


def error(status: int, name: str, message: str, headers: dict[str, str] | None = None) -> Reply:
    """An XRPC error answer."""
    body = {"error": name, "message": message}
    return (status, body, headers) if headers else (status, body)


def rate_limited(headers: dict[str, str]) -> Reply:
    return error(429, "RateLimitExceeded", "Rate Limit Exceeded", headers)


class Points:
    """A PDS rate limit: ``limit`` points per ``window`` seconds per key, and its headers."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._spent: dict[str, deque[tuple[float, int]]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, points: int = 1) -> tuple[bool, dict[str, str]]:
        """Spend ``points`` for ``key`` if they fit; (fits, the RateLimit-* headers)."""
        with self._lock:
            now = time.monotonic()
            spent = self._spent.setdefault(key, deque())
            while spent and spent[0][0] <= now - self.window:
                spent.popleft()
            used = sum(p for _, p in spent)
            fits = used + points <= self.limit
            if fits:
                spent.append((now, points))
                used += points
            wait = (spent[0][0] + self.window - now) if spent else self.window
            headers = {
                "RateLimit-Limit": str(self.limit),
                "RateLimit-Remaining": str(max(self.limit - used, 0)),
                "RateLimit-Reset": str(int(time.time() + wait)),
                "RateLimit-Policy": f"{self.limit};w={int(self.window)}",
            }
            if not fits:
                headers["Retry-After"] = str(max(int(wait + 0.999), 1))
            return fits, headers


class Sessions:
    """Tokens handed out, checked on every call; the clock is the sandbox's."""

    def __init__(
        self,
        passwords: frozenset[str] | None,
        access_ttl: float,
        per_window: Points,
        per_day: Points,
        now: Callable[[], float],
    ) -> None:
        self.passwords, self.access_ttl, self.now = passwords, access_ttl, now
        self.per_window, self.per_day = per_window, per_day
        self.revoked: set[str] = set()
        self.created = self.refreshed = 0  # sessions made and renewed, for tests that count

    def create(self, body: dict[str, Any]) -> Reply:
        identifier = str(body.get("identifier") or "").lower()
        password = body.get("password")
        for limit in (self.per_day, self.per_window):
            fits, headers = limit.take(identifier)
            if not fits:
                return rate_limited(headers)
        if not identifier or not isinstance(password, str) or not password:
            return error(400, "InvalidRequest", 'Input must have the property "password"')
        if self.passwords is not None and password not in self.passwords:
            return error(401, "AuthenticationRequired", "Invalid identifier or password")
        self.created += 1
        return 200, self._tokens(identifier, did_for(identifier)), headers

    def refresh(self, bearer: str) -> Reply:
        claims, problem = self._check(bearer, "com.atproto.refresh")
        if problem:
            return problem
        self.revoked.add(str(claims["jti"]))
        self.refreshed += 1
        return 200, self._tokens(str(claims["handle"]), str(claims["sub"]))

    def verify(self, headers: Any) -> tuple[dict[str, Any], Reply | None]:
        """The access token's claims, or the error answer for a missing, bad or expired one."""
        bearer = str(headers.get("authorization", ""))
        if not bearer.startswith("Bearer "):
            return {}, error(401, "AuthMissing", "Authentication Required")
        return self._check(bearer.removeprefix("Bearer "), "com.atproto.appPass")

    def _tokens(self, handle: str, did: str) -> dict[str, Any]:
        now = self.now()
        access = {"scope": "com.atproto.appPass", "sub": did, "handle": handle, "iat": int(now)}
        refresh = {"scope": "com.atproto.refresh", "sub": did, "handle": handle}
        return {
            "accessJwt": _jwt({**access, "exp": now + self.access_ttl}),
            "refreshJwt": _jwt({**refresh, "exp": now + 90 * 86400, "jti": secrets.token_hex(8)}),
            "handle": handle,
            "did": did,
            "active": True,
        }

    def _check(self, token: str, scope: str) -> tuple[dict[str, Any], Reply | None]:
        claims = _claims(token)
        if claims is None or claims.get("scope") != scope or claims.get("jti") in self.revoked:
            return {}, error(400, "InvalidToken", "Token could not be verified")
        if float(claims.get("exp", 0)) <= self.now():
            return {}, error(400, "ExpiredToken", "Token has expired")
        return claims, None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _jwt(claims: dict[str, Any]) -> str:
    head = _b64(json.dumps({"alg": "HS256", "typ": "at+jwt"}).encode())
    body = _b64(json.dumps(claims).encode())
    signature = hmac.new(_KEY, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(signature)}"


def _claims(token: str) -> dict[str, Any] | None:
    parts = token.split(".")
    if len(parts) != 3:
        return None
    expected = hmac.new(_KEY, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(_b64(expected), parts[2]):
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    return claims if isinstance(claims, dict) else None
