"""Plan types: explicit fields; the public types carry published snapshots only."""

from typing import Any

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from suiji_platform.accounts.access import Permission
from suiji_platform.plan_index import models as index_models
from suiji_tenants.plans import models, services

from ..core.connections import CountableConnection
from ..core.context import get_access
from ..core.nodes import SuijiNode
from ..core.notices import Notice, notices_field, notices_of
from ..draws.fraction import Fraction
from ..registries.dataloaders import SyncLoader
from ..registries.types import CreditClassEnum, DepartmentEnum


def _enum(name: str, choices: Any) -> type[graphene.Enum]:
    return graphene.Enum(name, [(c.name, c.value) for c in choices])


PlanStatusEnum = _enum("PlanStatus", models.PlanStatus)
IndexedPlanStatusEnum = _enum("IndexedPlanStatus", index_models.IndexedPlanStatus)
ScopeKindEnum = _enum("ScopeKind", models.ScopeKind)
TargetKindEnum = _enum("TargetKind", models.TargetKind)
SamplingModeEnum = _enum("SamplingMode", models.SamplingMode)
JointModeEnum = _enum("JointMode", models.JointMode)
ReminderKindEnum = _enum("ReminderKind", index_models.ReminderKind)
PlanActionEnum = graphene.Enum(
    "PlanAction",
    [
        ("SUBMIT", "submit"),
        ("CONSOLIDATE", "consolidate"),
        ("REPORT", "report"),
        ("PUBLISH", "publish"),
        ("ADJUST", "adjust"),
        ("RETURN", "return"),
    ],
)


class CreditRatio(graphene.ObjectType):
    credit_class = graphene.Field(CreditClassEnum, required=True)
    ratio_bp = graphene.Int(required=True, description="万分之（100 = 1%）")


class LiveDrawByRoundLoader(SyncLoader):
    context_key = "plans.live_draw_by_round"

    def batch_load(self, keys: list[Any]) -> dict[Any, Any]:
        # All drawn rounds of the organisation at once: one query per request, however many
        # plans, tasks and rounds the page lists.
        return services.live_draw_references()


class PlanRound(DjangoObjectType):
    drawn_reference = graphene.String(
        description="该轮已抽取（已提交承诺、已抽取或已公开，未作废）时的抽取编号；尚未抽取为空"
    )

    class Meta:
        model = models.PlanRound
        fields = ("number", "starts_on", "ends_on")

    @staticmethod
    def resolve_drawn_reference(root: models.PlanRound, info: Any) -> str | None:
        return LiveDrawByRoundLoader(info.context).load(root.pk)


class PlanTaskItem(graphene.ObjectType):
    """An item pinned to the version in force when the task was saved."""

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    version = graphene.Int(required=True)
    legal_basis = graphene.String(required=True)
    needs_expert = graphene.Boolean(required=True)
    enforcement_category = graphene.String(required=True)


class PlanObjectType(SuijiNode):
    node_permission = Permission.READ_ORGANISATION

    class Meta:
        abstract = True


