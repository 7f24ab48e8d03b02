"""Oversight types (plain object types: figures, orders, cards, the workbench)."""

from typing import Any

import graphene

from suiji_platform.oversight import metrics
from suiji_platform.oversight.models import EventKind, OrderStatus


class MetricDefinition(graphene.ObjectType):
    key = graphene.String(required=True)
    label = graphene.String(required=True)
    formula = graphene.String(required=True, description="计算方法")
    unit = graphene.String(required=True)


class EntityVisits(graphene.ObjectType):
    code = graphene.String(required=True)
    visits = graphene.Int(required=True)


class DepartmentVisits(graphene.ObjectType):
    department = graphene.String(required=True)
    visits = graphene.Int(required=True)


class OversightRow(graphene.ObjectType):
    """One organisation's figures for a year (see metrics.METRICS for each definition)."""

    organisation_code = graphene.String(required=True)
    organisation_name = graphene.String(required=True)
    label = graphene.String(required=True)
    is_prefecture = graphene.Boolean(required=True)
    plan_status = graphene.String(required=True)
    plan_status_label = graphene.String(required=True)
    plan_version = graphene.Int(required=True)
    plan_due = graphene.Date()
    plan_overdue = graphene.Boolean(required=True)
    plan_overdue_reason = graphene.String(required=True)
    rounds_planned = graphene.Int(required=True)
    draws_done = graphene.Int(required=True)
    draw_completion = graphene.Float()
    registered = graphene.Int(required=True)
    drawn_entities = graphene.Int(required=True)
    drawn_share = graphene.Float()
    share_cap = graphene.Float()
    rounds_cap = graphene.Int()
    over_cap = graphene.Boolean(required=True)
    inspections = graphene.Int(required=True)
    due = graphene.Int(required=True)
    done = graphene.Int(required=True)
    published = graphene.Int(required=True)
    completion = graphene.Float()
    on_time = graphene.Int(required=True)
    late = graphene.Int(required=True)
    on_time_rate = graphene.Float()
    results = graphene.Int(required=True)
    problems = graphene.Int(required=True)
    followed_up = graphene.Int(required=True)
    problem_rate = graphene.Float()
    follow_up_rate = graphene.Float()
    referrals_open = graphene.Int(required=True)
    referral_wait_days = graphene.Int(required=True)
    visits = graphene.Int(required=True)
    joint_visits = graphene.Int(required=True)
    joint_share = graphene.Float()
    inspected_entities = graphene.Int(required=True)
    coverage = graphene.Float()
    near_cap = graphene.List(graphene.NonNull(EntityVisits), required=True)
    departments = graphene.List(graphene.NonNull(DepartmentVisits), required=True)

    @staticmethod
    def of(f: metrics.OrgFigures) -> "OversightRow":
        plain = {
            name: getattr(f, name)
            for name in OversightRow._meta.fields
            if name
            not in {
                "organisation_code",
                "organisation_name",
                "plan_status_label",
                "near_cap",
                "departments",
            }
        }
        return OversightRow(
            organisation_code=f.organisation.code,
            organisation_name=f.organisation.name,
            plan_status_label=f.value("plan_status"),
            near_cap=[EntityVisits(code=c, visits=n) for c, n in f.near_cap[:5]],
            departments=[
                DepartmentVisits(department=d, visits=n) for d, n in sorted(f.departments.items())
            ],
            **plain,
        )


class WarningCard(graphene.ObjectType):
    id = graphene.Int(required=True)
    organisation_code = graphene.String(required=True)
    organisation_name = graphene.String(required=True)
    kind = graphene.String(required=True)
    subject = graphene.String(required=True)
    year = graphene.Int(required=True)
    message = graphene.String(required=True)
    slipped_on = graphene.Date(required=True)
    level = graphene.String(required=True)
    raised_red_on = graphene.Date()
    cleared_at = graphene.DateTime()
    cleared_by = graphene.String(required=True)
    response = graphene.String(required=True)

    @staticmethod
    def of(c: Any) -> "WarningCard":
        return WarningCard(
            id=c.pk,
            organisation_code=c.organisation.code,
            organisation_name=c.organisation.name,
            kind=c.kind,
            subject=c.subject,
            year=c.year,
            message=c.message,
            slipped_on=c.slipped_on,
            level=c.level,
            raised_red_on=c.raised_red_on,
            cleared_at=c.cleared_at,
            cleared_by=c.cleared_by,
            response=c.response,
        )


