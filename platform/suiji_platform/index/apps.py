from django.apps import AppConfig


class IndexConfig(AppConfig):
    name = "suiji_platform.index"
    label = "index"
    verbose_name = "州级名录索引"
