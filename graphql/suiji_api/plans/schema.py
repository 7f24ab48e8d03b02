"""Plan queries and mutations, calendar queries, deadline reminders and the public reading of
published plans (anonymous, no personal data)."""

from datetime import date
from typing import Any

import graphene
from django.utils import timezone
from django_tenants.utils import schema_context
from graphene_django import DjangoConnectionField
from graphql_relay import to_global_id

from suiji_platform.accounts.access import Permission
from suiji_platform.calendar import services as calendar
from suiji_platform.calendar.models import CalendarYear
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.plan_index.models import Reminder as ReminderModel
from suiji_platform.plan_index.services import overdue_plans, plan_overview, plan_statuses_for
from suiji_tenants.plans import models, services

from ..core.context import get_organisation
from ..core.errors import BadInput, NotFound
from ..core.nodes import decode_public_id
from ..core.permissions import permission_required, require
from ..registries.mutations.base import get_by_global_id
from . import types
from .mutations.calendar_load import LoadWorkCalendar
from .mutations.joint_plan_create import CreateJointPlan
from .mutations.plan_create import CreateAnnualPlan
from .mutations.plan_report_acknowledge import AcknowledgePlanReport
from .mutations.plan_task_create import CreatePlanTask
from .mutations.plan_task_delete import DeletePlanTask
from .mutations.plan_task_update import UpdatePlanTask
from .mutations.plan_transition import TransitionPlan
from .mutations.reminder_read import MarkReminderRead

PLAN_PREFETCH = (
    "tasks__rounds",
    "tasks__task_items__item",
    "tasks__task_items__item_version",
    "transitions",
    "publications",
)


def _public_versions(organisation: Organisation, year: int | None = None) -> list[Any]:
    with schema_context(organisation.schema_name):
        plans = models.AnnualPlan.objects.filter(version__gt=0).prefetch_related("publications")
        if year is not None:
            plans = plans.filter(year=year)
        return [
            types.PublicPlan(
                organisation_code=organisation.code,
                organisation_name=organisation.name,
                year=plan.year,
                title=plan.title,
                current_version=plan.version,
                being_adjusted=plan.status == models.PlanStatus.ADJUSTED,
                versions=[_public_version(organisation, p) for p in plan.publications.all()],
            )
            for plan in plans
        ]


def _public_version(organisation: Organisation, p: models.PlanPublication) -> Any:
    return types.PublicPlanVersion(
        id=to_global_id("PublicPlanVersion", f"{organisation.code}-{p.pk}"),
        organisation_code=organisation.code,
        year=p.snapshot["year"],
        version=p.version,
        published_at=p.published_at,
        note=p.note,
        snapshot=p.snapshot,
    )


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise BadInput("计划年度应在2000–2100年之间。", "year")


