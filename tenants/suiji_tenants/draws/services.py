"""Draw verbs (R5–R10, R16, R18–R20) around the pure engine.

preview → create → commit (pool frozen in one snapshot, digests, commitment to a fresh secret)
→ witness inputs → execute (the engine, exactly once, everything written in one transaction:
targets, teams, recusals, ledger rows, record) → publish; or void (a reason and a second
person; the voided record stays public). Every step is in the audit trail.

Errors are `FieldError`s with Chinese-first messages; the engine's own errors (a stratum that
cannot fill its quota, too few eligible officers) keep the engine's bilingual message.
"""

import gzip
import io
import json
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from suiji_platform.index.models import ConflictIndex, InspectorIndex, JointVisitStatus
from suiji_platform.index.services import (
    current_organisation,
    set_joint_visits_status,
    void_joint_visits,
)
from suiji_platform.jobs.models import Job
from suiji_platform.jobs.services import create_job
from suiji_platform.ledger import caps as ledger_caps
from suiji_platform.ledger import refusals as ledger_refusals
from suiji_platform.ledger import reservations as ledger_reservations
from suiji_platform.ledger import services as ledger
from suiji_platform.organisations.models import Organisation, OrganisationKind
from suiji_platform.organisations.services import FieldError
from suiji_platform.pgcopy import NULL, escape
from suiji_tenants.audit.services import record_audit
from suiji_tenants.plans import bounds, joint
from suiji_tenants.plans.models import (
    AnnualPlan,
    JointMode,
    PlanRound,
    PlanStatus,
    PlanTask,
    SamplingMode,
)
from suiji_tenants.plans.services import task_scope
from suiji_tenants.registries import crypto
from suiji_tenants.registries.models import (
    Conflict,
    Department,
    Inspector,
    InspectorKind,
)

from . import engine, sources
from .chances import chances
from .engine import (
    CommitmentMismatchError,
    DrawError,
    DrawInputs,
    DrawParams,
    QuotaCapError,
    QuotaShortfallError,
    QuotaSpec,
    Ratio,
    RatioRule,
    TeamSpec,
    TooFewInspectorsError,
    Window,
    Witness,
)
from .handover import draw_handover, record_joint_visits
from .models import (
    Draw,
    DrawStatus,
    DrawTarget,
    DrawTeam,
    DrawTeamMember,
    Recusal,
)
from .notices import Notice
from .pool import REASONS, STRATA_FIELDS, FrozenSnapshot, Snapshot, freeze
from .record import (
    commit_json,
    commit_strata,
    encode_record,
    exclusions_json,
    personal_data_in,
    pool_json,
    record_body,
)
from .storage import read_snapshot, write_snapshot

# R19: visits of one entity per plan year, across departments and levels ("进一次门、查多项事").
DEFAULT_VISIT_CAP = 2
# Pools above this size are executed in the background with progress (DESIGN: long work).
BIG_POOL = 20_000
UNCATEGORISED = "未分类"
PUBLIC_STATUSES = (DrawStatus.PUBLISHED, DrawStatus.VOIDED)
"""Statuses whose result (record, targets, teams) is public."""
COMMIT_PUBLIC_STATUSES = (
    DrawStatus.COMMITTED,
    DrawStatus.EXECUTED,
    DrawStatus.PUBLISHED,
    DrawStatus.VOIDED,
)
"""Statuses whose commitment, digests, parameters and strata are public (DESIGN, the draw 5:
from the moment of commit, before the reveal)."""
# R5 (D20): a prefecture draws at most 1 % of the pool (the plan checks the year's total).
PREFECTURE_DRAW_CAP_BP = 100

Progress = Callable[[int, str], None]


def _no_progress(pct: int, message: str) -> None:
    return None


# --- parameters ---------------------------------------------------------------------------


def _items_of(task: PlanTask) -> list[dict[str, Any]]:
    out = []
    for ti in task.task_items.select_related("item", "item_version"):
        v = ti.item_version
        out.append(
            {
                "code": ti.item.code,
                "version": v.version,
                "name": v.name,
                "category": v.enforcement_category or UNCATEGORISED,
                "department": v.department,
                "needs_expert": v.needs_expert,
            }
        )
    return sorted(out, key=lambda it: it["code"])


def draw_parameters(
    task: PlanTask, round_number: int, *, min_per_stratum: int = 0, visit_cap: int | None = None
) -> dict[str, Any]:
    """Everything the draw depends on besides the pool, frozen when the draw is created."""
    rnd = task.rounds.filter(number=round_number).first()
    if rnd is None:
        raise FieldError("round", "not_found", f"任务“{task.title}”没有第{round_number}轮。")
    bounds.integer("minPerStratum", min_per_stratum)
    # ledger (issue 11): the prefecture's per-entity visit cap; `visitCap` may only lower it.
    cap = ledger_caps.draw_visit_cap(
        ledger_caps.current_organisation(),
        None if visit_cap is None else bounds.integer("visitCap", visit_cap),
    )
    items = _items_of(task)
    if not items:
        raise FieldError(
            "taskId", "no_items", f"任务“{task.title}”没有抽查事项，请先在计划中添加。"
        )
    scope = {k: v for k, v in task_scope(task).items() if v}
    needs_expert = any(it["needs_expert"] for it in items)
    tenant = getattr(connection, "tenant", None)
    prefecture = getattr(tenant, "kind", None) == OrganisationKind.PREFECTURE
    joint_part: dict[str, Any] = {}
    if task.joint_plan_id:
        # A joint task (联合抽查): the pool from the public index over its counties; one seat
        # of every team for each department that brings items (R8, R10: mixed teams).
        organisation = current_organisation()
        joint_part = {
            "source": {"kind": sources.INDEX, "counties": joint.task_counties(task, organisation)},
            "joint": {
                "plan": task.joint_plan.title if task.joint_plan else "",
                "lead_department": task.lead_department,
                "mode": task.joint_mode,
            },
            "officers_per_department": dict.fromkeys(sorted({it["department"] for it in items}), 1),
        }
    return {
        "format": engine.FORMAT,
        "cap_bp": PREFECTURE_DRAW_CAP_BP if prefecture else None,
        "plan": {"year": task.plan.year, "title": task.plan.title, "task": task.title},
        "round": rnd.number,
        "window": {"start": rnd.starts_on.isoformat(), "end": rnd.ends_on.isoformat()},
        "target_kind": task.target_kind,
        "scope_kind": task.scope_kind,
        "scope": scope,
        "sampling_mode": task.sampling_mode,
        "ratio_bp": task.ratio_bp or 0,
        "credit_ratios_bp": dict(sorted(task.credit_ratios_bp.items())),
        "target_count": task.target_count or 0,
        "min_per_stratum": min_per_stratum,
        "team_size": task.officers_per_team,
        "targets_per_team": max(task.targets_per_team, 1),
        "experts_per_team": max(task.experts_per_team, 1 if needs_expert else 0),
        "departments": list(task.departments) or [Department.HOUSING.value],
        "categories": list(task.categories),
        "items": items,
        "visit_cap": cap,
        **joint_part,
    }


