"""Annual plan verbs (R4–R7, R9, R10): drafting tasks with the legal caps, the workflow with
its roles, publication of immutable versions, adjustments and their 5-working-day deadline.

Every write calls `record_audit` and, for status changes, writes the public `PlanStatusIndex`
row in the same transaction. Errors are `FieldError`s whose `field` is the GraphQL input's
camelCase path (`rounds.2.endsOn`), with Chinese messages that say how to fix the input.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from suiji_platform.accounts.access import Access, Permission
from suiji_platform.calendar.services import add_working_days
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.plan_index.models import PlanStatusIndex
from suiji_platform.plan_index.services import sync_plan_status
from suiji_tenants.audit.services import record_audit
from suiji_tenants.registries import targets
from suiji_tenants.registries.models import (
    CreditClass,
    Department,
    InspectionItem,
    InspectionItemVersion,
    Inspector,
    InspectorKind,
)

from . import bounds, joint
from .models import (
    AnnualPlan,
    PlanPublication,
    PlanRound,
    PlanStatus,
    PlanTask,
    PlanTaskItem,
    PlanTransition,
    SamplingMode,
    ScopeKind,
    TargetKind,
)
from .simulation import SimulationResult, SimulationSpec, simulate_round

# R5 (D20): a prefecture-level plan samples at most 1 % of entities a year, in at most 2 rounds.
PREFECTURE_YEARLY_CAP_BP = 100
PREFECTURE_MAX_ROUNDS = 2
# R10: at least two officers per team.
MIN_OFFICERS_PER_TEAM = 2
# D17: a change to a published plan is published within 5 working days.
ADJUSTMENT_WORKING_DAYS = 5
FULL_RATIO_BP = 10_000

# Who may make a move is a permission of accounts/access.py (drafting vs. the policy section).
ADMIN = Permission.APPROVE_PLANS
DRAFTING = Permission.MANAGE_PLANS


@dataclass(frozen=True)
class Move:
    """A workflow move: from which statuses, to which, and who may make it."""

    label: str
    sources: frozenset[str]
    target: str
    permission: Permission
    comment_required: bool = False


# Section staff draft and submit; the policy section (county admin; the prefecture admin for
# the prefecture's own plan) consolidates, reports, publishes, adjusts and returns (Q5).
MOVES: dict[str, Move] = {
    "submit": Move("提交", frozenset({PlanStatus.DRAFT}), PlanStatus.SUBMITTED, DRAFTING),
    "consolidate": Move("汇总", frozenset({PlanStatus.SUBMITTED}), PlanStatus.CONSOLIDATED, ADMIN),
    "report": Move("报送", frozenset({PlanStatus.CONSOLIDATED}), PlanStatus.REPORTED, ADMIN),
    "publish": Move(
        "公开",
        frozenset({PlanStatus.REPORTED, PlanStatus.ADJUSTED}),
        PlanStatus.PUBLISHED,
        ADMIN,
    ),
    "adjust": Move("调整", frozenset({PlanStatus.PUBLISHED}), PlanStatus.ADJUSTED, ADMIN, True),
    "return": Move(
        "退回",
        frozenset({PlanStatus.SUBMITTED, PlanStatus.CONSOLIDATED, PlanStatus.REPORTED}),
        PlanStatus.DRAFT,
        ADMIN,
        True,
    ),
}

STATUS_LABELS = dict(PlanStatus.choices)


def available_moves(plan: AnnualPlan, access: Access | None) -> list[str]:
    if access is None:
        return []
    return [
        name
        for name, move in MOVES.items()
        if plan.status in move.sources and access.allows(move.permission)
    ]


# --- task input and its rules ----------------------------------------------------------------


@dataclass
class RoundInput:
    starts_on: date
    ends_on: date


@dataclass
class TaskInput:
    title: str
    item_codes: list[str]
    rounds: list[RoundInput]
    section: str = ""
    departments: list[str] = field(default_factory=lambda: [Department.HOUSING.value])
    target_kind: str = TargetKind.ENTITY
    scope_kind: str = ScopeKind.UNDIRECTED
    entity_types: list[str] = field(default_factory=list)
    natures: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    credit_classes: list[str] = field(default_factory=list)
    sampling_mode: str = SamplingMode.RATIO
    ratio_bp: int | None = None
    # A mapping, or (class, ratio) pairs as typed (a class listed twice is refused).
    credit_ratios_bp: Mapping[str, int] | Sequence[tuple[str, int]] = field(default_factory=dict)
    target_count: int | None = None
    officers_per_team: int = MIN_OFFICERS_PER_TEAM
    targets_per_team: int = 5
    categories: list[str] = field(default_factory=list)
    experts_per_team: int = 0
    notes: str = ""
    # A joint task (联合抽查任务, plans/joint.py): its joint plan, lead department (the partner
    # departments are the other ``departments``), the counties of its scope, who inspects.
    joint_plan_id: int | None = None
    lead_department: str = ""
    counties: list[str] = field(default_factory=list)
    joint_mode: str = ""


def _pct(bp: int) -> str:
    whole, rest = divmod(bp, 100)
    return f"{whole}.{rest:02d}%".replace(".00%", "%")


def _raise_all(errors: list[FieldError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        by_field: dict[str, list[ValidationError]] = {}
        for e in errors:
            by_field.setdefault(e.field, []).append(ValidationError(e.message, code=e.code))
        raise ValidationError(by_field)


def _clean_list(values: Sequence[str]) -> list[str]:
    return sorted({v.strip() for v in values if v and v.strip()})


def _yearly_share_bp(task: TaskInput | PlanTask, rounds: int, active_entities: int) -> int:
    """The share of the organisation's entities a task samples in a year, in basis points:
    the sum over its rounds of the largest ratio it applies (a count is turned into a share of
    the active entities, rounded up)."""
    if task.sampling_mode == SamplingMode.COUNT:
        count = task.target_count or 0
        if active_entities == 0:
            return FULL_RATIO_BP if count else 0
        return -(-count * rounds * FULL_RATIO_BP // active_entities)
    ratios = [task.ratio_bp or 0, *dict(task.credit_ratios_bp).values()]
    return max(ratios) * rounds


# The list filters of a task: (API field, attribute, label).
LIST_FIELDS = (
    ("entityTypes", "entity_types", "主体类型"),
    ("natures", "natures", "企业性质"),
    ("regions", "regions", "所属区域"),
    ("categories", "categories", "专业门类"),
)
NOTES_MAX = 4000
COMMENT_MAX = 2000
_T = TypeVar("_T")


def _len(name: str) -> int:
    return bounds.max_length(PlanTask, name)


def validate_task(
    plan: AnnualPlan, data: TaskInput, organisation: Organisation, *, task: PlanTask | None = None
) -> dict[str, Any]:
    """Check a task against R5, R7, R9, R10 and the item list; return cleaned values and the
    pinned item versions. Raises FieldError (or a ValidationError holding several)."""
    errors: list[FieldError] = []

    def check(fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T | None:
        try:
            return fn(*args, **kwargs)
        except FieldError as exc:
            errors.append(exc)
            return None

    title = check(bounds.text, "title", data.title, "任务名称", _len("title"), required=True)
    section = check(bounds.text, "section", data.section, "负责科室", _len("section"))
    notes = check(bounds.text, "notes", data.notes, "备注", NOTES_MAX)
    lists: dict[str, list[str]] = {}
    for name, attr, label in LIST_FIELDS:
        lists[attr] = check(bounds.text_list, name, getattr(data, attr), label, _len(attr)) or []
    departments = _clean_list(data.departments) or [Department.HOUSING.value]
    for d in departments:
        if d not in Department.values:
            errors.append(FieldError("departments", "invalid_choice", f"部门“{d}”无效。"))
    if data.target_kind not in TargetKind.values:
        errors.append(
            FieldError("targetKind", "invalid_choice", "检查对象应为市场主体或工程项目。")
        )
    if data.scope_kind not in ScopeKind.values:
        errors.append(FieldError("scopeKind", "invalid_choice", "抽查范围应为定向或不定向。"))
    entity_types, natures = lists["entity_types"], lists["natures"]
    regions, credit_classes = lists["regions"], _clean_list(data.credit_classes)
    for c in credit_classes:
        if c not in CreditClass.values:
            errors.append(FieldError("creditClasses", "invalid_choice", f"信用等级“{c}”无效。"))
    if data.scope_kind == ScopeKind.DIRECTED and not (
        entity_types or natures or regions or credit_classes
    ):
        errors.append(
            FieldError(
                "scopeKind",
                "filters_required",
                "定向抽查须至少设置一个条件（主体类型、企业性质、所属区域或信用等级）；"
                "面向全部主体请选择不定向抽查。",
            )
        )
    if data.scope_kind == ScopeKind.UNDIRECTED:
        entity_types, natures, regions, credit_classes = [], [], [], []

    # sampling (R5, R7)
    ratio_bp, target_count, credit_ratios = None, None, {}
    if data.sampling_mode == SamplingMode.RATIO:
        if data.ratio_bp is None:
            errors.append(FieldError("ratioBp", "required", "按比例抽取时请填写抽查比例。"))
        elif not 0 < data.ratio_bp <= FULL_RATIO_BP:
            errors.append(
                FieldError(
                    "ratioBp", "out_of_range", "抽查比例应在 0.01%–100% 之间（万分之1–10000）。"
                )
            )
        else:
            ratio_bp = data.ratio_bp
        pairs = (
            list(data.credit_ratios_bp.items())
            if isinstance(data.credit_ratios_bp, Mapping)
            else list(data.credit_ratios_bp)
        )
        seen_classes: set[str] = set()
        for i, (cls, bp) in enumerate(pairs):
            if cls in seen_classes:
                errors.append(
                    FieldError(
                        f"creditRatios.{i}",
                        "duplicate",
                        f"信用等级{cls}级的比例填写了两次，请只保留一项。",
                    )
                )
            elif cls not in CreditClass.values:
                errors.append(
                    FieldError("creditRatios", "invalid_choice", f"信用等级“{cls}”无效。")
                )
            elif not 0 <= bp <= FULL_RATIO_BP:
                errors.append(
                    FieldError("creditRatios", "out_of_range", f"{cls}级的比例应在 0%–100% 之间。")
                )
            else:
                credit_ratios[cls] = bp
            seen_classes.add(cls)
    elif data.sampling_mode == SamplingMode.COUNT:
        if not data.target_count:
            errors.append(
                FieldError("targetCount", "required", "按数量抽取时请填写每轮抽查户数（至少1户）。")
            )
        else:
            target_count = check(bounds.integer, "targetCount", data.target_count)
    else:
        errors.append(FieldError("samplingMode", "invalid_choice", "抽取方式应为按比例或按数量。"))

    # rounds and windows
    rounds = data.rounds or []
    if not rounds:
        errors.append(FieldError("rounds", "required", "请至少设置一轮抽查及其时间段。"))
    elif len(rounds) > bounds.MAX_ROUNDS:
        errors.append(
            FieldError(
                "rounds",
                "too_many",
                f"每个任务每年最多{bounds.MAX_ROUNDS}轮（当前{len(rounds)}轮），请减少轮次。",
            )
        )
        rounds = []
    for i, r in enumerate(rounds):
        n = i + 1
        if r.starts_on > r.ends_on:
            errors.append(
                FieldError(f"rounds.{i}.endsOn", "window_order", f"第{n}轮的结束日期早于开始日期。")
            )
        for name, value in (("startsOn", r.starts_on), ("endsOn", r.ends_on)):
            if value.year != plan.year:
                errors.append(
                    FieldError(
                        f"rounds.{i}.{name}",
                        "outside_year",
                        f"第{n}轮的{'开始' if name == 'startsOn' else '结束'}日期 {value} "
                        f"不在计划年度 {plan.year} 年内。",
                    )
                )
    is_prefecture = organisation.kind == "prefecture"
    if is_prefecture and len(rounds) > PREFECTURE_MAX_ROUNDS:
        errors.append(
            FieldError(
                "rounds",
                "prefecture_round_cap",
                f"州（市）本级计划每年最多抽查{PREFECTURE_MAX_ROUNDS}轮，当前为{len(rounds)}轮。",
            )
        )

    # teams (R10)
    if data.officers_per_team < MIN_OFFICERS_PER_TEAM:
        errors.append(
            FieldError(
                "officersPerTeam",
                "team_too_small",
                "每个检查组至少须有2名执法检查人员（行政处罚法第四十二条）。",
            )
        )
    else:
        check(bounds.integer, "officersPerTeam", data.officers_per_team)
    check(bounds.integer, "targetsPerTeam", data.targets_per_team)
    check(bounds.integer, "expertsPerTeam", data.experts_per_team)

    # items (R1): present and active in the organisation's list, pinned to the current version
    codes = [bounds.visible(c) for c in data.item_codes if bounds.visible(c)]
    if len(codes) > bounds.MAX_LIST_ENTRIES:
        errors.append(
            FieldError("itemCodes", "too_many", f"每个任务最多{bounds.MAX_LIST_ENTRIES}个事项。")
        )
        codes = []
    pinned: list[tuple[InspectionItem, InspectionItemVersion]] = []
    if not codes:
        errors.append(FieldError("itemCodes", "required", "请至少选择一个抽查事项。"))
    items = {i.code: i for i in InspectionItem.objects.filter(code__in=codes)}
    versions = {
        (v.item_id, v.version): v
        for v in InspectionItemVersion.objects.filter(item__code__in=codes)
    }
    seen: set[str] = set()
    for i, code in enumerate(codes):
        item = items.get(code)
        if code in seen:
            errors.append(FieldError(f"itemCodes.{i}", "duplicate", f"事项“{code}”重复选择。"))
        elif item is None or not item.active:
            errors.append(
                FieldError(
                    f"itemCodes.{i}",
                    "unknown_item",
                    f"事项编码“{code}”不在本机构的随机抽查事项清单中（或已停用），"
                    "请先在事项清单中登记。",
                )
            )
        elif (item.id, item.version) not in versions:
            errors.append(
                FieldError(f"itemCodes.{i}", "unknown_item", f"事项“{code}”缺少版本记录。")
            )
        else:
            pinned.append((item, versions[(item.id, item.version)]))
            if item.needs_expert and data.experts_per_team < 1:
                errors.append(
                    FieldError(
                        "expertsPerTeam",
                        "expert_required",
                        f"事项“{item.name}”需要专家参与，请设置每组专家数（至少1名）。",
                    )
                )
        seen.add(code)

    joint_fields = joint.validate_joint_fields(
        joint_plan_id=data.joint_plan_id,
        plan=plan,
        lead_department=data.lead_department,
        departments=departments,
        counties=data.counties,
        joint_mode=data.joint_mode,
        item_codes=codes,
        scope={"natures": natures if data.scope_kind == ScopeKind.DIRECTED else []},
        organisation=organisation,
        errors=errors,
    )
    departments = joint_fields.departments

    # R5: the prefecture's yearly cap, this task and the plan's other tasks together
    if is_prefecture and not errors:
        # The share of the targets of the task's kind (market entities or projects): of the
        # prefecture's own registry, or for joint tasks of the counties' (the public index).
        is_joint = data.joint_plan_id is not None
        if is_joint:
            counties = joint_fields.values["counties"] or list(joint.counties_of(organisation))
            active = joint.joint_drawable_count(data.target_kind, counties)
        else:
            active = targets.drawable_count(data.target_kind)
        share = _yearly_share_bp(data, len(rounds), active)
        others = 0
        siblings = plan.tasks.all() if task is None else plan.tasks.exclude(pk=task.pk)
        siblings = siblings.filter(target_kind=data.target_kind, joint_plan__isnull=not is_joint)
        for other in siblings.annotate(n=Count("rounds")):
            others += _yearly_share_bp(other, other.n, active)
        whom = TargetKind(data.target_kind).label
        field_name = "targetCount" if data.sampling_mode == SamplingMode.COUNT else "ratioBp"
        if data.sampling_mode == SamplingMode.RATIO and (ratio_bp or 0) > PREFECTURE_YEARLY_CAP_BP:
            errors.append(
                FieldError(
                    "ratioBp",
                    "prefecture_ratio_cap",
                    f"州（市）本级计划每年抽查比例不得超过1%，当前每轮为{_pct(ratio_bp or 0)}。",
                )
            )
        elif any(bp > PREFECTURE_YEARLY_CAP_BP for bp in credit_ratios.values()):
            errors.append(
                FieldError(
                    "creditRatios",
                    "prefecture_ratio_cap",
                    "州（市）本级计划每年抽查比例不得超过1%，按信用等级设置的比例也不得超过1%。",
                )
            )
        elif share > PREFECTURE_YEARLY_CAP_BP:
            errors.append(
                FieldError(
                    field_name,
                    "prefecture_yearly_cap",
                    f"州（市）本级计划每年抽查不得超过{whom}的1%：本任务{len(rounds)}轮合计"
                    f"约{_pct(share)}。请降低每轮比例（数量）或减少轮次。",
                )
            )
        elif share + others > PREFECTURE_YEARLY_CAP_BP:
            errors.append(
                FieldError(
                    field_name,
                    "prefecture_plan_cap",
                    f"州（市）本级计划全年各任务合计抽查不得超过{whom}的1%：其他任务已占"
                    f"{_pct(others)}，本任务{_pct(share)}，合计{_pct(share + others)}。",
                )
            )
    if task is not None:
        errors.extend(check_drawn_unchanged(task, data))
    _raise_all(errors)
    return {
        "values": {
            "title": title,
            "section": section,
            "departments": departments,
            "target_kind": data.target_kind,
            "scope_kind": data.scope_kind,
            "entity_types": entity_types,
            "natures": natures,
            "regions": regions,
            "credit_classes": credit_classes,
            "sampling_mode": data.sampling_mode,
            "ratio_bp": ratio_bp,
            "credit_ratios_bp": credit_ratios,
            "target_count": target_count,
            "officers_per_team": data.officers_per_team,
            "targets_per_team": data.targets_per_team,
            "categories": lists["categories"],
            "experts_per_team": data.experts_per_team,
            "notes": notes,
            **joint_fields.values,
        },
        "items": pinned,
        "rounds": rounds,
    }


# --- plans and tasks --------------------------------------------------------------------------


def _check_editable(plan: AnnualPlan, access: Access) -> None:
    """Tasks change in draft (sections and the policy section) or, after publication, while
    the plan is being adjusted (policy section only)."""
    if plan.status == PlanStatus.DRAFT and access.allows(DRAFTING):
        return
    if plan.status == PlanStatus.ADJUSTED and access.allows(ADMIN):
        return
    if plan.status == PlanStatus.ADJUSTED:
        raise FieldError(
            "planId", "role_not_allowed", "调整中的计划只能由政策法规科（管理员）修改。"
        )
    raise FieldError(
        "planId",
        "not_editable",
        f"计划当前状态为“{STATUS_LABELS[plan.status]}”，不能修改任务；"
        "已提交的计划须退回后修改，已公开的计划须先发起调整。",
    )


def _task_state(task: PlanTask) -> dict[str, Any]:
    return {
        "title": task.title,
        "section": task.section,
        "departments": task.departments,
        "target_kind": task.target_kind,
        "scope_kind": task.scope_kind,
        "filters": {
            "entity_types": task.entity_types,
            "natures": task.natures,
            "regions": task.regions,
            "credit_classes": task.credit_classes,
        },
        "sampling_mode": task.sampling_mode,
        "ratio_bp": task.ratio_bp,
        "credit_ratios_bp": task.credit_ratios_bp,
        "target_count": task.target_count,
        "rounds": [
            [r.starts_on.isoformat(), r.ends_on.isoformat()] for r in task.rounds.order_by("number")
        ],
        "items": [
            f"{ti.item_version.item_id}v{ti.item_version.version}"
            for ti in task.task_items.select_related("item_version")
        ],
        "officers_per_team": task.officers_per_team,
        "targets_per_team": task.targets_per_team,
        "categories": task.categories,
        "experts_per_team": task.experts_per_team,
        "notes": task.notes,
        **(
            {
                "joint_plan": task.joint_plan_id,
                "lead_department": task.lead_department,
                "counties": task.counties,
                "joint_mode": task.joint_mode,
            }
            if task.joint_plan_id
            else {}
        ),
    }


def _sync(plan: AnnualPlan, organisation: Organisation) -> None:
    sync_plan_status(
        organisation,
        year=plan.year,
        status=plan.status,
        version=plan.version,
        reported_at=plan.reported_at,
        reported_to=plan.reported_to,
        published_at=plan.published_at,
        adjusted_at=plan.adjusted_at,
        adjustment_due=plan.adjustment_due,
        adjustment_due_unknown=plan.adjustment_due_unknown,
        rounds_planned=PlanRound.objects.filter(task__plan=plan).count(),
    )


@transaction.atomic
def create_plan(
    *, year: int, title: str, organisation: Organisation, acting_user: Any
) -> AnnualPlan:
    if not 2000 <= year <= 2100:
        raise FieldError("year", "out_of_range", "计划年度应在2000–2100年之间。")
    title = bounds.text("title", title, "标题", bounds.max_length(AnnualPlan, "title"))
    title = title or f"{organisation.name}{year}年度“双随机、一公开”抽查工作计划"
    if AnnualPlan.objects.filter(year=year).exists():
        raise FieldError("year", "duplicate", f"{year}年度计划已存在，请在原计划中添加任务。")
    plan = AnnualPlan.objects.create(
        year=year, title=title, created_by_id=getattr(acting_user, "pk", None)
    )
    record_audit(
        "plan.create",
        object_type="AnnualPlan",
        object_id=plan.pk,
        after={"year": year, "title": title},
        actor=acting_user,
        organisation_code=organisation.code,
    )
    _sync(plan, organisation)
    return plan


def _write_task(task: PlanTask, cleaned: dict[str, Any]) -> list[str]:
    """Write the task's values, items and rounds. Rounds are updated in place by number, so a
    drawn round (which `validate_task` keeps unchanged) and its draws stay as they are.
    Previews of the task's draws are of the task as it was: they are discarded."""
    discarded = _discard_previews(task) if task.pk else []
    for name, value in cleaned["values"].items():
        setattr(task, name, value)
    task.save()
    task.task_items.all().delete()
    PlanTaskItem.objects.bulk_create(
        PlanTaskItem(task=task, item=item, item_version=version)
        for item, version in cleaned["items"]
    )
    existing = {r.number: r for r in task.rounds.all()} if task.pk else {}
    new: list[PlanRound] = []
    for i, r in enumerate(cleaned["rounds"]):
        rnd = existing.pop(i + 1, None)
        if rnd is None:
            new.append(PlanRound(task=task, number=i + 1, starts_on=r.starts_on, ends_on=r.ends_on))
        elif (rnd.starts_on, rnd.ends_on) != (r.starts_on, r.ends_on):
            rnd.starts_on, rnd.ends_on = r.starts_on, r.ends_on
            rnd.save(update_fields=["starts_on", "ends_on"])
    PlanRound.objects.bulk_create(new)
    for rnd in existing.values():
        rnd.delete()
    return discarded


