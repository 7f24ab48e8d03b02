from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "suiji_platform.accounts"
    label = "accounts"
    verbose_name = "账号与角色"
