from suiji_platform.celery import app
from suiji_platform.jobs.services import fail_job, finish_job, report_progress

from .schemas import use_public_schema
from .services import FieldError, create_organisation


@app.task(name="organisations.create_organisation")
def create_organisation_task(
    job_id: int, code: str, name: str, kind: str, parent_code: str | None, user_id: int | None
) -> None:
    from suiji_platform.accounts.models import User

    # Sent from the prefecture's path; organisations are created from the public schema.
    use_public_schema()

    acting_user = User.objects.filter(pk=user_id).first() if user_id else None
    report_progress(job_id, 10, "正在创建数据空间…")
    try:
        organisation = create_organisation(
            code=code, name=name, kind=kind, parent_code=parent_code, acting_user=acting_user
        )
    except FieldError as error:
        fail_job(job_id, message=error.message, result={"field": error.field, "code": error.code})
        return
    except Exception as error:  # noqa: BLE001 - reported to the user through the job
        fail_job(job_id, message=f"创建失败：{error}")
        raise
    finish_job(
        job_id,
        message=f"已创建 {organisation}",
        result={"code": organisation.code, "schema": organisation.schema_name},
    )
