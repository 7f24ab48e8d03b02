from typing import Any

from suiji_platform.celery import app
from suiji_platform.organisations.schemas import use_public_schema

from .cards import scan_cards
from .orders import escalate_overdue


@app.task(name="suiji_platform.oversight.tasks.oversight_scan_task")
def oversight_scan_task() -> dict[str, Any]:
    """Daily (CELERY_BEAT_SCHEDULE): warning cards and overdue rectification orders."""
    use_public_schema()
    return {**scan_cards(), "escalated": escalate_overdue()}
