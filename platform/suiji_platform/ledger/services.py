"""Writing the inspection ledger. Callers (the draw, targeted inspections) run inside their own
transaction: a tenant schema's search_path includes public, so one transaction covers both."""

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from suiji_platform.pgcopy import copy_value, escape

from .models import LedgerEntry, LedgerSource


@dataclass(frozen=True)
class LedgerItem:
    code: str
    version: int | None
    department: str


def record_draw_visits(
    *,
    organisation_id: int,
    entity_codes: Iterable[str],
    items: Iterable[LedgerItem],
    inspected_on: date,
    plan_year: int,
    draw_reference: str,
    period_end: date | None = None,
) -> int:
    """R6, R19: one row per (drawn entity, item), all of one visit. Written with COPY (a big
    draw writes tens of thousands of rows) inside the caller's transaction."""
    now = timezone.now().isoformat()
    head = f"{int(organisation_id)}\t"
    # Everything after the entity code is the same for every entity: escaped once per item.
    tails = [
        "\t"
        + "\t".join(
            copy_value(v)
            for v in (
                it.code,
                it.version,
                it.department,
                inspected_on.isoformat(),
                period_end.isoformat() if period_end else None,
                plan_year,
                LedgerSource.DRAW.value,
                draw_reference,
                draw_reference,
                None,
                "f",
                now,
            )
        )
        + "\n"
        for it in items
    ]
    lines = [f"{head}{escape(code)}{tail}" for code in entity_codes for tail in tails]
    count = len(lines)
    buf = io.StringIO("".join(lines))
    if count:
        buf.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY public.{LedgerEntry._meta.db_table} (organisation_id, entity_code,"
                " item_code, item_version, department, inspected_on, period_end, plan_year, source,"
                " draw_reference, visit_key, closed_on, voided, created_at) FROM STDIN",
                buf,
            )
    return count


def record_targeted(
    *,
    organisation_id: int,
    entity_code: str,
    items: Iterable[LedgerItem],
    inspected_on: date,
    reference: str,
) -> list[LedgerEntry]:
    """R16: a targeted inspection counts in the ledger (one row per item; a row with item code
    "*" when no item is named) and is open until closed."""
    rows = [
        LedgerEntry(
            organisation_id=organisation_id,
            entity_code=entity_code,
            item_code=it.code,
            item_version=it.version,
            department=it.department,
            inspected_on=inspected_on,
            plan_year=inspected_on.year,
            source=LedgerSource.TARGETED,
            draw_reference=reference,
            visit_key=reference,
        )
        for it in items
    ]
    return LedgerEntry.objects.bulk_create(rows)


def close_targeted(reference: str, closed_on: date) -> int:
    return LedgerEntry.objects.filter(
        draw_reference=reference, source=LedgerSource.TARGETED, closed_on__isnull=True
    ).update(closed_on=closed_on)


def void_draw_visits(draw_reference: str) -> int:
    """A voided draw no longer counts as an inspection (its rows stay, marked)."""
    return LedgerEntry.objects.filter(
        draw_reference=draw_reference, source=LedgerSource.DRAW
    ).update(voided=True)
