"""Shared pieces of the inspection mutations: context and lookups limited to the inspections
the user may see (the same rule as the queries)."""

from typing import Any, ClassVar

from suiji_platform.accounts.access import Permission
from suiji_platform.organisations.services import FieldError
from suiji_tenants.inspections import models

from ...core.context import get_access, get_organisation
from ...core.mutations import SuijiMutation
from ...registries.mutations.base import get_by_global_id
from ..types import visible


class InspectionMutation(SuijiMutation):
    # Writing is further limited by the service (the team, or the business sections).
    permission: ClassVar[Permission | None] = Permission.READ_ORGANISATION

    class Meta:
        abstract = True

    @staticmethod
    def context(info: Any, *, with_access: bool = True) -> dict[str, Any]:
        out = {"organisation": get_organisation(info.context), "acting_user": info.context.user}
        if with_access:
            out["access"] = get_access(info.context)
        return out

    @staticmethod
    def get_inspection(info: Any, global_id: str, field: str = "inspectionId") -> models.Inspection:
        obj = get_by_global_id(models.Inspection, "Inspection", global_id, field)
        if not visible(info).filter(pk=obj.pk).exists():
            raise FieldError(field, "not_found", "未找到该检查（或您不是其检查组成员）。")
        return obj

    @staticmethod
    def get_record(info: Any, global_id: str, field: str = "id") -> models.OnSiteRecord:
        obj = get_by_global_id(models.OnSiteRecord, "OnSiteRecord", global_id, field)
        if not visible(info).filter(pk=obj.inspection_id).exists():
            raise FieldError(field, "not_found", "未找到该笔录。")
        return obj

    @staticmethod
    def get_report(info: Any, global_id: str, field: str = "id") -> models.InspectionReport:
        obj = get_by_global_id(models.InspectionReport, "InspectionReport", global_id, field)
        if not visible(info).filter(pk=obj.inspection_id).exists():
            raise FieldError(field, "not_found", "未找到该检查报告。")
        return obj
