"""The login's defences: the client's address behind proxies, and a cap on login attempts.

Checking a password costs about a second of CPU (PBKDF2), for existing and unknown accounts
alike, so a flood of logins with new usernames (which django-axes' lock-out, per account and
address, never catches) would take the CPU from every other request. ``LoginThrottleMiddleware``
counts the login attempts (POSTs to the admin's login) per client address and per account name
in the shared cache, and answers 429 with ``Retry-After`` once either count reaches its limit,
before any password is hashed. A successful login gives its attempt back, so an office whose
staff share one address is not held up by their own logins.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


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


def _keys(request, username):
    window = settings.LOGIN_ATTEMPTS_WINDOW
    period = int(time.time() // window)
    account = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    return (
        (f"login-attempts:address:{address}:{period}", settings.LOGIN_ATTEMPTS_PER_ADDRESS),
        (f"login-attempts:account:{account}:{period}", settings.LOGIN_ATTEMPTS_PER_ACCOUNT),
    )


def _count(key, timeout):
    """Add one to the counter ``key`` and return it; 0 when the cache cannot count."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except (ValueError, RedisError):  # the key was not stored: the cache is failing
        return 0


def _seconds_left():
    window = settings.LOGIN_ATTEMPTS_WINDOW
    return max(1, math.ceil(window - time.time() % window))


class LoginThrottleMiddleware:
    """Answer 429 to login attempts past the limits of the settings, before authentication.

    Limits: ``LOGIN_ATTEMPTS_PER_ADDRESS`` and ``LOGIN_ATTEMPTS_PER_ACCOUNT`` attempts per
    ``LOGIN_ATTEMPTS_WINDOW`` seconds (fixed windows). Counters live in the default cache,
    shared by every worker and server; while it fails, attempts are not capped (django-axes'
    lock-out still holds) rather than refusing every login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login"):
            refused = self._over_limit(request)
            if refused:
                return refused
        return self.get_response(request)

    def _over_limit(self, request):
        username = request.POST.get("username", "")[:150]
        timeout = settings.LOGIN_ATTEMPTS_WINDOW + 60
        over = [_count(key, timeout) > limit for key, limit in _keys(request, username)]
        if not any(over):
            return None
        logger.warning("Login attempts capped per %s", "address" if over[0] else "account")
        retry_after = _seconds_left()
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
    (address_key, _limit), (account_key, _limit) = _keys(request, user.get_username())
    try:
        cache.decr(address_key)
    except (ValueError, RedisError):
        pass
    cache.delete(account_key)
