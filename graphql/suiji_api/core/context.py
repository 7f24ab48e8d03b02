"""The per-request context: the request itself, with the organisation, access and loaders."""

from typing import Any

from django.http import HttpRequest

from suiji_platform.accounts.access import Access, access_to

_UNSET = object()


def get_organisation(request: HttpRequest) -> Any:
    return getattr(request, "organisation", None)


def get_access(request: HttpRequest) -> Access | None:
    """The signed-in user's access to the request's organisation, computed once per request."""
    cached = getattr(request, "_suiji_access", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    organisation = get_organisation(request)
    access = access_to(request.user, organisation) if organisation is not None else None  # type: ignore[arg-type]
    request._suiji_access = access  # type: ignore[attr-defined]
    return access


def get_loaders(request: HttpRequest) -> dict[str, Any]:
    loaders = getattr(request, "_suiji_loaders", None)
    if loaders is None:
        loaders = {}
        request._suiji_loaders = loaders  # type: ignore[attr-defined]
    return loaders
