"""The prefecture's oversight (R17, D4, D30), all in the public schema.

- `InspectionProgress`: one row per inspection, written by the inspections service in the same
  transaction as the county-side change (status, window, publication clock, result summary), so
  the dashboard counts without switching into the counties' schemas.
- `ReferralIndex`: one row per referral (移送) an organisation must answer; the referral service
  writes it. The open-referral metric reads it only.
- `RectificationOrder` / `RectificationEvent`: 督促整改 orders spanning two tenants and their
  history (issued, answered, returned, accepted, escalated).
- `WarningCard`: early warnings (yellow, red after N working days), cleared only by the county's
  response, kept for the history.
- `OversightSetting`: what the prefecture sets (joint-inspection target, red after N days).
- `Notification`: in-app notifications (e-mail/SMS go through `notify.py`'s channels).
"""

from django.db import models


class InspectionProgress(models.Model):
    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="inspection_progress"
    )
    reference = models.CharField("检查编号", max_length=80, unique=True)
    source = models.CharField("来源", max_length=16)  # draw | targeted
    draw_reference = models.CharField("抽取编号", max_length=64, blank=True)
    plan_year = models.PositiveIntegerField("计划年度")
    target_code = models.CharField("检查对象代码", max_length=64)
    # Departments of the inspection's items (more than one: a joint visit).
    departments = models.JSONField("部门", default=list)
    window_end = models.DateField("检查截止日期")
    status = models.CharField("状态", max_length=16)
    approved_on = models.DateField("审核通过日期", null=True, blank=True)
    publication_due_on = models.DateField("公示截止日期", null=True, blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    published_late = models.BooleanField("逾期公示", default=False)
    # From the approved result categories: a problem was found / its follow-up is recorded.
    problem_found = models.BooleanField("发现问题", default=False)
    followed_up = models.BooleanField("已后续处置", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["plan_year", "organisation"], name="progress_year_org"),
        ]

    def __str__(self) -> str:
        return self.reference


class ReferralIndex(models.Model):
    """A referral (移送) waiting for `organisation`'s answer; written by the referral service in
    the same transaction as the referral. Open while `answered_at` is empty."""

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="referrals_to_answer"
    )
    from_code = models.CharField("移送机构", max_length=6, blank=True)
    reference = models.CharField("移送编号", max_length=80, unique=True)
    plan_year = models.PositiveIntegerField("计划年度")
    subject = models.CharField("事由", max_length=200, blank=True)
    opened_on = models.DateField("移送日期")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        ordering = ["opened_on", "id"]

    def __str__(self) -> str:
        return self.reference


class OrderStatus(models.TextChoices):
    ISSUED = "issued", "待整改"
    RESPONDED = "responded", "已反馈待审核"
    RETURNED = "returned", "已退回重新整改"
    ACCEPTED = "accepted", "已验收"


class RectificationOrder(models.Model):
    id = models.BigAutoField(primary_key=True)
    reference = models.CharField("整改通知编号", max_length=40, unique=True)
    issuer = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="orders_issued"
    )
    county = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="orders_received"
    )
    year = models.PositiveIntegerField("年度")
    problem = models.TextField("存在问题")
    legal_basis = models.CharField("依据", max_length=500)
    deadline_days = models.PositiveIntegerField("整改期限（工作日）")
    due_on = models.DateField("整改截止日期", null=True, blank=True)
    due_unknown = models.BooleanField("截止日期无法计算", default=False)
    status = models.CharField(max_length=16, choices=OrderStatus.choices, default="issued")
    escalated = models.BooleanField("已逾期升级", default=False)
    issued_by = models.CharField("签发人", max_length=150)
    issued_at = models.DateTimeField("签发时间")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["county", "status"], name="order_county_status")]

    def __str__(self) -> str:
        return self.reference


class EventKind(models.TextChoices):
    ISSUED = "issued", "签发整改通知"
    RESPONDED = "responded", "反馈整改情况"
    RETURNED = "returned", "退回重新整改"
    ACCEPTED = "accepted", "验收通过"
    ESCALATED = "escalated", "逾期升级"


class RectificationEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    order = models.ForeignKey(RectificationOrder, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    organisation_code = models.CharField("机构", max_length=6)
    actor = models.CharField("经办人", max_length=150, blank=True)
    text = models.TextField("内容", blank=True)
    # [str]: document numbers, file names or links of the evidence
    evidence = models.JSONField("佐证材料", default=list)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.kind}"


class WarningLevel(models.TextChoices):
    YELLOW = "yellow", "黄牌"
    RED = "red", "红牌"


class WarningCard(models.Model):
    """A task slipping past its window (an inspection not recorded, a result not published on
    time, a plan overdue). Cleared only by the county's response; never deleted."""

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="warning_cards"
    )
    kind = models.CharField("类型", max_length=32)
    subject = models.CharField("对象", max_length=80)
    year = models.PositiveIntegerField("年度")
    message = models.CharField("内容", max_length=300)
    slipped_on = models.DateField("逾期起始日")
    level = models.CharField(max_length=8, choices=WarningLevel.choices, default="yellow")
    raised_red_on = models.DateField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.CharField(max_length=150, blank=True)
    response = models.TextField("县（市）反馈", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "subject"], name="warning_unique_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.kind}:{self.subject}"


class OversightSetting(models.Model):
    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="oversight_setting"
    )
    joint_target_percent = models.PositiveIntegerField("联合检查占比目标（%）", default=60)
    red_after_working_days = models.PositiveIntegerField("黄牌转红牌（工作日）", default=3)

    def __str__(self) -> str:
        return f"{self.organisation_id}"


class Notification(models.Model):
    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32)
    message = models.CharField(max_length=300)
    link = models.CharField(max_length=200, blank=True)
    read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "read"], name="notification_org_read")]

    def __str__(self) -> str:
        return self.message[:40]