def engine_params(p: dict[str, Any]) -> DrawParams:
    if p["sampling_mode"] == SamplingMode.COUNT:
        quota = QuotaSpec.fixed_total(p["target_count"])
    else:
        rules = [
            RatioRule((("credit_class", cls),), Ratio.basis_points(bp))
            for cls, bp in sorted(p["credit_ratios_bp"].items())
        ]
        v1 = _format(p) == engine.FORMAT_V1
        quota = QuotaSpec.ratio(
            Ratio.basis_points(p["ratio_bp"]),
            rules,
            rounding="half_up" if v1 else engine.SYSTEMATIC,
        )
    cap_bp = p.get("cap_bp")
    return DrawParams(
        strata_fields=STRATA_FIELDS,
        quota=quota,
        window=Window(p["window"]["start"], p["window"]["end"]),
        team=TeamSpec(
            team_size=p["team_size"],
            officers_per_department=tuple(
                engine.DepartmentCount(d, n)
                for d, n in sorted(p.get("officers_per_department", {}).items())
            ),
            max_targets_per_team=p["targets_per_team"],
            experts_per_team=p["experts_per_team"],
        ),
        min_per_stratum=p["min_per_stratum"],
        on_shortfall="error",
        scope=engine.Scope(
            kind=p["scope_kind"],
            filters=tuple(
                engine.ScopeFilter(name, tuple(values))
                for name, values in sorted(p["scope"].items())
            ),
        ),
        cap=Ratio.basis_points(cap_bp) if cap_bp else None,
    )


def _format(p: dict[str, Any]) -> str:
    """The record format of a draw: ``suiji-draw/2`` for draws created since it exists; draws
    created before keep the rules of ``suiji-draw/1`` (their parameters carry no format)."""
    return str(p.get("format", engine.FORMAT_V1))


def engine_items(p: dict[str, Any]) -> list[engine.Item]:
    return [
        engine.Item(it["code"], it["name"], it["category"], it["department"], it["needs_expert"])
        for it in p["items"]
    ]


def _snapshot(p: dict[str, Any]) -> Snapshot:
    """The pool of the draw's source (its registry, or the public index for a joint task)."""
    return sources.source_of(p).snapshot()


def _inspector_id(i: Inspector) -> str:
    if i.kind == InspectorKind.EXPERT:
        return f"ZJ{i.pk:06d}"
    return i.certificate_no or f"WZ{i.pk:06d}"


# What the record publishes of an inspector: never the ID number or the phone.
_RECORD_INSPECTOR_FIELDS = (
    "id",
    "kind",
    "name",
    "department",
    "categories",
    "certificate_no",
    "certificate_valid_until",
    "active",
)


def _county_inspectors(p: dict[str, Any]) -> dict[str, Any]:
    """市抽县查: the officers of the task's departments (and the experts) of the counties the
    task spans, from the public inspector index, each id namespaced by its county's code
    (``533103:执法证号``) so the record stays unambiguous; their counties' declared conflicts as
    (inspector, candidate, reason code)."""
    counties = list(p["source"]["counties"])
    rows_qs = InspectorIndex.objects.filter(organisation__code__in=counties)
    kinds = Q(kind=InspectorKind.OFFICER, department__in=p["departments"])
    if any(it["needs_expert"] for it in p["items"]):
        kinds |= Q(kind=InspectorKind.EXPERT)
    people = (
        rows_qs.filter(kinds)
        .select_related("organisation")
        .order_by("organisation__code", "registry_id")
    )
    rows = []
    ids: dict[tuple[int, int], str] = {}
    for i in people:
        org = i.organisation.code
        local = (
            f"ZJ{i.registry_id:06d}"
            if i.kind == InspectorKind.EXPERT
            else i.certificate_no or f"WZ{i.registry_id:06d}"
        )
        ids[(i.organisation_id, i.registry_id)] = f"{org}:{local}"
        rows.append(
            {
                "pk": None,
                "id": f"{org}:{local}",
                "org": org,
                "kind": i.kind,
                "name": i.name,
                "department": i.department,
                "categories": sorted(set(i.categories)) or [UNCATEGORISED],
                "valid_until": (
                    i.certificate_valid_until.isoformat() if i.certificate_valid_until else None
                ),
                "active": i.active,
            }
        )
    conflicts = [
        {
            "inspector": ids[(c.organisation_id, c.inspector_registry_id)],
            "candidate": c.candidate,
            "reason": c.reason,
        }
        for c in ConflictIndex.objects.filter(organisation__code__in=counties).order_by("id")
        if (c.organisation_id, c.inspector_registry_id) in ids
    ]
    return {"people": rows, "conflicts": conflicts}


