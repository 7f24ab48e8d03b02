"""Joint cross-department plans (联合抽查计划, R8, R9, R19, D3, D5, D21).

A `JointPlan` is part of the prefecture's annual plan: the plan's workflow, publication and
5-working-day rule apply unchanged. Its tasks are `PlanTask`s that name it, with a lead
department, partner departments (``departments`` = lead + partners), items of several
departments, a scope spanning the prefecture's counties, and a mode: the prefecture's own
inspectors, or 市抽县查 (the prefecture draws, the county inspects).

Prefecture-wide counts read the public index (``suiji_platform.index``), never a county schema.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count

from suiji_platform.accounts.access import Access
from suiji_platform.index.models import EntityIndex, InspectorIndex
from suiji_platform.index.services import current_organisation
from suiji_platform.organisations.models import Organisation, OrganisationKind
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.services import record_audit
from suiji_tenants.draws.notices import Notice
from suiji_tenants.registries import targets
from suiji_tenants.registries.models import (
    ConstructionStatus,
    Department,
    EntityStatus,
    InspectionItem,
    Inspector,
    InspectorKind,
)

from . import bounds
from .models import AnnualPlan, JointMode, JointPlan, PlanRound, PlanTask
from .simulation import (
    CountyPool,
    DepartmentOfficers,
    SimulationResult,
    SimulationSpec,
    simulate_round,
)

# The index's stored status of a drawable target, by kind.
DRAWABLE_STATUS = {
    targets.ENTITY: EntityStatus.ACTIVE.value,
    targets.PROJECT: ConstructionStatus.UNDER_CONSTRUCTION.value,
}
# Scope fields the index holds (a joint task's directed scope uses these).
INDEX_SCOPE_COLUMNS = {
    "entity_type": "type",
    "nature": "nature",
    "region": "region",
    "credit_class": "credit_class",
}


def counties_of(organisation: Organisation) -> dict[str, str]:
    """The prefecture's counties: code → name."""
    return dict(
        Organisation.objects.filter(parent=organisation, kind=OrganisationKind.COUNTY)
        .order_by("code")
        .values_list("code", "name")
    )


def department_label(value: str) -> str:
    return Department(value).label if value in Department.values else value


@transaction.atomic
def create_joint_plan(
    plan: AnnualPlan,
    *,
    title: str,
    notes: str = "",
    organisation: Organisation,
    access: Access,
    acting_user: Any,
) -> JointPlan:
    """A joint plan inside the prefecture's annual plan (drafted while the plan may be edited)."""
    from .services import _check_editable

    if organisation.kind != OrganisationKind.PREFECTURE:
        raise FieldError("planId", "prefecture_only", "联合抽查计划由州（市）局统筹制定。")
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    _check_editable(plan, access)
    title = bounds.text(
        "title", title, "联合抽查计划名称", bounds.max_length(JointPlan, "title"), required=True
    )
    notes = bounds.text("notes", notes, "备注", 4000)
    joint = JointPlan.objects.create(plan=plan, title=title, notes=notes)
    record_audit(
        "plan.joint.create",
        object_type="JointPlan",
        object_id=joint.pk,
        after={"plan": plan.pk, "title": title},
        actor=acting_user,
        organisation_code=organisation.code,
    )
    return joint


@dataclass
class JointFields:
    values: dict[str, Any]
    departments: list[str]


def validate_joint_fields(
    *,
    joint_plan_id: int | None,
    plan: AnnualPlan,
    lead_department: str,
    departments: Sequence[str],
    counties: Sequence[str],
    joint_mode: str,
    item_codes: Sequence[str],
    scope: Mapping[str, Sequence[str]],
    organisation: Organisation,
    errors: list[FieldError],
) -> JointFields:
    """The joint part of a task: errors are appended (named by field), values returned."""
    if joint_plan_id is None:
        return JointFields(
            {"joint_plan_id": None, "lead_department": "", "counties": [], "joint_mode": ""},
            list(departments),
        )
    if organisation.kind != OrganisationKind.PREFECTURE:
        errors.append(
            FieldError("jointPlanId", "prefecture_only", "联合抽查任务由州（市）局统筹制定。")
        )
    if not JointPlan.objects.filter(pk=joint_plan_id, plan=plan).exists():
        errors.append(FieldError("jointPlanId", "not_found", "本年度计划中没有该联合抽查计划。"))
    if lead_department not in Department.values:
        errors.append(FieldError("leadDepartment", "required", "请选择牵头部门。"))
    partners = sorted({d for d in departments if d and d != lead_department})
    for d in partners:
        if d not in Department.values:
            errors.append(FieldError("departments", "invalid_choice", f"部门“{d}”无效。"))
    if not partners:
        errors.append(
            FieldError(
                "departments",
                "partners_required",
                "联合抽查任务须至少有一个配合部门（除牵头部门外）。",
            )
        )
    participating = {lead_department, *partners}
    # R9: the counties included, all of the prefecture's (none chosen = every county).
    known = counties_of(organisation)
    chosen: list[str] = []
    for i, code in enumerate(counties):
        code = (code or "").strip()
        if code not in known:
            errors.append(
                FieldError(
                    f"counties.{i}",
                    "outside_prefecture",
                    f"“{code}”不是本州（市）所辖的县（市），联合抽查只能覆盖本州（市）所辖县（市）。",
                )
            )
        elif code not in chosen:
            chosen.append(code)
    if joint_mode not in JointMode.values:
        errors.append(
            FieldError("jointMode", "invalid_choice", "实施方式应为州本级检查或市抽县查。")
        )
    # Items of several departments: each must be of a participating department (R8).
    item_departments = dict(
        InspectionItem.objects.filter(code__in=list(item_codes)).values_list("code", "department")
    )
    for i, code in enumerate(item_codes):
        dept = item_departments.get(code)
        if dept is not None and dept not in participating:
            errors.append(
                FieldError(
                    f"itemCodes.{i}",
                    "department_not_participating",
                    f"事项“{code}”属于{department_label(dept)}，该部门不是本任务的牵头或配合部门。",
                )
            )
    bringing = set(item_departments.values())
    idle = sorted(d for d in participating if d in Department.values and d not in bringing)
    if idle and not errors:
        errors.append(
            FieldError(
                "itemCodes",
                "department_without_items",
                "每个参与部门须带入本部门的抽查事项："
                + "、".join(department_label(d) for d in idle)
                + "还没有事项。",
            )
        )
    return JointFields(
        {
            "joint_plan_id": joint_plan_id,
            "lead_department": lead_department,
            "counties": sorted(chosen),
            "joint_mode": joint_mode,
        },
        sorted(participating),
    )


