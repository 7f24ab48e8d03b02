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


# A joint visit's columns: those one draw gives every visit, then those of each visit.
_VISIT_DRAW_COLUMNS = (
    "kind",
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
)
_VISIT_OWN_COLUMNS = ("county_id", "entity_code", "name", "team_number", "team")
_VISIT_JSON_COLUMNS = frozenset({"departments", "items", "team"})


def _copy_field(column: str, value: Any) -> str:
    if column in _VISIT_JSON_COLUMNS:
        value = json.dumps(value, ensure_ascii=False)
    return copy_value(value)


def record_joint_visits(
    draw: dict[str, Any], visits: Iterable[dict[str, Any]], *, prefecture: Organisation
) -> int:
    """The visits of a joint draw's execution, in the caller's transaction: ``draw`` holds the
    fields every visit of the draw shares (``_VISIT_DRAW_COLUMNS``), each of ``visits`` its own
    (``county`` the county's code, ``entity_code``, ``name``, ``team_number``, ``team``)."""
    visits = list(visits)
    counties = dict(
        Organisation.objects.filter(code__in={v["county"] for v in visits}).values_list(
            "code", "pk"
        )
    )
    columns = (
        "prefecture_id",
        *_VISIT_DRAW_COLUMNS,
        "status",
        "received_at",
        "created_at",
        *_VISIT_OWN_COLUMNS,
    )
    # The shared fields are encoded once, and each team once (its visits share it): a 1 %
    # joint draw of a million entities writes ~10,000 visits, by COPY.
    shared = "\t".join(
        [
            str(prefecture.pk),
            *(_copy_field(c, draw[c]) for c in _VISIT_DRAW_COLUMNS),
            copy_value(JointVisitStatus.DRAWN),
            copy_value(None),
            copy_value(timezone.now().isoformat()),
        ]
    )
    teams: dict[int, str] = {}
    buf = io.StringIO()
    for v in visits:
        team = teams.get(v["team_number"])
        if team is None:
            team = teams[v["team_number"]] = _copy_field("team", v["team"])
        buf.write(
            f"{shared}\t{counties[v['county']]}\t{copy_value(v['entity_code'])}\t"
            f"{copy_value(v['name'])}\t{v['team_number']}\t{team}\n"
        )
    if visits:
        buf.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY public.{JointVisit._meta.db_table} ({', '.join(columns)}) FROM STDIN", buf
            )
    return len(visits)


def set_joint_visits_status(prefecture: Organisation, draw_reference: str, status: str) -> int:
    return JointVisit.objects.filter(prefecture=prefecture, draw_reference=draw_reference).update(
        status=status
    )


def void_joint_visits(prefecture: Organisation, draw_reference: str) -> int:
    """A voided joint draw's visits stay listed, marked voided."""
    return set_joint_visits_status(prefecture, draw_reference, JointVisitStatus.VOIDED)