def _discard_previews(task: PlanTask) -> list[str]:
    """A previewed draw has frozen nothing and published nothing (no commitment yet): when its
    task changes or goes, the preview goes (its references are in the task's audit record).
    Draws from the commitment on stay (`drawn_rounds`)."""
    previews = task.draws.filter(status="previewed")
    references = sorted(previews.values_list("reference", flat=True))
    previews.delete()
    return references


def drawn_rounds(task: PlanTask) -> dict[int, tuple[PlanRound, str, str]]:
    """The task's rounds that have a draw from the commitment on (committed, executed,
    published or voided: all of them are public): number → (round, reference, status label)."""
    out: dict[int, tuple[PlanRound, str, str]] = {}
    if task.pk is None:
        return out
    rows = (
        task.draws.exclude(status="previewed")
        .values_list("round_id", "reference", "status")
        .order_by("round__number", "id")
    )
    by_id = {r.pk: r for r in task.rounds.all()}
    for round_id, reference, status in rows:
        rnd = by_id[round_id]
        out.setdefault(rnd.number, (rnd, reference, DRAW_STATUS_LABELS.get(status, status)))
    return out


def live_draw_references(round_ids: Sequence[int] | None = None) -> dict[int, str]:
    """Round id → the reference of its live draw (committed, executed or published): such a
    round is drawn and cannot be drawn again unless that draw is voided (R20). Without ids:
    every drawn round of the organisation (one query)."""
    out: dict[int, str] = {}
    rounds = PlanRound.objects.filter(draws__status__in=("committed", "executed", "published"))
    if round_ids is not None:
        rounds = rounds.filter(pk__in=list(round_ids))
    rows = rounds.values_list("id", "draws__reference").order_by("id", "draws__id")
    for round_id, reference in rows:
        out.setdefault(round_id, reference)
    return out