def index_rows(kind: str, counties: Sequence[str]) -> Any:
    """The index rows of the counties (all of them when ``counties`` is given empty by the
    caller's choice is resolved before): kind entity or project."""
    return EntityIndex.objects.filter(kind=kind, organisation__code__in=list(counties))


def joint_drawable_count(kind: str, counties: Sequence[str]) -> int:
    return index_rows(kind, counties).filter(status=DRAWABLE_STATUS[kind]).count()


def task_counties(task: PlanTask, organisation: Organisation) -> list[str]:
    """The counties a joint task spans (none chosen: every county of the prefecture)."""
    return list(task.counties) or list(counties_of(organisation))


def county_stratum_counts(
    kind: str, counties: Sequence[str], scope: Mapping[str, Sequence[str]]
) -> list[tuple[str, tuple[str, str, str], int]]:
    """ONE aggregate query on the index: drawable targets by county and stratum."""
    qs = index_rows(kind, counties).filter(status=DRAWABLE_STATUS[kind])
    for name, values in scope.items():
        if values and name in INDEX_SCOPE_COLUMNS:
            qs = qs.filter(**{f"{INDEX_SCOPE_COLUMNS[name]}__in": list(values)})
    rows = (
        qs.values_list("organisation__code", "region", "type", "credit_class")
        .annotate(n=Count("id"))
        .order_by("organisation__code", "region", "type", "credit_class")
    )
    return [(org, (r or "", t or "", c or ""), n) for org, r, t, c, n in rows]


def simulate_joint_round(
    task: PlanTask, rnd: PlanRound, spec: SimulationSpec, *, experts_eligible: int
) -> SimulationResult:
    """Before a joint draw: the pool per county and stratum (public index), what the round
    yields, and per participating department the eligible officers against one seat a team."""
    from .services import task_scope

    counties = task_counties(task, current_organisation())
    rows = county_stratum_counts(task.target_kind, counties, task_scope(task))
    names = dict(Organisation.objects.filter(code__in=counties).values_list("code", "name"))
    strata: dict[tuple[str, str, str], int] = {}
    for _, stratum, n in rows:
        strata[stratum] = strata.get(stratum, 0) + n
    items = list(task.task_items.select_related("item_version"))
    by_dept: dict[str, set[str]] = {}
    for ti in items:
        v = ti.item_version
        by_dept.setdefault(v.department, set()).add(v.enforcement_category or "未分类")
    eligible: dict[str, int] = {}
    # 市抽县查: the counties' officers (public inspector index); else the prefecture's own.
    people: Any = (
        InspectorIndex.objects.filter(organisation__code__in=counties)
        if task.joint_mode == JointMode.COUNTY_INSPECTS
        else Inspector.objects
    )
    for dept, categories in sorted(by_dept.items()):
        eligible[dept] = people.filter(
            kind=InspectorKind.OFFICER,
            active=True,
            certificate_valid_until__gte=rnd.ends_on,
            department=dept,
            categories__overlap=sorted(categories),
        ).count()
    base = simulate_round(
        sorted(strata.items()),
        spec,
        officers_eligible=sum(eligible.values()),
        experts_eligible=experts_eligible,
    )
    warnings = list(base.warnings)
    departments = []
    for dept, have in eligible.items():
        departments.append(DepartmentOfficers(dept, department_label(dept), have, base.teams))
        if have < base.teams:
            warnings.append(
                Notice(
                    "department_officers_short",
                    f"{department_label(dept)}部门符合条件的执法人员只有{have}名，"
                    f"{base.teams}个联合检查组每组需1名。",
                    department=dept,
                    eligible=have,
                    teams=base.teams,
                )
            )
    return SimulationResult(
        strata=base.strata,
        pool=base.pool,
        targets=base.targets,
        teams=base.teams,
        officers_needed=base.officers_needed,
        officers_eligible=base.officers_eligible,
        experts_needed=base.experts_needed,
        experts_eligible=base.experts_eligible,
        warnings=warnings,
        targets_min=base.targets_min,
        counties=[
            CountyPool(code, names.get(code, code), s[0], s[1], s[2], n) for code, s, n in rows
        ],
        departments=departments,
    )
