"""Path routing: `/o/<code>/...` selects the organisation's schema; everything else is public.

The organisation prefix moves into SCRIPT_NAME so the tenant urlconf, `reverse()` and redirects
all see paths relative to `/o/<code>/`. Works in one browser origin without DNS or hosts edits.
"""

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import set_script_prefix, set_urlconf
from django_tenants.middleware.main import TenantMainMiddleware

from .models import Organisation
from .schemas import use_public_schema, use_tenant

_PREFIX = re.compile(rf"^/{re.escape(settings.TENANT_PATH_PREFIX)}/(?P<code>[^/]+)(?P<rest>/.*)?$")
_CODE = re.compile(r"^[1-9]\d{5}$")


def not_found(message: str) -> HttpResponse:
    return HttpResponseNotFound(message.encode("utf-8"), content_type="text/plain; charset=utf-8")


class OrganisationPathMiddleware(TenantMainMiddleware):
    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        use_public_schema()
        base_script = request.META.get("SCRIPT_NAME", "").rstrip("/")
        match = _PREFIX.match(request.path_info)
        if match is None:
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF  # type: ignore[attr-defined]
            set_urlconf(settings.PUBLIC_SCHEMA_URLCONF)
            set_script_prefix(base_script + "/")
            request.organisation = None  # type: ignore[attr-defined]
            return None

        code = match.group("code")
        organisation = None
        if _CODE.match(code):
            organisation = Organisation.objects.filter(code=code).select_related("parent").first()
        if organisation is None:
            set_script_prefix(base_script + "/")
            rest = match.group("rest") or "/"
            if rest.startswith("/graphql") or rest.startswith("/static/"):
                return not_found(f"未找到组织机构“{code}”。Unknown organisation: {code}")
            # A page URL: the web app shows its own "not found" page with a way back.
            from suiji_platform.spa import index

            response = index(request)
            response.status_code = 404
            return response

        prefix = f"{base_script}/{settings.TENANT_PATH_PREFIX}/{code}"
        rest = match.group("rest") or "/"
        request.META["SCRIPT_NAME"] = prefix
        request.path_info = rest
        request.path = prefix + rest
        set_script_prefix(prefix + "/")

        organisation.domain_url = request.get_host()
        request.tenant = organisation  # type: ignore[attr-defined]
        request.organisation = organisation  # type: ignore[attr-defined]
        use_tenant(organisation)
        request.urlconf = settings.ROOT_URLCONF  # type: ignore[attr-defined]
        set_urlconf(settings.ROOT_URLCONF)
        return None

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # Never let one request's prefix leak into the next (test clients share a thread).
        set_script_prefix("/")
        set_urlconf(None)
        return response
