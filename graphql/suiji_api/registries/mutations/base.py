"""Shared pieces of the registry mutations: raw string inputs validated by the services (so
the API, the import and the CLI give the same Chinese errors) and global-ID lookup."""

from collections.abc import Callable
from typing import Any, ClassVar

from suiji_platform.accounts.access import Permission
from suiji_platform.organisations.services import FieldError

from ...core.errors import BadInput
from ...core.mutations import SuijiMutation, to_camel
from ...core.nodes import decode_global_id


def camel_errors(exc: FieldError) -> FieldError:
    return FieldError(to_camel(exc.field), exc.code, exc.message)


def get_by_global_id(model: Any, type_name: str, global_id: str, field: str = "id") -> Any:
    try:
        pk: int | None = decode_global_id(global_id, type_name, field)
    except BadInput:  # malformed, another type's or out of range: not found here
        pk = None
    obj = model.objects.filter(pk=pk).first() if pk is not None else None
    if obj is None:
        raise FieldError(field, "not_found", "未找到该记录（可能已被删除或不属于本机构）。")
    return obj


def raw_input(data: Any) -> dict[str, Any]:
    """Input object → snake_case dict of the fields actually given."""
    return {k: v for k, v in dict(data).items() if v is not None}


class RegistryMutation(SuijiMutation):
    permission: ClassVar[Permission | None] = Permission.MANAGE_REGISTRIES

    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root: Any, info: Any, **kwargs: Any) -> Any:
        return super().mutate(root, info, **kwargs)

    @classmethod
    def perform(cls, root: Any, info: Any, **kwargs: Any) -> dict[str, Any]:
        try:
            return cls.run(info, **kwargs)
        except FieldError as exc:
            raise camel_errors(exc) from None

    # Implemented by subclasses as a classmethod `run(info, <the mutation's arguments>)`.
    run: ClassVar[Callable[..., dict[str, Any]]]
