"""Background import of a registry file, reporting progress through its Job."""

from pathlib import Path

from suiji_platform.accounts.models import User
from suiji_platform.celery import app
from suiji_platform.jobs.services import fail_job, finish_job, report_progress

from .importer import import_file


@app.task(name="registries.import")
def import_registry_task(
    job_id: int,
    kind: str,
    path: str,
    update_existing: bool,
    user_id: int | None,
    file_name: str,
    dry_run: bool = False,
) -> None:
    user = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        result = import_file(
            kind,
            Path(path),
            update_existing=update_existing,
            acting_user=user,
            progress=lambda pct, msg: report_progress(job_id, pct, msg),
            file_name=file_name,
            dry_run=dry_run,
        )
    except Exception as exc:
        fail_job(job_id, message=f"导入失败：{type(exc).__name__}")
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
        fail_job(
            job_id,
            result=result.as_dict(),
            message=f"发现 {result.error_count} 处错误，未写入任何数据；请下载错误报告修改后重新导入。",
        )
