"""The tenant-aware Celery app: a task runs in the schema that was active when it was sent."""

import os

from tenant_schemas_celery.app import CeleryApp as TenantAwareCeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suiji_platform.settings")

app = TenantAwareCeleryApp("suiji")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
