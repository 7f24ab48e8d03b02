"""Security events (GB/T 22239-2019 8.1.4.3): where they are written and how they stay bounded.

Sign-in events belong to the platform (public schema) chain only, whatever path the attempt
came through: an organisation's log is written by that organisation's people, never by an
anonymous visitor. Permission denials are security events too: they go to the platform's
chain, naming the organisation, written after the request (a refused mutation rolls its own
transaction back and leaves the organisation's log untouched), at most
DENIAL_AUDIT_MAX_PER_MINUTE per user and minute.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name, schema_context

from suiji_tenants.audit.services import record_audit

from . import throttle


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def record_platform_event(
    operation: str, *, object_id: str = "", after: Any = None, actor: Any = None
) -> None:
    """Append a security event to the platform's chain (public schema), from any path."""
    with schema_context(get_public_schema_name()):
        record_audit(operation, object_type="User", object_id=object_id, after=after, actor=actor)


def record_failed_login(operation: str, *, object_id: str, after: dict[str, Any]) -> None:
    """Failed or refused sign-ins: written up to a budget per minute, then counted once."""
    allowed, count = throttle.audit_budget("login", settings.LOGIN_AUDIT_MAX_PER_MINUTE)
    if allowed:
        record_platform_event(operation, object_id=object_id, after=after)
    elif count == settings.LOGIN_AUDIT_MAX_PER_MINUTE + 1:
        record_platform_event(
            "account.login_flood",
            after={
                "limit_per_minute": settings.LOGIN_AUDIT_MAX_PER_MINUTE,
                "note": "本分钟内其余失败登录只计数，不逐条记录",
            },
        )


def note_permission_denied(request: HttpRequest, what: str) -> None:
    """Remember a denial to a signed-in user; SecurityEventMiddleware writes it afterwards."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    events = getattr(request, "_suiji_security_events", None)
    if events is None:
        events = []
        request._suiji_security_events = events  # type: ignore[attr-defined]
    organisation = getattr(request, "organisation", None)
    events.append(
        {
            "organisation_code": organisation.code if organisation else "",
            "what": what[:200],
            "path": request.path[:200],
        }
    )


def flush_security_events(request: HttpRequest) -> None:
    events = getattr(request, "_suiji_security_events", None)
    if not events:
        return
    request._suiji_security_events = []  # type: ignore[attr-defined]
    user = request.user
    for event in events[:5]:
        allowed, _ = throttle.audit_budget(
            f"denial:{user.pk}", settings.DENIAL_AUDIT_MAX_PER_MINUTE
        )
        if not allowed:
            break
        with schema_context(get_public_schema_name()):
            record_audit(
                "security.permission_denied",
                object_type="Permission",
                object_id=event["what"][:64],
                after={"path": event["path"], "message": event["what"]},
                actor=user,
                organisation_code=event["organisation_code"],
            )
