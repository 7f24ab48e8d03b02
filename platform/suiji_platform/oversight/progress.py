"""Writing `InspectionProgress`, the public-schema row of one inspection. The inspections service
calls these inside its own transaction (a tenant schema's search_path includes public, so one
transaction covers both): the oversight figures never lag behind the county's records."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from .models import InspectionProgress

# Result categories (inspections.models.ResultCategory) that mean a problem was found, and those
# of them whose follow-up (后续处置) is on record. "pending" (发现问题待后续处理) is a problem
# whose follow-up is not done yet.
PROBLEM_CATEGORIES = frozenset({"corrected", "pending", "uncooperative"})
FOLLOWED_UP_CATEGORIES = frozenset({"corrected", "uncooperative"})


def result_flags(categories: Iterable[str]) -> tuple[bool, bool]:
    """(problem found, followed up) of an approved result."""
    cats = set(categories)
    problem = bool(cats & PROBLEM_CATEGORIES)
    followed = problem and "pending" not in cats
    return problem, followed


def _related(obj: Any, name: str) -> Any:
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _values(organisation_id: int, inspection: Any, report: Any) -> dict[str, Any]:
    departments = sorted({str(it.get("department", "")) for it in inspection.items or []} - {""})
    values: dict[str, Any] = {
        "organisation_id": organisation_id,
        "source": inspection.source,
        "draw_reference": inspection.draw_reference,
        "plan_year": inspection.plan_year,
        "target_code": inspection.target_code,
        "departments": departments,
        "window_end": inspection.window_end,
        "status": inspection.status,
        "approved_on": None,
        "publication_due_on": None,
        "published_at": None,
        "published_late": False,
        "problem_found": False,
        "followed_up": False,
    }
    if report is not None and report.status in ("approved", "published"):
        values["problem_found"], values["followed_up"] = result_flags(report.result_categories)
        publication = _related(report, "publication")
        if publication is not None:
            values["approved_on"] = publication.approved_on
            values["publication_due_on"] = publication.due_on
            values["published_at"] = publication.published_at
            values["published_late"] = publication.late
    return values


def sync_inspection(organisation_id: int, inspection: Any) -> None:
    """Write the row of one inspection after a change (record, report, review, publication)."""
    report = _related(inspection, "report")
    InspectionProgress.objects.update_or_create(
        reference=inspection.reference, defaults=_values(organisation_id, inspection, report)
    )


def sync_opened(organisation_id: int, inspections: Iterable[Any]) -> int:
    """Rows for freshly opened inspections (no report yet), in bulk."""
    rows = [
        InspectionProgress(reference=i.reference, **_values(organisation_id, i, None))
        for i in inspections
    ]
    InspectionProgress.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["reference"],
        update_fields=["status", "window_end", "departments"],
    )
    return len(rows)
