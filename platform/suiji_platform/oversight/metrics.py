"""The one definition of every oversight figure (R5, R14, R17, D30), used by the dashboard, the
spreadsheet export, the public rates and the tests.

Everything is read from public-schema indexes written in the same transaction as the county-side
change: `PlanStatusIndex` (plans), `LedgerEntry` (every inspection by draw or targeted),
`InspectionProgress` (each inspection's status and publication clock), `EntityIndex`
(registered entities), `ReferralIndex` (referrals to answer). Nothing here switches into a
county's schema; the number of queries does not grow with the number of organisations.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone

from suiji_platform.index.models import EntityIndex
from suiji_platform.ledger.caps import DEFAULT_VISIT_CAP, visit_cap_of
from suiji_platform.ledger.models import LedgerEntry, LedgerSource
from suiji_platform.organisations.models import Organisation
from suiji_platform.plan_index.models import IndexedPlanStatus, PlanStatusIndex
from suiji_platform.plan_index.services import draft_due, overdue_state

from .models import InspectionProgress, OversightSetting, ReferralIndex

# R5: the prefecture level draws at most 1 % of entities a year, in at most 2 rounds.
PREFECTURE_SHARE_CAP_PERCENT = 1.0
PREFECTURE_ROUNDS_CAP = 2
DEFAULT_JOINT_TARGET_PERCENT = 60
NEAR_CAP_LISTED = 5
DONE_STATUSES = frozenset({"recorded", "reported", "returned", "approved", "published"})
RESULT_STATUSES = frozenset({"approved", "published"})


def visit_cap(organisation: Organisation | None = None) -> int:
    """The number of visits an entity may receive in a plan year: the cap its prefecture set
    (`ledger.caps`, default 2)."""
    if organisation is None:
        return DEFAULT_VISIT_CAP
    return visit_cap_of(organisation)


def near_cap_threshold(cap: int) -> int:
    """Visits from which an entity counts as near its cap: one visit short of it, and at least
    two visits (with the default cap of 2: the entities that reached it)."""
    return max(2, cap - 1)


def joint_target_percent(prefecture: Organisation) -> int:
    setting = OversightSetting.objects.filter(organisation=prefecture).first()
    return setting.joint_target_percent if setting else DEFAULT_JOINT_TARGET_PERCENT


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    formula: str
    unit: str = ""


# The definitions, in the order the dashboard and the export show them.
METRICS: list[Metric] = [
    Metric("plan_status", "计划状态", "年度计划索引中的状态；截止日期为上一年12月31日"),
    Metric("draws_done", "已完成抽取", "本年度未作废的抽取（检查台账中不同的抽取编号）", "次"),
    Metric("rounds_planned", "计划轮次", "年度计划全部任务的轮次数", "轮"),
    Metric("draw_completion", "抽取完成率", "已完成抽取 ÷ 计划轮次", "%"),
    Metric(
        "drawn_share",
        "抽取比例",
        "本年度随机抽中的不同市场主体 ÷ 名录库中存续的市场主体；州本级每年上限1%",
        "%",
    ),
    Metric("inspections", "检查任务", "本年度随机抽查的检查（每个抽中对象一项）", "项"),
    Metric("due", "已到期", "检查截止日期早于今天的检查任务", "项"),
    Metric("done", "已检查", "笔录已确认（含报告、审核、公示各阶段）的检查任务", "项"),
    Metric("published", "已公示", "结果已公示的检查任务", "项"),
    Metric("completion", "检查完成率", "已到期的检查中已公示的 ÷ 已到期", "%"),
    Metric("on_time", "按时公示", "审核通过后20个工作日内公示的结果", "项"),
    Metric(
        "late",
        "逾期公示",
        "超过20个工作日才公示的结果，加上已过截止日期仍未公示的结果",
        "项",
    ),
    Metric("on_time_rate", "按时公示率", "按时公示 ÷（按时公示 + 逾期公示）", "%"),
    Metric(
        "problem_rate",
        "问题发现率",
        "结果含“发现问题已责令改正 / 待后续处理 / 不配合检查”的 ÷ 已审核的结果",
        "%",
    ),
    Metric(
        "follow_up_rate",
        "后续处置率",
        "发现问题且不再“待后续处理”的 ÷ 发现问题的结果",
        "%",
    ),
    Metric("referrals_open", "待办移送", "移送索引中尚未答复的移送", "件"),
    Metric("referral_wait_days", "最长等待", "最早一件未答复移送至今的天数", "天"),
    Metric(
        "joint_share",
        "联合检查占比",
        "检查台账中一次检查涉及两个及以上部门的 ÷ 全部检查（按检查批次与对象计）",
        "%",
    ),
    Metric(
        "near_cap",
        "接近检查上限的主体",
        "本年度（各机构合计）检查次数距上限仅差一次或已达上限、且至少已检查2次的主体数"
        "（上限默认2次）",
        "个",
    ),
    Metric(
        "coverage",
        "覆盖率",
        "本年度被检查（随机或定向）的不同主体 ÷ 名录库中存续的市场主体",
        "%",
    ),
]
METRIC_BY_KEY = {m.key: m for m in METRICS}


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    return round(100.0 * numerator / denominator, 1)


@dataclass
class OrgFigures:
    organisation: Organisation
    year: int
    plan_status: str = IndexedPlanStatus.MISSING
    plan_version: int = 0
    plan_due: date | None = None
    plan_overdue: bool = False
    plan_overdue_reason: str = ""
    rounds_planned: int = 0
    draws_done: int = 0
    registered: int = 0
    drawn_entities: int = 0
    inspected_entities: int = 0
    inspections: int = 0
    due: int = 0
    done: int = 0
    published: int = 0
    # Of the inspections due (window ended), those done and published: completion's numerator.
    due_published: int = 0
    on_time: int = 0
    late: int = 0
    results: int = 0
    problems: int = 0
    followed_up: int = 0
    referrals_open: int = 0
    referral_wait_days: int = 0
    visits: int = 0
    joint_visits: int = 0
    near_cap: list[tuple[str, int]] = field(default_factory=list)
    departments: dict[str, int] = field(default_factory=dict)

    @property
    def is_prefecture(self) -> bool:
        return self.organisation.kind == "prefecture"

    @property
    def label(self) -> str:
        return "州本级" if self.is_prefecture else self.organisation.name

    @property
    def draw_completion(self) -> float | None:
        return rate(self.draws_done, self.rounds_planned)

    @property
    def drawn_share(self) -> float | None:
        return rate(self.drawn_entities, self.registered)

    @property
    def share_cap(self) -> float | None:
        return PREFECTURE_SHARE_CAP_PERCENT if self.is_prefecture else None

    @property
    def rounds_cap(self) -> int | None:
        return PREFECTURE_ROUNDS_CAP if self.is_prefecture else None

    @property
    def over_cap(self) -> bool:
        share = self.drawn_share
        return bool(
            self.is_prefecture
            and (
                (share is not None and share > PREFECTURE_SHARE_CAP_PERCENT)
                or self.draws_done > PREFECTURE_ROUNDS_CAP
            )
        )

    @property
    def completion(self) -> float | None:
        return rate(self.due_published, self.due)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.on_time + self.late)

    @property
    def problem_rate(self) -> float | None:
        return rate(self.problems, self.results)

    @property
    def follow_up_rate(self) -> float | None:
        return rate(self.followed_up, self.problems)

    @property
    def joint_share(self) -> float | None:
        return rate(self.joint_visits, self.visits)

    @property
    def coverage(self) -> float | None:
        return rate(self.inspected_entities, self.registered)

    def value(self, key: str) -> Any:
        if key == "plan_status":
            return IndexedPlanStatus(self.plan_status).label
        if key == "near_cap":
            return len(self.near_cap)
        return getattr(self, key)


def figures(
    organisations: list[Organisation], year: int, *, today: date | None = None
) -> list[OrgFigures]:
    """Every figure for each organisation and `year` (a fixed number of queries)."""
    today = today or timezone.localdate()
    ids = [o.pk for o in organisations]
    out = {
        o.pk: OrgFigures(organisation=o, year=year, plan_due=draft_due(year)) for o in organisations
    }

    for row in PlanStatusIndex.objects.filter(organisation_id__in=ids, year=year):
        f = out[row.organisation_id]
        f.plan_status, f.plan_version, f.rounds_planned = (
            row.status,
            row.version,
            row.rounds_planned,
        )
        state = overdue_state(
            status=row.status, year=year, adjustment_due=row.adjustment_due, today=today
        )
        f.plan_overdue, f.plan_overdue_reason = state.overdue, state.reason
    for f in out.values():
        if f.plan_status == IndexedPlanStatus.MISSING:
            state = overdue_state(status=f.plan_status, year=year, adjustment_due=None, today=today)
            f.plan_overdue, f.plan_overdue_reason = state.overdue, state.reason

    for r in (
        EntityIndex.objects.filter(organisation_id__in=ids, kind="entity", status="active")
        .values("organisation_id")
        .annotate(n=Count("organisation_id"))  # the partial index answers it alone
    ):
        out[r["organisation_id"]].registered = r["n"]

    live = LedgerEntry.objects.filter(organisation_id__in=ids, plan_year=year, voided=False)
    for r in live.values("organisation_id").annotate(
        draws=Count("draw_reference", distinct=True, filter=Q(source="draw")),
        drawn=Count("entity_code", distinct=True, filter=Q(source="draw")),
        inspected=Count("entity_code", distinct=True),
    ):
        f = out[r["organisation_id"]]
        f.draws_done, f.drawn_entities, f.inspected_entities = (
            r["draws"],
            r["drawn"],
            r["inspected"],
        )

    # Visits: one per (organisation, visit key, entity); joint when it covers > 1 department.
    # Counted in the database (a Python loop over every visit costs more than the query).
    table = LedgerEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT organisation_id, count(*), count(*) FILTER (WHERE depts > 1)
                FROM (SELECT organisation_id, visit_key, entity_code,
                             count(DISTINCT department) AS depts
                      FROM {table}
                      WHERE organisation_id = ANY(%s) AND plan_year = %s AND NOT voided
                      GROUP BY organisation_id, visit_key, entity_code) v
                GROUP BY organisation_id""",  # noqa: S608 - the table name is the model's
            [ids, year],
        )
        for org_id, visits, joint in cursor.fetchall():
            out[org_id].visits, out[org_id].joint_visits = visits, joint
        # Entities nearest their cap: visits this year across every organisation's ledger.
        cursor.execute(
            f"""SELECT o.organisation_id, o.entity_code, a.n
                FROM (SELECT DISTINCT organisation_id, entity_code FROM {table}
                      WHERE organisation_id = ANY(%s) AND plan_year = %s AND NOT voided) o
                JOIN (SELECT entity_code, count(DISTINCT visit_key) AS n FROM {table}
                      WHERE plan_year = %s AND NOT voided AND source <> %s
                      GROUP BY entity_code HAVING count(DISTINCT visit_key) >= %s) a
                  USING (entity_code)
                ORDER BY o.organisation_id, a.n DESC, o.entity_code""",  # noqa: S608
            [
                ids,
                year,
                year,
                LedgerSource.TARGETED.value,
                near_cap_threshold(visit_cap(organisations[0] if organisations else None)),
            ],
        )
        for org_id, code, n in cursor.fetchall():
            out[org_id].near_cap.append((code, n))
    # Visits per department: the same visits (visit key, entity) as above, by department.
    for r in live.values("organisation_id", "department").annotate(
        n=Count(Concat("visit_key", Value("|"), "entity_code"), distinct=True)
    ):
        out[r["organisation_id"]].departments[r["department"] or "—"] = r["n"]

    # ledger (issue 11): an inspection folded into a combined visit is not one of its own.
    progress = InspectionProgress.objects.filter(
        organisation_id__in=ids, plan_year=year, source="draw"
    ).exclude(status="merged")
    done_q = Q(status__in=DONE_STATUSES)
    for r in progress.values("organisation_id").annotate(
        total=Count("id"),
        due=Count("id", filter=Q(window_end__lt=today)),
        done=Count("id", filter=done_q),
        published=Count("id", filter=Q(status="published")),
        due_published=Count("id", filter=Q(status="published", window_end__lt=today)),
        on_time=Count("id", filter=Q(status="published", published_late=False)),
        late_published=Count("id", filter=Q(status="published", published_late=True)),
        late_waiting=Count("id", filter=Q(status="approved", publication_due_on__lt=today)),
        results=Count("id", filter=Q(status__in=RESULT_STATUSES)),
        problems=Count("id", filter=Q(status__in=RESULT_STATUSES, problem_found=True)),
        followed=Count("id", filter=Q(status__in=RESULT_STATUSES, followed_up=True)),
    ):
        f = out[r["organisation_id"]]
        f.inspections, f.due, f.done, f.published = r["total"], r["due"], r["done"], r["published"]
        f.due_published = r["due_published"]
        f.on_time, f.late = r["on_time"], r["late_published"] + r["late_waiting"]
        f.results, f.problems, f.followed_up = r["results"], r["problems"], r["followed"]

    for ref in ReferralIndex.objects.filter(
        organisation_id__in=ids, answered_at__isnull=True, plan_year=year
    ).values("organisation_id", "opened_on"):
        f = out[ref["organisation_id"]]
        f.referrals_open += 1
        f.referral_wait_days = max(f.referral_wait_days, (today - ref["opened_on"]).days)
    return [out[i] for i in ids]