# Labels of the draw statuses (the draws app's DrawStatus; plans is imported by draws, so the
# labels are named here rather than imported).
DRAW_STATUS_LABELS = {
    "committed": "已提交承诺",
    "executed": "已抽取",
    "published": "已公开",
    "voided": "已作废",
}


def check_drawn_unchanged(task: PlanTask, data: TaskInput) -> list[FieldError]:
    """What cannot change once a round is drawn: the kind of target, and the drawn rounds
    themselves (they stay, with their windows). Everything else changes for the rounds not yet
    drawn; the adjusted plan is published again within 5 working days (D17)."""
    drawn = drawn_rounds(task)
    if not drawn:
        return []
    errors: list[FieldError] = []
    first_ref = next(iter(drawn.values()))[1]
    if data.target_kind != task.target_kind:
        errors.append(
            FieldError(
                "targetKind",
                "drawn",
                f"本任务已有抽取（{first_ref}），检查对象不能再更改"
                f"（仍为{TargetKind(task.target_kind).label}）；如需检查另一类对象，请新增一个任务。",
            )
        )
    for number, (rnd, reference, status) in drawn.items():
        i = number - 1
        if i >= len(data.rounds):
            errors.append(
                FieldError(
                    "rounds",
                    "drawn_round_removed",
                    f"第{number}轮已抽取（{reference}，{status}），不能删除该轮；"
                    "请保留它，只修改或删除尚未抽取的轮次。",
                )
            )
            continue
        given = data.rounds[i]
        for name, old, value in (
            ("startsOn", rnd.starts_on, given.starts_on),
            ("endsOn", rnd.ends_on, given.ends_on),
        ):
            if old != value:
                errors.append(
                    FieldError(
                        f"rounds.{i}.{name}",
                        "drawn",
                        f"第{number}轮已抽取（{reference}，{status}），"
                        f"其{'开始' if name == 'startsOn' else '结束'}日期不能再改"
                        f"（仍为{old.isoformat()}）。",
                    )
                )
    return errors


