from django.apps import AppConfig


class DrawsConfig(AppConfig):
    name = "suiji_tenants.draws"
    label = "draws"
    verbose_name = "随机抽取"
