"""Downloads of public draw files, readable without login:

* /o/<code>/draws/<reference>/commit.json — the commit record, public from the commit on,
  before the reveal (`verify-draw --commit` checks the final record against it);
* /o/<code>/draws/<reference>/record.json — the draw record of a published or voided draw,
  the file `verify-draw` checks.
"""

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse

from .models import Draw
from .services import COMMIT_PUBLIC_STATUSES, PUBLIC_STATUSES, read_commit_record, read_record


def record_json(request: HttpRequest, reference: str) -> HttpResponse:
    draw = Draw.objects.filter(reference=reference, status__in=PUBLIC_STATUSES).first()
    data = read_record(draw) if draw is not None else None
    if data is None:
        raise Http404("没有这个已公开的抽取记录。")
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{reference}.json"'
    response["X-Draw-Status"] = draw.status  # type: ignore[union-attr]
    return response


def commit_json(request: HttpRequest, reference: str) -> HttpResponse:
    draw = Draw.objects.filter(reference=reference, status__in=COMMIT_PUBLIC_STATUSES).first()
    organisation = getattr(connection, "tenant", None)
    data = read_commit_record(draw, organisation) if draw is not None else None  # type: ignore[arg-type]
    if data is None:
        raise Http404("没有这个已提交的抽取（或它早于提交记录格式）。")
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{reference}.commit.json"'
    response["X-Draw-Status"] = draw.status  # type: ignore[union-attr]
    return response
