"""A county's side of the prefecture's joint draws (联合抽查): the visits of its entities, read
from the public index (``JointVisit``, written when the joint draw is executed), and — under
市抽县查 — the inspections it receives to carry out, opened in its own inspections app from
that plain data (DESIGN: draws hand over through the ledger and drawn targets)."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from suiji_platform.index.models import JointVisit, JointVisitStatus
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.plans.models import JointMode


def joint_visits_of(organisation: Organisation, year: int | None = None) -> "QuerySet[JointVisit]":
    """The joint visits of the organisation's entities (a county), or — for the prefecture —
    those its joint draws made. Public schema only."""
    qs = JointVisit.objects.select_related("prefecture", "county")
    if organisation.kind == "prefecture":
        qs = qs.filter(prefecture=organisation)
    else:
        qs = qs.filter(county=organisation)
    if year is not None:
        qs = qs.filter(plan_year=year)
    return qs.order_by("-plan_year", "starts_on", "draw_reference", "entity_code")


def _handover(reference: str, visits: list[JointVisit]) -> dict[str, Any]:
    first = visits[0]
    return {
        "draw_reference": reference,
        "plan_year": first.plan_year,
        "plan_title": first.joint_plan,
        "task_title": first.task,
        "round": first.round,
        "target_kind": first.kind,
        "window": {"start": first.starts_on.isoformat(), "end": first.ends_on.isoformat()},
        "items": [{**it, "content": "", "legal_basis": ""} for it in first.items],
        "targets": [
            {
                "code": v.entity_code,
                "name": v.name,
                "address": "",
                "team_number": v.team_number,
                "members": [
                    {"role": m["role"], "certificate_no": m["certificate_no"], "name": m["name"]}
                    for m in v.team
                ],
            }
            for v in visits
        ],
    }


@transaction.atomic
def receive_joint_inspections(*, organisation: Organisation, acting_user: Any) -> int:
    """市抽县查: the county opens, in its inspections app, one inspection per published joint
    visit of its entities not received yet (each covering every department's items).
    Idempotent; returns how many inspections were opened."""
    from suiji_tenants.inspections.services import open_inspections_for_draw

    if organisation.kind == "prefecture":
        raise FieldError("organisation", "county_only", "市抽县查的检查任务由县（市）接收。")
    pending = list(
        JointVisit.objects.select_for_update()
        .filter(
            county=organisation,
            mode=JointMode.COUNTY_INSPECTS,
            status=JointVisitStatus.PUBLISHED,
            received_at__isnull=True,
        )
        .order_by("draw_reference", "id")
    )
    by_draw: dict[str, list[JointVisit]] = {}
    for v in pending:
        by_draw.setdefault(v.draw_reference, []).append(v)
    opened = 0
    for reference, visits in by_draw.items():
        opened += open_inspections_for_draw(
            _handover(reference, visits), organisation=organisation, acting_user=acting_user
        )
    JointVisit.objects.filter(pk__in=[v.pk for v in pending]).update(received_at=timezone.now())
    return opened
