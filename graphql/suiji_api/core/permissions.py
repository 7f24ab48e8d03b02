"""Permission checks for the API, in one place: decorators for resolvers and a helper.

Every check goes through `require`, which looks at the request's organisation (from the URL
path) and the user's access to it (direct roles, or read-only oversight by the parent).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from suiji_platform.accounts.access import PERMISSION_LABELS, Access, Permission
from suiji_platform.accounts.security import note_permission_denied

from .context import get_access, get_organisation
from .errors import NotAuthenticated, PermissionDenied

F = TypeVar("F", bound=Callable[..., Any])


def require(info: Any, permission: Permission) -> Access:
    """Return the access that grants `permission` in the request's organisation, or raise."""
    request = info.context
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    organisation = get_organisation(request)
    if organisation is None:
        raise PermissionDenied("此操作需要在组织机构路径 /o/<代码>/graphql/ 下进行。")
    access = get_access(request)
    if access is None:
        denied = f"您在{organisation.name}没有任何角色，无权访问。"
    elif not access.allows(permission):
        label = PERMISSION_LABELS.get(permission, permission.value)
        if access.read_only:
            denied = f"您对{organisation.name}只有上级监督的只读权限，不能{label}。"
        else:
            denied = f"您在{organisation.name}的角色不能{label}。"
    else:
        return access
    note_permission_denied(request, f"{permission.value}: {denied}")
    raise PermissionDenied(denied)


def require_login(info: Any) -> Any:
    user = info.context.user
    if not user.is_authenticated:
        raise NotAuthenticated()
    return user


def permission_required(permission: Permission) -> Callable[[F], F]:
    """Decorate a resolver: it runs only when the user holds `permission` here."""

    def decorator(resolver: F) -> F:
        @wraps(resolver)
        def wrapper(root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            require(info, permission)
            return resolver(root, info, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
