from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "suiji_platform.oversight"
    label = "oversight"
    verbose_name = "上级监督"