def _inspectors(p: dict[str, Any]) -> dict[str, Any]:
    """R3: the officers of the task's departments and all experts, as published in the record
    (name, department, categories, certificate number and validity: never ID numbers or
    phones); the engine decides eligibility. Declared conflicts (R10) of these people.
    A 市抽县查 joint task takes them from its counties (:func:`_county_inspectors`)."""
    if (p.get("joint") or {}).get("mode") == JointMode.COUNTY_INSPECTS:
        return _county_inspectors(p)
    people = list(
        Inspector.objects.filter(kind=InspectorKind.OFFICER, department__in=p["departments"]).only(
            *_RECORD_INSPECTOR_FIELDS
        )
    )
    if any(it["needs_expert"] for it in p["items"]):
        people += list(
            Inspector.objects.filter(kind=InspectorKind.EXPERT).only(*_RECORD_INSPECTOR_FIELDS)
        )
    rows = []
    ids = {}
    for i in people:
        ids[i.pk] = _inspector_id(i)
        rows.append(
            {
                "pk": i.pk,
                "id": ids[i.pk],
                "kind": i.kind,
                "name": i.name,
                "department": i.department,
                "categories": sorted(set(i.categories)) or [UNCATEGORISED],
                "valid_until": (
                    i.certificate_valid_until.isoformat() if i.certificate_valid_until else None
                ),
                "active": i.active,
            }
        )
    # The record publishes the reason code only (§11); the free text stays in the registry.
    conflicts = [
        {"inspector": ids[c.inspector_id], "candidate": c.entity.uscc, "reason": c.kind}
        for c in Conflict.objects.filter(inspector_id__in=list(ids)).select_related("entity")
    ]
    return {"people": rows, "conflicts": conflicts}


def _engine_people(frozen: dict[str, Any], kind: str) -> list[engine.Inspector]:
    return [
        engine.Inspector(
            r["id"],
            r["name"],
            r["department"],
            tuple(r["categories"]),
            r["valid_until"],
            r["active"],
        )
        for r in frozen["people"]
        if r["kind"] == kind
    ]


# Stratum fields as the engine names them in its messages (`region=…/credit_class=D`).
_STRATUM_FIELD_LABELS = {"region": "区域", "entity_type": "类型", "credit_class": "信用等级"}


def user_message(text: str) -> str:
    """The engine's messages are bilingual for the offline verifier ("中文 / English"); the web
    app shows the Chinese half, with stratum fields and rule numbers in plain words."""
    head, sep, tail = text.partition(" / ")
    if sep and tail[:1].isascii() and tail[:1].isalpha():
        text = head
    for name, label in _STRATUM_FIELD_LABELS.items():
        text = re.sub(rf"\b{name}=", f"{label}：", text)
    text = text.replace(engine.stratum_label(()), "（全部）")
    text = re.sub(r"^[A-Za-z_][\w.\[\]]*：", "", text)  # the record's field path
    return re.sub(r"（R\d+）|\s?\bR\d+\b", "", text).strip()


def _field_error(exc: DrawError) -> FieldError:
    message = user_message(exc.message)
    if isinstance(exc, QuotaCapError):
        return FieldError("quota", "quota_cap", message)
    if isinstance(exc, QuotaShortfallError):
        return FieldError("minPerStratum" if exc.stratum else "quota", "quota_shortfall", message)
    if isinstance(exc, TooFewInspectorsError):
        return FieldError("officers", "too_few_inspectors", message)
    return FieldError(exc.field or "draw", "draw_error", message)


# --- preview --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StratumPreview:
    """One stratum before the draw: its size, the quota the rounding can give (``quota_min``
    or ``quota``, the seed decides), the declared ratio and each entity's chance (§6)."""

    stratum: tuple[str, str, str]
    available: int
    quota: int
    quota_min: int = 0
    ratio: Ratio | None = None
    probability: Ratio | None = None


@dataclass(frozen=True)
class ExcludedEntity:
    code: str
    reason: str
    stratum: tuple[str, str, str]


@dataclass
class Preview:
    parameters: dict[str, Any]
    pool_size: int
    strata: list[StratumPreview]
    excluded_by_reason: dict[str, int]
    excluded: list[ExcludedEntity]
    targets: int
    teams: int
    warnings: list[str] = field(default_factory=list)
    targets_min: int = 0


def _preview_of(parameters: dict[str, Any], snapshot: Snapshot) -> Preview:
    params = engine_params(parameters)
    fmt = _format(parameters)
    ordered = _pool_sizes(snapshot)
    warnings = []
    try:
        engine.check_cap(ordered, params)
    except QuotaCapError as exc:
        warnings.append(exc.message)
    strata: list[StratumPreview] = []
    targets_min = targets = 0
    try:
        if fmt == engine.FORMAT_V1:
            # The remainder tie-break uses the revealed seed: a stratum may differ by one.
            quotas = engine.allocate_quotas(ordered, params, bytes(32), fmt) if ordered else []
            strata = [
                StratumPreview((s[0], s[1], s[2]), a, q, q)
                for (s, a), q in zip(ordered, quotas, strict=True)
            ]
            targets = targets_min = sum(min(s.quota, s.available) for s in strata)
        else:
            c = chances(ordered, params)
            strata = [
                StratumPreview(
                    (s[0], s[1], s[2]), a, x.quota_max, x.quota_min, x.ratio, x.probability
                )
                for (s, a), x in zip(ordered, c.strata, strict=True)
            ]
            targets_min, targets = c.targets_min, c.targets_max
            if c.warning:
                warnings.append(c.warning)
    except QuotaShortfallError as exc:
        warnings.append(exc.message)
        strata = [StratumPreview((s[0], s[1], s[2]), a, 0) for s, a in ordered]
    short = [s for s in strata if s.quota > s.available]
    for st in short:
        label = engine.stratum_label(st.stratum, STRATA_FIELDS)
        warnings.append(
            Notice(
                "stratum_short",
                f"分层 {label} 需抽取 {st.quota} 个，仅有 {st.available} 个可抽。",
                stratum=label,
                quota=st.quota,
                available=st.available,
            )
        )
    by_reason = dict.fromkeys(REASONS, 0)
    excluded: list[ExcludedEntity] = []
    for r in snapshot.rows:
        if r.reason:
            by_reason[r.reason] = by_reason.get(r.reason, 0) + len(r.ids)
            excluded.extend(ExcludedEntity(code, r.reason, r.stratum) for code in r.ids)
    excluded.sort(key=lambda e: (REASONS.index(e.reason), e.code))
    return Preview(
        parameters=parameters,
        pool_size=snapshot.pool_size,
        strata=strata,
        excluded_by_reason=by_reason,
        excluded=excluded,
        targets=targets,
        teams=engine.team_count_for(targets, params.team),
        warnings=warnings,
        targets_min=targets_min,
    )


