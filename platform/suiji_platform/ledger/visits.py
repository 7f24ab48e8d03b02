"""Visits as the public ledger holds them: rows of one entity grouped by `visit_key` (a visit
covers one or more items, of one or several departments). Read by the burden view and the
combined-visit proposals; only the public schema is read (organisations, ledger, index)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection

from suiji_platform.organisations.models import Organisation

from .models import LedgerEntry, LedgerSource


@dataclass(frozen=True)
class Visit:
    entity_code: str
    visit_key: str
    organisation_id: int
    source: str
    starts_on: date
    ends_on: date
    items: tuple[str, ...]
    departments: tuple[str, ...]
    references: tuple[str, ...]

    @property
    def merged(self) -> bool:
        return self.visit_key.startswith("merge:")

    @property
    def counts(self) -> bool:
        """Random visits count toward the cap; targeted ones (R16) do not."""
        return self.source == LedgerSource.DRAW

    def overlaps(self, other: "Visit") -> bool:
        return self.starts_on <= other.ends_on and other.starts_on <= self.ends_on


def area_of(organisation: Organisation) -> list[int]:
    """The organisations whose ledger rows a viewer in `organisation` reads: its prefecture and
    every county of it (across levels), or itself alone outside a prefecture."""
    from .caps import prefecture_of

    prefecture = prefecture_of(organisation)
    if prefecture is None:
        return [organisation.pk]
    children = Organisation.objects.filter(parent=prefecture).values_list("pk", flat=True)
    return [prefecture.pk, *children]


def visits(
    *,
    plan_year: int,
    organisation_ids: Sequence[int],
    entity_codes: Sequence[str] | None = None,
    sources: Sequence[str] = (LedgerSource.DRAW, LedgerSource.TARGETED),
    repeated_only: bool = False,
) -> list[Visit]:
    """Live (not voided) visits of the year, one per (entity, visit key), oldest first.
    `repeated_only`: only entities with two visits or more."""
    table = LedgerEntry._meta.db_table
    where = [
        "NOT voided",
        "plan_year = %(year)s",
        "organisation_id = ANY(%(orgs)s)",
        "source = ANY(%(sources)s)",
    ]
    params: dict[str, Any] = {
        "year": plan_year,
        "orgs": list(organisation_ids),
        "sources": list(sources),
    }
    if entity_codes is not None:
        where.append("entity_code = ANY(%(codes)s)")
        params["codes"] = list(entity_codes)
    cond = " AND ".join(where)
    if repeated_only:
        # The table comes from the model; the conditions are built above with parameters.
        repeated = f"SELECT entity_code FROM public.{table} WHERE {cond}"  # noqa: S608
        cond += f" AND entity_code IN ({repeated} GROUP BY entity_code"
        cond += " HAVING count(DISTINCT visit_key) > 1)"
    sql = f"""
        SELECT entity_code, visit_key, min(organisation_id), min(source), min(inspected_on),
               max(coalesce(period_end, inspected_on)), array_agg(DISTINCT item_code),
               array_agg(DISTINCT department), array_agg(DISTINCT draw_reference)
        FROM public.{table}
        WHERE {cond}
        GROUP BY entity_code, visit_key
        ORDER BY entity_code, min(inspected_on), visit_key
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Visit(
            code,
            key,
            org,
            source,
            start,
            end,
            tuple(sorted(i for i in items if i != "*")),
            tuple(sorted(deps)),
            tuple(sorted(refs)),
        )
        for code, key, org, source, start, end, items, deps, refs in rows
    ]
