"""Oversight (R17, D30): the prefecture's dashboard, rectification orders, warning cards, every
user's workbench and the public rates. Domain logic lives in `suiji_platform.oversight`."""

from typing import Any, ClassVar

import graphene
from django.utils import timezone

from suiji_platform.accounts.access import Permission
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.oversight import cards, metrics, notify, orders, workbench
from suiji_platform.oversight.models import OversightSetting
from suiji_platform.oversight.models import RectificationOrder as OrderModel
from suiji_tenants.audit.services import record_audit

from ..core.errors import BadInput, NotFound
from ..core.mutations import SuijiMutation
from ..core.permissions import require
from . import types

REFERRALS_NOTE = "待办移送取自公共移送索引：检查笔录确认时每个问题的后续处置写入一条，办结时答复。"


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise BadInput("年度应在2000–2100年之间。", "year")


def dashboard(access: Any, year: int) -> types.OversightDashboard:
    prefecture = access.organisation
    rows = metrics.figures(metrics.overseen(prefecture), year)
    has_data = metrics.has_data(rows)
    setting = OversightSetting.objects.filter(organisation=prefecture).first()
    return types.OversightDashboard(
        year=year,
        has_data=has_data,
        message="" if has_data else f"{year}年度尚无任何计划、抽取或检查数据。",
        joint_target_percent=setting.joint_target_percent if setting else 60,
        visit_cap=metrics.visit_cap(prefecture),
        red_after_working_days=setting.red_after_working_days if setting else 3,
        definitions=[
            types.MetricDefinition(key=m.key, label=m.label, formula=m.formula, unit=m.unit)
            for m in metrics.METRICS
        ],
        rows=[types.OversightRow.of(f) for f in rows],
        total=types.OversightRow.of(metrics.totals(rows, year)),
        referrals_note=REFERRALS_NOTE,
    )


def _prefecture_access(info: Any) -> Any:
    access = require(info, Permission.OVERSEE_SUBORDINATES)
    if access.organisation.kind != "prefecture":
        raise BadInput("监督看板只在州局使用。", "year")
    return access


class OversightQueries(graphene.ObjectType):
    oversight_dashboard = graphene.Field(
        types.OversightDashboard,
        required=True,
        year=graphene.Int(required=True),
        description="州局监督看板：州本级与各县（市）某一年度的各项指标（含计算方法）",
    )
    rectification_orders = graphene.List(
        graphene.NonNull(types.RectificationOrder),
        required=True,
        description="督促整改通知：州局看到其签发的，县（市）看到下达给本机构的",
    )
    rectification_order = graphene.Field(types.RectificationOrder, id=graphene.Int(required=True))
    warning_cards = graphene.List(
        graphene.NonNull(types.WarningCard),
        required=True,
        include_cleared=graphene.Boolean(),
        description="预警（黄牌、红牌）；已反馈消除的也保留",
    )
    workbench = graphene.Field(
        types.Workbench, required=True, description="工作台：当前用户在本机构待办的事项"
    )
    unread_notifications = graphene.Int(
        required=True, description="本机构未读通知数（页头铃铛）；监督查阅时为0"
    )
    public_oversight_rates = graphene.Field(
        types.PublicOversightRates,
        required=True,
        organisation_code=graphene.String(required=True),
        year=graphene.Int(required=True),
        description="公开抽查工作情况（无需登录，不含个人信息）",
    )

    @staticmethod
    def resolve_oversight_dashboard(root: Any, info: Any, year: int) -> Any:
        _check_year(year)
        return dashboard(_prefecture_access(info), year)

    @staticmethod
    def resolve_rectification_orders(root: Any, info: Any) -> Any:
        access = require(info, Permission.READ_ORGANISATION)
        today = timezone.localdate()
        return [types.RectificationOrder.of(o, today) for o in orders.orders_for(access)]

    @staticmethod
    def resolve_rectification_order(root: Any, info: Any, id: int) -> Any:  # noqa: A002
        access = require(info, Permission.READ_ORGANISATION)
        order = orders.orders_for(access).filter(pk=id).first() if 0 < id < 2**63 else None
        return types.RectificationOrder.of(order, timezone.localdate()) if order else None

    @staticmethod
    def resolve_warning_cards(root: Any, info: Any, include_cleared: bool = True) -> Any:
        access = require(info, Permission.READ_ORGANISATION)
        return [
            types.WarningCard.of(c)
            for c in cards.cards_for(access, include_cleared=include_cleared)[:500]
        ]

    @staticmethod
    def resolve_workbench(root: Any, info: Any) -> Any:
        access = require(info, Permission.READ_ORGANISATION)
        items = workbench.workbench(access, info.context.user)
        org = access.organisation
        return types.Workbench(
            items=[types.WorkItem(**i.__dict__) for i in items],
            notifications=[
                types.Notification(
                    id=n.pk,
                    kind=n.kind,
                    message=n.message,
                    link=n.link,
                    read=n.read,
                    created_at=n.created_at,
                )
                for n in ([] if access.read_only else workbench.notifications(access))
            ],
            unread_notifications=0 if access.read_only else notify.unread_count(org),
        )

    @staticmethod
    def resolve_unread_notifications(root: Any, info: Any) -> Any:
        access = require(info, Permission.READ_ORGANISATION)
        return 0 if access.read_only else notify.unread_count(access.organisation)

    @staticmethod
    def resolve_public_oversight_rates(
        root: Any, info: Any, organisation_code: str, year: int
    ) -> Any:
        _check_year(year)
        organisation = Organisation.objects.filter(code=organisation_code).first()
        if organisation is None:
            raise NotFound("未找到该机构。")
        r = metrics.public_rates(organisation, year)
        return types.PublicOversightRates(**r.__dict__)