def _check_plan(task: PlanTask) -> None:
    plan = AnnualPlan.objects.get(pk=task.plan_id)
    if plan.version == 0 and plan.status != PlanStatus.PUBLISHED:
        raise FieldError(
            "taskId", "plan_not_published", "计划尚未公开，不能抽取。请先公开年度检查计划。"
        )


def preview_draw(
    task: PlanTask, round_number: int, *, min_per_stratum: int = 0, visit_cap: int | None = None
) -> Preview:
    """R2, R6, R16, R19: the pool with counts per stratum and every excluded entity with its
    reason (nothing is written)."""
    parameters = draw_parameters(
        task, round_number, min_per_stratum=min_per_stratum, visit_cap=visit_cap
    )
    return _preview_of(parameters, _snapshot(parameters))


def draw_preview(draw: Draw) -> Preview:
    """The preview of an existing draw: its frozen snapshot once committed, else live."""
    data = read_snapshot(draw.pk)
    if data is None:
        return _preview_of(draw.parameters, _snapshot(draw.parameters))
    return _preview_of(draw.parameters, FrozenSnapshot.loads(data).as_snapshot())


# --- create, commit, witnesses ------------------------------------------------------------


def _audit(op: str, draw: Draw, organisation: Organisation, acting_user: Any, **after: Any) -> None:
    record_audit(
        op,
        object_type="Draw",
        object_id=draw.reference,
        after={"status": draw.status, **after},
        actor=acting_user,
        organisation_code=organisation.code,
    )


