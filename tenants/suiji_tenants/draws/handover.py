"""What a published draw hands over to inspections (DESIGN: draws and inspections do not reach
into each other's models): plain data built from the draw's own rows and the item versions it
pinned — one entry per drawn target, with its team, the items and the window."""

from typing import Any

from suiji_tenants.plans.models import TargetKind
from suiji_tenants.registries.models import InspectionItemVersion, MarketEntity, Project

from .models import Draw, DrawTeamMember


def draw_handover(draw: Draw) -> dict[str, Any]:
    p = draw.parameters
    versions = {
        (v.item.code, v.version): v
        for v in InspectionItemVersion.objects.select_related("item").filter(
            item__code__in=[it["code"] for it in p["items"]]
        )
    }
    items = []
    for it in p["items"]:
        v = versions.get((it["code"], it["version"]))
        items.append(
            {
                "code": it["code"],
                "version": it["version"],
                "name": it["name"],
                "department": it["department"],
                "content": v.content if v is not None else "",
                "legal_basis": v.legal_basis if v is not None else "",
            }
        )
    members: dict[int, list[dict[str, str]]] = {}
    for m in DrawTeamMember.objects.filter(team__draw=draw).select_related("team"):
        members.setdefault(m.team.number, []).append(
            {"role": m.role, "certificate_no": m.code, "name": m.name}
        )
    is_project = p.get("target_kind") == TargetKind.PROJECT
    targets = list(draw.targets.all())
    codes = [t.code for t in targets]
    if is_project:
        places = dict(Project.objects.filter(code__in=codes).values_list("code", "location"))
    else:
        places = dict(MarketEntity.objects.filter(uscc__in=codes).values_list("uscc", "address"))
    return {
        "draw_reference": draw.reference,
        "plan_year": draw.plan_year,
        "plan_title": p["plan"]["title"],
        "task_title": p["plan"]["task"],
        # identifiers for the national exchange record of published results
        "plan_id": draw.task.plan_id,
        "task_id": draw.task_id,
        "round": p["round"],
        "target_kind": "project" if is_project else "entity",
        "window": p["window"],
        "items": items,
        "targets": [
            {
                "code": t.code,
                "name": t.name,
                "address": places.get(t.code, ""),
                "team_number": t.team_number,
                "members": members.get(t.team_number, []),
            }
            for t in targets
        ],
    }


def published_handovers() -> list[dict[str, Any]]:
    """The hand-over of every published draw (for the backfill of inspections)."""
    from .models import DrawStatus

    return [
        draw_handover(d) for d in Draw.objects.filter(status=DrawStatus.PUBLISHED).order_by("id")
    ]


def record_joint_visits(draw: Draw, organisation: Any) -> int:
    """A joint draw's targets as visits each county reads (public index, same transaction as
    the execution): who (the team, every department), when (the window), which items."""
    from suiji_platform.index.services import record_joint_visits as write

    p = draw.parameters
    people = {r["id"]: r for r in p["inspectors"]["people"]}
    members: dict[int, list[dict[str, str]]] = {}
    for number, role, name, code in DrawTeamMember.objects.filter(team__draw=draw).values_list(
        "team__number", "role", "name", "code"
    ):
        person = people.get(code, {})
        members.setdefault(number, []).append(
            {
                "role": role,
                "name": name,
                "department": person.get("department", ""),
                "certificate_no": code,
                # 市抽县查: the county whose registry the person is in (id `county:number`).
                "organisation": person.get("org", ""),
            }
        )
    items = [{k: it[k] for k in ("code", "version", "name", "department")} for it in p["items"]]
    joint = p.get("joint", {})
    departments = sorted({it["department"] for it in p["items"]} | set(p["departments"]))
    shared = {
        "kind": p.get("target_kind", TargetKind.ENTITY),
        "draw_reference": draw.reference,
        "plan_year": draw.plan_year,
        "joint_plan": joint.get("plan", ""),
        "task": p["plan"]["task"],
        "round": p["round"],
        "starts_on": p["window"]["start"],
        "ends_on": p["window"]["end"],
        "mode": joint.get("mode", ""),
        "lead_department": joint.get("lead_department", ""),
        "departments": departments,
        "items": items,
    }
    visits = [
        {
            "county": organisation_code,
            "entity_code": code,
            "name": name,
            "team_number": team_number,
            "team": members.get(team_number, []),
        }
        for organisation_code, code, name, team_number in draw.targets.values_list(
            "organisation_code", "code", "name", "team_number"
        )
    ]
    return write(shared, visits, prefecture=organisation)
