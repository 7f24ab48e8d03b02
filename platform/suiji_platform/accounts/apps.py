from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "suiji_platform.accounts"
    label = "accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_seen

        user_logged_in.connect(mark_seen, dispatch_uid="suiji-mark-seen")
