"""Evidence files under /o/<code>/evidence/: the upload from the phone (multipart, CSRF-checked
like the API) and the download, which streams a file only to those who may see the
inspection. There is no public URL of an evidence file."""

import uuid
from datetime import datetime
from urllib.parse import quote

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_POST

from suiji_platform.accounts.access import Access, Permission, access_to
from suiji_platform.accounts.security import note_permission_denied
from suiji_platform.organisations.services import FieldError

from . import evidence as evidence_service
from .models import Evidence, OnSiteRecord
from .services import visible_inspections


def _access(request: HttpRequest) -> tuple[Access | None, HttpResponse | None]:
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        return None, HttpResponse("未找到组织机构。", status=404)
    if not request.user.is_authenticated:
        return None, HttpResponse("请先登录。", status=401)
    access = access_to(request.user, organisation)
    if access is None or not access.allows(Permission.READ_ORGANISATION):
        note_permission_denied(request, f"evidence: {request.path}")
        return None, HttpResponse("您没有查看此证据的权限。", status=403)
    return access, None


def _error(exc: FieldError, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"field": exc.field, "code": exc.code, "message": exc.message}]},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _taken_at(raw: str) -> datetime | None:
    if not raw:
        return None
    value = parse_datetime(raw) if len(raw) <= 40 else None
    if value is None or value.tzinfo is None:
        raise FieldError("takenAt", "invalid", "拍摄时间格式无效（应为带时区的 ISO 8601 时间）。")
    return value


def evidence_json(e: Evidence, request: HttpRequest) -> dict[str, object]:
    return {
        "id": e.pk,
        "sha256": e.sha256,
        "size": e.size,
        "contentType": e.content_type,
        "kind": e.kind,
        "source": e.source,
        "takenAt": e.taken_at.isoformat() if e.taken_at else None,
        "latitude": str(e.latitude) if e.latitude is not None else None,
        "longitude": str(e.longitude) if e.longitude is not None else None,
        "url": f"{request.META.get('SCRIPT_NAME', '')}/evidence/{e.pk}",
    }


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """Fields: `file`, `clientId` (the record's draft id on the device), `source` (证据来源),
    optional `takenAt`, `latitude`, `longitude`, `accuracy`, `note`, `sha256`. The response
    is the stored evidence (`alreadyReceived: true` when the same content was already there)."""
    access, denied = _access(request)
    if denied:
        return denied
    try:
        client_id = uuid.UUID(request.POST.get("clientId", ""))
    except ValueError:
        return _error(FieldError("clientId", "invalid", "笔录草稿编号无效，请刷新页面后重试。"))
    record = OnSiteRecord.objects.select_related("inspection").filter(client_id=client_id).first()
    if (
        record is None
        or not visible_inspections(access, request.user).filter(pk=record.inspection_id).exists()
    ):
        return _error(
            FieldError("clientId", "not_found", "未找到该笔录草稿：请先保存笔录，再上传证据。"),
            status=404,
        )
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return _error(FieldError("file", "required", "请拍摄照片或选择要上传的证据文件。"))
    try:
        data = evidence_service.EvidenceInput(
            source=request.POST.get("source", ""),
            taken_at=_taken_at(request.POST.get("takenAt", "")),
            latitude=request.POST.get("latitude") or None,
            longitude=request.POST.get("longitude") or None,
            accuracy=request.POST.get("accuracy") or None,
            note=request.POST.get("note", ""),
            sha256=request.POST.get("sha256", ""),
        )
        result = evidence_service.add_evidence(
            record,
            uploaded,
            data,
            access=access,
            organisation=request.organisation,  # type: ignore[attr-defined]
            acting_user=request.user,
        )
    except FieldError as exc:
        return _error(exc, status=403 if exc.code == "not_in_team" else 400)
    body = evidence_json(result.evidence, request)
    body["alreadyReceived"] = result.already_received
    return JsonResponse(body, status=200 if result.already_received else 201)


@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    access, denied = _access(request)
    if denied:
        return denied
    if pk > 2**63 - 1:
        return HttpResponse("未找到该证据文件。", status=404)
    evidence = Evidence.objects.select_related("inspection").filter(pk=pk).first()
    if (
        evidence is None
        or not visible_inspections(access, request.user).filter(pk=evidence.inspection_id).exists()
    ):
        # The same answer whether the file does not exist or is not the user's to see.
        return HttpResponse("未找到该证据文件。", status=404)
    response = FileResponse(
        evidence_service.open_evidence(evidence), content_type=evidence.content_type
    )
    disposition = "inline" if request.GET.get("download") != "1" else "attachment"
    name = evidence_service.download_name(evidence)
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["ETag"] = f'"{evidence.sha256}"'
    return response
