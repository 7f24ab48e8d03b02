"""Background execution of a big draw, reporting progress through its Job.

The job is run through `run_job` like imports: a side thread keeps its heartbeat and writes
the progress outside the draw's transaction. When the worker dies mid-draw the transaction
rolls back (the draw stays COMMITTED, nothing is half-written) and the job is failed with a
message — by the pool's parent (`job_argument`), else by the sweeper once the heartbeat is
older than a minute; a redelivered message then finds the job finished and does nothing.
"""

from django.db import connection

from suiji_platform.accounts.models import User
from suiji_platform.celery import app
from suiji_platform.jobs.services import fail_job, finish_job, run_job
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError


# job_argument: the position of the job id, so that the pool's parent can fail the job when
# the child running it dies (suiji_platform.jobs.tasks).
@app.task(name="draws.execute", job_argument=0)
def execute_draw_task(job_id: int, draw_id: int, user_id: int | None) -> None:
    from .services import execute_draw

    with run_job(job_id) as job:
        if job is None:
            return  # finished already (a redelivered message) or lost too often
        user = User.objects.filter(pk=user_id).first() if user_id else None
        organisation = Organisation.objects.get(schema_name=connection.schema_name)  # type: ignore[attr-defined]
        try:
            draw = execute_draw(
                draw_id, organisation=organisation, acting_user=user, progress=job.report
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