@transaction.atomic
def create_task(
    plan: AnnualPlan,
    data: TaskInput,
    *,
    organisation: Organisation,
    access: Access,
    acting_user: Any,
) -> PlanTask:
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    _check_editable(plan, access)
    cleaned = validate_task(plan, data, organisation)
    task = PlanTask(plan=plan, position=plan.tasks.count() + 1)
    _write_task(task, cleaned)
    record_audit(
        "plan.task.create",
        object_type="PlanTask",
        object_id=task.pk,
        after={"plan": plan.pk, **_task_state(task)},
        actor=acting_user,
        organisation_code=organisation.code,
    )
    _sync(plan, organisation)
    return task


@transaction.atomic
def update_task(
    task: PlanTask,
    data: TaskInput,
    *,
    organisation: Organisation,
    access: Access,
    acting_user: Any,
) -> PlanTask:
    plan = AnnualPlan.objects.select_for_update().get(pk=task.plan_id)
    _check_editable(plan, access)
    before = _task_state(task)
    cleaned = validate_task(plan, data, organisation, task=task)
    discarded = _write_task(task, cleaned)
    after = _task_state(task)
    if discarded:
        after["discarded_previews"] = discarded
    record_audit(
        "plan.task.update",
        object_type="PlanTask",
        object_id=task.pk,
        before=before,
        after=after,
        actor=acting_user,
        organisation_code=organisation.code,
    )
    _sync(plan, organisation)
    return task


