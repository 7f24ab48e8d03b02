"""Rectification orders (督促整改, R17): the prefecture issues an order to one of its counties
(what is wrong, the legal basis, a deadline in working days); the county answers with what it did
and its evidence; the prefecture accepts or returns; an overdue order escalates.

Orders live in the public schema (they span two tenants). Every step is a `RectificationEvent`
(the history both sides read) and a record in the acting organisation's audit chain, all in one
transaction: bad input changes nothing."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from suiji_platform.accounts.access import Access, Permission
from suiji_platform.calendar.services import WorkCalendar
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.services import record_audit

from .models import EventKind, OrderStatus, RectificationEvent, RectificationOrder
from .notify import notify

MAX_DEADLINE_DAYS = 120
MAX_TEXT = 4000
MAX_EVIDENCE = 20
OPEN_STATUSES = (OrderStatus.ISSUED, OrderStatus.RETURNED)


def _text(
    value: Any, field: str, label: str, *, required: bool = True, limit: int = MAX_TEXT
) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise FieldError(field, "required", f"请填写{label}。")
    if len(text) > limit:
        raise FieldError(field, "too_long", f"{label}不能超过{limit}个字。")
    return text


def _evidence(values: Sequence[str] | None) -> list[str]:
    items = [str(v).strip() for v in values or [] if str(v).strip()]
    if len(items) > MAX_EVIDENCE:
        raise FieldError("evidence", "too_many", f"佐证材料最多{MAX_EVIDENCE}项。")
    for v in items:
        if len(v) > 300:
            raise FieldError("evidence", "too_long", "每项佐证材料说明不能超过300个字。")
    return items


def _event(order: RectificationOrder, kind: str, org: Organisation, actor: Any, **kw: Any) -> None:
    RectificationEvent.objects.create(
        order=order,
        kind=kind,
        organisation_code=org.code,
        actor=getattr(actor, "username", "") or "",
        at=timezone.now(),
        **kw,
    )


def _audit(op: str, order: RectificationOrder, actor: Any, **after: Any) -> None:
    record_audit(
        op,
        object_type="RectificationOrder",
        object_id=order.reference,
        after={"status": order.status, **after},
        actor=actor,
    )


def orders_for(access: Access) -> QuerySet[RectificationOrder]:
    """Orders the prefecture issued (for those who oversee) or a county received."""
    qs = RectificationOrder.objects.select_related("issuer", "county").prefetch_related("events")
    org = access.organisation
    if org.kind == "prefecture" and access.allows(Permission.OVERSEE_SUBORDINATES):
        return qs.filter(issuer=org)
    return qs.filter(county=org)


@transaction.atomic
def issue_order(
    access: Access,
    *,
    county_code: str,
    year: Any,
    problem: str,
    legal_basis: str,
    deadline_days: Any,
    actor: Any,
    today: date | None = None,
) -> RectificationOrder:
    prefecture = access.organisation
    if not access.allows(Permission.ISSUE_RECTIFICATION):
        raise FieldError("countyCode", "forbidden", "您的角色不能签发督促整改通知。")
    county = Organisation.objects.filter(code=str(county_code or "").strip()).first()
    if county is None or county.parent_id != prefecture.pk:
        raise FieldError(
            "countyCode", "not_subordinate", f"{prefecture.name}只能向所辖县（市）签发整改通知。"
        )
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise FieldError("year", "invalid", "请填写整改所涉年度（如2026）。") from None
    if not 2000 <= year <= 2100:
        raise FieldError("year", "invalid", "整改所涉年度应在2000–2100年之间。")
    problem = _text(problem, "problem", "存在的问题")
    legal_basis = _text(legal_basis, "legalBasis", "整改依据（法规条款）", limit=500)
    if deadline_days in (None, ""):
        raise FieldError("deadlineDays", "required", "请填写整改期限（工作日数）。")
    try:
        days = int(deadline_days)
    except (TypeError, ValueError):
        raise FieldError("deadlineDays", "invalid", "整改期限应为工作日数（整数）。") from None
    if not 1 <= days <= MAX_DEADLINE_DAYS:
        raise FieldError(
            "deadlineDays", "out_of_range", f"整改期限应为1–{MAX_DEADLINE_DAYS}个工作日。"
        )
    today = today or timezone.localdate()
    due = WorkCalendar().add_working_days(today, days)
    count = RectificationOrder.objects.filter(issuer=prefecture, year=year).count()
    order = RectificationOrder.objects.create(
        reference=f"DC{year}-{county.code}-{count + 1:03d}",
        issuer=prefecture,
        county=county,
        year=year,
        problem=problem,
        legal_basis=legal_basis,
        deadline_days=days,
        due_on=due.date,
        due_unknown=due.date is None,
        issued_by=getattr(actor, "username", "") or "",
        issued_at=timezone.now(),
    )
    _event(order, EventKind.ISSUED, prefecture, actor, text=problem)
    _audit("oversight.order_issue", order, actor, county=county.code, deadline_days=days)
    due_text = f"{due.date:%Y年%m月%d日}前" if due.date else f"{days}个工作日内"
    notify(
        county,
        "order_issued",
        f"{prefecture.name}下达督促整改通知{order.reference}，请于{due_text}反馈整改情况。",
        f"/o/{county.code}/oversight/orders/{order.pk}",
    )
    return order


def _locked(order_id: Any) -> RectificationOrder:
    try:
        pk = int(order_id)
    except (TypeError, ValueError):
        raise FieldError("orderId", "invalid", "整改通知编号无效。") from None
    order = (
        RectificationOrder.objects.select_for_update()
        .select_related("issuer", "county")
        .filter(pk=pk)
        .first()
    )
    if order is None:
        raise FieldError("orderId", "not_found", "未找到该整改通知。")
    return order


@transaction.atomic
def respond_order(
    access: Access, *, order_id: Any, response: str, evidence: Sequence[str] | None, actor: Any
) -> RectificationOrder:
    order = _locked(order_id)
    org = access.organisation
    if order.county_id != org.pk:
        raise FieldError(
            "orderId",
            "other_county",
            f"整改通知{order.reference}下达给{order.county.name}，{org.name}不能反馈。",
        )
    if not access.allows(Permission.ANSWER_RECTIFICATION):
        raise FieldError("orderId", "forbidden", "您的角色不能反馈督促整改。")
    if order.status == OrderStatus.ACCEPTED:
        raise FieldError(
            "orderId", "accepted", f"整改通知{order.reference}已验收通过，不能再反馈。"
        )
    if order.status == OrderStatus.RESPONDED:
        raise FieldError("orderId", "responded", "已反馈整改情况，请等待州局审核。")
    text = _text(response, "response", "整改情况")
    items = _evidence(evidence)
    if not items:
        raise FieldError("evidence", "required", "请至少列出一项佐证材料（文件名、文号或链接）。")
    order.status = OrderStatus.RESPONDED
    order.save(update_fields=["status", "updated_at"])
    _event(order, EventKind.RESPONDED, org, actor, text=text, evidence=items)
    _audit("oversight.order_respond", order, actor, evidence=len(items))
    notify(
        order.issuer,
        "order_responded",
        f"{org.name}已反馈整改通知{order.reference}的整改情况，请审核。",
        f"/o/{order.issuer.code}/oversight/orders/{order.pk}",
    )
    return order


@transaction.atomic
def review_order(
    access: Access, *, order_id: Any, accept: bool, comment: str, actor: Any
) -> RectificationOrder:
    order = _locked(order_id)
    org = access.organisation
    if order.issuer_id != org.pk or not access.allows(Permission.ISSUE_RECTIFICATION):
        raise FieldError("orderId", "forbidden", "只有签发该整改通知的州局才能验收或退回。")
    if order.status != OrderStatus.RESPONDED:
        label = OrderStatus(order.status).label
        raise FieldError(
            "orderId", "not_responded", f"整改通知当前为“{label}”，县（市）反馈后才能审核。"
        )
    text = _text(comment, "comment", "退回理由", required=not accept)
    order.status = OrderStatus.ACCEPTED if accept else OrderStatus.RETURNED
    order.save(update_fields=["status", "updated_at"])
    kind = EventKind.ACCEPTED if accept else EventKind.RETURNED
    _event(order, kind, org, actor, text=text)
    _audit("oversight.order_accept" if accept else "oversight.order_return", order, actor)
    notify(
        order.county,
        "order_reviewed",
        f"整改通知{order.reference}" + ("已验收通过。" if accept else f"被退回：{text}"),
        f"/o/{order.county.code}/oversight/orders/{order.pk}",
    )
    return order


def is_overdue(order: RectificationOrder, today: date) -> bool:
    return order.status in OPEN_STATUSES and order.due_on is not None and today > order.due_on


@transaction.atomic
def escalate_overdue(today: date | None = None) -> int:
    """The daily scan: an open order past its deadline escalates once (event, notifications)."""
    today = today or timezone.localdate()
    n = 0
    for order in (
        RectificationOrder.objects.select_for_update()
        .select_related("issuer", "county")
        .filter(status__in=OPEN_STATUSES, escalated=False, due_on__lt=today)
    ):
        order.escalated = True
        order.save(update_fields=["escalated", "updated_at"])
        _event(order, EventKind.ESCALATED, order.issuer, None, text=f"已超过整改期限{order.due_on}")
        _audit("oversight.order_escalate", order, None, due_on=str(order.due_on))
        message = f"整改通知{order.reference}已逾期未整改（期限{order.due_on:%Y年%m月%d日}）。"
        notify(
            order.county,
            "order_overdue",
            message,
            f"/o/{order.county.code}/oversight/orders/{order.pk}",
        )
        notify(
            order.issuer,
            "order_overdue",
            f"{order.county.name}：{message}",
            f"/o/{order.issuer.code}/oversight/orders/{order.pk}",
        )
        n += 1
    return n
