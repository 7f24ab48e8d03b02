"""Account verbs: sign in (throttled), sign out, add people to an organisation, grant roles."""

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.services import record_audit

from .access import GRANTABLE_ROLES
from .models import Membership, Role, User

GENERIC_LOGIN_ERROR = "用户名或密码错误。"


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _failure_keys(username: str, address: str) -> list[str]:
    name = hashlib.sha256(username.strip().lower().encode("utf-8")).hexdigest()[:32]
    return [f"login-fail:user:{name}", f"login-fail:addr:{address}"]


def _is_throttled(keys: list[str]) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    counts = cache.get_many(keys)
    # An address gets more room than one account: several people may share a gateway.
    return counts.get(keys[0], 0) >= limit or counts.get(keys[1], 0) >= limit * 4


def _count_failure(keys: list[str]) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in keys:
        if cache.add(key, 1, timeout=window):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=window)


def sign_in(request: HttpRequest, *, username: str, password: str) -> User:
    """Authenticate and open a session. One generic error for any wrong name or password;
    after LOGIN_FAILURE_LIMIT failures the account (and address) is throttled for a while."""
    keys = _failure_keys(username or "", _client_address(request))
    if _is_throttled(keys):
        minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
        record_audit("account.login_throttled", object_type="User", object_id=username[:64])
        raise FieldError(
            "", "throttled", f"登录失败次数过多，请 {minutes} 分钟后再试。Too many failed attempts."
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        _count_failure(keys)
        record_audit("account.login_failed", object_type="User", object_id=username[:64])
        raise FieldError("", "invalid_credentials", GENERIC_LOGIN_ERROR)
    cache.delete(keys[0])
    login(request, user)
    record_audit("account.login", object_type="User", object_id=user.username, actor=user)
    return user


def sign_out(request: HttpRequest) -> None:
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        record_audit("account.logout", object_type="User", object_id=user.username, actor=user)
    logout(request)


def _check_grantable(organisation: Organisation, role: str) -> None:
    if role not in Role.values:
        raise FieldError("role", "invalid", f"未知角色：{role}")
    if role not in GRANTABLE_ROLES[organisation.kind]:
        raise FieldError(
            "role", "not_grantable", f"{organisation.name}不能授予“{Role(role).label}”角色。"
        )


def _snapshot(user: User, organisation: Organisation) -> dict[str, Any]:
    roles = sorted(
        Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )
    return {"username": user.username, "display_name": user.display_name, "roles": roles}


@transaction.atomic
def add_member(
    organisation: Organisation,
    *,
    username: str,
    display_name: str,
    password: str,
    role: str,
    acting_user: Any,
) -> User:
    """Create a new account holding `role` in `organisation`."""
    username = (username or "").strip()
    if not username:
        raise FieldError("username", "required", "请填写用户名。")
    if User.objects.filter(username__iexact=username).exists():
        raise FieldError("username", "duplicate", f"用户名 {username} 已被使用。")
    _check_grantable(organisation, role)
    user = User(username=username, display_name=(display_name or "").strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise FieldError("password", "weak", "；".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    record_audit(
        "member.add",
        object_type="User",
        object_id=username,
        after=_snapshot(user, organisation),
        actor=acting_user,
        organisation_code=organisation.code,
    )
    return user


@transaction.atomic
def grant_role(organisation: Organisation, *, username: str, role: str, acting_user: Any) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise FieldError("username", "not_found", f"未找到用户 {username}。")
    _check_grantable(organisation, role)
    before = _snapshot(user, organisation)
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    record_audit(
        "member.grant_role",
        object_type="User",
        object_id=username,
        before=before,
        after=_snapshot(user, organisation),
        actor=acting_user,
        organisation_code=organisation.code,
    )
    return user


@transaction.atomic
def revoke_role(organisation: Organisation, *, username: str, role: str, acting_user: Any) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise FieldError("username", "not_found", f"未找到用户 {username}。")
    if user.pk == getattr(acting_user, "pk", None) and role in (
        Role.COUNTY_ADMIN,
        Role.PREFECTURE_ADMIN,
    ):
        raise FieldError("role", "self_revoke", "不能撤销自己的管理员角色。")
    before = _snapshot(user, organisation)
    deleted, _ = Membership.objects.filter(user=user, organisation=organisation, role=role).delete()
    if not deleted:
        raise FieldError("role", "not_held", f"{username} 在本机构没有该角色。")
    record_audit(
        "member.revoke_role",
        object_type="User",
        object_id=username,
        before=before,
        after=_snapshot(user, organisation),
        actor=acting_user,
        organisation_code=organisation.code,
    )
    return user