@transaction.atomic
def delete_task(
    task: PlanTask, *, organisation: Organisation, access: Access, acting_user: Any
) -> None:
    plan = AnnualPlan.objects.select_for_update().get(pk=task.plan_id)
    _check_editable(plan, access)
    drawn = drawn_rounds(task)
    if drawn:
        listed = "、".join(f"第{n}轮（{ref}，{status}）" for n, (_, ref, status) in drawn.items())
        raise FieldError(
            "id",
            "drawn",
            f"任务“{task.title}”已有抽取：{listed}，不能删除。抽取记录须保持公开可验证；"
            "如不再执行尚未抽取的轮次，请修改任务、删除这些轮次。",
        )
    before = _task_state(task)
    task_id = task.pk
    discarded = _discard_previews(task)
    if discarded:
        before["discarded_previews"] = discarded
    task.delete()
    record_audit(
        "plan.task.delete",
        object_type="PlanTask",
        object_id=task_id,
        before=before,
        actor=acting_user,
        organisation_code=organisation.code,
    )
    _sync(plan, organisation)


# --- workflow -------------------------------------------------------------------------------


def build_snapshot(
    plan: AnnualPlan, organisation: Organisation, version: int, published_at: Any, note: str
) -> dict[str, Any]:
    """The published version as the public reads it: plan content only, no personal data and
    no user names (the trail stays internal)."""
    tasks = []
    for task in plan.tasks.select_related("joint_plan").prefetch_related(
        "rounds", "task_items__item_version__item"
    ):
        tasks.append(
            {
                "title": task.title,
                "section": task.section,
                "departments": task.departments,
                "targetKind": task.target_kind,
                "scope": {
                    "kind": task.scope_kind,
                    "entityTypes": task.entity_types,
                    "natures": task.natures,
                    "regions": task.regions,
                    "creditClasses": task.credit_classes,
                },
                "sampling": {
                    "mode": task.sampling_mode,
                    "ratioBp": task.ratio_bp,
                    "creditRatiosBp": task.credit_ratios_bp,
                    "targetCount": task.target_count,
                },
                "rounds": [
                    {
                        "number": r.number,
                        "startsOn": r.starts_on.isoformat(),
                        "endsOn": r.ends_on.isoformat(),
                    }
                    for r in task.rounds.all()
                ],
                "inspectors": {
                    "officersPerTeam": task.officers_per_team,
                    "targetsPerTeam": task.targets_per_team,
                    "categories": task.categories,
                    "expertsPerTeam": task.experts_per_team,
                },
                "items": [
                    {
                        "code": ti.item_version.item.code,
                        "version": ti.item_version.version,
                        "name": ti.item_version.name,
                        "legalBasis": ti.item_version.legal_basis,
                        "responsibleBody": ti.item_version.responsible_body,
                        "content": ti.item_version.content,
                        "method": ti.item_version.method,
                        "department": ti.item_version.department,
                    }
                    for ti in task.task_items.all()
                ],
                "notes": task.notes,
                **(
                    {
                        "joint": {
                            "plan": task.joint_plan.title,
                            "leadDepartment": task.lead_department,
                            "partnerDepartments": [
                                d for d in task.departments if d != task.lead_department
                            ],
                            "counties": task.counties,
                            "mode": task.joint_mode,
                        }
                    }
                    if task.joint_plan_id and task.joint_plan
                    else {}
                ),
            }
        )
    return {
        "format": "suiji-plan/1",
        "organisation": {"code": organisation.code, "name": organisation.name},
        "year": plan.year,
        "title": plan.title,
        "version": version,
        "publishedAt": published_at.isoformat(),
        "note": note,
        "tasks": tasks,
    }