class PlanTask(PlanObjectType):
    departments = graphene.List(graphene.NonNull(DepartmentEnum), required=True)
    target_kind = graphene.Field(
        TargetKindEnum, required=True, description="检查对象：市场主体或工程项目"
    )
    scope_kind = graphene.Field(ScopeKindEnum, required=True)
    sampling_mode = graphene.Field(SamplingModeEnum, required=True)
    credit_classes = graphene.List(graphene.NonNull(CreditClassEnum), required=True)
    credit_ratios = graphene.List(graphene.NonNull(CreditRatio), required=True)
    entity_types = graphene.List(graphene.NonNull(graphene.String), required=True)
    natures = graphene.List(graphene.NonNull(graphene.String), required=True)
    regions = graphene.List(graphene.NonNull(graphene.String), required=True)
    categories = graphene.List(graphene.NonNull(graphene.String), required=True)
    rounds = graphene.List(graphene.NonNull(PlanRound), required=True)
    items = graphene.List(graphene.NonNull(PlanTaskItem), required=True)
    joint_plan = graphene.Field(lambda: JointPlan, description="所属联合抽查计划（联合任务）")
    lead_department = graphene.Field(DepartmentEnum, description="牵头部门（联合任务）")
    partner_departments = graphene.List(
        graphene.NonNull(DepartmentEnum), required=True, description="配合部门（联合任务）"
    )
    counties = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="涉及的县（市）代码"
    )
    joint_mode = graphene.Field(JointModeEnum, description="实施方式（联合任务）")

    class Meta:
        model = models.PlanTask
        fields = (
            "id",
            "position",
            "title",
            "section",
            "departments",
            "target_kind",
            "scope_kind",
            "entity_types",
            "natures",
            "regions",
            "credit_classes",
            "sampling_mode",
            "ratio_bp",
            "target_count",
            "officers_per_team",
            "targets_per_team",
            "categories",
            "experts_per_team",
            "notes",
            "updated_at",
        )
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_lead_department(root: models.PlanTask, info: Any) -> str | None:
        return root.lead_department or None

    @staticmethod
    def resolve_joint_mode(root: models.PlanTask, info: Any) -> str | None:
        return root.joint_mode or None

    @staticmethod
    def resolve_partner_departments(root: models.PlanTask, info: Any) -> list[str]:
        if not root.joint_plan_id:
            return []
        return [d for d in root.departments if d != root.lead_department]

    @staticmethod
    def resolve_counties(root: models.PlanTask, info: Any) -> list[str]:
        return list(root.counties)

    @staticmethod
    def resolve_credit_ratios(root: models.PlanTask, info: Any) -> list[CreditRatio]:
        return [
            CreditRatio(credit_class=cls, ratio_bp=bp)
            for cls, bp in sorted(root.credit_ratios_bp.items())
        ]

    @staticmethod
    def resolve_rounds(root: models.PlanTask, info: Any) -> Any:
        return root.rounds.all()

    @staticmethod
    def resolve_items(root: models.PlanTask, info: Any) -> list[PlanTaskItem]:
        return [
            PlanTaskItem(
                code=ti.item.code,
                name=ti.item_version.name,
                version=ti.item_version.version,
                legal_basis=ti.item_version.legal_basis,
                needs_expert=ti.item_version.needs_expert,
                enforcement_category=ti.item_version.enforcement_category,
            )
            for ti in root.task_items.all()
        ]


class JointPlan(PlanObjectType):
    """联合抽查计划：州（市）局统筹的部门联合抽查，属于本级年度计划（同一流程、公开和调整规则）。"""

    tasks = graphene.List(graphene.NonNull(PlanTask), required=True)
    year = graphene.Int(required=True)

    class Meta:
        model = models.JointPlan
        fields = ("id", "title", "notes", "updated_at")
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_tasks(root: models.JointPlan, info: Any) -> Any:
        return root.tasks.all()

    @staticmethod
    def resolve_year(root: models.JointPlan, info: Any) -> int:
        return root.plan.year


class PlanTransition(DjangoObjectType):
    action = graphene.Field(PlanActionEnum, required=True)
    from_status = graphene.Field(PlanStatusEnum, required=True)
    to_status = graphene.Field(PlanStatusEnum, required=True)

    class Meta:
        model = models.PlanTransition
        fields = (
            "action",
            "from_status",
            "to_status",
            "comment",
            "recipient",
            "on_date",
            "actor_name",
            "at",
        )

    @staticmethod
    def resolve_from_status(root: models.PlanTransition, info: Any) -> str:
        return str(root.from_status)

    @staticmethod
    def resolve_to_status(root: models.PlanTransition, info: Any) -> str:
        return str(root.to_status)


class PlanPublication(DjangoObjectType):
    snapshot = graphene.JSONString(required=True)

    class Meta:
        model = models.PlanPublication
        fields = ("version", "published_at", "note", "snapshot")


