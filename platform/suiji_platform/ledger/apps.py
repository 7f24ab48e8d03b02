from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "suiji_platform.ledger"
    label = "ledger"
    verbose_name = "检查台账"