@transaction.atomic
def create_draw(
    task: PlanTask,
    round_number: int,
    *,
    organisation: Organisation,
    acting_user: Any,
    min_per_stratum: int = 0,
    visit_cap: int | None = None,
) -> Draw:
    """A new draw of one task round, its parameters frozen (status previewed)."""
    _check_plan(task)
    parameters = draw_parameters(
        task, round_number, min_per_stratum=min_per_stratum, visit_cap=visit_cap
    )
    rnd = task.rounds.get(number=round_number)
    _refuse_second_draw(task.pk, rnd.pk)
    draw = Draw.objects.create(
        reference=f"pending-{timezone.now().timestamp()}",
        task=task,
        round=rnd,
        plan_year=task.plan.year,
        parameters=parameters,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    draw.reference = f"{organisation.code}-D{draw.pk:06d}"
    draw.save(update_fields=["reference"])
    _audit("draw.create", draw, organisation, acting_user, task=task.pk, round=round_number)
    return draw


def _locked(draw: Draw | int) -> Draw:
    pk = draw.pk if isinstance(draw, Draw) else draw
    return Draw.objects.select_for_update().get(pk=pk)


# Every refused step says what state the draw is in and what to do next. The step is known
# from the states it needs: previewed → commit; committed → witness input or execution;
# executed → publication; committed/executed/published → void.
_STATE_LABELS = dict(DrawStatus.choices)
_STEP_BY_ALLOWED: dict[tuple[str, ...], str] = {
    (DrawStatus.PREVIEWED,): "提交承诺",
    (DrawStatus.COMMITTED,): "录入见证或执行抽取",
    (DrawStatus.EXECUTED,): "公开结果",
    (DrawStatus.COMMITTED, DrawStatus.EXECUTED, DrawStatus.PUBLISHED): "作废",
}
_NEXT_STEP = {
    DrawStatus.PREVIEWED: "请先提交承诺（冻结候选池并公布承诺值）。",
    DrawStatus.COMMITTED: "请录入见证输入（可选）后执行抽取，执行后才能公开结果。",
    DrawStatus.EXECUTED: "结果已产生，不能重新抽取；请公开结果，如有问题只能作废。",
    DrawStatus.PUBLISHED: "结果已经公开，不能再更改；如有问题，请由另一人说明理由作废。",
    DrawStatus.VOIDED: "作废的记录保持公开；如需重新抽取该轮，请新建一次抽取。",
}
_STATE_CODES = {
    DrawStatus.PREVIEWED: "not_committed",
    DrawStatus.COMMITTED: "already_committed",
    DrawStatus.EXECUTED: "already_executed",
    DrawStatus.PUBLISHED: "already_published",
    DrawStatus.VOIDED: "voided",
}


def state_message(status: str, *allowed: str) -> str:
    """Why a step is refused in `status` and what to do (Chinese, for users)."""
    state = DrawStatus(status)
    step = _STEP_BY_ALLOWED.get(tuple(str(a) for a in allowed), "执行这一步")
    if state == DrawStatus.COMMITTED and allowed == (DrawStatus.PREVIEWED,):
        return f"该抽取已提交承诺，不能重复提交。{_NEXT_STEP[state]}"
    return f"该抽取当前状态为“{_STATE_LABELS[state]}”，不能{step}。{_NEXT_STEP[state]}"


def _require_status(draw: Draw, *allowed: str) -> None:
    if draw.status not in allowed:
        raise FieldError(
            "draw", _STATE_CODES[DrawStatus(draw.status)], state_message(draw.status, *allowed)
        )


_LIVE_STATUSES = (DrawStatus.COMMITTED, DrawStatus.EXECUTED, DrawStatus.PUBLISHED)


def _refuse_second_draw(task_id: int, round_id: int, *, exclude_pk: int | None = None) -> None:
    """A task round is drawn once (R20; DESIGN: no silent re-run). Another draw of the same
    round may be committed or executed only after the live one has been voided, which needs a
    reason and a second person. The round row is locked so concurrent attempts queue here."""
    rnd = PlanRound.objects.select_for_update().get(pk=round_id)
    others = Draw.objects.filter(task_id=task_id, round_id=round_id, status__in=_LIVE_STATUSES)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    other = others.order_by("pk").first()
    if other is not None:
        raise FieldError(
            "round",
            "already_drawn",
            f"该任务第 {rnd.number} 轮已有抽取 {other.reference}（{other.get_status_display()}）；"
            "如需重新抽取，须先由另一人说明理由将其作废。",
        )


def _pool_sizes(snapshot: Snapshot) -> list[tuple[tuple[str, ...], int]]:
    """Pool size per stratum in canonical stratum order (the engine's §6 order)."""
    sizes: dict[tuple[str, ...], int] = {}
    for r in snapshot.rows:
        if not r.reason:
            sizes[r.stratum] = sizes.get(r.stratum, 0) + len(r.ids)
    return sorted(sizes.items(), key=lambda kv: engine.stratum_bytes(kv[0]))


def _precheck(draw: Draw, snapshot: Snapshot, inspectors: dict[str, Any]) -> None:
    """Catch a quota that cannot be filled or too few officers before anything is frozen.
    The engine decides again, authoritatively, at execution."""
    params = engine_params(draw.parameters)
    fmt = _format(draw.parameters)
    ordered = _pool_sizes(snapshot)
    try:
        engine.check_cap(ordered, params)
        quotas = engine.allocate_quotas(ordered, params, bytes(32), fmt) if ordered else []
    except (QuotaShortfallError, QuotaCapError) as exc:
        raise _field_error(exc) from exc
    short = [(s, q, a) for (s, a), q in zip(ordered, quotas, strict=True) if q > a]
    if short:
        s0, q0, a0 = short[0]
        raise _field_error(QuotaShortfallError(s0, q0, a0, STRATA_FIELDS, short))
    # The rounding may add one target (suiji-draw/2): check the officers for the most.
    targets = engine.max_total(ordered, params) if fmt != engine.FORMAT_V1 else sum(quotas)
    teams = engine.team_count_for(targets, params.team)
    end = date.fromisoformat(draw.parameters["window"]["end"])
    wanted = {it["category"] for it in draw.parameters["items"]}

    def eligible_of(department: str | None, org: str | None = None) -> int:
        categories = (
            wanted
            if department is None
            else {
                it["category"] for it in draw.parameters["items"] if it["department"] == department
            }
        )
        return sum(
            1
            for r in inspectors["people"]
            if r["kind"] == InspectorKind.OFFICER
            and (org is None or r.get("org") == org)
            and r["active"]
            and r["valid_until"] is not None
            and date.fromisoformat(r["valid_until"]) >= end
            and (department is None or r["department"] == department)
            and categories.intersection(r["categories"])
        )

    # A mixed team (joint draw): every department with items fills its seats first (R8).
    for dc in params.team.officers_per_department:
        have, need = eligible_of(dc.department), teams * dc.count
        if have < need:
            label = (
                Department(dc.department).label
                if dc.department in Department.values
                else dc.department
            )
            if (draw.parameters.get("joint") or {}).get("mode") == JointMode.COUNTY_INSPECTS:
                # 市抽县查: the people are the counties' — name each county and its count.
                names = dict(
                    Organisation.objects.filter(
                        code__in=draw.parameters["source"]["counties"]
                    ).values_list("code", "name")
                )
                counts = {c: eligible_of(dc.department, c) for c in sorted(names)}
                none = [names[c] for c, n in counts.items() if n == 0]
                raise FieldError(
                    "officers",
                    "department_too_few_officers",
                    f"各县（市）{label}部门没有足够的可抽取执法人员：{teams}个检查组各需"
                    f"{dc.count}名，符合条件（在库、执法证在检查期内有效、门类相符）的只有"
                    f"{have}名（"
                    + "、".join(f"{names[c]}{n}名" for c, n in counts.items())
                    + "）。"
                    + (f"{'、'.join(none)}没有该部门的可抽取人员；" if none else "")
                    + "请先在各县（市）的执法检查人员名录库中补充该部门人员。",
                )
            raise FieldError(
                "officers",
                "department_too_few_officers",
                f"{label}部门没有足够的可抽取执法人员：{teams}个检查组各需{dc.count}名，"
                f"符合条件（在库、执法证在检查期内有效、门类相符）的只有{have}名。"
                "请先在执法检查人员名录库中补充该部门人员。",
            )
    mixed = bool(params.team.officers_per_department)
    eligible = (
        sum(eligible_of(dc.department) for dc in params.team.officers_per_department)
        if mixed
        else eligible_of(None)
    )
    if mixed and eligible < teams * params.team.team_size:
        raise FieldError(
            "officers",
            "mixed_team_unfilled",
            f"联合检查组无法组齐：{teams}个检查组每组{params.team.team_size}名，"
            f"各参与部门符合条件的执法人员合计只有{eligible}名。",
        )
    if eligible < teams * params.team.team_size:
        raise _field_error(
            TooFewInspectorsError("officer", None, teams * params.team.team_size, eligible)
        )


@transaction.atomic
def commit_draw(draw: Draw, *, organisation: Organisation, acting_user: Any) -> Draw:
    """Freeze the pool in one consistent snapshot, publish its digest, the exclusions' digest
    and the commitment SHA-256(secret) to a fresh 32-byte server secret (DESIGN, the draw 1–2).
    The inspectors and declared conflicts are frozen too."""
    draw = _locked(draw)
    _require_status(draw, DrawStatus.PREVIEWED)
    _refuse_second_draw(draw.task_id, draw.round_id, exclude_pk=draw.pk)
    snapshot = _snapshot(draw.parameters)
    inspectors = _inspectors(draw.parameters)
    _precheck(draw, snapshot, inspectors)
    try:
        canonical = snapshot.canonical(organisation.code)
    except DrawError as exc:
        raise _field_error(exc) from exc
    pool_digest, pool_size = canonical.digest, canonical.size
    ex_digest, ex_count = canonical.exclusions_digest, canonical.excluded_count
    secret = engine.new_secret()
    now = timezone.now()
    draw.parameters = {**draw.parameters, "inspectors": inspectors}
    if _format(draw.parameters) != engine.FORMAT_V1:
        # What the public sees of the strata from now on: size, declared ratio, probability.
        try:
            strata = commit_strata(canonical, engine_params(draw.parameters))
        except DrawError as exc:
            raise _field_error(exc) from exc
        draw.parameters["commit_strata"] = strata
    write_snapshot(draw.pk, freeze(snapshot, canonical), now)
    draw.pool_size, draw.pool_digest = pool_size, pool_digest
    draw.excluded_count, draw.exclusions_digest = ex_count, ex_digest
    draw.commitment = engine.commitment_of(secret)
    draw.secret_encrypted = crypto.encrypt(secret.hex())
    draw.status = DrawStatus.COMMITTED
    draw.committed_by = acting_user if getattr(acting_user, "pk", None) else None
    draw.committed_at = now
    draw.save()
    _audit(
        "draw.commit",
        draw,
        organisation,
        acting_user,
        pool_size=pool_size,
        pool_digest=pool_digest,
        excluded_count=ex_count,
        exclusions_digest=ex_digest,
        commitment=draw.commitment,
    )
    return draw


@transaction.atomic
def add_witness_input(
    draw: Draw, *, name: str, value: str, organisation: Organisation, acting_user: Any
) -> Draw:
    """After the commitment and before execution: a department representative or a notary
    types a value; it enters the seed in the order given (DESIGN, the draw 2)."""
    draw = _locked(draw)
    _require_status(draw, DrawStatus.COMMITTED)
    # Full-width digits typed with a Chinese input method count as the digits they show.
    name = bounds.text("name", name, "见证人（单位或姓名）", 100, required=True)
    value = unicodedata.normalize("NFKC", value or "").strip()
    if not value:
        raise FieldError("value", "required", "请填写见证输入的数字。")
    if len(value) > 64 or not (value.isascii() and value.isdigit()):
        raise FieldError("value", "invalid", "见证输入应为不超过64位的数字。")
    if personal_data_in(name):
        raise FieldError("name", "personal_data", "见证人一栏将被公开，不能填写身份证号或手机号。")
    if any(w["name"] == name for w in draw.witnesses):
        raise FieldError("name", "duplicate", f"见证人“{name}”已输入过。")
    draw.witnesses = [*draw.witnesses, {"name": name, "value": value}]
    draw.save(update_fields=["witnesses"])
    _audit("draw.witness", draw, organisation, acting_user, witness=name, value=value)
    return draw


# --- execute ------------------------------------------------------------------------------


def _iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def draw_inputs(draw: Draw, organisation: Organisation, *, with_secret: bool = True) -> DrawInputs:
    """The engine's inputs besides the pool, which is given in canonical form (see
    :func:`execute_draw`). ``with_secret=False``: for the commit record (no secret inside)."""
    p = draw.parameters
    frozen = p["inspectors"]
    return DrawInputs(
        draw_id=draw.reference,
        org=organisation.code,
        plan=engine.PlanRef(
            f"{p['plan']['year']} {p['plan']['title']}", p["plan"]["task"], p["round"]
        ),
        params=engine_params(p),
        items=engine_items(p),
        pool=(),
        secret=bytes.fromhex(crypto.decrypt(draw.secret_encrypted)) if with_secret else b"",
        witnesses=[Witness(w["name"], w["value"]) for w in draw.witnesses],
        officers=_engine_people(frozen, InspectorKind.OFFICER),
        experts=_engine_people(frozen, InspectorKind.EXPERT),
        conflicts=[
            engine.Conflict(c["inspector"], c["candidate"], c["reason"])
            for c in frozen["conflicts"]
        ],
        commitment=draw.commitment,
        expected_pool_digest=draw.pool_digest,
        format=_format(p),
    )


def _write_rows(draw: Draw, result: engine.DrawResult) -> None:
    by_code = {t.id: t for t in result.targets}
    source = sources.source_of(draw.parameters)
    rows = source.target_rows([(t, by_code[t].org) for t, _ in result.matching])
    strata = {
        s.stratum: escape(json.dumps(list(s.stratum), ensure_ascii=False)) for s in result.strata
    }
    # COPY: a 1 % draw of a million entities writes ~10,000 targets. Only the texts need COPY's
    # escapes (code, name, stratum, organisation); numbers and the hex key are written as they are.
    lines = []
    head = f"{int(draw.pk)}\t"
    joint_draw = source.kind == sources.INDEX
    for i, (code, team) in enumerate(result.matching):
        row = rows.get(code)
        pk, name = (row.entity_id, row.name) if row else (None, "")
        target = by_code[code]
        org = target.org if joint_draw else ""
        lines.append(
            f"{head}{i}\t{NULL if pk is None else int(pk)}\t{escape(code)}\t{escape(name)}"
            f"\t{strata[target.stratum]}\t{target.key_hex}\t{int(team)}\t{escape(org)}\n"
        )
    buf = io.StringIO("".join(lines))
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {DrawTarget._meta.db_table} (draw_id, position, entity_id, code, name,"
            " stratum, key, team_number, organisation_code) FROM STDIN",
            buf,
        )
    people = {r["id"]: r for r in draw.parameters["inspectors"]["people"]}
    teams = DrawTeam.objects.bulk_create(
        [DrawTeam(draw=draw, number=t.number) for t in result.teams], batch_size=5000
    )
    members = []
    for team_row, t in zip(teams, result.teams, strict=True):
        for role, ids in (("officer", t.officers), ("expert", t.experts)):
            for pos, pid in enumerate(ids):
                members.append(
                    DrawTeamMember(
                        team=team_row,
                        role=role,
                        position=pos,
                        inspector_id=people[pid]["pk"],
                        code=pid,
                        name=people[pid]["name"],
                    )
                )
    DrawTeamMember.objects.bulk_create(members, batch_size=5000)
    Recusal.objects.bulk_create(
        [
            Recusal(
                draw=draw,
                seq=r.seq,
                kind=r.kind,
                role=r.role,
                team_number=r.team,
                target=r.target,
                inspector=r.inspector,
                reason=r.reason[:500],
                swap_team=r.swap_team,
                swap_target=r.swap_target or "",
                replacement=r.replacement or "",
            )
            for r in result.recusals
        ]
    )


def _write_ledger(draw: Draw, organisation: Organisation, result: engine.DrawResult) -> int:
    p = draw.parameters
    codes = [t for t, _ in result.matching]
    reference = f"{organisation.code}:{draw.reference}"
    # ledger (issue 11): lock the drawn entities and re-check cap and items across concurrent
    # draws before writing (docs/draw-service.md, "Caps under concurrency").
    ledger_reservations.reserve_visits(
        plan_year=draw.plan_year,
        entity_codes=codes,
        item_codes=[it["code"] for it in p["items"]],
        cap=p["visit_cap"],
        draw_reference=reference,
    )
    return ledger.record_draw_visits(
        organisation_id=organisation.pk,
        entity_codes=codes,
        items=[ledger.LedgerItem(it["code"], it["version"], it["department"]) for it in p["items"]],
        inspected_on=date.fromisoformat(p["window"]["start"]),
        period_end=date.fromisoformat(p["window"]["end"]),
        plan_year=draw.plan_year,
        draw_reference=reference,
    )


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=1, mtime=0)


