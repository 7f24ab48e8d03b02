from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "suiji_tenants.plans"
    label = "plans"
    verbose_name = "年度检查计划"