class OrderEvent(graphene.ObjectType):
    kind = graphene.String(required=True)
    kind_label = graphene.String(required=True)
    organisation_code = graphene.String(required=True)
    actor = graphene.String(required=True)
    text = graphene.String(required=True)
    evidence = graphene.List(graphene.NonNull(graphene.String), required=True)
    at = graphene.DateTime(required=True)


class RectificationOrder(graphene.ObjectType):
    id = graphene.Int(required=True)
    reference = graphene.String(required=True)
    issuer_code = graphene.String(required=True)
    issuer_name = graphene.String(required=True)
    county_code = graphene.String(required=True)
    county_name = graphene.String(required=True)
    year = graphene.Int(required=True)
    problem = graphene.String(required=True)
    legal_basis = graphene.String(required=True)
    deadline_days = graphene.Int(required=True)
    due_on = graphene.Date()
    due_unknown = graphene.Boolean(required=True)
    status = graphene.String(required=True)
    status_label = graphene.String(required=True)
    escalated = graphene.Boolean(required=True)
    overdue = graphene.Boolean(required=True)
    issued_by = graphene.String(required=True)
    issued_at = graphene.DateTime(required=True)
    events = graphene.List(graphene.NonNull(OrderEvent), required=True)

    @staticmethod
    def of(o: Any, today: Any) -> "RectificationOrder":
        from suiji_platform.oversight.orders import is_overdue

        return RectificationOrder(
            id=o.pk,
            reference=o.reference,
            issuer_code=o.issuer.code,
            issuer_name=o.issuer.name,
            county_code=o.county.code,
            county_name=o.county.name,
            year=o.year,
            problem=o.problem,
            legal_basis=o.legal_basis,
            deadline_days=o.deadline_days,
            due_on=o.due_on,
            due_unknown=o.due_unknown,
            status=o.status,
            status_label=OrderStatus(o.status).label,
            escalated=o.escalated,
            overdue=is_overdue(o, today),
            issued_by=o.issued_by,
            issued_at=o.issued_at,
            events=[
                OrderEvent(
                    kind=e.kind,
                    kind_label=EventKind(e.kind).label,
                    organisation_code=e.organisation_code,
                    actor=e.actor,
                    text=e.text,
                    evidence=list(e.evidence),
                    at=e.at,
                )
                for e in o.events.all()
            ],
        )


class OversightDashboard(graphene.ObjectType):
    year = graphene.Int(required=True)
    has_data = graphene.Boolean(required=True)
    message = graphene.String(required=True, description="无数据时的说明")
    joint_target_percent = graphene.Int(required=True)
    visit_cap = graphene.Int(required=True)
    red_after_working_days = graphene.Int(required=True)
    definitions = graphene.List(graphene.NonNull(MetricDefinition), required=True)
    rows = graphene.List(graphene.NonNull(OversightRow), required=True)
    total = graphene.Field(OversightRow, required=True)
    referrals_note = graphene.String(required=True)


class WorkItem(graphene.ObjectType):
    key = graphene.String(required=True)
    label = graphene.String(required=True)
    count = graphene.Int(required=True)
    link = graphene.String(required=True)
    hint = graphene.String(required=True)
    years = graphene.List(
        graphene.NonNull(graphene.Int), required=True, description="提示所指的计划年度"
    )


class Notification(graphene.ObjectType):
    id = graphene.Int(required=True)
    kind = graphene.String(required=True)
    message = graphene.String(required=True)
    link = graphene.String(required=True)
    read = graphene.Boolean(required=True)
    created_at = graphene.DateTime(required=True)


class Workbench(graphene.ObjectType):
    items = graphene.List(graphene.NonNull(WorkItem), required=True)
    notifications = graphene.List(graphene.NonNull(Notification), required=True)
    unread_notifications = graphene.Int(required=True, description="本机构未读通知数")


class PublicOversightRates(graphene.ObjectType):
    """D30 公开抽查工作情况 (no personal data)."""

    organisation_code = graphene.String(required=True)
    year = graphene.Int(required=True)
    plan_published = graphene.Boolean(required=True)
    plan_version = graphene.Int(required=True)
    inspections_done = graphene.Int(required=True)
    results_published = graphene.Int(required=True)
    on_time = graphene.Int(required=True)
    late = graphene.Int(required=True)
    on_time_rate = graphene.Float()
