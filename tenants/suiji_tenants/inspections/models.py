"""Inspections (R11–R14): one per drawn target, its on-site record (现场检查笔录), the report
(R13) and its publication (R14, 20 working days).

An inspection keeps the plain data the draw handed over (target, items with their content,
team with certificate numbers, window): nothing here points into the draws' tables.
"""

import uuid

from django.conf import settings
from django.db import models

from suiji_tenants.registries.models import MarketEntity, Project


class InspectionSource(models.TextChoices):
    DRAW = "draw", "随机抽查"
    TARGETED = "targeted", "定向检查"


class InspectionStatus(models.TextChoices):
    OPEN = "open", "待检查"
    RECORDED = "recorded", "笔录已确认"
    REPORTED = "reported", "报告待审核"
    RETURNED = "returned", "报告退回"
    APPROVED = "approved", "审核通过待公示"
    PUBLISHED = "published", "已公示"
    # ledger (issue 11, R19): folded into another inspection of the same combined visit.
    MERGED = "merged", "已并入合并检查"


class Inspection(models.Model):
    """One visit of one target, covering all the draw's items, by its matched team (R8)."""

    id = models.BigAutoField(primary_key=True)
    reference = models.CharField("检查编号", max_length=80, unique=True)
    source = models.CharField(
        max_length=16, choices=InspectionSource.choices, default=InspectionSource.DRAW
    )
    draw_reference = models.CharField("抽取编号", max_length=64, blank=True)
    plan_year = models.PositiveIntegerField("计划年度")
    plan_title = models.CharField("计划", max_length=200, blank=True)
    task_title = models.CharField("任务", max_length=200, blank=True)
    # The plan's and the task's identifiers for the national exchange record (e.g.
    # "533103-2026-P3", "533103-2026-T7"); blank for targeted inspections.
    plan_code = models.CharField("计划编号", max_length=64, blank=True)
    task_code = models.CharField("任务编号", max_length=64, blank=True)
    round_number = models.PositiveIntegerField("轮次", default=1)
    target_kind = models.CharField(max_length=16, default="entity")  # entity | project
    target_code = models.CharField("统一社会信用代码或项目代码", max_length=64)
    target_name = models.CharField("检查对象", max_length=200, blank=True)
    target_address = models.CharField("地址", max_length=300, blank=True)
    # [{code, version, name, department, content, legal_basis}]
    items = models.JSONField("检查事项", default=list)
    team_number = models.PositiveIntegerField("检查组", default=0)
    # [{role: officer|expert, certificate_no, name}]
    members = models.JSONField("检查组成员", default=list)
    member_codes = models.JSONField(default=list)  # certificate numbers, for "my inspections"
    window_start = models.DateField("检查开始日期")
    window_end = models.DateField("检查截止日期")
    status = models.CharField(
        max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.OPEN
    )
    # ledger (issue 11, R19): the inspection this one was folded into by a combined visit
    # (status "merged"); kept for the trail, never deleted.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="folded"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["window_end", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw_reference", "target_code"],
                condition=~models.Q(draw_reference=""),
                name="inspection_unique_draw_target",
            )
        ]
        indexes = [models.Index(fields=["status"], name="inspection_status")]

    def __str__(self) -> str:
        return self.reference


