from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "suiji_platform.organisations"
    label = "organisations"
    verbose_name = "组织机构"
