"""Create and update mutations of the list and the registries (one class each)."""

from typing import Any, ClassVar

import graphene

from suiji_platform.accounts.access import Permission, registry_department
from suiji_tenants.registries import models, services

from ...core.context import get_access
from .. import types
from .base import RegistryMutation, get_by_global_id, raw_input
from .inputs import InspectionItemInput, InspectorInput, MarketEntityInput, ProjectInput


def _save(info: Any, kind: str, data: Any, instance: Any = None, **extra: Any) -> Any:
    return services.save_record(
        kind, raw_input(data), instance=instance, acting_user=info.context.user, **extra
    )


def _department(info: Any) -> str | None:
    """Whose items and inspectors the caller maintains (None: every department)."""
    return registry_department(get_access(info.context))


class DepartmentRegistryMutation(RegistryMutation):
    """Items and inspectors: partner staff maintain their own department's (the service checks
    the department of the record before and after)."""

    permission: ClassVar[Permission | None] = Permission.MANAGE_DEPARTMENT_REGISTRIES

    class Meta:
        abstract = True


class CreateInspectionItem(DepartmentRegistryMutation):
    """新增抽查事项（第1版，生效日期默认今天）。"""

    class Arguments:
        input = InspectionItemInput(required=True)

    inspection_item = graphene.Field(types.InspectionItem)

    @classmethod
    def run(cls, info: Any, input: Any) -> dict[str, Any]:  # noqa: A002
        return {"inspection_item": _save(info, "items", input, department=_department(info))}


class ReviseInspectionItem(DepartmentRegistryMutation):
    """修订抽查事项：生成新版本，旧版本保留并在新版本生效前一日失效（R1）。"""

    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        input = InspectionItemInput(required=True)
        effective_from = graphene.Date(description="新版本生效日期，默认今天")

    inspection_item = graphene.Field(types.InspectionItem)

    @classmethod
    def run(cls, info: Any, id: str, input: Any, effective_from: Any = None) -> dict[str, Any]:  # noqa: A002
        item = get_by_global_id(models.InspectionItem, "InspectionItem", id)
        data = raw_input(input)
        data.pop("code", None)  # the code is the item's stable identity
        return {
            "inspection_item": services.save_record(
                "items",
                data,
                instance=item,
                acting_user=info.context.user,
                effective_from=effective_from,
                department=_department(info),
            )
        }


class CreateMarketEntity(RegistryMutation):
    class Arguments:
        input = MarketEntityInput(required=True)

    market_entity = graphene.Field(types.MarketEntity)

    @classmethod
    def run(cls, info: Any, input: Any) -> dict[str, Any]:  # noqa: A002
        return {"market_entity": _save(info, "entities", input)}


class UpdateMarketEntity(RegistryMutation):
    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        input = MarketEntityInput(required=True)

    market_entity = graphene.Field(types.MarketEntity)

    @classmethod
    def run(cls, info: Any, id: str, input: Any) -> dict[str, Any]:  # noqa: A002
        entity = get_by_global_id(models.MarketEntity, "MarketEntity", id)
        return {"market_entity": _save(info, "entities", input, entity)}


class CreateProject(RegistryMutation):
    class Arguments:
        input = ProjectInput(required=True)

    project = graphene.Field(types.Project)

    @classmethod
    def run(cls, info: Any, input: Any) -> dict[str, Any]:  # noqa: A002
        return {"project": _save(info, "projects", input)}


class UpdateProject(RegistryMutation):
    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        input = ProjectInput(required=True)

    project = graphene.Field(types.Project)

    @classmethod
    def run(cls, info: Any, id: str, input: Any) -> dict[str, Any]:  # noqa: A002
        project = get_by_global_id(models.Project, "Project", id)
        return {"project": _save(info, "projects", input, project)}


class CreateInspector(DepartmentRegistryMutation):
    class Arguments:
        input = InspectorInput(required=True)

    inspector = graphene.Field(types.Inspector)

    @classmethod
    def run(cls, info: Any, input: Any) -> dict[str, Any]:  # noqa: A002
        return {"inspector": _save(info, "inspectors", input, department=_department(info))}


class UpdateInspector(DepartmentRegistryMutation):
    class Arguments:
        id = graphene.ID(required=True)  # noqa: A003
        input = InspectorInput(required=True)

    inspector = graphene.Field(types.Inspector)

    @classmethod
    def run(cls, info: Any, id: str, input: Any) -> dict[str, Any]:  # noqa: A002
        inspector = get_by_global_id(models.Inspector, "Inspector", id)
        return {
            "inspector": _save(info, "inspectors", input, inspector, department=_department(info))
        }
