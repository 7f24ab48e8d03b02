"""Prefecture-wide view of annual plans (public schema), written in the same transaction as the
county-side change, and the in-app deadline reminders. The prefecture reads these instead of
reading across schemas (DESIGN: no cross-schema reads while serving a request)."""

from django.db import models


class IndexedPlanStatus(models.TextChoices):
    MISSING = "missing", "未编制"
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    CONSOLIDATED = "consolidated", "已汇总"
    REPORTED = "reported", "已报送"
    PUBLISHED = "published", "已公开"
    ADJUSTED = "adjusted", "调整中"


class PlanStatusIndex(models.Model):
    """One row per organisation and plan year."""

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="plan_statuses"
    )
    year = models.PositiveIntegerField("计划年度")
    status = models.CharField("状态", max_length=16, choices=IndexedPlanStatus.choices)
    version = models.PositiveIntegerField("已公开版本数", default=0)
    draft_due = models.DateField("编制截止日期")
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)
    reported_to = models.CharField("报送对象", max_length=100, blank=True)
    acknowledged_at = models.DateTimeField("上级签收时间", null=True, blank=True)
    published_at = models.DateTimeField("最近公开时间", null=True, blank=True)
    adjusted_at = models.DateTimeField("最近调整时间", null=True, blank=True)
    adjustment_due = models.DateField("调整公开截止日期", null=True, blank=True)
    adjustment_due_unknown = models.BooleanField(
        "截止日期无法计算（节假日安排未录入）", default=False
    )
    overdue = models.BooleanField("已逾期", default=False)
    overdue_reason = models.CharField("逾期说明", max_length=200, blank=True)
    # Rounds of all the plan's tasks (the overview's "draws done / rounds planned").
    rounds_planned = models.PositiveIntegerField("计划轮次数", default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "organisation_id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="planstatus_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.year}:{self.status}"


class ReminderKind(models.TextChoices):
    PLAN_DUE = "plan_due", "年度计划即将到期"
    PLAN_OVERDUE = "plan_overdue", "年度计划逾期未编制"
    ADJUSTMENT_DUE = "adjustment_due", "计划调整待公开"
    ADJUSTMENT_OVERDUE = "adjustment_overdue", "计划调整逾期未公开"
    ADJUSTMENT_DUE_UNKNOWN = "adjustment_due_unknown", "调整截止日期无法计算"
    COUNTY_OVERDUE = "county_overdue", "下级计划逾期"
    # R14: results to be published within 20 working days of approval (inspections.clock).
    PUBLICATION_DUE = "publication_due", "检查结果即将到期公示"
    PUBLICATION_OVERDUE = "publication_overdue", "检查结果逾期未公示"
    PUBLICATION_DUE_UNKNOWN = "publication_due_unknown", "公示截止日期无法计算"
    # R12: follow-ups of findings past their deadline (inspections.referrals.remind_overdue).
    RECHECK_OVERDUE = "recheck_overdue", "责令改正期满未复查"
    DECISION_OVERDUE = "decision_overdue", "移送决定逾期"
    TRANSFER_OVERDUE = "transfer_overdue", "移交公安司法机关逾期"


class Reminder(models.Model):
    """An in-app reminder for one organisation; created at most once per (kind, year, due,
    subject) by the daily deadline scan."""

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField("类型", max_length=32, choices=ReminderKind.choices)
    year = models.PositiveIntegerField("计划年度")
    # The organisation the reminder is about (a county, for the prefecture's reminders).
    subject_code = models.CharField("涉及机构", max_length=6)
    due_on = models.DateField("截止日期", null=True, blank=True)
    message = models.CharField("内容", max_length=300)
    read = models.BooleanField("已读", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "year", "subject_code", "due_on"],
                name="reminder_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.kind}:{self.year}"