def _record_body_gz(
    inputs: DrawInputs, result: engine.DrawResult, timestamps: dict[str, str | None]
) -> tuple[dict[str, Any], bytes]:
    """The record body (``pool`` and ``exclusions`` null) and its gzip JSON, as stored."""
    record = record_body(inputs, result, timestamps=timestamps)
    data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return record, _gzip(data)


def execute_draw(
    draw: Draw | int,
    *,
    organisation: Organisation,
    acting_user: Any,
    progress: Progress = _no_progress,
) -> Draw:
    """Reveal: run the engine on the frozen pool, exactly once (R20). The draw row is locked
    (SELECT … FOR UPDATE) and its status checked, so concurrent attempts wait and then get a
    clear error; targets, teams, recusals, ledger rows (R6, R19) and the record are written in
    the same transaction, so a failure leaves nothing.

    The frozen pool's digests are recomputed and must be the ones published at commit. The
    record is stored without its pool and exclusion lists: they are the frozen pool's, stored
    once (see :func:`read_record`)."""
    # ledger (issue 11): a refused execution (ledger_conflict) is audited after the rollback.
    with ledger_refusals.audited_refusals(organisation, acting_user), transaction.atomic():
        draw = _locked(draw)
        _require_status(draw, DrawStatus.COMMITTED)
        _refuse_second_draw(draw.task_id, draw.round_id, exclude_pk=draw.pk)
        progress(5, "读取冻结的候选池")
        data = read_snapshot(draw.pk)
        if data is None:
            raise FieldError("drawId", "no_snapshot", "这次抽取没有冻结的候选池，不能执行。")
        canonical = FrozenSnapshot.loads(data).canonical(organisation.code)
        del data
        if canonical.exclusions_digest != draw.exclusions_digest:
            raise _field_error(
                CommitmentMismatchError(
                    "排除名单与提交时公布的摘要不一致",
                    "exclusions_digest",
                )
            )
        inputs = draw_inputs(draw, organisation)
        progress(15, "计算种子、排序键、分层配额与检查组")
        with engine.gc_paused():
            try:
                result = engine.run_draw(inputs, canonical)
            except DrawError as exc:
                raise _field_error(exc) from exc
            now = timezone.now()
            timestamps = {"committed_at": _iso(draw.committed_at), "revealed_at": _iso(now)}
            # The record body is pure computation: a second thread builds and compresses it
            # while this one waits for PostgreSQL to write the targets and the ledger rows.
            with ThreadPoolExecutor(1, thread_name_prefix="record") as worker:
                body = worker.submit(_record_body_gz, inputs, result, timestamps)
                progress(70, "写入抽取结果与检查台账")
                _write_rows(draw, result)
                _write_ledger(draw, organisation, result)
                if sources.source_of(draw.parameters).kind == sources.INDEX:
                    # Each county sees the joint inspections of its entities from now on.
                    record_joint_visits(draw, organisation)
                progress(85, "保存抽取记录")
                try:
                    record, draw.record_body_gz = body.result()
                except DrawError as exc:
                    raise _field_error(exc) from exc
        draw.seed = result.seed.hex()
        draw.result_digest = record["result_digest"]
        draw.target_count = len(result.matching)
        draw.team_count = len(result.teams)
        draw.recusal_count = len(result.recusals)
        draw.status = DrawStatus.EXECUTED
        draw.executed_by = acting_user if getattr(acting_user, "pk", None) else None
        draw.executed_at = now
        draw.save()
        _audit(
            "draw.execute",
            draw,
            organisation,
            acting_user,
            seed=draw.seed,
            result_digest=draw.result_digest,
            targets=draw.target_count,
            teams=draw.team_count,
            recusals=draw.recusal_count,
        )
        return draw


