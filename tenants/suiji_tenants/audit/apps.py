from typing import Any

from django.apps import AppConfig


def _protect_new_schema(sender: Any, tenant: Any, **kwargs: Any) -> None:
    """A cloned schema may lack triggers: give every new organisation's log its protection."""
    from .immutability import protect_schema

    protect_schema(tenant.schema_name)


class AuditConfig(AppConfig):
    name = "suiji_tenants.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from django_tenants.signals import post_schema_sync

        post_schema_sync.connect(_protect_new_schema, dispatch_uid="suiji-audit-append-only")
