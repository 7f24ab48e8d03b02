"""Annual inspection plans (R4–R7, R9, R10): the plan, its tasks, rounds, pinned items, the
workflow's trail and the immutable published versions."""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from suiji_tenants.registries.models import Department, InspectionItem, InspectionItemVersion


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    CONSOLIDATED = "consolidated", "已汇总"
    REPORTED = "reported", "已报送"
    PUBLISHED = "published", "已公开"
    ADJUSTED = "adjusted", "调整中"


class ScopeKind(models.TextChoices):
    UNDIRECTED = "undirected", "不定向抽查"
    DIRECTED = "directed", "定向抽查"


class TargetKind(models.TextChoices):
    """Whom a task inspects: market entities (by USCC) or construction projects (by code)."""

    ENTITY = "entity", "市场主体"
    PROJECT = "project", "工程项目"


class SamplingMode(models.TextChoices):
    RATIO = "ratio", "按比例"
    COUNT = "count", "按数量"


class AnnualPlan(models.Model):
    """The organisation's plan for one year (one per year and organisation)."""

    id = models.BigAutoField(primary_key=True)
    year = models.PositiveIntegerField("计划年度", unique=True)
    title = models.CharField("标题", max_length=200)
    status = models.CharField(
        "状态", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    version = models.PositiveIntegerField("已公开版本数", default=0)
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)
    reported_to = models.CharField("报送对象", max_length=100, blank=True)
    reported_on = models.DateField("报送日期", null=True, blank=True)
    published_at = models.DateTimeField("最近公开时间", null=True, blank=True)
    adjusted_at = models.DateTimeField("调整时间", null=True, blank=True)
    adjustment_reason = models.TextField("调整原因", blank=True)
    adjustment_due = models.DateField("调整公开截止日期", null=True, blank=True)
    adjustment_due_unknown = models.BooleanField(default=False)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class JointMode(models.TextChoices):
    """Who inspects what a joint task draws (D3: 统筹安排、综合实施)."""

    PREFECTURE = "prefecture", "州本级检查"
    COUNTY_INSPECTS = "county_inspects", "市抽县查"


class JointPlan(models.Model):
    """联合抽查计划: the prefecture's joint cross-department plan (R8, R19, D5). It is part of
    the prefecture's annual plan, so it has the plan's workflow, publication and 5-working-day
    rule for changes; its tasks are the plan's tasks that name it (``PlanTask.joint_plan``)."""

    id = models.BigAutoField(primary_key=True)
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="joint_plans")
    title = models.CharField("联合抽查计划名称", max_length=200)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan_id", "id"]

    def __str__(self) -> str:
        return self.title


class PlanTask(models.Model):
    """One task of a plan: what, whom, how many, when and by whom (D18, Q5)."""

    id = models.BigAutoField(primary_key=True)
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField("任务名称", max_length=200)
    section = models.CharField("负责科室", max_length=100, blank=True)
    departments = ArrayField(models.CharField(max_length=32), default=list, verbose_name="部门")
    target_kind = models.CharField(
        "检查对象", max_length=16, choices=TargetKind.choices, default=TargetKind.ENTITY
    )
    scope_kind = models.CharField(
        "抽查范围", max_length=16, choices=ScopeKind.choices, default=ScopeKind.UNDIRECTED
    )
    entity_types = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    natures = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    regions = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    credit_classes = ArrayField(models.CharField(max_length=1), default=list, blank=True)
    sampling_mode = models.CharField(
        "抽取方式", max_length=8, choices=SamplingMode.choices, default=SamplingMode.RATIO
    )
    # Ratios in basis points (1/10000): 100 = 1 %. Integer only, like the draw engine.
    ratio_bp = models.PositiveIntegerField("每轮抽查比例（万分之）", null=True, blank=True)
    credit_ratios_bp = models.JSONField("按信用等级的比例（万分之）", default=dict, blank=True)
    target_count = models.PositiveIntegerField("每轮抽查数量", null=True, blank=True)
    officers_per_team = models.PositiveIntegerField("每组执法人员数", default=2)
    targets_per_team = models.PositiveIntegerField("每组检查对象数上限", default=5)
    categories = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    experts_per_team = models.PositiveIntegerField("每组专家数", default=0)
    notes = models.TextField("备注", blank=True)
    # A joint task (联合抽查任务): its joint plan, lead department (``departments`` holds the
    # lead and the partner departments), the counties its scope spans and who inspects.
    joint_plan = models.ForeignKey(
        JointPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    lead_department = models.CharField(
        "牵头部门", max_length=32, choices=Department.choices, blank=True
    )
    counties = ArrayField(
        models.CharField(max_length=12), default=list, blank=True, verbose_name="涉及县（市）"
    )
    joint_mode = models.CharField(
        "实施方式", max_length=16, choices=JointMode.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class PlanTaskItem(models.Model):
    """An item of a task, pinned to the item-list version in force when it was chosen."""

    id = models.BigAutoField(primary_key=True)
    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="task_items")
    item = models.ForeignKey(InspectionItem, on_delete=models.PROTECT, related_name="+")
    item_version = models.ForeignKey(
        InspectionItemVersion, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["task_id", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "item"], name="plantaskitem_unique")]

    def __str__(self) -> str:
        return f"{self.task_id}:{self.item_id}"


class PlanRound(models.Model):
    """One round of a task with its inspection window (both dates inclusive)."""

    id = models.BigAutoField(primary_key=True)
    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField("轮次")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        ordering = ["task_id", "number"]
        constraints = [models.UniqueConstraint(fields=["task", "number"], name="planround_unique")]

    def __str__(self) -> str:
        return f"{self.task_id}#{self.number}"


class PlanTransition(models.Model):
    """One workflow move with its comment (returns, reports, adjustments)."""

    id = models.BigAutoField(primary_key=True)
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=16)
    to_status = models.CharField(max_length=16)
    comment = models.TextField(blank=True)
    recipient = models.CharField(max_length=100, blank=True)
    on_date = models.DateField(null=True, blank=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.action}"


class PlanPublication(models.Model):
    """An immutable published version: the snapshot the public reads (no personal data)."""

    id = models.BigAutoField(primary_key=True)
    plan = models.ForeignKey(AnnualPlan, on_delete=models.PROTECT, related_name="publications")
    version = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    snapshot = models.JSONField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["plan_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="planpublication_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.version}"
