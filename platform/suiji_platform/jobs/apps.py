from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "suiji_platform.jobs"
    label = "jobs"
    verbose_name = "后台任务"
