from django.apps import AppConfig


class PlanIndexConfig(AppConfig):
    name = "suiji_platform.plan_index"
    label = "plan_index"
    verbose_name = "年度计划状态汇总与提醒"
