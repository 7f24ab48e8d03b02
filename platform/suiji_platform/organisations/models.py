"""Organisations (the tenants): the prefecture bureau and its county/city bureaus."""

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


class Domain(DomainMixin):
    """django-tenants' domain row; Suiji routes by path, so `domain` holds `o/<code>`."""

    id = models.BigAutoField(primary_key=True)