class PlanQueries(graphene.ObjectType):
    annual_plans = DjangoConnectionField(
        types.AnnualPlan, year=graphene.Int(), description="本机构的年度检查计划"
    )
    annual_plan = graphene.Field(types.AnnualPlan, year=graphene.Int(required=True))
    plan_simulation = graphene.Field(
        types.PlanSimulation,
        task_id=graphene.ID(required=True),
        round=graphene.Int(required=True),
        description="抽取前模拟：各层抽取数、需要的检查组与合格执法人员/专家、预警",
    )
    plan_statuses = graphene.List(
        graphene.NonNull(types.PlanStatusRow),
        required=True,
        year=graphene.Int(),
        description="计划状态汇总：州局看到本级与所有县（市），县（市）看到本级",
    )
    overdue_plans = graphene.List(
        graphene.NonNull(types.PlanStatusRow),
        required=True,
        year=graphene.Int(),
        description="逾期的计划（州局含所有县（市））；与 planStatuses 的“已逾期”同一口径",
    )
    reminders = graphene.List(
        graphene.NonNull(types.Reminder), required=True, unread_only=graphene.Boolean()
    )
    add_working_days = graphene.Field(
        types.WorkdayResult,
        required=True,
        date=graphene.Date(required=True),
        days=graphene.Int(required=True),
        description="某日之后第 N 个工作日（节假日安排未录入的年份标记 unknownSchedule）",
    )
    working_day = graphene.Field(
        types.WorkdayStatus, required=True, date=graphene.Date(required=True)
    )
    calendar_days = graphene.List(
        graphene.NonNull(types.CalendarDay), required=True, year=graphene.Int(required=True)
    )
    calendar_years = graphene.List(
        graphene.NonNull(graphene.Int), required=True, description="已录入官方安排的年份"
    )
    public_plans = graphene.List(
        graphene.NonNull(types.PublicPlan),
        required=True,
        organisation_code=graphene.String(required=True),
        year=graphene.Int(),
        description="公开的年度计划及其全部历史版本（无需登录）",
    )
    public_plan_version = graphene.Field(
        types.PublicPlanVersion, id=graphene.ID(required=True), description="某一公开版本"
    )

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_annual_plans(root: Any, info: Any, year: int | None = None, **_: Any) -> Any:
        qs = models.AnnualPlan.objects.prefetch_related(*PLAN_PREFETCH)
        return qs.filter(year=year) if year is not None else qs

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_annual_plan(root: Any, info: Any, year: int) -> Any:
        return models.AnnualPlan.objects.prefetch_related(*PLAN_PREFETCH).filter(year=year).first()

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_plan_simulation(root: Any, info: Any, task_id: str, round: int) -> Any:  # noqa: A002
        try:
            task = get_by_global_id(models.PlanTask, "PlanTask", task_id, field="taskId")
            return services.simulate_task_round(task, round)
        except FieldError as exc:
            raise BadInput(exc.message, exc.field) from None

    @staticmethod
    def resolve_plan_statuses(root: Any, info: Any, year: int | None = None) -> Any:
        access = require(info, Permission.READ_ORGANISATION)
        if year is not None:
            _check_year(year)
            return plan_overview(access, year)
        years = set(plan_statuses_for(access).values_list("year", flat=True))
        years.add(timezone.localdate().year)
        return [row for y in sorted(years) for row in plan_overview(access, y)]

    @staticmethod
    def resolve_overdue_plans(root: Any, info: Any, year: int | None = None) -> Any:
        access = require(info, Permission.READ_ORGANISATION)
        if year is not None:
            _check_year(year)
        return overdue_plans(access, year)

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_reminders(root: Any, info: Any, unread_only: bool = False) -> Any:
        qs = ReminderModel.objects.filter(organisation=get_organisation(info.context))
        return qs.filter(read=False) if unread_only else qs

    @staticmethod
    def resolve_add_working_days(root: Any, info: Any, date: date, days: int) -> Any:
        if not 0 <= days <= 366:
            raise BadInput("工作日数应在 0–366 之间。", "days")
        result = calendar.add_working_days(date, days)
        return types.WorkdayResult(
            date=result.date,
            unknown_schedule=result.unknown_schedule,
            unknown_year=result.unknown_year,
        )

    @staticmethod
    def resolve_working_day(root: Any, info: Any, date: date) -> Any:
        try:
            working = calendar.is_working_day(date)
        except calendar.UnknownScheduleError:
            return types.WorkdayStatus(date=date, is_working_day=None, unknown_schedule=True)
        return types.WorkdayStatus(date=date, is_working_day=working, unknown_schedule=False)

    @staticmethod
    def resolve_calendar_days(root: Any, info: Any, year: int) -> Any:
        return [
            types.CalendarDay(date=d.date, kind=d.kind, name=d.name)
            for d in calendar.days_of_year(year)
        ]

    @staticmethod
    def resolve_calendar_years(root: Any, info: Any) -> list[int]:
        return list(CalendarYear.objects.values_list("year", flat=True))

    @staticmethod
    def resolve_public_plans(
        root: Any, info: Any, organisation_code: str, year: int | None = None
    ) -> list[Any]:
        organisation = Organisation.objects.filter(code=organisation_code).first()
        if organisation is None:
            raise NotFound(f"未找到机构 {organisation_code}。")
        return _public_versions(organisation, year)

    @staticmethod
    def resolve_public_plan_version(root: Any, info: Any, id: str) -> Any:  # noqa: A002
        decoded = decode_public_id(id, "PublicPlanVersion")
        code, pk = decoded or ("", 0)
        organisation = Organisation.objects.filter(code=code).first() if decoded else None
        if organisation is None:
            raise NotFound("未找到该公开版本。")
        with schema_context(organisation.schema_name):
            publication = models.PlanPublication.objects.filter(pk=pk).first()
            if publication is None:
                raise NotFound("未找到该公开版本。")
            return _public_version(organisation, publication)


class PlanMutations(graphene.ObjectType):
    create_annual_plan = CreateAnnualPlan.Field()
    create_plan_task = CreatePlanTask.Field()
    create_joint_plan = CreateJointPlan.Field()
    update_plan_task = UpdatePlanTask.Field()
    delete_plan_task = DeletePlanTask.Field()
    transition_plan = TransitionPlan.Field()
    acknowledge_plan_report = AcknowledgePlanReport.Field()
    load_work_calendar = LoadWorkCalendar.Field()
    mark_reminder_read = MarkReminderRead.Field()