def _check_publishable(plan: AnnualPlan, organisation: Organisation) -> None:
    tasks = list(
        plan.tasks.annotate(
            n_rounds=Count("rounds", distinct=True), n_items=Count("task_items", distinct=True)
        )
    )
    if not tasks:
        raise FieldError("planId", "no_tasks", "计划中没有任何任务，不能公开。")
    for task in tasks:
        if not task.n_rounds or not task.n_items:
            raise FieldError(
                "planId", "incomplete_task", f"任务“{task.title}”缺少抽查事项或轮次，不能公开。"
            )
    if organisation.kind == "prefecture":
        # Per kind of target: the share of market entities, the share of projects.
        # Joint tasks: the share of the counties' targets (the public index), apart.
        totals: dict[tuple[str, bool], int] = {}
        for t in tasks:
            if t.joint_plan_id:
                counties = list(t.counties) or list(joint.counties_of(organisation))
                active = joint.joint_drawable_count(t.target_kind, counties)
            else:
                active = targets.drawable_count(t.target_kind)
            share = _yearly_share_bp(t, t.n_rounds, active)
            key = (t.target_kind, bool(t.joint_plan_id))
            totals[key] = totals.get(key, 0) + share
        total = max(totals.values())
        if total > PREFECTURE_YEARLY_CAP_BP or any(
            t.n_rounds > PREFECTURE_MAX_ROUNDS for t in tasks
        ):
            raise FieldError(
                "planId",
                "prefecture_plan_cap",
                f"州（市）本级计划全年抽查合计{_pct(total)}，超过1%或超过2轮，不能公开。",
            )


