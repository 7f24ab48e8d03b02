"""Downloads for anyone, without login: a public draw record (published or voided) at
/o/<code>/draws/<reference>/record.json — the file `verify-draw` checks — and the verifier
itself as one file, /verify-draw.py."""

from django.http import Http404, HttpRequest, HttpResponse

from .models import Draw
from .services import PUBLIC_STATUSES, read_record
from .standalone import FILENAME, standalone_bytes, standalone_sha256


def record_json(request: HttpRequest, reference: str) -> HttpResponse:
    draw = Draw.objects.filter(reference=reference, status__in=PUBLIC_STATUSES).first()
    data = read_record(draw) if draw is not None else None
    if data is None:
        raise Http404("没有这个已公开的抽取记录。")
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{reference}.json"'
    response["X-Draw-Status"] = draw.status  # type: ignore[union-attr]
    return response


def verify_draw_script(request: HttpRequest) -> HttpResponse:
    """/verify-draw.py: the verifier as one standard-library file (generated from the
    engine, record and verify modules: see ``standalone.py``)."""
    response = HttpResponse(standalone_bytes(), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    response["X-Content-SHA256"] = standalone_sha256()
    return response


def verify_draw_script_sha256(request: HttpRequest) -> HttpResponse:
    """/verify-draw.py.sha256: its digest, in the format of ``sha256sum -c``."""
    return HttpResponse(
        f"{standalone_sha256()}  {FILENAME}\n", content_type="text/plain; charset=utf-8"
    )
