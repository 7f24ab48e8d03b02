"""Credit records (R15, 信用记录): an approved inspection result with a legally effective
decision (责令改正, 行政处罚, 不配合检查情节严重) is written here, in the public schema, for the
entity, with its source (the organisation and the inspection), and the credit class before and
after the documented rule (docs/inspections.md, "Credit"). Written in the same transaction as
the approval and the registry's credit class."""

from django.db import models


class CreditDecision(models.TextChoices):
    CORRECTION = "correction", "责令改正"
    PENALTY = "penalty", "行政处罚"
    UNCOOPERATIVE = "uncooperative", "不配合检查情节严重"


class CreditRecord(models.Model):
    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="credit_records"
    )
    uscc = models.CharField("统一社会信用代码", max_length=18)
    entity_name = models.CharField("市场主体名称", max_length=200)
    decision = models.CharField("决定", max_length=16, choices=CreditDecision.choices)
    decided_on = models.DateField("决定日期")
    # The source: the organisation's inspection (and the project, when a project was inspected).
    source_reference = models.CharField("来源（检查编号）", max_length=80)
    source_project_code = models.CharField("涉及项目代码", max_length=64, blank=True)
    # The decision's own number (处罚决定书文号) when it has one: one inspection can lead to
    # several penalty decisions (one per finding), each its own record; empty otherwise.
    decision_number = models.CharField("决定文号", max_length=100, blank=True, default="")
    summary = models.CharField("情况", max_length=500, blank=True)
    credit_class_before = models.CharField("原信用等级", max_length=1, blank=True)
    credit_class_after = models.CharField("调整后信用等级", max_length=1, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_reference", "decision", "decision_number"],
                name="creditrecord_unique_decision",
            )
        ]
        indexes = [models.Index(fields=["uscc", "-decided_on"], name="credit_uscc")]

    def __str__(self) -> str:
        return f"{self.uscc}:{self.decision}:{self.source_reference}"
