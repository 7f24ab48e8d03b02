from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "suiji_tenants.audit"
    label = "audit"
    verbose_name = "审计日志"
