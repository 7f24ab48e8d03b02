"""The prefecture-wide index (public schema): one row per market entity / project of every
organisation, written in the same transaction as the county-side change. Joint draws and
oversight read it instead of joining across schemas."""

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
