"""The base of every mutation: permission declared on the class, errors returned as data,
the whole mutation in one transaction that rolls back when errors are returned."""

from collections.abc import Callable
from typing import Any, ClassVar

import graphene
from django.core.exceptions import ValidationError
from graphene_django.constants import MUTATION_ERRORS_FLAG

from suiji_platform.accounts.access import Permission
from suiji_platform.organisations.services import FieldError

from .errors import MutationError
from .permissions import require, require_login


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def enum_value(value: Any) -> Any:
    """Graphene passes enum members to resolvers; services take the stored value."""
    return getattr(value, "value", value)


def errors_from(exc: Exception) -> list[MutationError]:
    if isinstance(exc, FieldError):
        return [MutationError(field=exc.field, code=exc.code, message=exc.message)]
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [
                MutationError(field=to_camel(field), code=err.code or "invalid", message=msg)
                for field, errs in exc.error_dict.items()
                for err in errs
                for msg in err.messages
            ]
        return [
            MutationError(field=None, code=exc.code or "invalid", message=m) for m in exc.messages
        ]
    raise exc


class SuijiMutation(graphene.Mutation):
    """Subclasses set `permission` (None: signed-in users; `public = True`: anyone) and
    implement `perform(root, info, **kwargs) -> dict` returning the payload's other fields.

    Services raise `FieldError`/`ValidationError` for bad input; they become `errors`.
    """

    errors = graphene.List(graphene.NonNull(MutationError), required=True)

    permission: ClassVar[Permission | None] = None
    public: ClassVar[bool] = False
    # False only where the attempt itself must stay on record (failed logins).
    rollback_on_errors: ClassVar[bool] = True

    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root: Any, info: Any, **kwargs: Any) -> Any:
        if not cls.public:
            if cls.permission is None:
                require_login(info)
            else:
                require(info, cls.permission)
        try:
            payload = cls.perform(root, info, **kwargs)
        except (FieldError, ValidationError) as exc:
            if cls.rollback_on_errors:
                setattr(info.context, MUTATION_ERRORS_FLAG, True)
            return cls(errors=errors_from(exc))
        errors = payload.pop("errors", [])
        if errors and cls.rollback_on_errors:
            setattr(info.context, MUTATION_ERRORS_FLAG, True)
        return cls(errors=errors, **payload)

    # Implemented by subclasses as a classmethod taking the mutation's arguments.
    perform: ClassVar[Callable[..., dict[str, Any]]]
