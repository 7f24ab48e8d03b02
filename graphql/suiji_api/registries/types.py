"""Registry types: explicit fields, personal data masked unless the role may see it."""

from typing import Any

import graphene
from graphene import relay
from graphene_django import DjangoConnectionField, DjangoObjectType

from suiji_platform.accounts.access import Permission
from suiji_tenants.registries import crypto, models, services
from suiji_tenants.registries.visibility import masked

from ..audit.types import AuditRecord
from ..core.connections import CountableConnection
from ..core.nodes import SuijiNode
from .dataloaders import ConflictsByInspectorIdLoader, EntityByIdLoader, VersionsByItemIdLoader


def phone(info: Any, value: str) -> str:
    """Always masked; `revealPersonalData` shows one value to those who may see it."""
    return crypto.mask_phone(value)


def _enum(name: str, choices: Any) -> type[graphene.Enum]:
    return graphene.Enum(name, [(c.name, c.value) for c in choices])


DepartmentEnum = _enum("Department", models.Department)
CreditClassEnum = _enum("CreditClass", models.CreditClass)
EntityStatusEnum = _enum("EntityStatus", models.EntityStatus)
ConstructionStatusEnum = _enum("ConstructionStatus", models.ConstructionStatus)
InspectorKindEnum = _enum("InspectorKind", models.InspectorKind)
ConflictKindEnum = _enum("ConflictKind", models.ConflictKind)
RegistryKindEnum = graphene.Enum(
    "RegistryKind",
    [
        ("ITEMS", "items"),
        ("ENTITIES", "entities"),
        ("PROJECTS", "projects"),
        ("INSPECTORS", "inspectors"),
    ],
)
RegistryOrderEnum = graphene.Enum(
    "RegistryOrder",
    [
        ("NAME", "NAME"),
        ("CODE", "CODE"),
        ("UPDATED", "UPDATED"),
        ("CREDIT", "CREDIT"),
        ("VIOLATIONS", "VIOLATIONS"),
        ("CERTIFICATE_VALID_UNTIL", "CERTIFICATE_VALID_UNTIL"),
    ],
)


class RegistryObjectType(SuijiNode):
    """Any read needs READ_ORGANISATION in the request's organisation (also through `node`)."""

    node_permission = Permission.READ_ORGANISATION
    history_kind = ""

    class Meta:
        abstract = True


def _history_field() -> graphene.List:
    return graphene.List(
        graphene.NonNull(AuditRecord),
        required=True,
        description="此记录的变更历史（审计日志，最新在前）",
    )


class InspectionItemVersion(DjangoObjectType):
    department = graphene.Field(DepartmentEnum, required=True)

    class Meta:
        model = models.InspectionItemVersion
        fields = (
            "version",
            "name",
            "legal_basis",
            "responsible_body",
            "content",
            "method",
            "department",
            "enforcement_category",
            "needs_expert",
            "active",
            "effective_from",
            "effective_to",
        )


class InspectionItem(RegistryObjectType):
    department = graphene.Field(DepartmentEnum, required=True)
    versions = graphene.List(graphene.NonNull(InspectionItemVersion), required=True)
    history = _history_field()

    class Meta:
        model = models.InspectionItem
        fields = (
            "id",
            "code",
            "name",
            "legal_basis",
            "responsible_body",
            "content",
            "method",
            "department",
            "enforcement_category",
            "needs_expert",
            "active",
            "version",
            "effective_from",
            "updated_at",
        )
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @staticmethod
    def resolve_versions(root: models.InspectionItem, info: Any) -> Any:
        return VersionsByItemIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_history(root: Any, info: Any) -> Any:
        return services.history("items", root.pk)


class MarketEntity(RegistryObjectType):
    credit_class = graphene.Field(CreditClassEnum, required=True)
    status = graphene.Field(EntityStatusEnum, required=True)
    contact_phone = graphene.String(
        required=True, description="联系电话（脱敏；完整号码用 revealPersonalData 查看）"
    )
    history = _history_field()

    class Meta:
        model = models.MarketEntity
        fields = (
            "id",
            "name",
            "uscc",
            "address",
            "legal_representative",
            "contact_name",
            "entity_type",
            "nature",
            "region",
            "credit_class",
            "complaint_count",
            "violation_count",
            "status",
            "established_on",
            "status_changed_on",
            "updated_at",
        )
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @staticmethod
    def resolve_contact_phone(root: models.MarketEntity, info: Any) -> str:
        return phone(info, root.contact_phone)

    @staticmethod
    def resolve_history(root: Any, info: Any) -> Any:
        return services.history("entities", root.pk)


