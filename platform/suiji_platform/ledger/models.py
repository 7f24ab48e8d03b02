"""The inspection ledger (public schema): who inspected which entity, for which item and
department, when and why (R6, R16, R19). Written in the same transaction as the draw or the
targeted inspection that causes it; read by every later draw, county or joint, for its
exclusions (already inspected this year for the item, over the visit cap, under targeted
inspection)."""

from django.db import models


class LedgerSource(models.TextChoices):
    DRAW = "draw", "随机抽查"
    TARGETED = "targeted", "定向（非随机）检查"


class LedgerEntry(models.Model):
    """One (entity, item) inspection. Several rows of one visit share `visit_key`."""

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="ledger_entries"
    )
    # USCC of a market entity or the code of a project.
    entity_code = models.CharField("统一社会信用代码/项目代码", max_length=64)
    item_code = models.CharField("事项编码", max_length=32)
    item_version = models.PositiveIntegerField("事项版本", null=True, blank=True)
    department = models.CharField("部门", max_length=32)
    inspected_on = models.DateField("检查日期（或检查时段开始日）")
    # The end of the visit's period (a draw's window); None: the one day `inspected_on`.
    period_end = models.DateField("检查时段结束日", null=True, blank=True)
    plan_year = models.PositiveIntegerField("计划年度")
    source = models.CharField("来源", max_length=16, choices=LedgerSource.choices)
    # "<org code>:<draw id>" for a draw, "<org code>:targeted:<id>" for a targeted inspection.
    draw_reference = models.CharField("抽取编号", max_length=64, blank=True)
    visit_key = models.CharField("检查批次", max_length=80)
    # Targeted inspections exclude the entity from every draw while open (R16).
    closed_on = models.DateField("结案日期", null=True, blank=True)
    # A voided draw's rows stay for the trail but no longer count.
    voided = models.BooleanField("已作废", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # Exclusions of one plan year: inspected for the item, visits per entity.
            models.Index(
                fields=["plan_year", "entity_code", "item_code"], name="ledger_year_entity_item"
            ),
            # Open targeted inspections (any year).
            models.Index(
                fields=["entity_code"],
                condition=models.Q(source="targeted", closed_on__isnull=True, voided=False),
                name="ledger_open_targeted",
            ),
            models.Index(fields=["draw_reference"], name="ledger_draw_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.entity_code} {self.item_code} {self.inspected_on} {self.source}"


class VisitCapSetting(models.Model):
    """The per-entity annual visit cap a prefecture sets for every draw of its area, county or
    joint, across departments and levels (R19; the per-enterprise caps departments publish
    under the 2024 State Council rule). Random visits count; targeted ones do not (R16)."""

    id = models.BigAutoField(primary_key=True)
    prefecture = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="visit_cap_setting"
    )
    visit_cap = models.PositiveSmallIntegerField("每户每年随机检查次数上限", default=2)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField("修改人", max_length=150, blank=True)

    def __str__(self) -> str:
        return f"{self.prefecture_id}: {self.visit_cap}"


class VisitMerge(models.Model):
    """One combined visit (合并检查): the visits in `visit_keys` of one entity become one, and
    their ledger rows share `visit_key` ("merge:<id>") from then on. Kept for the trail."""

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="visit_merges"
    )
    entity_code = models.CharField("统一社会信用代码/项目代码", max_length=64)
    plan_year = models.PositiveIntegerField("计划年度")
    visit_key = models.CharField("合并后的检查批次", max_length=80, unique=True)
    # The merged visits: [{"visit_key", "draw_reference", "organisation", "items"}, ...].
    members = models.JSONField("合并的检查")
    starts_on = models.DateField("合并检查时段开始")
    ends_on = models.DateField("合并检查时段结束")
    created_by = models.CharField("办理人", max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["plan_year", "entity_code"], name="merge_year_entity")]

    def __str__(self) -> str:
        return f"{self.entity_code} {self.visit_key}"
