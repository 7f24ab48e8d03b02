"""Relay nodes and global IDs, in one place.

Every Relay node type derives from `SuijiNode` and declares `node_permission`: the permission
its list requires (or `PUBLIC` for public information). `node(id: …)`, the type's connections
and its list fields all read through `get_queryset`, which checks that permission, so a node
can never be read where its list cannot. A node type without a declaration fails at import.

Global IDs are decoded by `decode_global_id` only: a malformed ID, an ID of another type or a
primary key out of range is bad input naming the argument, never a server error.
"""

import binascii
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from graphene import relay
from graphene.relay.node import NodeField
from graphene_django import DjangoObjectType
from graphql_relay import from_global_id

from suiji_platform.accounts.access import Permission

from .errors import BadInput
from .permissions import require

PUBLIC = "public"
MAX_PK = 2**63 - 1  # BigAutoField
MAX_GLOBAL_ID_LENGTH = 200


class MalformedGlobalId(ValueError):
    pass


def parse_global_id(global_id: Any) -> tuple[str, str]:
    """(type name, raw id) of a Relay global ID, or `MalformedGlobalId`."""
    if not isinstance(global_id, str) or not 0 < len(global_id) <= MAX_GLOBAL_ID_LENGTH:
        raise MalformedGlobalId(global_id)
    try:
        type_name, raw = from_global_id(global_id)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise MalformedGlobalId(global_id) from exc
    if not type_name or not raw:
        raise MalformedGlobalId(global_id)
    return type_name, raw


def parse_pk(raw: str) -> int:
    """A database key: ASCII digits only (not '²' or '٣'), within BigAutoField's range."""
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_PK:
        raise MalformedGlobalId(raw)
    return int(raw)


def decode_global_id(global_id: Any, type_name: str, field: str = "id") -> int:
    """The primary key in a global ID of `type_name`, or `BadInput` naming `field`."""
    try:
        kind, raw = parse_global_id(global_id)
        if kind != type_name:
            raise MalformedGlobalId(global_id)
        return parse_pk(raw)
    except MalformedGlobalId:
        raise BadInput(
            f"{field} 不是有效的{type_name}编号（应为接口返回的 id，原样传回）。", field
        ) from None


def decode_public_id(global_id: Any, type_name: str) -> tuple[str, int] | None:
    """(organisation code, key) of a public ID `type_name:<code>-<pk>`, or None if malformed."""
    try:
        kind, raw = parse_global_id(global_id)
        code, _, pk = raw.partition("-")
        if kind != type_name or not (code.isascii() and code.isdigit() and len(code) == 6):
            return None
        return code, parse_pk(pk)
    except MalformedGlobalId:
        return None


def get_node_from_global_id(info: Any, global_id: Any, only_type: Any = None) -> Any:
    """`node(id:)`: decode, find the type, and read through the type's own permission check."""
    try:
        type_name, raw = parse_global_id(global_id)
    except MalformedGlobalId:
        raise BadInput("id 不是有效的全局编号（应为接口返回的 id，原样传回）。", "id") from None
    graphene_type = info.schema.get_type(type_name)
    graphene_type = getattr(graphene_type, "graphene_type", None)
    if graphene_type is None or not issubclass(graphene_type, SuijiNode):
        raise BadInput(f"id 指向的类型 {type_name[:40]} 不存在或不能按编号读取。", "id")
    if only_type is not None and graphene_type is not only_type:
        raise BadInput(f"id 应为 {only_type._meta.name} 的编号。", "id")
    return graphene_type.get_node(info, raw)


class SuijiNode(DjangoObjectType):
    """A Django model type that is a Relay node; subclasses set `node_permission`."""

    node_permission: ClassVar[Permission | str | None] = None

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, **options: Any) -> None:
        super().__init_subclass_with_meta__(**options)
        interfaces = getattr(cls._meta, "interfaces", ())
        if relay.Node in interfaces and not (
            cls.node_permission == PUBLIC or isinstance(cls.node_permission, Permission)
        ):
            raise ImproperlyConfigured(
                f"{cls.__name__} is a Relay node: declare node_permission "
                "(the permission its list requires, or PUBLIC)."
            )

    @classmethod
    def get_queryset(cls, queryset: Any, info: Any) -> Any:
        if cls.node_permission != PUBLIC:
            require(info, cls.node_permission)  # type: ignore[arg-type]
        return queryset

    @classmethod
    def get_node(cls, info: Any, id: Any) -> Any:  # noqa: A002
        try:
            pk = parse_pk(str(id))
        except MalformedGlobalId:
            return None
        return super().get_node(info, pk)


class SuijiNodeField(NodeField):
    """`node(id:)` with bad IDs answered as bad input (graphene raises a bare Exception)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(relay.Node, **kwargs)

    def wrap_resolve(self, parent_resolver: Any) -> Any:
        def resolve(root: Any, info: Any, id: Any) -> Any:  # noqa: A002
            return get_node_from_global_id(info, id)

        return resolve