class _OrderPayload(SuijiMutation):
    order = graphene.Field(types.RectificationOrder)

    class Meta:
        abstract = True

    @staticmethod
    def payload(order: OrderModel) -> dict[str, Any]:
        return {"order": types.RectificationOrder.of(order, timezone.localdate())}


class IssueRectificationOrder(_OrderPayload):
    """州局向所辖县（市）签发督促整改通知（存在问题、依据、整改期限）。"""

    permission: ClassVar[Permission | None] = Permission.ISSUE_RECTIFICATION

    class Arguments:
        county_code = graphene.String(required=True)
        year = graphene.Int(required=True)
        problem = graphene.String(required=True)
        legal_basis = graphene.String(required=True)
        deadline_days = graphene.Int()

    @classmethod
    def perform(cls, root: Any, info: Any, **kw: Any) -> dict[str, Any]:
        access = require(info, Permission.ISSUE_RECTIFICATION)
        order = orders.issue_order(access, actor=info.context.user, **kw)
        return cls.payload(order)


class RespondRectificationOrder(_OrderPayload):
    """县（市）反馈整改情况和佐证材料。"""

    permission: ClassVar[Permission | None] = Permission.ANSWER_RECTIFICATION

    class Arguments:
        order_id = graphene.Int(required=True)
        response = graphene.String(required=True)
        evidence = graphene.List(graphene.NonNull(graphene.String))

    @classmethod
    def perform(cls, root: Any, info: Any, **kw: Any) -> dict[str, Any]:
        access = require(info, Permission.ANSWER_RECTIFICATION)
        order = orders.respond_order(access, actor=info.context.user, **kw)
        return cls.payload(order)


class ReviewRectificationOrder(_OrderPayload):
    """州局验收整改（通过）或退回重新整改（须说明理由）。"""

    permission: ClassVar[Permission | None] = Permission.ISSUE_RECTIFICATION

    class Arguments:
        order_id = graphene.Int(required=True)
        accept = graphene.Boolean(required=True)
        comment = graphene.String()

    @classmethod
    def perform(cls, root: Any, info: Any, **kw: Any) -> dict[str, Any]:
        access = require(info, Permission.ISSUE_RECTIFICATION)
        kw.setdefault("comment", "")
        order = orders.review_order(access, actor=info.context.user, **kw)
        return cls.payload(order)


class RespondWarningCard(SuijiMutation):
    """县（市）对预警作出说明，预警随之消除（保留在历史中）。"""

    permission: ClassVar[Permission | None] = Permission.ANSWER_RECTIFICATION

    class Arguments:
        card_id = graphene.Int(required=True)
        response = graphene.String(required=True)

    card = graphene.Field(types.WarningCard)

    @classmethod
    def perform(cls, root: Any, info: Any, **kw: Any) -> dict[str, Any]:
        access = require(info, Permission.ANSWER_RECTIFICATION)
        card = cards.respond_card(access, actor=info.context.user, **kw)
        return {"card": types.WarningCard.of(card)}


class MarkNotificationsRead(SuijiMutation):
    """将本机构的通知标为已读：指定的几条，或不指定时全部。"""

    permission: ClassVar[Permission | None] = Permission.READ_ORGANISATION

    class Arguments:
        ids = graphene.List(graphene.NonNull(graphene.Int))

    unread = graphene.Int()

    @classmethod
    def perform(cls, root: Any, info: Any, ids: list[int] | None = None) -> dict[str, Any]:
        access = require(info, Permission.READ_ORGANISATION)
        if access.read_only:
            raise FieldError("ids", "read_only", "监督查阅时不能标记下级机构的通知。")
        return {"unread": notify.mark_read(access.organisation, ids)}


class UpdateOversightSetting(SuijiMutation):
    """州局设置联合检查占比目标和黄牌转红牌的工作日数。"""

    permission: ClassVar[Permission | None] = Permission.ISSUE_RECTIFICATION

    class Arguments:
        joint_target_percent = graphene.Int(required=True)
        red_after_working_days = graphene.Int(required=True)

    joint_target_percent = graphene.Int()
    red_after_working_days = graphene.Int()

    @classmethod
    def perform(
        cls, root: Any, info: Any, joint_target_percent: int, red_after_working_days: int
    ) -> dict[str, Any]:
        access = require(info, Permission.ISSUE_RECTIFICATION)
        if not 0 <= joint_target_percent <= 100:
            raise FieldError("jointTargetPercent", "out_of_range", "联合检查占比目标应为0–100%。")
        if not 1 <= red_after_working_days <= 60:
            raise FieldError(
                "redAfterWorkingDays", "out_of_range", "黄牌转红牌的工作日数应为1–60。"
            )
        setting, _ = OversightSetting.objects.update_or_create(
            organisation=access.organisation,
            defaults={
                "joint_target_percent": joint_target_percent,
                "red_after_working_days": red_after_working_days,
            },
        )
        record_audit(
            "oversight.setting_update",
            object_type="OversightSetting",
            object_id=access.organisation.code,
            after={"joint": joint_target_percent, "red_after": red_after_working_days},
            actor=info.context.user,
        )
        return {
            "joint_target_percent": setting.joint_target_percent,
            "red_after_working_days": setting.red_after_working_days,
        }


class OversightMutations(graphene.ObjectType):
    issue_rectification_order = IssueRectificationOrder.Field()
    respond_rectification_order = RespondRectificationOrder.Field()
    review_rectification_order = ReviewRectificationOrder.Field()
    respond_warning_card = RespondWarningCard.Field()
    update_oversight_setting = UpdateOversightSetting.Field()
    mark_notifications_read = MarkNotificationsRead.Field()