class InspectorAccount(models.Model):
    """Links a user account to the inspector's certificate number, so an inspector sees the
    inspections of the teams they were drawn into (and only those)."""

    id = models.BigAutoField(primary_key=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    certificate_no = models.CharField("执法证号", max_length=64, unique=True)

    def __str__(self) -> str:
        return f"{self.user_id}:{self.certificate_no}"


class RecordStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    CONFIRMED = "confirmed", "已确认"
    SUPERSEDED = "superseded", "已更正（被新版本取代）"


class OnSiteRecord(models.Model):
    """现场检查笔录 (R11). Saved as a draft (idempotent by the device's `client_id`), then
    confirmed by the party and locked; a correction is a new version linked to the old."""

    id = models.BigAutoField(primary_key=True)
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="records")
    client_id = models.UUIDField("设备草稿编号", unique=True, default=uuid.uuid4)
    # The device's edit counter: a re-sent (older or equal) draft changes nothing.
    revision = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField("版本", default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    status = models.CharField(
        max_length=16, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    started_at = models.DateTimeField("检查开始时间", null=True, blank=True)
    ended_at = models.DateTimeField("检查结束时间", null=True, blank=True)
    place = models.CharField("检查地点", max_length=300, blank=True)
    # [{name, certificate_no}]
    officers = models.JSONField("在场执法人员", default=list)
    # {certificates_shown, basis_told, content_told, period_told, requirements_told, names_told}
    notices = models.JSONField("告知事项", default=dict)
    # [{item_code, point, answer: conform|nonconform|not_applicable, note}]
    checklist = models.JSONField("检查要点", default=list)
    # [{description, item_code, handling}]
    findings = models.JSONField("发现的问题", default=list)
    party_present = models.CharField("当事人（在场人员）", max_length=100, blank=True)
    signature_png = models.TextField("当事人签名（PNG）", blank=True)
    signed_name = models.CharField("当事人签名（输入姓名）", max_length=64, blank=True)
    refused = models.BooleanField("当事人拒绝签名", default=False)
    refusal_reason = models.CharField("拒签情况", max_length=500, blank=True)
    recording_link = models.CharField("执法记录仪音视频", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["inspection_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"],
                condition=models.Q(status="draft"),
                name="onsiterecord_one_draft",
            ),
            models.UniqueConstraint(
                fields=["inspection", "version"], name="onsiterecord_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} v{self.version}"


class ResultCategory(models.TextChoices):
    """The categories used when results are published nationally (several may apply)."""

    NO_PROBLEM = "no_problem", "未发现问题"
    CORRECTED = "corrected", "发现问题已责令改正"
    PENDING = "pending", "发现问题待后续处理"
    NO_ACTIVITY = "no_activity", "未发现开展本次抽查涉及的经营活动"
    CLOSED = "closed", "已关闭停业或正在组织清算"
    UNCOOPERATIVE = "uncooperative", "不配合检查情节严重"
    DEREGISTERED = "deregistered", "注销 / 被吊销 / 被撤销 / 迁出"


class ReportStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    RETURNED = "returned", "退回"
    APPROVED = "approved", "审核通过待公示"
    PUBLISHED = "published", "已公示"


class InspectionReport(models.Model):
    """检查报告 (R13): time and content, methods and steps, situation and evaluation, handling
    proposals; its result categories are approved by a reviewer before publication."""

    id = models.BigAutoField(primary_key=True)
    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="report")
    record = models.ForeignKey(OnSiteRecord, on_delete=models.PROTECT, related_name="+")
    inspected_on = models.DateField("检查日期")
    content = models.TextField("检查时间和内容")
    methods = models.TextField("检查方法和步骤")
    situation = models.TextField("检查对象的情况和评价")
    proposals = models.TextField("处理建议", blank=True)
    result_categories = models.JSONField("检查结果", default=list)
    housing_subcodes = models.JSONField("住建细分结果", default=list)
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.CharField("审核意见", max_length=500, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status"], name="report_status")]

    def __str__(self) -> str:
        return f"report {self.inspection_id}"


class Publication(models.Model):
    """R14: the public notice of one approved result, due 20 working days after approval
    (企业信息公示暂行条例 art. 6). `due_unknown`: the calendar of a year on the way is not
    loaded, so the due date is flagged, never guessed."""

    id = models.BigAutoField(primary_key=True)
    report = models.OneToOneField(
        InspectionReport, on_delete=models.PROTECT, related_name="publication"
    )
    approved_on = models.DateField("审核通过日期")
    due_on = models.DateField("公示截止日期", null=True, blank=True)
    due_unknown = models.BooleanField("截止日期无法计算（节假日安排未录入）", default=False)
    unknown_year = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    late = models.BooleanField("逾期公示", default=False)

    class Meta:
        ordering = ["-approved_on", "-id"]

    def __str__(self) -> str:
        return f"publication {self.report_id}"


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", "照片"
    VIDEO = "video", "视频"
    DOCUMENT = "document", "文书资料"


class Evidence(models.Model):
    """A photo, video or document of an on-site record (R11: 注明证据来源). The file itself is
    stored once per content, by its SHA-256 (see `evidence.py`); this row says which record it
    belongs to, where it came from, when and where it was taken."""

    id = models.BigAutoField(primary_key=True)
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="evidence")
    record = models.ForeignKey(OnSiteRecord, on_delete=models.PROTECT, related_name="evidence")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=64)
    kind = models.CharField(max_length=16, choices=EvidenceKind.choices)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    source = models.CharField("证据来源", max_length=300)
    taken_at = models.DateTimeField("拍摄（取得）时间", null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    gps_accuracy = models.FloatField("定位精度（米）", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["record", "sha256"], name="evidence_unique_per_record")
        ]
        indexes = [models.Index(fields=["sha256"], name="evidence_sha256")]

    def __str__(self) -> str:
        return f"evidence {self.sha256[:12]}"


class ReferralKind(models.TextChoices):
    """R12: how a finding is handled."""

    ON_SPOT = "on_spot", "当场责令改正"
    OWN_DEPARTMENT = "own_department", "报告本部门处理"
    REFERRED = "referred", "抄告移送其他部门"
    POLICE = "police", "移送公安司法机关"


class ReferralStatus(models.TextChoices):
    ORDERED = "ordered", "已责令改正，待复查"
    NOT_CORRECTED = "not_corrected", "复查未改正，待进一步处理"
    REPORTED = "reported", "已报告本部门，待处理"
    TO_SEND = "to_send", "待抄告移送"
    SENT = "sent", "已抄告移送，待反馈"
    AWAITING_DECISION = "awaiting_decision", "待负责人决定是否移送"
    APPROVED = "approved", "已批准移送，待移交"
    TRANSFERRED = "transferred", "已移交，待反馈"
    FEEDBACK = "feedback", "已收到反馈"
    CLOSED = "closed", "已办结"


class Referral(models.Model):
    """The follow-up of one finding of a confirmed on-site record (R12): an order to correct
    with its deadline and re-check, a report to the own department, a referral to another
    department (抄告/移送) with its feedback, or a transfer to police or judiciary (the head
    decides within 3 days, the case goes over within 24 hours, with the required attachments).
    `status_since` is when it reached its current step: how long it has waited."""

    id = models.BigAutoField(primary_key=True)
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="referrals")
    record = models.ForeignKey(OnSiteRecord, on_delete=models.PROTECT, related_name="referrals")
    finding_index = models.PositiveIntegerField()
    finding = models.TextField("发现的问题")
    kind = models.CharField("处理方式", max_length=16, choices=ReferralKind.choices)
    status = models.CharField("办理状态", max_length=20, choices=ReferralStatus.choices)
    status_since = models.DateTimeField("进入当前状态的时间")
    receiving_body = models.CharField("接收部门（机关）", max_length=200, blank=True)
    order_text = models.CharField("责令改正内容", max_length=1000, blank=True)
    correction_deadline = models.DateField("改正期限", null=True, blank=True)
    rechecked_on = models.DateField("复查日期", null=True, blank=True)
    recheck_note = models.CharField("复查情况", max_length=1000, blank=True)
    decision_due_at = models.DateTimeField("负责人决定期限", null=True, blank=True)
    decided_at = models.DateTimeField("负责人决定时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField("决定意见", max_length=1000, blank=True)
    transfer_due_at = models.DateTimeField("移交期限", null=True, blank=True)
    sent_at = models.DateTimeField("移送（移交）时间", null=True, blank=True)
    # [{kind, evidence_id}]: the documents that went with a transfer.
    attachments = models.JSONField("移送材料", default=list)
    feedback = models.TextField("反馈情况", blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    # 立案处罚决定 (R15): the administrative penalty decided in the follow-up of the finding.
    penalty_number = models.CharField("处罚决定书文号", max_length=100, blank=True)
    penalty_on = models.DateField("处罚决定日期", null=True, blank=True)
    penalty_text = models.TextField("处罚决定内容", blank=True)
    penalty_at = models.DateTimeField("处罚决定登记时间", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # [{at, status, by, note}]: every step, for the trace (R18).
    history = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status_since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "finding_index"], name="referral_one_per_finding"
            )
        ]
        indexes = [models.Index(fields=["status"], name="referral_status")]

    def __str__(self) -> str:
        return f"referral {self.inspection_id}/{self.finding_index}"


