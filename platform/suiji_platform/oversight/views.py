"""GET /o/<prefecture>/oversight/export.xlsx?year=YYYY — permission-checked like the API."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from suiji_platform.accounts.access import Permission, access_to
from suiji_platform.accounts.security import note_permission_denied

from .export import dashboard_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        return HttpResponse("未找到组织机构。", status=404)
    if not request.user.is_authenticated:
        return HttpResponse("请先登录。", status=401)
    access = access_to(request.user, organisation)
    if (
        access is None
        or not access.allows(Permission.OVERSEE_SUBORDINATES)
        or organisation.kind != "prefecture"
    ):
        note_permission_denied(request, f"oversee_subordinates: {request.path}")
        return HttpResponse("您没有查看监督看板的权限。", status=403)
    raw = request.GET.get("year", "")
    if not (raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100):
        return HttpResponse("年度应在2000–2100之间。", status=400)
    year = int(raw)
    response = HttpResponse(dashboard_workbook(organisation, year), content_type=XLSX)
    from urllib.parse import quote

    name = quote(f"监督指标-{organisation.code}-{year}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
