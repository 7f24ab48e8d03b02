"""Background execution of a big draw, reporting progress through its Job."""

from django.db import connection

from suiji_platform.accounts.models import User
from suiji_platform.celery import app
from suiji_platform.jobs.services import fail_job, finish_job, report_progress
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError


@app.task(name="draws.execute")
def execute_draw_task(job_id: int, draw_id: int, user_id: int | None) -> None:
    from .services import execute_draw

    user = User.objects.filter(pk=user_id).first() if user_id else None
    organisation = Organisation.objects.get(schema_name=connection.schema_name)  # type: ignore[attr-defined]
    try:
        draw = execute_draw(
            draw_id,
            organisation=organisation,
            acting_user=user,
            progress=lambda pct, msg: report_progress(job_id, pct, msg),
        )
    except FieldError as exc:
        fail_job(job_id, message=exc.message, result={"field": exc.field, "code": exc.code})
        return
    except Exception as exc:
        fail_job(job_id, message=f"抽取失败，未写入任何结果：{type(exc).__name__}")
        raise
    finish_job(
        job_id,
        result={"draw": draw.reference, "targets": draw.target_count, "teams": draw.team_count},
        message=f"抽取完成：{draw.target_count} 个检查对象，{draw.team_count} 个检查组",
    )
