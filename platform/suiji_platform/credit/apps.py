from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "suiji_platform.credit"
    label = "credit"
    verbose_name = "信用记录"
