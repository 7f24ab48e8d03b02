"""Excel downloads and uploads under /o/<code>/registries/, permission-checked like the API."""

import re
import tempfile
from pathlib import Path
from typing import TypeVar

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET, require_POST

from suiji_platform.accounts.access import Permission, access_to
from suiji_platform.accounts.security import note_permission_denied
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.services import record_audit

from .codes import normalise_code, unstorable_character
from .excel import write_export, write_template
from .importer import reports_dir
from .models import ConstructionStatus, CreditClass, Department, EntityStatus, InspectorKind
from .queries import ORDERINGS, registry_queryset
from .uploads import store_upload
from .validation import SPECS
from .visibility import personal_data_visible

_REPORT_NAME = re.compile(r"^[0-9a-f]{32}\.xlsx$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTER_KEYS = (
    "search",
    "entity_type",
    "nature",
    "region",
    "credit_class",
    "status",
    "construction_status",
    "responsible_entity_uscc",
    "kind",
    "department",
    "category",
    "active",
    "certificate_valid",
    "order_by",
    "descending",
)


def _access(
    request: HttpRequest, permission: Permission
) -> tuple[object | None, HttpResponse | None]:
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        return None, HttpResponse("未找到组织机构。", status=404)
    if not request.user.is_authenticated:
        return None, HttpResponse("请先登录。", status=401)
    access = access_to(request.user, organisation)
    if access is None or not access.allows(permission):
        note_permission_denied(request, f"{permission.value}: {request.path}")
        return None, HttpResponse("您没有执行此操作的权限。", status=403)
    return access, None


_Response = TypeVar("_Response", bound=HttpResponseBase)


def _attachment(response: _Response, filename: str) -> _Response:
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@require_GET
def template(request: HttpRequest, kind: str) -> HttpResponse:
    _, denied = _access(request, Permission.READ_ORGANISATION)
    if denied:
        return denied
    if kind not in SPECS:
        return HttpResponse("未知的名录类型。", status=404)
    import io

    buffer = io.BytesIO()
    write_template(kind, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    return _attachment(response, f"{SPECS[kind].label}导入模板.xlsx")


class BadParameter(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


MAX_PARAMETER_LENGTH = 200
_BOOLEAN = {
    "1": True,
    "true": True,
    "yes": True,
    "0": False,
    "false": False,
    "no": False,
    "": False,
}
# Parameters whose values come from a fixed list (the API's enums).
_CHOICES: dict[str, set[str]] = {
    "credit_class": set(CreditClass.values),
    "status": set(EntityStatus.values),
    "construction_status": set(ConstructionStatus.values),
    "kind": set(InspectorKind.values),
    "department": set(Department.values),
}
_CODE_KEYS = {"responsible_entity_uscc"}


def _params(request: HttpRequest, kind: str) -> dict[str, object]:
    """The export's filters, each checked as the API checks its arguments: text without NUL
    or lone surrogates and at most 200 characters, choices from their list, booleans, a known
    ordering. A bad one is a 400 naming the parameter, never a server error."""
    params: dict[str, object] = {}
    for key in FILTER_KEYS:
        values = request.GET.getlist(key)
        if not values:
            continue
        for raw in values:
            bad = unstorable_character(raw)
            if bad:
                raise BadParameter(key, f"参数“{key}”含有{bad}，请删除后重试。")
            if len(raw) > MAX_PARAMETER_LENGTH:
                raise BadParameter(key, f"参数“{key}”不能超过 {MAX_PARAMETER_LENGTH} 个字符。")
        if key in _CHOICES:
            wrong = [v for v in values if v and v not in _CHOICES[key]]
            if wrong:
                raise BadParameter(
                    key,
                    f"参数“{key}”的取值“{wrong[0]}”无效，应为：{'、'.join(sorted(_CHOICES[key]))}。",
                )
        value: object = values if key == "credit_class" else values[0]
        if key in ("active", "certificate_valid", "descending"):
            flag = values[0].strip().lower()
            if flag not in _BOOLEAN:
                raise BadParameter(key, f"参数“{key}”应为 true 或 false。")
            value = _BOOLEAN[flag]
        elif key == "order_by" and values[0] not in ORDERINGS[kind]:
            raise BadParameter(key, f"参数“order_by”应为：{'、'.join(ORDERINGS[kind])}。")
        elif key in _CODE_KEYS:
            value = normalise_code(values[0])
        params[key] = value
    return params


@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponseBase:
    access, denied = _access(request, Permission.READ_ORGANISATION)
    if denied:
        return denied
    if kind not in SPECS:
        return HttpResponse("未知的名录类型。", status=404)
    try:
        params = _params(request, kind)
    except BadParameter as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    queryset = registry_queryset(kind, params)
    if kind == "projects":
        queryset = queryset.select_related("responsible_entity")
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115
    handle.close()
    clear = personal_data_visible(access)
    # An export is a security event (GB/T 22239-2019 8.1.4.3): who took which list, and
    # whether it held personal data in clear.
    record_audit(
        "registry.export",
        object_type=SPECS[kind].label,
        after={"filters": {k: str(v)[:100] for k, v in params.items()}, "clear": clear},
        actor=request.user,
        organisation_code=getattr(getattr(request, "organisation", None), "code", ""),
    )
    write_export(kind, queryset.iterator(chunk_size=2000), handle.name, clear=clear)
    response = FileResponse(open(handle.name, "rb"), content_type=XLSX)  # noqa: SIM115
    Path(handle.name).unlink()  # the open handle keeps the data readable on POSIX
    return _attachment(response, f"{SPECS[kind].label}.xlsx")


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    _, denied = _access(request, Permission.MANAGE_REGISTRIES)
    if denied:
        return denied
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return JsonResponse(
            {"errors": [{"field": "file", "code": "required", "message": "请选择要上传的文件。"}]},
            status=400,
        )
    user_id = request.user.pk
    if user_id is None:  # _access let only signed-in users through
        return HttpResponse("请先登录。", status=401)
    try:
        stored = store_upload(uploaded, user_id=user_id)
    except FieldError as exc:
        return JsonResponse(
            {"errors": [{"field": exc.field, "code": exc.code, "message": exc.message}]}, status=400
        )
    return JsonResponse(stored, json_dumps_params={"ensure_ascii": False})


@require_GET
def error_report(request: HttpRequest, name: str) -> HttpResponseBase:
    _, denied = _access(request, Permission.MANAGE_REGISTRIES)
    if denied:
        return denied
    # Reports are named by the importer (uuid4 hex); anything else cannot exist, and is not
    # handed to the file system (a NUL or a 300-character name would make it raise).
    if not _REPORT_NAME.match(name):
        return HttpResponse("错误报告不存在或已过期。", status=404)
    path = reports_dir() / name
    if not path.is_file():
        return HttpResponse("错误报告不存在或已过期。", status=404)
    response = FileResponse(path.open("rb"), content_type=XLSX)
    return _attachment(response, "导入错误报告.xlsx")