def start_execute(
    draw: Draw, *, organisation: Organisation, acting_user: Any
) -> tuple[Draw, Job | None]:
    """Execute now, or — for a pool above BIG_POOL — in Celery with a Job reporting progress
    (enqueued when the surrounding transaction commits)."""
    pool_size = Draw.objects.filter(pk=draw.pk).values_list("pool_size", flat=True).first()
    if (pool_size or 0) <= BIG_POOL:
        return execute_draw(draw, organisation=organisation, acting_user=acting_user), None
    with transaction.atomic():
        locked = _locked(draw)
        _require_status(locked, DrawStatus.COMMITTED)
        job = create_job(
            kind="draws.execute",
            organisation=organisation,
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        from .tasks import execute_draw_task

        user_id = getattr(acting_user, "pk", None)
        transaction.on_commit(lambda: execute_draw_task.delay(job.pk, locked.pk, user_id))
    return locked, job


def read_record(draw: Draw) -> bytes | None:
    """The draw record (JSON, format suiji-draw/2, or /1 for draws created before it) once
    executed: the stored body with the pool and exclusion lists put back from the frozen pool,
    which is stored once and never changes after the commit. Its digests are checked against
    the body's."""
    if not draw.record_body_gz:
        return None
    body = json.loads(gzip.decompress(bytes(draw.record_body_gz)))
    data = read_snapshot(draw.pk)
    if data is None:
        raise RuntimeError(f"draw {draw.reference}: the frozen pool of an executed draw is missing")
    canonical = FrozenSnapshot.loads(data).canonical(body["org"])
    if (canonical.digest, canonical.exclusions_digest) != (
        body["pool_digest"],
        body["exclusions_digest"],
    ):
        raise RuntimeError(f"draw {draw.reference}: the frozen pool differs from the record")
    lists = {"pool": pool_json(canonical), "exclusions": exclusions_json(canonical)}
    return b"".join(encode_record(body, lists))


def record_summary(draw: Draw) -> dict[str, Any] | None:
    """The stored record body (everything but the pool and exclusion lists) of an executed
    draw, or None."""
    if not draw.record_body_gz:
        return None
    body: dict[str, Any] = json.loads(gzip.decompress(bytes(draw.record_body_gz)))
    return body


def read_commit_record(draw: Draw, organisation: Organisation) -> bytes | None:
    """The commit record (§12.6, JSON ``suiji-commit/2``) of a committed draw, built from what
    was frozen at commit: no secret, no witness, nothing known only after the reveal. None for
    a draw not committed yet or of format suiji-draw/1."""
    if draw.status not in COMMIT_PUBLIC_STATUSES or _format(draw.parameters) == engine.FORMAT_V1:
        return None
    data = read_snapshot(draw.pk)
    if data is None:
        return None
    canonical = FrozenSnapshot.loads(data).canonical(organisation.code)
    inputs = draw_inputs(draw, organisation, with_secret=False)
    return commit_json(inputs, canonical, committed_at=_iso(draw.committed_at))


# --- publish, void ------------------------------------------------------------------------


@transaction.atomic
def publish_draw(draw: Draw, *, organisation: Organisation, acting_user: Any) -> Draw:
    """R14, R18: the record becomes public; anyone can download it and run `verify-draw`."""
    draw = _locked(draw)
    _require_status(draw, DrawStatus.EXECUTED)
    draw.status = DrawStatus.PUBLISHED
    draw.published_by = acting_user if getattr(acting_user, "pk", None) else None
    draw.published_at = timezone.now()
    draw.save(update_fields=["status", "published_by", "published_at"])
    _audit("draw.publish", draw, organisation, acting_user, result_digest=draw.result_digest)
    from suiji_tenants.inspections.services import open_inspections_for_draw  # hand-over

    joint_part = draw.parameters.get("joint")
    if joint_part:
        set_joint_visits_status(organisation, draw.reference, JointVisitStatus.PUBLISHED)
    if not joint_part or joint_part.get("mode") != JointMode.COUNTY_INSPECTS:
        # 市抽县查: the counties receive the inspections (`receive_joint_inspections`).
        open_inspections_for_draw(
            draw_handover(draw), organisation=organisation, acting_user=acting_user
        )
    return draw


@transaction.atomic
def void_draw(draw: Draw, *, reason: str, organisation: Organisation, acting_user: Any) -> Draw:
    """There is no re-run, only voiding: it needs a reason and a second person (not the one
    who executed, or committed if it never ran). The voided record stays public and the
    draw's ledger rows stop counting."""
    draw = _locked(draw)
    _require_status(draw, DrawStatus.COMMITTED, DrawStatus.EXECUTED, DrawStatus.PUBLISHED)
    reason = (reason or "").strip()
    if not reason:
        raise FieldError("reason", "required", "作废必须填写原因。")
    if len(reason) > 1000:
        raise FieldError("reason", "too_long", "作废原因不能超过1000个字。")
    if personal_data_in(reason):
        raise FieldError("reason", "personal_data", "作废原因将被公开，不能填写身份证号或手机号。")
    first = draw.executed_by_id if draw.status != DrawStatus.COMMITTED else draw.committed_by_id
    if getattr(acting_user, "pk", None) is None or acting_user.pk == first:
        raise FieldError(
            "draw", "same_user", "作废须由执行抽取者以外的另一名工作人员办理（双人确认）。"
        )
    before = draw.status
    draw.status = DrawStatus.VOIDED
    draw.void_reason = reason
    draw.voided_by = acting_user
    draw.voided_at = timezone.now()
    draw.save(update_fields=["status", "void_reason", "voided_by", "voided_at"])
    ledger.void_draw_visits(f"{organisation.code}:{draw.reference}")
    void_joint_visits(organisation, draw.reference)
    _audit("draw.void", draw, organisation, acting_user, before=before, reason=reason)
    return draw
