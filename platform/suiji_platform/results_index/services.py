"""Writing and searching the public results index. Writers run inside the organisation's
transaction (a tenant schema's search_path includes public, so one transaction covers both)."""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet

from .models import PublishedResult

MAX_RESULTS = 100
# Deep pages are refused past this (a crawler walks by query, not by page 10,000).
MAX_OFFSET = 10_000


@dataclass(frozen=True)
class ResultEntry:
    organisation_id: int
    reference: str
    target_kind: str
    entity_name: str
    uscc: str
    plan_year: int
    plan_title: str
    task_title: str
    draw_reference: str
    plan_code: str
    task_code: str
    inspection_type: str
    items: list[dict[str, Any]]
    inspected_on: date
    inspecting_body: str
    result_categories: list[str]
    published_at: datetime


def record_published_result(entry: ResultEntry) -> PublishedResult:
    """One row per published inspection (R14: 一检查一通报); a re-publication replaces it."""
    row, _ = PublishedResult.objects.update_or_create(
        reference=entry.reference,
        defaults={k: v for k, v in entry.__dict__.items() if k != "reference"},
    )
    return row


def normalise_query(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def search_results(
    query: str,
    *,
    organisation_id: int | None = None,
    plan_code: str = "",
    draw_reference: str = "",
    limit: int = MAX_RESULTS,
    offset: int = 0,
) -> QuerySet[PublishedResult]:
    """By USCC (exact, 18 characters) or by the start of the entity's name; per organisation,
    per plan (its code) and per draw. Newest first, paged by `offset` and `limit` (≤ 100).

    Indexes (1,000,000 rows): `uscc`, `entity_name varchar_pattern_ops` (LIKE 'prefix%'),
    (organisation, published_at), draw_reference, (organisation, plan_code)."""
    q = normalise_query(query)
    qs = PublishedResult.objects.select_related("organisation")
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if plan_code:
        qs = qs.filter(plan_code=plan_code)
    if draw_reference:
        qs = qs.filter(draw_reference=draw_reference)
    if q:
        upper = q.upper()
        if len(upper) == 18 and upper.isalnum():
            qs = qs.filter(uscc=upper)
        else:
            qs = qs.filter(entity_name__startswith=q)
    offset = max(0, min(offset, MAX_OFFSET))
    return qs[offset : offset + max(1, min(limit, MAX_RESULTS))]


def result_by_reference(reference: str) -> PublishedResult | None:
    return (
        PublishedResult.objects.select_related("organisation").filter(reference=reference).first()
    )
