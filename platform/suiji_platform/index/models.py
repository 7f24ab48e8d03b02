"""The prefecture-wide index (public schema): one row per market entity / project of every
organisation, written in the same transaction as the county-side change. Joint draws and
oversight read it instead of joining across schemas."""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class IndexKind(models.TextChoices):
    ENTITY = "entity", "市场主体"
    PROJECT = "project", "工程项目"


class EntityIndex(models.Model):
    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="index_rows"
    )
    kind = models.CharField(max_length=16, choices=IndexKind.choices)
    # USCC for an entity, the project code for a project.
    uscc = models.CharField("统一社会信用代码/项目代码", max_length=64)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=64, blank=True)
    # 企业性质 of an entity (R9 directed scope); blank for projects.
    nature = models.CharField(max_length=64, blank=True, default="")
    region = models.CharField(max_length=64, blank=True)
    credit_class = models.CharField(max_length=1, blank=True)
    status = models.CharField(max_length=32)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "uscc"], name="entityindex_unique_code"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "status", "region"], name="entityindex_kind_status"),
            # Oversight: registered (active) entities per organisation, counted from the index.
            models.Index(
                fields=["organisation"],
                condition=models.Q(kind="entity", status="active"),
                name="entityindex_active_by_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.kind}:{self.uscc}"


class JointVisitStatus(models.TextChoices):
    DRAWN = "drawn", "已抽取"
    PUBLISHED = "published", "已公开"
    VOIDED = "voided", "已作废"


class JointVisit(models.Model):
    """One entity drawn by a joint (cross-department) draw of the prefecture: ONE visit covering
    every department's items (R8, R19). Written in the same transaction as the draw's
    execution; each county reads the visits of its entities here (read-only), never the
    prefecture's schema. Under 市抽县查 the county receives it as an inspection to carry out."""

    id = models.BigAutoField(primary_key=True)
    prefecture = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="joint_visits_led"
    )
    county = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="joint_visits"
    )
    kind = models.CharField(max_length=16, choices=IndexKind.choices, default=IndexKind.ENTITY)
    entity_code = models.CharField("统一社会信用代码/项目代码", max_length=64)
    name = models.CharField(max_length=200, blank=True)
    draw_reference = models.CharField("抽取编号", max_length=64)
    plan_year = models.PositiveIntegerField("计划年度")
    joint_plan = models.CharField("联合抽查计划", max_length=200, blank=True)
    task = models.CharField("任务", max_length=200)
    round = models.PositiveIntegerField("轮次")
    starts_on = models.DateField("检查开始日期")
    ends_on = models.DateField("检查结束日期")
    mode = models.CharField("实施方式", max_length=16)
    lead_department = models.CharField("牵头部门", max_length=32)
    departments = models.JSONField("参与部门", default=list)
    # [{code, version, name, department}] — every department's items, one visit.
    items = models.JSONField("检查事项", default=list)
    team_number = models.PositiveIntegerField("检查组")
    # [{role, name, department, certificate_no}] — as published in the draw record.
    team = models.JSONField("检查组成员", default=list)
    status = models.CharField(
        max_length=16, choices=JointVisitStatus.choices, default=JointVisitStatus.DRAWN
    )
    # 市抽县查: when the county's inspections app took the visit over.
    received_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-plan_year", "starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "draw_reference", "entity_code"], name="jointvisit_unique"
            )
        ]
        indexes = [models.Index(fields=["county", "plan_year"], name="jointvisit_county_year")]

    def __str__(self) -> str:
        return f"{self.draw_reference}:{self.entity_code}"


class InspectorIndex(models.Model):
    """The prefecture-wide index of the counties' officers and experts (public schema): what a
    市抽县查 joint draw needs of a person and nothing personal — no ID number, no phone, no
    unit. Written in the same transaction as the registry change (like EntityIndex)."""

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="inspector_index"
    )
    # The inspector's id in the organisation's registry.
    registry_id = models.BigIntegerField()
    kind = models.CharField(max_length=16)  # officer | expert
    name = models.CharField(max_length=64)
    department = models.CharField(max_length=32)
    categories = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    certificate_no = models.CharField(max_length=64, blank=True)
    certificate_valid_until = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "registry_id"], name="inspectorindex_unique"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "department"], name="inspectorindex_kind_dept"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.registry_id}"


class ConflictIndex(models.Model):
    """A county's declared conflict of interest (R10), indexed as (inspector, candidate, reason
    code) only: the free-text explanation stays in the county's registry."""

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="conflict_index"
    )
    inspector_registry_id = models.BigIntegerField()
    # The entity's USCC (or a project's code).
    candidate = models.CharField(max_length=64)
    reason = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "inspector_registry_id", "candidate"],
                name="conflictindex_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.inspector_registry_id}↔{self.candidate}"
