"""Log-in throttling: recent failures per account, per client address and per pair.

The rules (docs/decisions/0013-log-in-throttling.md):
- a client address with ``TONGXIN_LOGIN_ADDRESS_MAX_FAILURES`` failures in the last
  ``TONGXIN_LOGIN_WINDOW_MINUTES`` is refused whatever it tries;
- every ``TONGXIN_LOGIN_MAX_FAILURES`` wrong passwords in a row lock the account, for
  ``TONGXIN_LOGIN_LOCK_MINUTES`` the first time and twice as long each time after (at most a
  day). A lock refuses every client that failed on the account in the last day, but the right
  password from a client with no such failure still logs in, so a stranger cannot lock the
  owner out;
- every refusal looks the same to the client (one message, one password hash).
"""

import datetime as dt
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.http import HttpRequest

from .models import LoginFailure, User

# Failures are kept this long: the pair rule looks back as far.
KEEP = dt.timedelta(days=1)
MAX_LOCK = dt.timedelta(days=1)


@cache
def _dummy_hash() -> str:
    """A real Argon2 hash of a fixed text, made once: checking a password against it costs what
    checking a real account costs, so an unknown account answers no faster than a known one."""
    return make_password("tongxin-no-such-account")


def burn_hash(password: str) -> None:
    """Spend the time a real password check takes, for answers that must not be faster."""
    check_password(password, _dummy_hash())


def client_address(request: HttpRequest | None) -> str:
    """The client's address: ``REMOTE_ADDR``, or the header a trusted proxy sets when
    ``TONGXIN_CLIENT_IP_HEADER`` names one (e.g. ``HTTP_X_REAL_IP``)."""
    if request is None:
        return ""
    header = settings.TONGXIN_CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    if value:
        return str(value).split(",")[0].strip()[:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def address_blocked(address: str, now: dt.datetime) -> bool:
    """Whether ``address`` used up its failures in the window (any accounts, known or not)."""
    if not address:
        return False
    since = now - dt.timedelta(minutes=settings.TONGXIN_LOGIN_WINDOW_MINUTES)
    count = LoginFailure.objects.filter(address=address, at__gte=since).count()
    return count >= settings.TONGXIN_LOGIN_ADDRESS_MAX_FAILURES


def pair_failed_recently(user: User, address: str, now: dt.datetime) -> bool:
    """Whether this client failed on this account in the last day."""
    return LoginFailure.objects.filter(user=user, address=address, at__gte=now - KEEP).exists()


def record_failure(user: User | None, address: str, now: dt.datetime) -> None:
    """Note a refused log-in and drop the failures too old to count."""
    LoginFailure.objects.filter(at__lt=now - KEEP).delete()
    LoginFailure.objects.create(user=user, address=address, at=now)


def forget_failures(user: User) -> None:
    """The owner got in, or the office unlocked the account: start again from nothing."""
    LoginFailure.objects.filter(user=user).delete()


def lock_length(failures_in_a_row: int) -> dt.timedelta | None:
    """How long the account locks after this many failures in a row (None: no new lock)."""
    limit = settings.TONGXIN_LOGIN_MAX_FAILURES
    if failures_in_a_row < limit or failures_in_a_row % limit:
        return None
    doublings = min(failures_in_a_row // limit - 1, 10)
    length = dt.timedelta(minutes=settings.TONGXIN_LOGIN_LOCK_MINUTES) * (2**doublings)
    return min(length, MAX_LOCK)
