"""Registry queries: Relay connections with filters, search and ordering, and totalCount."""

from typing import Any

import graphene

from suiji_platform.accounts.access import Permission
from suiji_tenants.registries.queries import filter_values, registry_queryset

from ..core.mutations import enum_value
from ..core.permissions import permission_required
from . import types
from .mutations.conflicts import DeclareConflict, WithdrawConflict
from .mutations.entity_status import ChangeMarketEntityStatus
from .mutations.inspector_active import SetInspectorActive
from .mutations.personal_data_reveal import RevealPersonalData
from .mutations.registry_import import StartRegistryImport
from .mutations.save import (
    CreateInspectionItem,
    CreateInspector,
    CreateMarketEntity,
    CreateProject,
    ReviseInspectionItem,
    UpdateInspector,
    UpdateMarketEntity,
    UpdateProject,
)

_COMMON = {
    "search": graphene.String(description="名称、统一社会信用代码/项目代码/执法证号（前缀）"),
    "order_by": graphene.Argument(types.RegistryOrderEnum),
    "descending": graphene.Boolean(),
}


def _params(kwargs: dict[str, Any]) -> dict[str, Any]:
    params = {}
    for key, value in kwargs.items():
        if isinstance(value, list):
            params[key] = [enum_value(v) for v in value]
        else:
            params[key] = enum_value(value)
    return params


class RegistryFilterValues(graphene.ObjectType):
    """The values present in the registry for one filter (主体类型, 企业性质, 乡镇…)."""

    field = graphene.String(required=True, description="筛选参数名，如 entityType、nature、region")
    values = graphene.List(graphene.NonNull(graphene.String), required=True)


class RegistryQueries(graphene.ObjectType):
    registry_filter_values = graphene.List(
        graphene.NonNull(RegistryFilterValues),
        required=True,
        kind=graphene.Argument(types.RegistryKindEnum, required=True),
        description="名录中各筛选字段现有的取值（供筛选下拉框使用）",
    )
    inspection_items = types.RegistryConnectionField(
        types.InspectionItem,
        **_COMMON,
        department=graphene.Argument(types.DepartmentEnum),
        category=graphene.String(),
        active=graphene.Boolean(),
        description="随机抽查事项清单",
    )
    market_entities = types.RegistryConnectionField(
        types.MarketEntity,
        **_COMMON,
        entity_type=graphene.String(),
        nature=graphene.String(),
        region=graphene.String(),
        credit_class=graphene.List(graphene.NonNull(types.CreditClassEnum)),
        status=graphene.Argument(types.EntityStatusEnum),
        description="市场主体名录库",
    )
    projects = types.RegistryConnectionField(
        types.Project,
        **_COMMON,
        region=graphene.String(),
        construction_status=graphene.Argument(types.ConstructionStatusEnum),
        responsible_entity_uscc=graphene.String(),
        description="工程项目名录库",
    )
    inspectors = types.RegistryConnectionField(
        types.Inspector,
        **_COMMON,
        kind=graphene.Argument(types.InspectorKindEnum),
        department=graphene.Argument(types.DepartmentEnum),
        category=graphene.String(),
        active=graphene.Boolean(),
        certificate_valid=graphene.Boolean(),
        valid_on=graphene.Date(),
        description="执法检查人员名录库（搜索18位身份证号时按盲索引精确查找）",
    )

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_registry_filter_values(root: Any, info: Any, kind: Any) -> list[Any]:
        return [
            RegistryFilterValues(field=name, values=values)
            for name, values in filter_values(enum_value(kind)).items()
        ]

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_inspection_items(root: Any, info: Any, **kwargs: Any) -> Any:
        return registry_queryset("items", _params(kwargs))

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_market_entities(root: Any, info: Any, **kwargs: Any) -> Any:
        return registry_queryset("entities", _params(kwargs))

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_projects(root: Any, info: Any, **kwargs: Any) -> Any:
        return registry_queryset("projects", _params(kwargs))

    @staticmethod
    @permission_required(Permission.READ_ORGANISATION)
    def resolve_inspectors(root: Any, info: Any, **kwargs: Any) -> Any:
        return registry_queryset("inspectors", _params(kwargs))


class RegistryMutations(graphene.ObjectType):
    create_inspection_item = CreateInspectionItem.Field()
    revise_inspection_item = ReviseInspectionItem.Field()
    create_market_entity = CreateMarketEntity.Field()
    update_market_entity = UpdateMarketEntity.Field()
    change_market_entity_status = ChangeMarketEntityStatus.Field()
    create_project = CreateProject.Field()
    update_project = UpdateProject.Field()
    create_inspector = CreateInspector.Field()
    update_inspector = UpdateInspector.Field()
    set_inspector_active = SetInspectorActive.Field()
    declare_conflict = DeclareConflict.Field()
    withdraw_conflict = WithdrawConflict.Field()
    start_registry_import = StartRegistryImport.Field()
    reveal_personal_data = RevealPersonalData.Field()
