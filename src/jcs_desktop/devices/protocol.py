"""The pieces of the device protocol that need no network: join codes, tokens, rate limits and
the checking of what a page sends (``docs/devices-protocol.md`` is the contract).

Everything a page sends is checked here first (shape, sizes, kinds), then by the same
service call a key press makes (``ScoreService.set_score``), so a device can store nothing
the facilitator's keyboard could not.
"""

from __future__ import annotations

import re
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from jcs_desktop.domain.values import NOT_SURE, Score

# No 0/O, 1/I/L, 5/S or 2/Z: read off a projector and typed on a phone without a mix-up.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
CODE_LENGTH = 6
CODE_MINUTES = 10.0
"""How long a join code is valid."""
CODE_GRACE_SECONDS = 120.0
"""How long the code before the current one is still accepted (someone mid-typing)."""

JOIN_ATTEMPTS_PER_MINUTE = 10
"""Join attempts per network address: a wrong guess of a 6-character code costs a minute."""
MESSAGES_PER_SECOND = 20.0
MESSAGE_BURST = 40
MAX_BODY = 16 * 1024
"""Largest HTTP request body (the join request is under 100 bytes)."""
MAX_MESSAGE = 4 * 1024
"""Largest WebSocket message from a page."""

_CLIENT_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class BadMessage(ValueError):
    """A page's message that is not the protocol's: refused with this text, nothing stored."""


def new_token() -> str:
    """A device's token: 32 random bytes (43 URL-safe characters, fit for a WebSocket subprotocol)."""
    return secrets.token_urlsafe(32)


def new_device_id() -> str:
    return secrets.token_hex(6)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: object) -> str:
    """What a person typed, as a code: upper case, spaces and dashes dropped."""
    if not isinstance(text, str):
        return ""
    return re.sub(r"[\s-]", "", text).upper()[: CODE_LENGTH * 2]


class JoinCodes:
    """The current join code, renewed every ``CODE_MINUTES``; the previous one is accepted for
    ``CODE_GRACE_SECONDS`` after it was replaced."""

    def __init__(self, clock: Callable[[], float], minutes: float = CODE_MINUTES) -> None:
        self._clock = clock
        self._life = minutes * 60.0
        self._current = new_code()
        self._since = clock()
        self._previous: tuple[str, float] | None = None  # (code, replaced at)

    def _roll(self) -> None:
        now = self._clock()
        while now - self._since >= self._life:
            self._previous = (self._current, self._since + self._life)
            self._current = new_code()
            self._since += self._life
            if now - self._since >= self._life:  # long asleep: start afresh from now
                self._since = now

    @property
    def current(self) -> str:
        self._roll()
        return self._current

    @property
    def seconds_left(self) -> float:
        self._roll()
        return max(0.0, self._life - (self._clock() - self._since))

    def renew(self) -> str:
        """A new code now; the old one stops working at once (someone saw it who should not have)."""
        self._current = new_code()
        self._since = self._clock()
        self._previous = None
        return self._current

    def accepts(self, code: str) -> bool:
        self._roll()
        code = normalise_code(code)
        if len(code) != CODE_LENGTH:
            return False
        if secrets.compare_digest(code, self._current):
            return True
        if self._previous is not None:
            old, replaced = self._previous
            if self._clock() - replaced < CODE_GRACE_SECONDS and secrets.compare_digest(code, old):
                return True
        return False


class TokenBucket:
    """``rate`` events a second on average, ``burst`` at once."""

    def __init__(self, clock: Callable[[], float], rate: float = MESSAGES_PER_SECOND, burst: int = MESSAGE_BURST):
        self._clock = clock
        self._rate = rate
        self._burst = float(burst)
        self._tokens = float(burst)
        self._at = clock()

    def take(self) -> bool:
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._at) * self._rate)
        self._at = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False


class SlidingWindow:
    """At most ``limit`` events in any ``seconds``, per key (join attempts per network address)."""

    def __init__(self, clock: Callable[[], float], limit: int = JOIN_ATTEMPTS_PER_MINUTE, seconds: float = 60.0):
        self._clock = clock
        self._limit = limit
        self._seconds = seconds
        self._events: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self._seconds:
            events.popleft()
        if len(events) >= self._limit:
            return False
        events.append(now)
        if len(self._events) > 10_000:  # a flood of addresses: forget those with nothing recent
            for k in [k for k, v in self._events.items() if not v]:
                del self._events[k]
        return True


@dataclass(frozen=True)
class Answer:
    client_id: str
    element_id: str
    value: Score


def client_id(message: dict) -> str:
    value = message.get("id")
    if not isinstance(value, str) or not _CLIENT_ID.match(value):
        raise BadMessage("an answer needs an id of 8 to 64 letters, digits or dashes")
    return value


def parse_answer(message: dict, element_ids: frozenset[str], level_count: int) -> Answer:
    """An ``answer`` message as an Answer; BadMessage (with the reason) if it is not one."""
    cid = client_id(message)
    element = message.get("element")
    if not isinstance(element, str) or element not in element_ids:
        raise BadMessage(f"unknown element {element!r}"[:200])
    value = message.get("value")
    if value is None or value == NOT_SURE:
        return Answer(cid, element, value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= level_count:
        raise BadMessage(f"an answer is a level from 1 to {level_count}, {NOT_SURE!r} or null, not {value!r}"[:200])
    return Answer(cid, element, value)


def parse_participant(message: dict) -> int | None:
    value = message.get("participant")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise BadMessage("participant is a participant's id or null")
    return value


def token_from_protocols(header: str | None) -> str | None:
    """The token a page offered as the ``token.<token>`` WebSocket subprotocol."""
    for part in (header or "").split(","):
        part = part.strip()
        if part.startswith("token."):
            return part[len("token.") :] or None
    return None


__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_BODY",
    "MAX_MESSAGE",
    "Answer",
    "BadMessage",
    "JoinCodes",
    "SlidingWindow",
    "TokenBucket",
    "new_code",
    "new_device_id",
    "new_token",
    "normalise_code",
    "parse_answer",
    "parse_participant",
    "token_from_protocols",
]
