"""Demo warning cards: two of a county's open demo inspections have let their window slip (one
by a day, one by a month), and the daily scan raises the cards — a yellow and a red — exactly as
it would in production. Nothing is inserted that the scan would not produce."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.organisations.models import Organisation

from .cards import scan_cards
from .models import InspectionProgress, WarningCard

DEMO_SLIPS = (1, 30)  # days past the window end: yellow (≤ N working days), red


def seed_demo_cards(county: Organisation, today: date | None = None) -> int:
    """Returns how many cards the scan raised for `county` (0 when it already has cards or has
    fewer than two open inspections)."""
    from suiji_tenants.inspections.models import Inspection

    today = today or timezone.localdate()
    if WarningCard.objects.filter(organisation=county).exists():
        return 0
    rows = list(
        InspectionProgress.objects.filter(
            organisation=county, status="open", source="draw"
        ).order_by("-reference")[: len(DEMO_SLIPS)]
    )
    if len(rows) < len(DEMO_SLIPS):
        return 0
    with transaction.atomic():
        with schema_context(county.schema_name):
            for row, days in zip(rows, DEMO_SLIPS, strict=True):
                end = today - timedelta(days=days)
                inspection = Inspection.objects.get(reference=row.reference)
                inspection.window_start = min(inspection.window_start, end - timedelta(days=14))
                inspection.window_end = end
                inspection.save(update_fields=["window_start", "window_end"])
                row.window_end = end
                row.save(update_fields=["window_end"])
        scan_cards(today)
    return WarningCard.objects.filter(organisation=county).count()
