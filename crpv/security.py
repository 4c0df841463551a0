"""The login's defences: the client's address behind proxies, and a cap on login attempts.

Checking a password costs about a second of CPU (PBKDF2), for existing and unknown accounts
alike, so a flood of logins with new usernames (which django-axes' lock-out, per account and
address, never catches) would take the CPU from every other request. ``LoginThrottleMiddleware``
counts the login attempts (POSTs to the admin's login) per client address and per account name
in the shared cache, and answers 429 with ``Retry-After`` once either count reaches its limit,
or while another attempt from the same address is being answered, before any password is
hashed. A successful login gives its attempt back, so an office whose
staff share one address is not held up by their own logins.
"""

import hashlib
import math
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse
from redis.exceptions import RedisError


def client_ip(request):
    """Return the client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXIES`` reverse
    proxies, the address the farthest of them saw.

    Each trusted proxy appends the address it saw to X-Forwarded-For, so the client is the
    ``TRUSTED_PROXIES``-th entry from the right; entries further left came from the client and
    can be forged. With no proxy configured, the header is ignored.
    """
    trusted = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    if trusted <= 0 or not entries:
        return request.META.get("REMOTE_ADDR", "")
    return entries[-trusted] if len(entries) >= trusted else entries[0]


# Seconds after which an attempt still counted as in progress (a worker killed while hashing)
# no longer holds its address up.
IN_PROGRESS_TIMEOUT = 60


def _keys(request, username, address=None):
    """Return the cache keys of the counters of this request (or of ``address``): ``address``,
    ``account`` (per window) and ``in_progress`` (the address's attempts being answered)."""
    period = int(time.time() // settings.LOGIN_ATTEMPTS_WINDOW)
    account = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    if address is None:
        address = client_ip(request)
    address = hashlib.sha256(address.encode()).hexdigest()[:32]
    return {
        "address": f"login-attempts:address:{address}:{period}",
        "account": f"login-attempts:account:{account}:{period}",
        "in_progress": f"login-attempts:in-progress:{address}",
    }


def _count(key, timeout, delta=1):
    """Add ``delta`` to the counter ``key`` and return it; 0 when the cache cannot count."""
    if delta > 0:
        cache.add(key, 0, timeout)
    try:
        return cache.incr(key, delta)
    except (ValueError, RedisError):  # the key is not stored (expired), or the cache fails
        return 0


class LoginThrottleMiddleware:
    """Answer 429 to login attempts past the limits of the settings, before authentication.

    Limits: ``LOGIN_ATTEMPTS_PER_ADDRESS`` (0 turns every cap off) and
    ``LOGIN_ATTEMPTS_PER_ACCOUNT`` attempts per
    ``LOGIN_ATTEMPTS_WINDOW`` seconds (fixed windows), and one attempt at a time per address
    (a person never sends two at once; a flood on many connections would otherwise take every
    worker, and every core, for the seconds its allowed attempts cost). Counters live in the
    default cache, shared by every worker and server; while it fails, attempts are not capped
    (django-axes' lock-out still holds) rather than refusing every login. On Redis the counts
    are exact; the database cache may let two simultaneous attempts through.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and settings.LOGIN_ATTEMPTS_PER_ADDRESS
            and request.path == reverse("admin:login")
        ):
            return self._attempt(request)
        return self.get_response(request)

    def _attempt(self, request):
        keys = _keys(request, request.POST.get("username", "")[:150])
        if _count(keys["in_progress"], IN_PROGRESS_TIMEOUT) > 1:
            _count(keys["in_progress"], IN_PROGRESS_TIMEOUT, -1)
            return self._refuse(request, retry_after=1)
        try:
            timeout = settings.LOGIN_ATTEMPTS_WINDOW + 60
            if (
                _count(keys["address"], timeout) > settings.LOGIN_ATTEMPTS_PER_ADDRESS
                or _count(keys["account"], timeout) > settings.LOGIN_ATTEMPTS_PER_ACCOUNT
            ):
                window = settings.LOGIN_ATTEMPTS_WINDOW
                return self._refuse(request, max(1, math.ceil(window - time.time() % window)))
            return self.get_response(request)
        finally:
            _count(keys["in_progress"], IN_PROGRESS_TIMEOUT, -1)

    def _refuse(self, request, retry_after):
        response = render(
            request,
            "registration/too_many_attempts.html",
            {"minutes": math.ceil(retry_after / 60)},
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response


@receiver(user_logged_in)
def _give_back_attempt(sender, request, user, **kwargs):
    """A successful login does not count against its address, and clears its account's count."""
    if request is None or request.method != "POST":
        return
    keys = _keys(request, user.get_username())
    _count(keys["address"], settings.LOGIN_ATTEMPTS_WINDOW, -1)
    cache.delete(keys["account"])


def clear_login_counts(username="", address=""):
    """Lift the caps on an account name and/or a client address before their window ends
    (``manage.py unlock_logins``)."""
    keys = _keys(None, username, address)
    if username:
        cache.delete(keys["account"])
    if address:
        cache.delete(keys["address"])
        cache.delete(keys["in_progress"])
