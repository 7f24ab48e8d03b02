"""Download of a public draw record (published or voided), readable without login:
/o/<code>/draws/<reference>/record.json — the file `verify-draw` checks."""

from django.http import Http404, HttpRequest, HttpResponse

from .models import Draw
from .services import PUBLIC_STATUSES, read_record


def record_json(request: HttpRequest, reference: str) -> HttpResponse:
    draw = Draw.objects.filter(reference=reference, status__in=PUBLIC_STATUSES).first()
    data = read_record(draw) if draw is not None else None
    if data is None:
        raise Http404("没有这个已公开的抽取记录。")
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{reference}.json"'
    response["X-Draw-Status"] = draw.status  # type: ignore[union-attr]
    return response
