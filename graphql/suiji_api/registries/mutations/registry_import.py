from typing import Any

import graphene
from django.db import transaction

from suiji_platform.jobs.services import create_job
from suiji_tenants.registries.tasks import import_registry_task
from suiji_tenants.registries.uploads import resolve_upload

from ...core.context import get_organisation
from ...core.mutations import enum_value
from ...jobs.types import Job
from .. import types
from .base import RegistryMutation


class StartRegistryImport(RegistryMutation):
    """导入名录：先上传文件（POST multipart 到 /o/<代码>/registries/uploads/，得到 token），再以
    token 启动导入。后台任务先校验全部行，有任何错误则不写入；进度与结果见 Job。"""

    class Arguments:
        kind = graphene.Argument(types.RegistryKindEnum, required=True)
        file_token = graphene.String(required=True)
        update_existing = graphene.Boolean(
            default_value=False,
            description="按统一社会信用代码/项目代码/执法证号/事项编码更新已有记录",
        )
        dry_run = graphene.Boolean(
            default_value=False,
            description="只校验不写入：先看校验报告，确认后再以同一 token 正式导入",
        )

    job = graphene.Field(Job)

    @classmethod
    def run(
        cls,
        info: Any,
        kind: Any,
        file_token: str,
        update_existing: bool = False,
        dry_run: bool = False,
    ) -> dict[str, Any]:
        user = info.context.user
        path, name = resolve_upload(file_token, user_id=user.pk)
        kind_value = enum_value(kind)
        job = create_job(
            kind=f"registries.{'validate' if dry_run else 'import'}.{kind_value}",
            organisation=get_organisation(info.context),
            created_by=user,
        )
        transaction.on_commit(
            lambda: import_registry_task.delay(
                job.pk, kind_value, str(path), bool(update_existing), user.pk, name, bool(dry_run)
            )
        )
        return {"job": job}
