"""Organisations (the tenants): the prefecture bureau and its county/city bureaus."""

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django_tenants.models import DomainMixin, TenantMixin

ADMINISTRATIVE_CODE_VALIDATOR = RegexValidator(
    r"^[1-9]\d{5}$", "行政区划代码应为6位数字（如 533103）。"
)


class OrganisationKind(models.TextChoices):
    PREFECTURE = "prefecture", "州（市）住房和城乡建设局"
    COUNTY = "county", "县（市）住房和城乡建设局"


class Organisation(TenantMixin):
    """One bureau; each has its own PostgreSQL schema named `org_<code>`."""

    id = models.BigAutoField(primary_key=True)
    code = models.CharField(
        "行政区划代码", max_length=6, unique=True, validators=[ADMINISTRATIVE_CODE_VALIDATOR]
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("级别", max_length=16, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @staticmethod
    def schema_name_for(code: str) -> str:
        return f"org_{code}"

    def create_schema(
        self, check_if_exists: bool = False, sync_schema: bool = True, verbosity: int = 1
    ) -> Any:
        """From the base schema's DDL template (catalog-size independent; see template.py),
        else django-tenants' clone."""
        from django_tenants.utils import schema_exists

        from .template import create_schema_from_template

        if check_if_exists and schema_exists(self.schema_name):
            return False
        if sync_schema and create_schema_from_template(self.schema_name):
            return True
        return super().create_schema(check_if_exists, sync_schema, verbosity)


class Domain(DomainMixin):
    """django-tenants' domain row; Suiji routes by path, so `domain` holds `o/<code>`."""

    id = models.BigAutoField(primary_key=True)


class SchemaTemplate(models.Model):
    """The base schema's DDL, rendered after each migration of it; new organisations' schemas
    are created by replaying it (template.py). `state` is the digest of the migrations the
    base had when it was rendered: the template is used only while they are the same."""

    id = models.BigAutoField(primary_key=True)
    base_schema = models.CharField(max_length=63, unique=True)
    state = models.CharField(max_length=64)
    ddl = models.TextField()
    tables = models.JSONField(default=list)
    sequences = models.JSONField(default=list)
    rendered_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.base_schema} ({self.state[:12]})"
