"""Early warnings (预警): a task slipping past its window gets a yellow card, red after N working
days (the prefecture's `OversightSetting.red_after_working_days`). A card clears only when the
county responds; cleared cards stay (the history).

Slipping tasks, all read from public-schema indexes:
- an inspection still not recorded after its window (`InspectionProgress`, status open);
- an approved result not published by its 20-working-day due date;
- a year's plan overdue (`PlanStatusIndex`, the plan index's own definition of overdue).
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from suiji_platform.accounts.access import Access, Permission
from suiji_platform.calendar.services import WorkCalendar
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.plan_index.models import PlanStatusIndex
from suiji_platform.plan_index.services import draft_due, overdue_state
from suiji_tenants.audit.services import record_audit

from .models import InspectionProgress, OversightSetting, WarningCard, WarningLevel

DEFAULT_RED_AFTER = 3


def red_after(organisation: Organisation) -> int:
    prefecture = organisation.parent or organisation
    setting = OversightSetting.objects.filter(organisation=prefecture).first()
    return setting.red_after_working_days if setting else DEFAULT_RED_AFTER


def level_for(slipped_on: date, today: date, red_after_days: int, calendar: WorkCalendar) -> str:
    """Yellow from the first day past the window; red once more than N working days passed
    (a year without a loaded schedule counts calendar days, never guesses fewer)."""
    count = calendar.working_days_between(slipped_on, today)
    days = count.days if count.days is not None else (today - slipped_on).days
    return WarningLevel.RED if days > red_after_days else WarningLevel.YELLOW


def _slipping(today: date) -> list[tuple[int, str, str, int, date, str]]:
    found: list[tuple[int, str, str, int, date, str]] = []
    # The window and the publication clock are those of random inspections (the draw, R14): a
    # targeted one (R16) has no window (its start day stands in its row) and is not published.
    drawn = InspectionProgress.objects.filter(source="draw")
    for p in drawn.filter(status="open", window_end__lt=today).values(
        "organisation_id", "reference", "plan_year", "window_end"
    ):
        found.append(
            (
                p["organisation_id"],
                "inspection_window",
                p["reference"],
                p["plan_year"],
                p["window_end"],
                f"检查{p['reference']}已过检查截止日期{p['window_end']:%Y年%m月%d日}仍未完成笔录。",
            )
        )
    for q in drawn.filter(status="approved", publication_due_on__lt=today).values(
        "organisation_id", "reference", "plan_year", "publication_due_on"
    ):
        found.append(
            (
                q["organisation_id"],
                "publication",
                q["reference"],
                q["plan_year"],
                q["publication_due_on"] or today,
                f"检查结果{q['reference']}应于{q['publication_due_on']:%Y年%m月%d日}前公示"
                "（20个工作日），尚未公示。",
            )
        )
    for row in PlanStatusIndex.objects.filter(year__in=[today.year, today.year + 1]):
        state = overdue_state(
            status=row.status, year=row.year, adjustment_due=row.adjustment_due, today=today
        )
        if state.overdue:
            since = row.adjustment_due if row.status == "adjusted" else draft_due(row.year)
            found.append(
                (
                    row.organisation_id,
                    "plan",
                    f"plan-{row.year}",
                    row.year,
                    since or today,
                    state.reason,
                )
            )
    return found


@transaction.atomic
def scan_cards(today: date | None = None) -> dict[str, int]:
    """Raise cards for slipping tasks (each once) and turn yellow cards red when due."""
    today = today or timezone.localdate()
    calendar = WorkCalendar()
    orgs = {o.pk: o for o in Organisation.objects.select_related("parent")}
    thresholds: dict[int, int] = {}
    existing = {
        (c.organisation_id, c.kind, c.subject): c for c in WarningCard.objects.select_for_update()
    }
    created = raised = 0
    for org_id, kind, subject, year, since, message in _slipping(today):
        if org_id not in thresholds:
            thresholds[org_id] = red_after(orgs[org_id])
        if (org_id, kind, subject) in existing:
            continue
        card = WarningCard.objects.create(
            organisation_id=org_id,
            kind=kind,
            subject=subject,
            year=year,
            message=message[:300],
            slipped_on=since,
            level=level_for(since, today, thresholds[org_id], calendar),
        )
        if card.level == WarningLevel.RED:
            card.raised_red_on = today
            card.save(update_fields=["raised_red_on"])
        existing[(org_id, kind, subject)] = card
        created += 1
    for card in existing.values():
        if card.cleared_at or card.level == WarningLevel.RED:
            continue
        threshold = thresholds.get(card.organisation_id) or red_after(orgs[card.organisation_id])
        if level_for(card.slipped_on, today, threshold, calendar) == WarningLevel.RED:
            card.level, card.raised_red_on = WarningLevel.RED, today
            card.save(update_fields=["level", "raised_red_on"])
            raised += 1
    return {"created": created, "raised_red": raised}


def cards_for(access: Access, *, include_cleared: bool = True) -> QuerySet[WarningCard]:
    org = access.organisation
    qs = WarningCard.objects.select_related("organisation")
    if org.kind == "prefecture" and access.allows(Permission.OVERSEE_SUBORDINATES):
        qs = qs.filter(organisation__in=[org.pk, *org.children.values_list("pk", flat=True)])
    else:
        qs = qs.filter(organisation=org)
    if not include_cleared:
        qs = qs.filter(cleared_at__isnull=True)
    return qs


@transaction.atomic
def respond_card(access: Access, *, card_id: Any, response: str, actor: Any) -> WarningCard:
    """The county's response clears its card (kept, with the response, for the history)."""
    try:
        pk = int(card_id)
    except (TypeError, ValueError):
        raise FieldError("cardId", "invalid", "预警编号无效。") from None
    card = WarningCard.objects.select_for_update().filter(pk=pk).first()
    if card is None:
        raise FieldError("cardId", "not_found", "未找到该预警。")
    if card.organisation_id != access.organisation.pk:
        raise FieldError("cardId", "other_organisation", "该预警不属于本机构，不能反馈。")
    if not access.allows(Permission.ANSWER_RECTIFICATION):
        raise FieldError("cardId", "forbidden", "您的角色不能反馈预警。")
    if card.cleared_at is not None:
        raise FieldError("cardId", "cleared", "该预警已反馈并消除。")
    text = str(response or "").strip()
    if not text:
        raise FieldError("response", "required", "请填写情况说明（原因及处理情况）。")
    card.response = text[:2000]
    card.cleared_at = timezone.now()
    card.cleared_by = getattr(actor, "username", "") or ""
    card.save(update_fields=["response", "cleared_at", "cleared_by"])
    record_audit(
        "oversight.card_respond",
        object_type="WarningCard",
        object_id=card.pk,
        after={"kind": card.kind, "subject": card.subject, "level": card.level},
        actor=actor,
    )
    return card