class AnnualPlan(PlanObjectType):
    status = graphene.Field(PlanStatusEnum, required=True)
    tasks = graphene.List(graphene.NonNull(PlanTask), required=True)
    transitions = graphene.List(
        graphene.NonNull(PlanTransition), required=True, description="流转记录与意见（最早在前）"
    )
    publications = graphene.List(graphene.NonNull(PlanPublication), required=True)
    joint_plans = graphene.List(
        graphene.NonNull(JointPlan), required=True, description="本计划中的联合抽查计划"
    )
    available_actions = graphene.List(
        graphene.NonNull(PlanActionEnum), required=True, description="当前用户此刻可执行的操作"
    )
    draft_due = graphene.Date(required=True, description="编制截止日期（上一年12月31日）")

    class Meta:
        model = models.AnnualPlan
        fields = (
            "id",
            "year",
            "title",
            "status",
            "version",
            "reported_at",
            "reported_to",
            "reported_on",
            "published_at",
            "adjusted_at",
            "adjustment_reason",
            "adjustment_due",
            "adjustment_due_unknown",
            "updated_at",
        )
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @staticmethod
    def resolve_status(root: models.AnnualPlan, info: Any) -> str:
        return str(root.status)

    @staticmethod
    def resolve_tasks(root: models.AnnualPlan, info: Any) -> Any:
        return root.tasks.all()

    @staticmethod
    def resolve_transitions(root: models.AnnualPlan, info: Any) -> Any:
        return root.transitions.all()

    @staticmethod
    def resolve_publications(root: models.AnnualPlan, info: Any) -> Any:
        return root.publications.all()

    @staticmethod
    def resolve_joint_plans(root: models.AnnualPlan, info: Any) -> Any:
        return root.joint_plans.all()

    @staticmethod
    def resolve_available_actions(root: models.AnnualPlan, info: Any) -> list[str]:
        return services.available_moves(root, get_access(info.context))

    @staticmethod
    def resolve_draft_due(root: models.AnnualPlan, info: Any) -> Any:
        from suiji_platform.plan_index.services import draft_due

        return draft_due(root.year)


class PlanStatusRow(DjangoObjectType):
    """One organisation's plan status for a year (public-schema index)."""

    status = graphene.Field(IndexedPlanStatusEnum, required=True)
    organisation_code = graphene.String(required=True)
    organisation_name = graphene.String(required=True)
    draws_done = graphene.Int(
        required=True, description="本年度已完成的抽取次数（检查台账中未作废的抽取）"
    )
    targets_drawn = graphene.Int(required=True, description="本年度未作废的抽取抽中的检查对象数")
    results_published = graphene.Int(required=True, description="其中已完成检查并公示结果的数目")

    class Meta:
        model = index_models.PlanStatusIndex
        fields = (
            "year",
            "status",
            "version",
            "draft_due",
            "reported_at",
            "reported_to",
            "acknowledged_at",
            "published_at",
            "adjusted_at",
            "adjustment_due",
            "adjustment_due_unknown",
            "overdue",
            "overdue_reason",
            "rounds_planned",
        )

    @staticmethod
    def resolve_draws_done(root: index_models.PlanStatusIndex, info: Any) -> int:
        return int(getattr(root, "draws_done", 0))

    @staticmethod
    def resolve_targets_drawn(root: index_models.PlanStatusIndex, info: Any) -> int:
        return int(getattr(root, "targets_drawn", 0))

    @staticmethod
    def resolve_results_published(root: index_models.PlanStatusIndex, info: Any) -> int:
        return int(getattr(root, "results_published", 0))

    @staticmethod
    def resolve_status(root: index_models.PlanStatusIndex, info: Any) -> str:
        return str(root.status)

    @staticmethod
    def resolve_organisation_code(root: index_models.PlanStatusIndex, info: Any) -> str:
        return root.organisation.code

    @staticmethod
    def resolve_organisation_name(root: index_models.PlanStatusIndex, info: Any) -> str:
        return root.organisation.name


class Reminder(DjangoObjectType):
    kind = graphene.Field(ReminderKindEnum, required=True)

    class Meta:
        model = index_models.Reminder
        fields = ("id", "kind", "year", "subject_code", "due_on", "message", "read", "created_at")

    @staticmethod
    def resolve_kind(root: index_models.Reminder, info: Any) -> str:
        return str(root.kind)


