"""Failed-login counters: progressive delays and a captcha, never a lockout.

An account is named by what was typed (normalised and hashed), whether or not it exists, so
the answers never tell an attacker which accounts exist. Counters live in the cache for
LOGIN_FAILURE_WINDOW_SECONDS and carry the account's *generation*: an administrator's unlock
bumps it, which forgets every counter of that account at once (per address ones too).
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def account_key(username: str) -> str:
    return hashlib.sha256((username or "").strip().lower().encode("utf-8")).hexdigest()[:32]


def _generation(account: str) -> int:
    return int(cache.get(f"login-gen:{account}", 0))


@dataclass(frozen=True)
class Counters:
    account: str
    address: str
    generation: int

    @property
    def account_failures_key(self) -> str:
        return f"login-fail:acct:{self.account}:{self.generation}"

    @property
    def pair_failures_key(self) -> str:
        return f"login-fail:pair:{self.account}:{self.generation}:{self.address}"

    @property
    def pair_next_key(self) -> str:
        return f"login-next:{self.account}:{self.generation}:{self.address}"

    @property
    def address_failures_key(self) -> str:
        return f"login-fail:addr:{self.address}"


def counters(username: str, address: str) -> Counters:
    account = account_key(username)
    return Counters(account, address, _generation(account))


@dataclass(frozen=True)
class Verdict:
    wait_seconds: int  # > 0: this address must wait before trying this account again
    captcha_required: bool


def check(c: Counters) -> Verdict:
    """What an attempt must satisfy before its password is even checked."""
    values = cache.get_many([c.account_failures_key, c.address_failures_key, c.pair_next_key])
    wait = 0
    next_at = values.get(c.pair_next_key)
    if next_at is not None:
        wait = max(0, int(float(next_at) - time.time() + 0.999))
    captcha = (
        values.get(c.account_failures_key, 0) >= settings.LOGIN_CAPTCHA_AFTER
        or values.get(c.address_failures_key, 0) >= settings.LOGIN_ADDRESS_CAPTCHA_AFTER
    )
    return Verdict(wait, captcha)


def _incr(key: str) -> int:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:
        cache.set(key, 1, timeout=window)
        return 1


def count_failure(c: Counters) -> int:
    """Count one failed password; returns the failures of this address on this account."""
    _incr(c.account_failures_key)
    _incr(c.address_failures_key)
    pair = _incr(c.pair_failures_key)
    if pair >= settings.LOGIN_DELAY_AFTER:
        delay = min(2 ** (pair - settings.LOGIN_DELAY_AFTER), settings.LOGIN_DELAY_MAX_SECONDS)
        cache.set(c.pair_next_key, time.time() + delay, timeout=delay + 1)
    return pair


def clear_after_success(c: Counters) -> None:
    cache.delete_many([c.account_failures_key, c.pair_failures_key, c.pair_next_key])


def account_failures(username: str) -> int:
    c = counters(username, "")
    return int(cache.get(c.account_failures_key, 0))


def account_restricted(username: str) -> bool:
    """Locked, as the account's owner sees it: the next sign-in asks for a captcha."""
    return account_failures(username) >= settings.LOGIN_CAPTCHA_AFTER


def unlock(username: str) -> int:
    """Forget every failure counter of the account; returns how many failures there were."""
    account = account_key(username)
    failures = account_failures(username)
    key = f"login-gen:{account}"
    if not cache.add(key, 1, timeout=None):
        cache.incr(key)
    return failures


def once_per_window(key: str, seconds: int) -> bool:
    """True for the first caller in `seconds` (used to write one summary record, not each)."""
    return bool(cache.add(f"once:{key}", 1, timeout=seconds))


def current_minute() -> int:
    """The calendar minute an audit budget counts in."""
    return int(time.time() // 60)


def audit_budget(kind: str, limit: int) -> tuple[bool, int]:
    """Whether one more record of `kind` may be written this minute, and this minute's count."""
    minute = current_minute()
    key = f"audit-budget:{kind}:{minute}"
    if cache.add(key, 1, timeout=120):
        return True, 1
    try:
        count = int(cache.incr(key))
    except ValueError:
        return True, 1
    return count <= limit, count
