"""The publication clock (R14: 20 working days from the report's approval, 企业信息公示暂行条例
art. 6), scanned daily by Celery beat: in-app reminders (plan_index.Reminder, shown with the
plan reminders) and a log line per organisation; late publications are marked when published
(services.publish_result) and counted here while still open.

- due within REMIND_WITHIN working days (and not yet published) → `publication_due`;
- past the due date and not published → `publication_overdue` (and to the parent);
- a due date that could not be computed (a year without a loaded holiday schedule) →
  `publication_due_unknown`, with the year to load.
One reminder per organisation, kind and due date (the scan runs again without repeating it).
The same daily scan reminds of the findings' follow-ups past their deadline
(`referrals.remind_overdue`: re-check due, the head's 3-day decision, the 24-hour transfer)."""

import logging
from collections import Counter
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.calendar.services import WorkCalendar
from suiji_platform.organisations.models import Organisation
from suiji_platform.plan_index.models import Reminder, ReminderKind

from . import referrals
from .models import Publication
from .services import publication_clock

logger = logging.getLogger(__name__)
REMIND_WITHIN = 5  # working days


def _remind(org: Organisation, kind: str, year: int, due: date | None, message: str) -> bool:
    _, created = Reminder.objects.get_or_create(
        organisation=org,
        kind=kind,
        year=year,
        subject_code=org.code,
        due_on=due,
        defaults={"message": message[:300]},
    )
    return created


def scan_organisation(org: Organisation, today: date, calendar: WorkCalendar) -> Counter[str]:
    """Reminders for one organisation (call inside its schema)."""
    counts: Counter[str] = Counter()
    due: Counter[date] = Counter()
    overdue: Counter[date] = Counter()
    unknown: Counter[int] = Counter()
    open_ = Publication.objects.filter(published_at__isnull=True)
    for publication in open_.only(
        "id", "due_on", "due_unknown", "unknown_year", "published_at", "late"
    ):
        clock = publication_clock(publication, today=today, calendar=calendar)
        if clock.due_unknown or clock.due_on is None:
            unknown[publication.unknown_year or today.year] += 1
        elif clock.overdue:
            overdue[clock.due_on] += 1
        elif clock.remaining is not None and clock.remaining <= REMIND_WITHIN:
            due[clock.due_on] += 1
    with transaction.atomic():
        for day, n in due.items():
            counts["due"] += n
            counts["reminders"] += _remind(
                org,
                ReminderKind.PUBLICATION_DUE,
                day.year,
                day,
                f"有 {n} 条审核通过的检查结果须在 {day:%Y年%m月%d日} 前公示（20 个工作日）。",
            )
        for day, n in overdue.items():
            counts["overdue"] += n
            message = f"有 {n} 条检查结果已超过公示截止日期 {day:%Y年%m月%d日}，尚未公示。"
            counts["reminders"] += _remind(
                org, ReminderKind.PUBLICATION_OVERDUE, day.year, day, message
            )
            if org.parent is not None:
                Reminder.objects.get_or_create(
                    organisation=org.parent,
                    kind=ReminderKind.PUBLICATION_OVERDUE,
                    year=day.year,
                    subject_code=org.code,
                    due_on=day,
                    defaults={"message": f"{org.name}：{message}"[:300]},
                )
        for year, n in unknown.items():
            counts["due_unknown"] += n
            counts["reminders"] += _remind(
                org,
                ReminderKind.PUBLICATION_DUE_UNKNOWN,
                year,
                None,
                f"{year} 年节假日安排尚未录入，{n} 条检查结果的公示截止日期无法计算；"
                "请在“工作日历”中录入。",
            )
    if counts["overdue"] or counts["due"] or counts["due_unknown"]:
        logger.warning(
            "publication clock %s: %s due soon, %s overdue, %s without due date",
            org.code,
            counts["due"],
            counts["overdue"],
            counts["due_unknown"],
        )
    return counts


def scan_publication_clock(
    today: date | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """Also the referrals' overdue deadlines (`referrals.remind_overdue`): one daily beat."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    calendar = WorkCalendar()
    total: Counter[str] = Counter()
    for org in Organisation.objects.exclude(schema_name="public").select_related("parent"):
        with schema_context(org.schema_name):
            total.update(scan_organisation(org, today, calendar))
            total.update(referrals.remind_overdue(org, now, calendar))
    return dict(total)
