"""Background import of a registry file, reporting progress through its Job."""

import logging
from pathlib import Path

from suiji_platform.accounts.models import User
from suiji_platform.celery import app
from suiji_platform.jobs.services import fail_job, finish_job, run_job

from .importer import import_file

logger = logging.getLogger(__name__)


# job_argument: the position of the job id, so that the pool's parent can fail the job when
# the child running it dies (suiji_platform.jobs.tasks).
@app.task(name="registries.import", job_argument=0)
def import_registry_task(
    job_id: int,
    kind: str,
    path: str,
    update_existing: bool,
    user_id: int | None,
    file_name: str,
    dry_run: bool = False,
) -> None:
    with run_job(job_id) as job:
        if job is None:
            return  # finished already (a redelivered message) or lost too often
        user = User.objects.filter(pk=user_id).first() if user_id else None
        try:
            result = import_file(
                kind,
                Path(path),
                update_existing=update_existing,
                acting_user=user,
                progress=job.report,
                file_name=file_name,
                dry_run=dry_run,
            )
        except Exception as exc:
            logger.exception("registry import %s failed", job_id)
            fail_job(
                job_id,
                message=f"导入失败：服务器处理出错（{type(exc).__name__}），未写入任何数据；"
                "请稍后重试，如仍失败请联系管理员。",
            )
            raise
    if result.ok and result.validated_only:
        finish_job(
            job_id,
            result=result.as_dict(),
            message=f"校验通过：{result.rows} 行均可导入；确认后开始写入。",
        )
    elif result.ok:
        finish_job(
            job_id,
            result=result.as_dict(),
            message=f"导入完成：新增 {result.created} 条，更新 {result.updated} 条",
        )
    else:
        first = result.errors[0]["reason"] if result.errors and result.rows == 0 else ""
        fail_job(
            job_id,
            result=result.as_dict(),
            message=first
            or f"发现 {result.error_count} 处错误，未写入任何数据；请下载错误报告修改后重新导入。",
        )