class StratumTarget(graphene.ObjectType):
    region = graphene.String(required=True)
    entity_type = graphene.String(required=True)
    credit_class = graphene.String(required=True)
    pool = graphene.Int(required=True, description="符合范围的存续主体数")
    ratio_bp = graphene.Int(description="适用比例（万分之），按数量抽取时为空")
    targets = graphene.Int(required=True, description="最多抽取数（随机舍入可能少1）")
    targets_min = graphene.Int(required=True, description="最少抽取数")
    probability = graphene.Field(Fraction, description="每个主体被抽中的概率（等于声明比例）")

    @staticmethod
    def resolve_probability(root: Any, info: Any) -> Fraction | None:
        return Fraction.of(root.probability)


class CountyPool(graphene.ObjectType):
    """联合任务：某县（市）某分层的可抽主体数（州级名录索引）。"""

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    region = graphene.String(required=True)
    entity_type = graphene.String(required=True)
    credit_class = graphene.String(required=True)
    pool = graphene.Int(required=True)


class DepartmentOfficers(graphene.ObjectType):
    """联合任务：某参与部门符合条件的执法人员数与所需人数（每组1名）。"""

    department = graphene.Field(DepartmentEnum, required=True)
    label = graphene.String(required=True)
    eligible = graphene.Int(required=True)
    needed = graphene.Int(required=True)


class PlanSimulation(graphene.ObjectType):
    strata = graphene.List(graphene.NonNull(StratumTarget), required=True)
    pool = graphene.Int(required=True)
    targets = graphene.Int(required=True)
    targets_min = graphene.Int(required=True, description="最少抽取总数（随机舍入）")
    teams = graphene.Int(required=True)
    officers_needed = graphene.Int(required=True)
    officers_eligible = graphene.Int(required=True)
    experts_needed = graphene.Int(required=True)
    experts_eligible = graphene.Int(required=True)
    warnings = graphene.List(graphene.NonNull(graphene.String), required=True)
    notices = notices_field()
    counties = graphene.List(
        graphene.NonNull(CountyPool),
        required=True,
        description="联合任务：各县（市）各分层的候选数",
    )
    departments = graphene.List(
        graphene.NonNull(DepartmentOfficers),
        required=True,
        description="联合任务：各参与部门可抽取的执法人员",
    )

    @staticmethod
    def resolve_notices(root: Any, info: Any) -> list[Notice]:
        return notices_of(root.warnings)


class WorkdayResult(graphene.ObjectType):
    date = graphene.Date(description="计算结果；节假日安排未录入时为空")
    unknown_schedule = graphene.Boolean(required=True)
    unknown_year = graphene.Int()


class WorkdayStatus(graphene.ObjectType):
    date = graphene.Date(required=True)
    is_working_day = graphene.Boolean(description="节假日安排未录入时为空")
    unknown_schedule = graphene.Boolean(required=True)


class CalendarDay(graphene.ObjectType):
    date = graphene.Date(required=True)
    kind = graphene.String(required=True, description="holiday（休）或 workday（调休上班）")
    name = graphene.String(required=True)


class PublicPlanVersion(graphene.ObjectType):
    """A published version as the public reads it (no personal data)."""

    id = graphene.ID(required=True)  # noqa: A003
    organisation_code = graphene.String(required=True)
    year = graphene.Int(required=True)
    version = graphene.Int(required=True)
    published_at = graphene.DateTime(required=True)
    note = graphene.String(required=True, description="调整说明（首次公开为空）")
    snapshot = graphene.JSONString(required=True)


class PublicPlan(graphene.ObjectType):
    organisation_code = graphene.String(required=True)
    organisation_name = graphene.String(required=True)
    year = graphene.Int(required=True)
    title = graphene.String(required=True)
    current_version = graphene.Int(required=True)
    being_adjusted = graphene.Boolean(required=True)
    versions = graphene.List(graphene.NonNull(PublicPlanVersion), required=True)
