"""The public-schema index of published inspection results (R14, "一检查一通报"), written in
the same transaction as the organisation's publication, so the portal searches one schema and
never switches per organisation. It holds what the law publishes and nothing else: no
officers, no natural persons' data, nothing of targeted inspections."""

from django.db import models


class PublishedResult(models.Model):
    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="published_results"
    )
    # The organisation's inspection reference, e.g. "533103-D000001-001".
    reference = models.CharField("检查编号", max_length=80, unique=True)
    target_kind = models.CharField(max_length=16, default="entity")
    entity_name = models.CharField("市场主体名称", max_length=200)
    uscc = models.CharField("统一社会信用代码或项目代码", max_length=64)
    plan_year = models.PositiveIntegerField("计划年度")
    plan_title = models.CharField("计划", max_length=200, blank=True)
    task_title = models.CharField("任务", max_length=200, blank=True)
    draw_reference = models.CharField("抽取编号", max_length=64, blank=True)
    plan_code = models.CharField("计划编号", max_length=64, blank=True)
    task_code = models.CharField("任务编号", max_length=64, blank=True)
    inspection_type = models.CharField("检查类型", max_length=32, default="双随机抽查")
    # [{code, name, result: [category value]}]: the result per item (national exchange record)
    items = models.JSONField("检查事项", default=list)
    inspected_on = models.DateField("检查日期")
    inspecting_body = models.CharField("检查机关", max_length=200)
    # [category value] (see inspections.models.ResultCategory)
    result_categories = models.JSONField("检查结果", default=list)
    published_at = models.DateTimeField("公示时间")

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["uscc"], name="result_uscc"),
            models.Index(
                fields=["entity_name"], name="result_name_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["organisation", "-published_at"], name="result_org_published"),
            models.Index(fields=["draw_reference"], name="result_draw"),
            models.Index(fields=["organisation", "plan_code"], name="result_org_plan"),
        ]

    def __str__(self) -> str:
        return self.reference
