"""One GET with the retries a long pull needs (``requests`` for HTTP, ``tenacity`` for
the retry policy).

* HTTP 429: wait what ``Retry-After`` says (seconds or an HTTP date), at most
  :attr:`Policy.max_wait` seconds, then try again.
* HTTP 5xx, a timeout, a dropped connection or a body cut short: bounded exponential
  backoff with jitter (``initial`` × 2^n, at most ``max_wait``, plus up to ``jitter``).
* At most :attr:`Policy.attempts` tries; then the last failure is raised as
  :class:`FetchError`. Any other 4xx is not retried (a bad request stays bad), except 404,
  which the data APIs answer for "no data for this query": it comes back as a response.

Secrets (the Comtrade key) travel in headers given apart from the recorded ones; no log
line, error message or returned record contains them.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import requests
import tenacity

from data import schema

log = logging.getLogger("tradedash.fetch")
USER_AGENT = "tradedash (bilateral trade analytics; +https://github.com/)"


class FetchError(schema.ValidationError):
    """A request that failed for good: names the URL (never a key) and why."""


class Transient(Exception):
    """A failure worth another try; ``retry_after`` when the server said how long."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Policy:
    """Retry policy: tries, backoff (seconds), the cap on any wait, and timeouts."""

    attempts: int = 6
    initial: float = 1.0
    max_wait: float = 60.0
    jitter: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 120.0


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Response:
    """A completed response: status, body, content type, and when it was retrieved."""

    status: int
    body: bytes
    content_type: str
    retrieved: datetime
    attempts: int


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds, or an HTTP date; None if absent."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def get(
    session: requests.Session,
    url: str,
    params: tuple[tuple[str, str], ...],
    headers: tuple[tuple[str, str], ...],
    secret_headers: tuple[tuple[str, str], ...] = (),
    *,
    policy: Policy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Response:
    """GET ``url`` under ``policy``; a :class:`FetchError` when every try has failed."""
    policy = policy or DEFAULT_POLICY
    backoff = tenacity.wait_exponential_jitter(
        multiplier=policy.initial, max=policy.max_wait, jitter=policy.jitter
    )

    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, Transient) and exc.retry_after is not None:
            return min(exc.retry_after, policy.max_wait)
        return backoff(state)

    def before_sleep(state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait_s = state.next_action.sleep if state.next_action else 0.0
        log.info("%s: %s; try %d in %.1f s", url, exc, state.attempt_number + 1, wait_s)

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(policy.attempts),
        wait=wait,
        retry=tenacity.retry_if_exception_type(Transient),
        before_sleep=before_sleep,
        sleep=sleep,
        reraise=True,
    )
    all_headers = {"User-Agent": USER_AGENT, **dict(headers), **dict(secret_headers)}
    tries = 0

    def once() -> Response:
        nonlocal tries
        tries += 1
        try:
            r = session.get(
                url,
                params=list(params),
                headers=all_headers,
                timeout=(policy.connect_timeout, policy.read_timeout),
            )
            body = r.content  # a body cut short raises here (ChunkedEncodingError)
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise Transient(f"{type(exc).__name__}") from None
        except requests.RequestException as exc:  # e.g. ChunkedEncodingError
            raise Transient(f"the response was cut short ({type(exc).__name__})") from None
        if r.status_code == 429:
            raise Transient("HTTP 429 (too many requests)", retry_after_seconds(
                r.headers.get("Retry-After")))  # fmt: skip
        if r.status_code >= 500:
            raise Transient(f"HTTP {r.status_code}")
        if r.status_code >= 400 and r.status_code != 404:
            raise FetchError(f"{url}: HTTP {r.status_code}: {_snippet(body)}")
        return Response(
            r.status_code, body, r.headers.get("Content-Type", ""), datetime.now(UTC), tries
        )

    try:
        return retrying(once)
    except Transient as exc:
        raise FetchError(f"{url}: {exc}, after {tries} tries; run again to resume") from None


def _snippet(body: bytes) -> str:
    text = body[:200].decode("utf-8", errors="replace").strip()
    return " ".join(text.split()) or "(empty body)"
