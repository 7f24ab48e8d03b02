"""Permission checks for the API, in one place: decorators for resolvers and a helper.

Every check goes through `require`, which looks at the request's organisation (from the URL
path) and the user's access to it (direct roles, or read-only oversight by the parent).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from suiji_platform.accounts.access import Access, Permission

from .context import get_access, get_organisation
from .errors import NotAuthenticated, PermissionDenied

F = TypeVar("F", bound=Callable[..., Any])

PERMISSION_LABELS = {
    Permission.READ_ORGANISATION: "查看本机构数据",
    Permission.READ_AUDIT: "查看审计日志",
    Permission.MANAGE_MEMBERS: "管理人员与角色",
    Permission.MANAGE_REGISTRIES: "维护事项清单与名录库",
    Permission.MANAGE_PLANS: "编制检查计划",
    Permission.RUN_DRAWS: "组织随机抽取",
    Permission.INSPECT: "实施检查",
    Permission.CREATE_ORGANISATIONS: "新建组织机构",
    Permission.READ_INSPECTIONS: "查看本机构的检查",
    Permission.MANAGE_INSPECTIONS: "填写检查笔录和检查报告",
    Permission.REVIEW_RESULTS: "审核和公示检查结果",
}


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
        raise PermissionDenied(f"您在{organisation.name}没有任何角色，无权访问。")
    if not access.allows(permission):
        label = PERMISSION_LABELS.get(permission, permission.value)
        if access.read_only:
            raise PermissionDenied(f"您对{organisation.name}只有上级监督的只读权限，不能{label}。")
        raise PermissionDenied(f"您在{organisation.name}的角色不能{label}。")
    return access


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