class TargetedReason(models.TextChoices):
    """R16: inspections that are not drawn at random."""

    COMPLAINT = "complaint", "投诉举报"
    BIG_DATA = "big_data", "大数据监测"
    HANDED_OVER = "handed_over", "转办交办案件"
    SAFETY = "safety", "安全生产等重点领域"


class TargetedInspection(models.Model):
    """R16: an inspection not drawn at random, of a market entity or a construction project.
    Recorded apart from the draws; it counts in the ledger, so draws exclude its target while
    it is open (moved here from draws: the table keeps its rows)."""

    id = models.BigAutoField(primary_key=True)
    entity = models.ForeignKey(
        MarketEntity, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=TargetedReason.choices)
    description = models.TextField("情况说明", blank=True)
    item_codes = models.JSONField(default=list)
    started_on = models.DateField("开始日期")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entity__isnull=False, project__isnull=True)
                | models.Q(entity__isnull=True, project__isnull=False),
                name="targeted_entity_or_project",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"targeted:{self.pk}"

    @property
    def code(self) -> str:
        """The ledger's code of the target: the entity's USCC or the project's code."""
        return self.entity.uscc if self.entity is not None else self.project.code  # type: ignore[union-attr]

    @property
    def target_name(self) -> str:
        return self.entity.name if self.entity is not None else self.project.name  # type: ignore[union-attr]
