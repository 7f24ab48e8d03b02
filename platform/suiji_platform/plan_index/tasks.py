from typing import Any

from suiji_platform.celery import app

from .services import scan_plan_deadlines


@app.task(name="suiji_platform.plan_index.tasks.scan_plan_deadlines_task")
def scan_plan_deadlines_task() -> dict[str, Any]:
    """Daily (CELERY_BEAT_SCHEDULE): plan deadlines, overdue flags and reminders."""
    return scan_plan_deadlines()
