from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "suiji_tenants.registries"
    label = "registries"
    verbose_name = "一单两库（事项清单与名录库）"
