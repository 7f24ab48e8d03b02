"""The list and the two registries (一单两库, R1-R3) and declared conflicts of interest.

Each organisation keeps them in its own schema. Personal data (ID numbers, phones) is stored
encrypted (`EncryptedTextField`); ID numbers also carry a keyed hash for exact lookup and a
masked copy for display.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from .fields import EncryptedTextField


class Department(models.TextChoices):
    HOUSING = "housing", "住房和城乡建设"
    MARKET_SUPERVISION = "market_supervision", "市场监管"
    FIRE = "fire", "消防救援"
    NATURAL_RESOURCES = "natural_resources", "自然资源"
    EMERGENCY_MANAGEMENT = "emergency_management", "应急管理"


class CreditClass(models.TextChoices):
    A = "A", "A级（诚信）"
    B = "B", "B级（基本诚信）"
    C = "C", "C级（失信风险较高）"
    D = "D", "D级（严重失信）"


class EntityStatus(models.TextChoices):
    ACTIVE = "active", "存续"
    DEREGISTERED = "deregistered", "注销"
    REVOKED = "revoked", "吊销"


class ConstructionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开工"
    UNDER_CONSTRUCTION = "under_construction", "在建"
    SUSPENDED = "suspended", "停工"
    COMPLETED = "completed", "已竣工"


class InspectorKind(models.TextChoices):
    OFFICER = "officer", "执法检查人员"
    EXPERT = "expert", "专家"


class ConflictKind(models.TextChoices):
    """The reason code of a declared conflict: the published list of docs/draw-record.md §11
    (the draw record carries the code only; the free-text explanation stays here)."""

    KINSHIP = "kinship", "近亲属关系"
    EMPLOYMENT = "employment", "任职关系（现任或曾任）"
    SHAREHOLDING = "shareholding", "持股或利益关系"
    OTHER = "other", "其他"


class InspectionItem(models.Model):
    """One item of the random-inspection list (R1); its current version. Every change also
    writes an `InspectionItemVersion` row, so plans and draws can pin the version that applied."""

    id = models.BigAutoField(primary_key=True)
    code = models.CharField("事项编码", max_length=32, unique=True)
    name = models.CharField("抽查事项", max_length=200)
    legal_basis = models.TextField("抽查依据")
    responsible_body = models.CharField("抽查主体", max_length=200)
    content = models.TextField("抽查内容")
    method = models.CharField("抽查方式", max_length=200)
    department = models.CharField(
        "所属部门", max_length=32, choices=Department.choices, default=Department.HOUSING
    )
    enforcement_category = models.CharField("专业门类", max_length=64, blank=True)
    needs_expert = models.BooleanField("需专家参与", default=False)
    active = models.BooleanField("有效", default=True)
    version = models.PositiveIntegerField("版本", default=1)
    effective_from = models.DateField("生效日期")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class InspectionItemVersion(models.Model):
    """A version of an item with the dates it applied (R1, D8: the list changes with the law)."""

    id = models.BigAutoField(primary_key=True)
    item = models.ForeignKey(InspectionItem, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    legal_basis = models.TextField()
    responsible_body = models.CharField(max_length=200)
    content = models.TextField()
    method = models.CharField(max_length=200)
    department = models.CharField(max_length=32, choices=Department.choices)
    enforcement_category = models.CharField(max_length=64, blank=True)
    needs_expert = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    changed_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="itemversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version}"


class MarketEntity(models.Model):
    """A market entity of the registry (R2); only active ones can be drawn."""

    id = models.BigAutoField(primary_key=True)
    name = models.CharField("名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    address = models.CharField("住所", max_length=300, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=64, blank=True)
    contact_name = models.CharField("联系人", max_length=64, blank=True)
    contact_phone = EncryptedTextField("联系电话", blank=True, default="")
    entity_type = models.CharField("主体类型", max_length=64, blank=True)
    nature = models.CharField("企业性质", max_length=64, blank=True)
    region = models.CharField("所属乡镇（街道）", max_length=64, blank=True)
    credit_class = models.CharField(
        "信用等级", max_length=1, choices=CreditClass.choices, default=CreditClass.B
    )
    complaint_count = models.PositiveIntegerField("投诉举报次数", default=0)
    violation_count = models.PositiveIntegerField("违法违规次数", default=0)
    status = models.CharField(
        "状态", max_length=16, choices=EntityStatus.choices, default=EntityStatus.ACTIVE
    )
    established_on = models.DateField("成立日期", null=True, blank=True)
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["status", "region"], name="entity_status_region"),
            models.Index(fields=["credit_class"], name="entity_credit"),
            models.Index(fields=["entity_type"], name="entity_type"),
            models.Index(fields=["name", "id"], name="entity_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.uscc})"


class Project(models.Model):
    """A construction project of the registry (R2); `code` is its stable identifier."""

    id = models.BigAutoField(primary_key=True)
    code = models.CharField("项目代码", max_length=64, unique=True)
    name = models.CharField("项目名称", max_length=200)
    location = models.CharField("项目地点", max_length=300, blank=True)
    region = models.CharField("所属乡镇（街道）", max_length=64, blank=True)
    permits = models.CharField("已取得的行政许可", max_length=500, blank=True)
    project_leader = models.CharField("项目负责人", max_length=64, blank=True)
    construction_status = models.CharField(
        "施工状态",
        max_length=32,
        choices=ConstructionStatus.choices,
        default=ConstructionStatus.UNDER_CONSTRUCTION,
    )
    contact_name = models.CharField("联系人", max_length=64, blank=True)
    contact_phone = EncryptedTextField("联系电话", blank=True, default="")
    responsible_entity = models.ForeignKey(
        MarketEntity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="责任主体",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["construction_status"], name="project_status")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Inspector(models.Model):
    """A certified officer or an expert (R3). Only officers with a certificate valid on the
    inspection date count as inspectors; experts give technical support."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(
        "类别", max_length=16, choices=InspectorKind.choices, default=InspectorKind.OFFICER
    )
    name = models.CharField("姓名", max_length=64)
    id_number = EncryptedTextField("身份证号", blank=True, default="")
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_number_masked = models.CharField(max_length=18, blank=True)
    department = models.CharField(
        "所属部门", max_length=32, choices=Department.choices, default=Department.HOUSING
    )
    categories = ArrayField(
        models.CharField(max_length=64), default=list, blank=True, verbose_name="专业门类"
    )
    certificate_no = models.CharField("执法证号", max_length=64, blank=True)
    certificate_valid_until = models.DateField("执法证有效期至", null=True, blank=True)
    unit = models.CharField("工作单位", max_length=200, blank=True)
    contact_phone = EncryptedTextField("联系电话", blank=True, default="")
    active = models.BooleanField("在库", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_no"],
                condition=~models.Q(certificate_no=""),
                name="inspector_unique_certificate",
            )
        ]
        indexes = [models.Index(fields=["department", "kind"], name="inspector_dept_kind")]

    def __str__(self) -> str:
        return self.name


class Conflict(models.Model):
    """A declared conflict of interest between an inspector and an entity (R10: recusal)."""

    id = models.BigAutoField(primary_key=True)
    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="conflicts")
    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField("回避原因代码", max_length=32, choices=ConflictKind.choices)
    reason = models.CharField("说明（不公开）", max_length=500, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["inspector", "entity"], name="conflict_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.inspector_id} ↔ {self.entity_id}: {self.kind}"
