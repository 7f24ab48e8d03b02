"""Idle sessions end (GB/T 22239-2019 8.1.4.1 b) and security events are written after the
request, outside the transaction of a refused mutation."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from .security import flush_security_events, record_platform_event

LAST_SEEN_KEY = "suiji.last_seen"
# The last-seen time is written at most this often (a session write per request would cost).
LAST_SEEN_RESOLUTION_SECONDS = 30


def mark_seen(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On login (user_logged_in): the session starts active now."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = time.time()


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if session.get("_auth_user_id") is not None:
            now = time.time()
            last = session.get(LAST_SEEN_KEY)
            if last is not None and now - float(last) > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                user = request.user
                record_platform_event(
                    "account.session_idle_timeout",
                    object_id=getattr(user, "username", ""),
                    after={"idle_seconds": int(now - float(last))},
                    actor=user if user.is_authenticated else None,
                )
                logout(request)
                request.user = AnonymousUser()
            elif last is None or now - float(last) >= LAST_SEEN_RESOLUTION_SECONDS:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class SecurityEventMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        flush_security_events(request)
        return response