@transaction.atomic
def transition_plan(
    plan: AnnualPlan,
    action: str,
    *,
    organisation: Organisation,
    access: Access,
    acting_user: Any,
    comment: str = "",
    recipient: str = "",
    on_date: date | None = None,
) -> AnnualPlan:
    """Move the plan through draft → submitted → consolidated → reported → published →
    adjusted → published, or return it to draft with a comment (R4, Q5, D16, D17)."""
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    move = MOVES.get(action)
    if move is None:
        raise FieldError("action", "invalid_choice", f"未知的操作“{action}”。")
    if not access.allows(move.permission):
        who = "政策法规科（管理员）" if move.permission == ADMIN else "业务科室或管理员"
        raise FieldError(
            "action", "role_not_allowed", f"“{move.label}”只能由{who}操作，您的角色不能执行。"
        )
    if plan.status not in move.sources:
        if action == "publish" and plan.status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED):
            raise FieldError(
                "action",
                "not_consolidated",
                "计划尚未由政策法规科汇总，不能公开：请先提交、汇总并报送上级。",
            )
        if action == "publish" and plan.status == PlanStatus.CONSOLIDATED:
            raise FieldError("action", "not_reported", "计划已汇总但尚未报送上级，不能公开。")
        allowed = "、".join(f"“{STATUS_LABELS[s]}”" for s in sorted(move.sources))
        raise FieldError(
            "action",
            "invalid_transition",
            f"计划当前状态为“{STATUS_LABELS[plan.status]}”，不能{move.label}"
            f"（只有{allowed}状态的计划可以{move.label}）。",
        )
    what = {"return": "退回原因", "adjust": "调整原因"}.get(action, "意见")
    comment = bounds.text("comment", comment, what, COMMENT_MAX, required=move.comment_required)
    now = timezone.now()
    before: dict[str, Any] = {"status": str(plan.status), "version": plan.version}
    details: dict[str, Any] = {}
    recipient = bounds.visible(recipient)
    if action == "report":
        if organisation.kind == "prefecture":
            # The prefecture reports to the justice authority (报司法部门): name it and the date.
            if not recipient:
                raise FieldError("recipient", "required", "请填写报送对象（如州司法局）。")
        else:
            recipient = recipient or (organisation.parent.name if organisation.parent else "")
        recipient = bounds.text(
            "recipient", recipient, "报送对象", bounds.max_length(AnnualPlan, "reported_to")
        )
        today = timezone.localdate()
        if on_date is not None:
            # Reported: not in the future, and not before the year that precedes the plan's.
            bounds.past_date(
                "reportedOn", on_date, "报送日期", earliest=date(plan.year - 1, 1, 1), today=today
            )
        plan.reported_at, plan.reported_to = now, recipient
        plan.reported_on = on_date or today
        details = {"recipient": recipient, "reported_on": plan.reported_on.isoformat()}
    elif action == "publish":
        _check_publishable(plan, organisation)
        version = plan.version + 1
        note = plan.adjustment_reason if plan.status == PlanStatus.ADJUSTED else ""
        publication = PlanPublication.objects.create(
            plan=plan,
            version=version,
            published_at=now,
            snapshot=build_snapshot(plan, organisation, version, now, note),
            note=note,
        )
        if plan.adjustment_due is not None:
            details["late"] = timezone.localdate() > plan.adjustment_due
        plan.version, plan.published_at = version, now
        plan.adjustment_due, plan.adjustment_due_unknown = None, False
        details.update({"version": version, "publication": publication.pk})
    elif action == "adjust":
        due = add_working_days(timezone.localdate(), ADJUSTMENT_WORKING_DAYS)
        plan.adjusted_at, plan.adjustment_reason = now, comment
        plan.adjustment_due, plan.adjustment_due_unknown = due.date, due.unknown_schedule
        details = {
            "adjustment_due": due.date.isoformat() if due.date else None,
            "unknown_schedule": due.unknown_schedule,
        }
    plan.status = str(move.target)
    plan.save()
    PlanTransition.objects.create(
        plan=plan,
        action=action,
        from_status=before["status"],
        to_status=plan.status,
        comment=comment,
        recipient=recipient if action == "report" else "",
        on_date=plan.reported_on if action == "report" else None,
        actor_id=getattr(acting_user, "pk", None),
        actor_name=getattr(acting_user, "username", ""),
    )
    record_audit(
        f"plan.{action}",
        object_type="AnnualPlan",
        object_id=plan.pk,
        before=before,
        after={"status": plan.status, "version": plan.version, "comment": comment, **details},
        actor=acting_user,
        organisation_code=organisation.code,
    )
    _sync(plan, organisation)
    return plan


