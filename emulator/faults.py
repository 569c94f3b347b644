"""Failures on demand: error statuses, 429s, added latency and users who refuse DMs.

A fault matches a route (``"POST /channels/{channel_id}/messages"``, or None for any) and
optionally a predicate on the request's path parameters; it fires ``times`` times (None:
until removed). Gateway faults (disconnect, invalid session) live on the gateway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from emulator.models import JSON, Member, User
from emulator.ratelimits import limited_body, limited_headers

Matcher = Callable[[dict[str, str]], bool]

DM_REFUSALS = {
    50007: "Cannot send messages to this user",
    50278: "Cannot send messages to this user",
}


@dataclass
class Fault:
    route: str | None
    status: int | None = None
    body: JSON | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    #: Delay the answer *after* the request took effect (the client never hears it did).
    delay_after: float = 0.0
    times: int | None = 1
    match: Matcher | None = None
    #: How often it fired.
    fired: int = 0

    def matches(self, route: str, params: dict[str, str]) -> bool:
        if self.route is not None and self.route != route:
            return False
        return self.match is None or self.match(params)


class Faults:
    def __init__(self) -> None:
        self.active: list[Fault] = []
        self.dm_refusals: dict[int, int] = {}

    def add(self, fault: Fault) -> Fault:
        self.active.append(fault)
        return fault

    def fail(
        self,
        route: str | None,
        status: int = 500,
        *,
        code: int = 0,
        message: str | None = None,
        times: int | None = 1,
        match: Matcher | None = None,
    ) -> Fault:
        """Answer ``status`` with Discord's error JSON (500/502/503, or any 4xx with a code)."""
        body = {"message": message or f"{status}: emulated failure", "code": code}
        return self.add(Fault(route, status, body, times=times, match=match))

    def rate_limit(
        self,
        route: str | None,
        *,
        retry_after: float = 0.25,
        is_global: bool = False,
        times: int | None = 1,
        match: Matcher | None = None,
    ) -> Fault:
        """Answer 429 with ``retry_after`` and the headers Discord sends with it."""
        scope = "global" if is_global else "user"
        headers = limited_headers(retry_after, scope, is_global)
        if not is_global:
            headers.update(
                {
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                    "X-RateLimit-Bucket": "emulated-fault",
                }
            )
        body = limited_body(retry_after, is_global)
        return self.add(Fault(route, 429, body, headers, times=times, match=match))

    def latency(
        self,
        seconds: float,
        *,
        route: str | None = None,
        times: int | None = None,
        after: bool = False,
        match: Matcher | None = None,
    ) -> Fault:
        """Delay matching requests by ``seconds`` before handling them, or (``after``) once
        they took effect and before answering: a crash then leaves the client unsure."""
        if after:
            return self.add(Fault(route, delay_after=seconds, times=times, match=match))
        return self.add(Fault(route, delay=seconds, times=times, match=match))

    def refuse_dms(self, user: User | Member | int, *, code: int = 50007) -> None:
        """Creating a message in this user's DM channel answers 403 with ``code``."""
        self.dm_refusals[user if isinstance(user, int) else user.id] = code

    def allow_dms(self, user: User | Member | int) -> None:
        self.dm_refusals.pop(user if isinstance(user, int) else user.id, None)

    def remove(self, fault: Fault) -> None:
        if fault in self.active:
            self.active.remove(fault)

    def clear(self) -> None:
        self.active.clear()
        self.dm_refusals.clear()

    def take(self, route: str, params: dict[str, str]) -> list[Fault]:
        """The faults that fire for this request (consuming one use of each)."""
        fired: list[Fault] = []
        for fault in list(self.active):
            if not fault.matches(route, params):
                continue
            fault.fired += 1
            fired.append(fault)
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.active.remove(fault)
        return fired

    def dm_refusal(self, user_id: int) -> JSON | None:
        code = self.dm_refusals.get(user_id)
        if code is None:
            return None
        return {"message": DM_REFUSALS.get(code, "Cannot send messages to this user"), "code": code}
