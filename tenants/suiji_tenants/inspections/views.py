"""Downloads: the generated PDFs and exports under /o/<code>/inspections/files/<job>, served
only to who may see the inspection (the same rule as the API), and the public notice PDF of a
published result at /public/results/<reference>.pdf (from the public index row alone)."""

import re
import uuid
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from suiji_platform.accounts.access import Permission, access_to
from suiji_platform.accounts.security import note_permission_denied
from suiji_platform.jobs.models import Job, JobStatus
from suiji_platform.results_index.services import result_by_reference

from . import documents
from .services import visible_inspections

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_REFERENCE = re.compile(r"^[0-9A-Za-z-]{1,80}$")
DOCUMENT_JOBS = ("inspections.record_pdf", "inspections.notice_pdf", "inspections.export")


_R = TypeVar("_R", bound=HttpResponseBase)


def _attachment(response: _R, filename: str, inline: bool = False) -> _R:
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def job_file(request: HttpRequest, job_id: str) -> HttpResponse | FileResponse:
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        return HttpResponse("未找到组织机构。", status=404)
    if not request.user.is_authenticated:
        return HttpResponse("请先登录。", status=401)
    access = access_to(request.user, organisation)
    if access is None:
        note_permission_denied(request, f"inspection file: {request.path}")
        return HttpResponse("您没有执行此操作的权限。", status=403)
    try:
        public_id = uuid.UUID(job_id)
    except ValueError:
        return HttpResponse("未找到该文件。", status=404)
    job = Job.objects.filter(
        public_id=public_id, organisation=organisation, kind__in=DOCUMENT_JOBS
    ).first()
    if job is None or job.status != JobStatus.SUCCEEDED or not job.result.get("file"):
        return HttpResponse("未找到该文件（可能尚未生成完成）。", status=404)
    if job.kind == "inspections.export":
        if not access.allows(Permission.READ_INSPECTIONS):
            note_permission_denied(request, f"read_inspections: {request.path}")
            return HttpResponse("您没有执行此操作的权限。", status=403)
        content_type = XLSX
    else:
        if (
            not visible_inspections(access, request.user)
            .filter(pk=job.result.get("inspection"))
            .exists()
        ):
            note_permission_denied(request, f"inspection file: {request.path}")
            return HttpResponse("您没有执行此操作的权限。", status=403)
        content_type = PDF
    path = documents.documents_dir() / Path(str(job.result["file"])).name
    if not path.is_file():
        return HttpResponse("文件已过期，请重新生成。", status=404)
    response = FileResponse(path.open("rb"), content_type=content_type)
    return _attachment(response, str(job.result.get("filename") or path.name))


@require_GET
def public_notice(request: HttpRequest, reference: str) -> HttpResponse:
    """Anonymous: the PDF of one published result, made from the public index row (cached per
    publication time, so a re-publication gives a new file)."""
    if not _REFERENCE.match(reference):
        return HttpResponse("未找到该公示。", status=404)
    row = result_by_reference(reference)
    if row is None:
        return HttpResponse("未找到该公示。", status=404)
    cache_dir = Path(settings.DOCUMENTS_ROOT) / "public"
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached = cache_dir / f"{reference}-{int(row.published_at.timestamp())}.pdf"
    if cached.is_file():
        data = cached.read_bytes()
    else:
        try:
            data = documents.public_notice_pdf(row)
        except documents.DocumentError as exc:
            return HttpResponse(str(exc), status=503)
        tmp = cached.with_suffix(f".{uuid.uuid4().hex}.tmp")
        tmp.write_bytes(data)
        tmp.replace(cached)
    response = HttpResponse(data, content_type=PDF)
    return _attachment(response, f"检查结果公示-{reference}.pdf", inline=True)