def overseen(prefecture: Organisation) -> list[Organisation]:
    """The prefecture itself (州本级) first, then its counties by code."""
    return [prefecture, *prefecture.children.order_by("code")]


def totals(rows: list[OrgFigures], year: int) -> OrgFigures:
    """The sums over `rows` (rates recomputed from the sums, never averaged)."""
    total = OrgFigures(organisation=Organisation(name="合计", code="", kind="county"), year=year)
    summed = [
        "rounds_planned",
        "draws_done",
        "registered",
        "drawn_entities",
        "inspected_entities",
        "inspections",
        "due",
        "done",
        "published",
        "due_published",
        "on_time",
        "late",
        "results",
        "problems",
        "followed_up",
        "referrals_open",
        "visits",
        "joint_visits",
    ]
    for f in rows:
        for name in summed:
            setattr(total, name, getattr(total, name) + getattr(f, name))
        total.referral_wait_days = max(total.referral_wait_days, f.referral_wait_days)
        total.near_cap += f.near_cap
        for department, n in f.departments.items():
            total.departments[department] = total.departments.get(department, 0) + n
    return total


def has_data(rows: list[OrgFigures]) -> bool:
    return any(
        f.plan_status != IndexedPlanStatus.MISSING or f.inspections or f.visits or f.referrals_open
        for f in rows
    )


@dataclass(frozen=True)
class PublicRates:
    """D30 公开抽查工作情况: no personal data, only counts and rates."""

    organisation_code: str
    year: int
    plan_published: bool
    plan_version: int
    inspections_done: int
    results_published: int
    on_time: int
    late: int
    on_time_rate: float | None


def public_rates(
    organisation: Organisation, year: int, *, today: date | None = None
) -> PublicRates:
    (f,) = figures([organisation], year, today=today)
    return PublicRates(
        organisation_code=organisation.code,
        year=year,
        plan_published=f.plan_version > 0,
        plan_version=f.plan_version,
        inspections_done=f.done,
        results_published=f.published,
        on_time=f.on_time,
        late=f.late,
        on_time_rate=f.on_time_rate,
    )
