from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "suiji_tenants.inspections"
    label = "inspections"
    verbose_name = "检查实施与结果公示"
