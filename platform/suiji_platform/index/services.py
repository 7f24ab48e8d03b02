"""Writing the prefecture-wide index. Called by the registries' services inside their
transaction: the tenant schema's search_path includes public, so one transaction covers both."""

import io
import json
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.utils import timezone

from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.schemas import current_schema
from suiji_platform.pgcopy import copy_value

from .models import EntityIndex, JointVisit, JointVisitStatus

_UPDATE_FIELDS = ["name", "type", "nature", "region", "credit_class", "status", "updated_at"]


def current_organisation() -> Organisation:
    """The organisation whose schema the connection is using (works in requests, tasks, tests)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Organisation) and tenant.pk:
        return tenant
    return Organisation.objects.get(schema_name=current_schema())


def upsert_index_rows(
    rows: Iterable[dict[str, Any]],
    *,
    organisation: Organisation | None = None,
    batch_size: int = 5000,
) -> int:
    """Insert or update index rows (dicts with kind, uscc, name, type, region, credit_class,
    status and, for entities, nature). Returns the number of rows written."""
    organisation = organisation or current_organisation()
    now = timezone.now()
    objects = [EntityIndex(organisation_id=organisation.pk, updated_at=now, **row) for row in rows]
    for start in range(0, len(objects), batch_size):
        EntityIndex.objects.bulk_create(
            objects[start : start + batch_size],
            update_conflicts=True,
            unique_fields=["organisation", "kind", "uscc"],
            update_fields=_UPDATE_FIELDS,
        )
    return len(objects)


def remove_index_row(kind: str, uscc: str, *, organisation: Organisation | None = None) -> None:
    organisation = organisation or current_organisation()
    EntityIndex.objects.filter(organisation=organisation, kind=kind, uscc=uscc).delete()


def record_joint_visits(rows: Iterable[dict[str, Any]], *, prefecture: Organisation) -> int:
    """The visits of a joint draw's execution (dicts of JointVisit fields with ``county`` the
    county's code), in the caller's transaction."""
    rows = list(rows)
    counties = dict(
        Organisation.objects.filter(code__in={r["county"] for r in rows}).values_list("code", "pk")
    )
    # COPY: a 1 % joint draw of a million entities writes ~10,000 visits.
    columns = [
        "prefecture_id",
        "county_id",
        "kind",
        "entity_code",
        "name",
        "draw_reference",
        "plan_year",
        "joint_plan",
        "task",
        "round",
        "starts_on",
        "ends_on",
        "mode",
        "lead_department",
        "departments",
        "items",
        "team_number",
        "team",
        "status",
        "received_at",
        "created_at",
    ]
    now = timezone.now().isoformat()
    json_columns = {"departments", "items", "team"}
    buf = io.StringIO()
    for r in rows:
        values = {
            **r,
            "prefecture_id": prefecture.pk,
            "county_id": counties[r["county"]],
            "status": r.get("status", JointVisitStatus.DRAWN),
            "received_at": None,
            "created_at": now,
        }
        buf.write(
            "\t".join(
                copy_value(
                    json.dumps(values[c], ensure_ascii=False) if c in json_columns else values[c]
                )
                for c in columns
            )
            + "\n"
        )
    if rows:
        buf.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY public.{JointVisit._meta.db_table} ({', '.join(columns)}) FROM STDIN", buf
            )
    return len(rows)


def set_joint_visits_status(prefecture: Organisation, draw_reference: str, status: str) -> int:
    return JointVisit.objects.filter(prefecture=prefecture, draw_reference=draw_reference).update(
        status=status
    )


def void_joint_visits(prefecture: Organisation, draw_reference: str) -> int:
    """A voided joint draw's visits stay listed, marked voided."""
    return set_joint_visits_status(prefecture, draw_reference, JointVisitStatus.VOIDED)
