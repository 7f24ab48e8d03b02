"""Downloads of public draw files, readable without login:

* /o/<code>/draws/<reference>/commit.json — the commit record, public from the commit on,
  before the reveal (`verify-draw --commit` checks the final record against it);
* /verify-draw.py — the verifier itself as one standard-library file;
* /o/<code>/draws/<reference>/record.json — the draw record of a published or voided draw,
  the file `verify-draw` checks.
"""

import re

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse

from .models import Draw
from .services import COMMIT_PUBLIC_STATUSES, PUBLIC_STATUSES, read_commit_record, read_record
from .standalone import FILENAME, standalone_bytes, standalone_sha256

# What a reference can be ("533103-D000001"): anything else (a NUL, a lone surrogate, a path)
# is simply not found, and never reaches the database.
_REFERENCE = re.compile(r"[A-Za-z0-9-]{1,64}")


def _public_draw(reference: str, statuses: object) -> Draw | None:
    if not _REFERENCE.fullmatch(reference):
        return None
    return Draw.objects.filter(reference=reference, status__in=statuses).first()


def record_json(request: HttpRequest, reference: str) -> HttpResponse:
    draw = _public_draw(reference, PUBLIC_STATUSES)
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


def commit_json(request: HttpRequest, reference: str) -> HttpResponse:
    draw = _public_draw(reference, COMMIT_PUBLIC_STATUSES)
    organisation = getattr(connection, "tenant", None)
    data = read_commit_record(draw, organisation) if draw is not None else None  # type: ignore[arg-type]
    if data is None:
        raise Http404("没有这个已提交的抽取（或它早于提交记录格式）。")
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{reference}.commit.json"'
    response["X-Draw-Status"] = draw.status  # type: ignore[union-attr]
    return response