@transaction.atomic
def acknowledge_county_report(
    *, prefecture: Organisation, county_code: str, year: int, acting_user: Any
) -> PlanStatusIndex:
    """The prefecture admin records receipt of a county's reported plan (public index only;
    the county's schema is not touched)."""
    row = (
        PlanStatusIndex.objects.select_for_update()
        .select_related("organisation")
        .filter(organisation__code=county_code, organisation__parent=prefecture, year=year)
        .first()
    )
    if row is None:
        raise FieldError(
            "organisationCode", "not_found", f"未找到下级机构 {county_code} 的{year}年度计划。"
        )
    if row.status not in (PlanStatus.REPORTED, PlanStatus.PUBLISHED, PlanStatus.ADJUSTED):
        raise FieldError(
            "organisationCode", "not_reported", f"{row.organisation.name}的{year}年度计划尚未报送。"
        )
    if row.acknowledged_at is None:
        row.acknowledged_at = timezone.now()
        row.save(update_fields=["acknowledged_at", "updated_at"])
        record_audit(
            "plan.acknowledge_report",
            object_type="PlanStatusIndex",
            object_id=row.pk,
            after={"county": county_code, "year": year},
            actor=acting_user,
            organisation_code=prefecture.code,
        )
    return row


# --- simulation -------------------------------------------------------------------------------


def task_scope(task: PlanTask) -> dict[str, list[str]]:
    """The task's directed-draw filters (R9) by scope field; empty for an undirected task."""
    if task.scope_kind != ScopeKind.DIRECTED:
        return {}
    return {
        "entity_type": list(task.entity_types),
        "nature": list(task.natures),
        "region": list(task.regions),
        "credit_class": list(task.credit_classes),
    }


def stratum_counts(task: PlanTask) -> list[tuple[tuple[str, str, str], int]]:
    """ONE aggregate query: drawable targets in the task's scope by region, type, credit class."""
    return targets.stratum_counts(task.target_kind, task_scope(task))


def simulate_task_round(task: PlanTask, round_number: int) -> SimulationResult:
    """R5, R7, R10: what one round of a task would yield, before any draw."""
    rnd = task.rounds.filter(number=round_number).first()
    if rnd is None:
        raise FieldError("round", "not_found", f"任务“{task.title}”没有第{round_number}轮。")
    versions = [ti.item_version for ti in task.task_items.select_related("item_version")]
    categories = set(task.categories) or {
        v.enforcement_category for v in versions if v.enforcement_category
    }
    needs_expert = any(v.needs_expert for v in versions)
    expert_categories = {
        v.enforcement_category for v in versions if v.needs_expert and v.enforcement_category
    } or categories
    officers = Inspector.objects.filter(
        kind=InspectorKind.OFFICER,
        active=True,
        certificate_valid_until__gte=rnd.ends_on,
        department__in=task.departments or [Department.HOUSING],
    )
    if categories:
        officers = officers.filter(categories__overlap=sorted(categories))
    experts_eligible = 0
    if needs_expert:
        experts = Inspector.objects.filter(kind=InspectorKind.EXPERT, active=True).exclude(
            certificate_valid_until__lt=rnd.ends_on
        )
        if expert_categories:
            experts = experts.filter(categories__overlap=sorted(expert_categories))
        experts_eligible = experts.count()
    spec = SimulationSpec(
        sampling_mode=task.sampling_mode,
        window_start=rnd.starts_on.isoformat(),
        window_end=rnd.ends_on.isoformat(),
        ratio_bp=task.ratio_bp or 0,
        credit_ratios_bp=task.credit_ratios_bp,
        target_count=task.target_count or 0,
        officers_per_team=task.officers_per_team,
        targets_per_team=task.targets_per_team,
        experts_per_team=task.experts_per_team,
        needs_expert=needs_expert,
    )
    if task.joint_plan_id:
        return joint.simulate_joint_round(task, rnd, spec, experts_eligible=experts_eligible)
    return simulate_round(
        stratum_counts(task),
        spec,
        officers_eligible=officers.count(),
        experts_eligible=experts_eligible,
    )
