"""The daily beat's task, run by a real Celery worker, writes the reminder of a referral whose
deadline passed (the head's 3-day decision on a transfer to the police), once."""

import time
import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.tenants.test_celery_worker import worker  # noqa: F401 (fixture)

pytestmark = pytest.mark.worker

TZ = ZoneInfo("Asia/Shanghai")


def test_the_daily_task_reminds_of_an_overdue_decision(
    worker: str,  # noqa: F811
    django_db_blocker: Any,
) -> None:
    from suiji_platform.organisations.models import Organisation
    from suiji_platform.plan_index.models import Reminder, ReminderKind
    from suiji_tenants.inspections.models import Inspection, OnSiteRecord, Referral
    from suiji_tenants.inspections.tasks import publication_clock_task

    tag = uuid.uuid4().hex[:6].upper()
    # a due day no other test uses: the reminder is told apart by it
    due = timezone.now() - timedelta(days=400 + int(tag, 16) % 300)
    with django_db_blocker.unblock():
        organisation = Organisation.objects.get(code="533103")
        with schema_context(organisation.schema_name):
            inspection = Inspection.objects.create(
                reference=f"533103-R{tag}-001",
                plan_year=2026,
                target_code=f"91533103MA{tag}X1",
                target_name=f"德宏测试建筑工程有限公司{tag}",
                items=[{"code": "ZJ-001", "name": "建筑业企业资质检查", "content": "资质证书"}],
                window_start=date(2026, 12, 1),
                window_end=date(2026, 12, 31),
            )
            record = OnSiteRecord.objects.create(
                inspection=inspection,
                status="confirmed",
                started_at=datetime(2026, 12, 3, 9, 30, tzinfo=TZ),
                ended_at=datetime(2026, 12, 3, 11, 0, tzinfo=TZ),
                place="芒市勇罕街道施工现场",
                officers=[],
                checklist=[],
                signed_name="赵某",
            )
            referral = Referral.objects.create(
                inspection=inspection,
                record=record,
                finding_index=0,
                finding=f"涉嫌伪造资质证书{tag}",
                kind="police",
                status="awaiting_decision",
                status_since=due - timedelta(days=3),
                decision_due_at=due,
            )
        reminders = Reminder.objects.filter(
            organisation=organisation,
            kind=ReminderKind.DECISION_OVERDUE,
            due_on=timezone.localdate(due),
        )
        try:
            for _ in range(2):  # the second day's run repeats nothing
                publication_clock_task.apply_async(queue=worker)
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline and not reminders.exists():
                    time.sleep(0.2)
            time.sleep(1)
            (reminder,) = reminders
            assert tag in reminder.message and "3日" in reminder.message
        finally:
            reminders.delete()
            with schema_context(organisation.schema_name):
                Referral.objects.filter(pk=referral.pk).delete()
                OnSiteRecord.objects.filter(pk=record.pk).delete()
                Inspection.objects.filter(pk=inspection.pk).delete()
