"""The workbench (工作台): what waits for the signed-in user in one organisation, with counts and
links. Public-schema indexes for plans, results, referrals, orders, cards, reminders and
notifications; the user's own organisation's schema (already the request's) for the rounds to
draw this month and the inspections to record."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from suiji_platform.accounts.access import Access, Permission
from suiji_platform.plan_index.models import PlanStatusIndex, Reminder

from .models import (
    InspectionProgress,
    Notification,
    OrderStatus,
    RectificationOrder,
    ReferralIndex,
    WarningCard,
)


@dataclass(frozen=True)
class WorkItem:
    key: str
    label: str
    count: int
    link: str
    hint: str = ""
    years: tuple[int, ...] = ()  # the plan years the hint names


def _plan_items(access: Access, base: str, today: date) -> list[WorkItem]:
    org = access.organisation
    items: list[WorkItem] = []
    rows = {
        r.year: r
        for r in PlanStatusIndex.objects.filter(
            organisation=org, year__in=[today.year, today.year + 1]
        )
    }
    draft, report, publish = [], [], []
    for year in (today.year, today.year + 1):
        status = rows[year].status if year in rows else "missing"
        if status in ("missing", "draft") and (year == today.year or today.month >= 11):
            draft.append(year)
        elif status in ("submitted", "consolidated"):
            report.append(year)
        elif status in ("reported", "adjusted"):
            publish.append(year)
    if draft and access.allows(Permission.MANAGE_PLANS):
        items.append(
            WorkItem(
                "plans_draft",
                "待编制的年度计划",
                len(draft),
                f"{base}/plans",
                "、".join(f"{y}年度" for y in draft),
                tuple(draft),
            )
        )
    if report and access.allows(Permission.APPROVE_PLANS):
        items.append(
            WorkItem(
                "plans_report",
                "待汇总报送的计划",
                len(report),
                f"{base}/plans",
                "、".join(f"{y}年度" for y in report),
                tuple(report),
            )
        )
    if publish and access.allows(Permission.APPROVE_PLANS):
        items.append(
            WorkItem(
                "plans_publish",
                "待公开的计划",
                len(publish),
                f"{base}/plans",
                "、".join(f"{y}年度" for y in publish),
                tuple(publish),
            )
        )
    return items


def _draws_this_month(today: date) -> int:
    from suiji_tenants.plans.models import PlanRound

    start = today.replace(day=1)
    end = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    return (
        PlanRound.objects.filter(starts_on__lt=end, ends_on__gte=start, task__plan__version__gt=0)
        .exclude(draws__status__in=["executed", "published"])
        .distinct()
        .count()
    )


def _inspections_to_record(access: Access, user: Any) -> int:
    from suiji_tenants.inspections.models import Inspection
    from suiji_tenants.inspections.services import own_inspections

    if access.allows(Permission.MANAGE_INSPECTIONS):
        qs = Inspection.objects.all()
    elif access.allows(Permission.INSPECT):
        qs = own_inspections(user)
    else:
        return 0
    return qs.filter(status__in=["open", "returned"]).count()


def workbench(access: Access, user: Any, *, today: date | None = None) -> list[WorkItem]:
    today = today or timezone.localdate()
    org = access.organisation
    base = f"/o/{org.code}"
    items = [] if access.read_only else _plan_items(access, base, today)
    if access.read_only:
        return items
    if access.allows(Permission.RUN_DRAWS):
        n = _draws_this_month(today)
        items.append(WorkItem("draws_month", "本月待抽取的轮次", n, f"{base}/draws"))
    n = _inspections_to_record(access, user)
    if access.allows(Permission.INSPECT) or access.allows(Permission.MANAGE_INSPECTIONS):
        items.append(WorkItem("inspections_record", "待填写的检查", n, f"{base}/inspections"))
    if access.allows(Permission.REVIEW_RESULTS):
        progress = InspectionProgress.objects.filter(organisation=org)
        items.append(
            WorkItem(
                "results_review",
                "待审核的检查报告",
                progress.filter(status="reported").count(),
                f"{base}/inspections",
            )
        )
        items.append(
            WorkItem(
                "results_publish",
                "待公示的检查结果",
                progress.filter(status="approved").count(),
                f"{base}/inspections",
            )
        )
    referrals = ReferralIndex.objects.filter(organisation=org, answered_at__isnull=True).count()
    if referrals:
        items.append(WorkItem("referrals", "待答复的移送", referrals, f"{base}/oversight"))
    if access.allows(Permission.ANSWER_RECTIFICATION) and org.kind != "prefecture":
        n = RectificationOrder.objects.filter(
            county=org, status__in=[OrderStatus.ISSUED, OrderStatus.RETURNED]
        ).count()
        items.append(WorkItem("orders_answer", "待反馈的督促整改", n, f"{base}/oversight/orders"))
        cards = WarningCard.objects.filter(organisation=org, cleared_at__isnull=True).count()
        items.append(WorkItem("cards", "待反馈的预警", cards, f"{base}/oversight/cards"))
    if access.allows(Permission.ISSUE_RECTIFICATION):
        n = (
            RectificationOrder.objects.filter(issuer=org)
            .filter(
                Q(status=OrderStatus.RESPONDED)
                | Q(escalated=True, status__in=[OrderStatus.ISSUED, OrderStatus.RETURNED])
            )
            .count()
        )
        items.append(
            WorkItem("orders_review", "待审核或已逾期的整改", n, f"{base}/oversight/orders")
        )
    reminders = Reminder.objects.filter(organisation=org, read=False).count()
    items.append(WorkItem("reminders", "未读提醒", reminders, f"{base}/plans"))
    return items


def notifications(access: Access, *, limit: int = 20) -> list[Notification]:
    return list(Notification.objects.filter(organisation=access.organisation)[:limit])