class Project(RegistryObjectType):
    construction_status = graphene.Field(ConstructionStatusEnum, required=True)
    contact_phone = graphene.String(required=True)
    responsible_entity = graphene.Field(MarketEntity)
    history = _history_field()

    class Meta:
        model = models.Project
        fields = (
            "id",
            "code",
            "name",
            "location",
            "region",
            "permits",
            "project_leader",
            "construction_status",
            "contact_name",
            "updated_at",
        )
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @staticmethod
    def resolve_contact_phone(root: models.Project, info: Any) -> str:
        return phone(info, root.contact_phone)

    @staticmethod
    def resolve_responsible_entity(root: models.Project, info: Any) -> Any:
        return EntityByIdLoader(info.context).load(root.responsible_entity_id)

    @staticmethod
    def resolve_history(root: Any, info: Any) -> Any:
        return services.history("projects", root.pk)


class Conflict(SuijiNode):
    node_permission = Permission.READ_ORGANISATION
    kind = graphene.Field(ConflictKindEnum, required=True)
    entity = graphene.Field(MarketEntity, required=True)

    class Meta:
        model = models.Conflict
        fields = ("id", "kind", "reason", "declared_at")
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_entity(root: models.Conflict, info: Any) -> Any:
        return EntityByIdLoader(info.context).load(root.entity_id)


class Inspector(RegistryObjectType):
    kind = graphene.Field(InspectorKindEnum, required=True)
    department = graphene.Field(DepartmentEnum, required=True)
    id_number = graphene.String(
        required=True, description="身份证号（脱敏；完整号码用 revealPersonalData 查看）"
    )
    contact_phone = graphene.String(required=True)
    categories = graphene.List(graphene.NonNull(graphene.String), required=True)
    certificate_valid = graphene.Boolean(
        required=True, on=graphene.Date(), description="执法证在指定日期（默认今天）是否有效"
    )
    conflicts = graphene.List(graphene.NonNull(Conflict), required=True)
    history = _history_field()

    class Meta:
        model = models.Inspector
        fields = (
            "id",
            "kind",
            "name",
            "department",
            "categories",
            "certificate_no",
            "certificate_valid_until",
            "unit",
            "active",
            "updated_at",
        )
        interfaces = (relay.Node,)
        connection_class = CountableConnection

    @staticmethod
    def resolve_id_number(root: models.Inspector, info: Any) -> str:
        return masked(root, "id_number")

    @staticmethod
    def resolve_contact_phone(root: models.Inspector, info: Any) -> str:
        return phone(info, root.contact_phone)

    @staticmethod
    def resolve_certificate_valid(root: models.Inspector, info: Any, on: Any = None) -> bool:
        from django.utils import timezone

        day = on or timezone.localdate()
        return bool(
            root.certificate_no
            and root.certificate_valid_until
            and root.certificate_valid_until >= day
        )

    @staticmethod
    def resolve_conflicts(root: models.Inspector, info: Any) -> Any:
        return ConflictsByInspectorIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_history(root: Any, info: Any) -> Any:
        return services.history("inspectors", root.pk)


class RegistryConnectionField(DjangoConnectionField):
    """A connection whose page primes the per-request loaders with the page's keys, so every
    nested relation costs one query per page, whatever the page size."""

    @classmethod
    def connection_resolver(cls, *args: Any, **kwargs: Any) -> Any:
        connection = super().connection_resolver(*args, **kwargs)
        info = args[7]
        nodes = [edge.node for edge in connection.edges]
        if nodes:
            request = info.context
            sample = nodes[0]
            if isinstance(sample, models.Project):
                EntityByIdLoader(request).prime_keys(n.responsible_entity_id for n in nodes)
            elif isinstance(sample, models.Inspector):
                ConflictsByInspectorIdLoader(request).prime_keys(n.pk for n in nodes)
            elif isinstance(sample, models.InspectionItem):
                VersionsByItemIdLoader(request).prime_keys(n.pk for n in nodes)
        return connection
