"""Account verbs: sign in (with its further steps), sign out, passwords, the second factor,
add people to an organisation, grant and revoke roles, unlock an account.

Signing in is a short state machine kept in the session: the password opens it; a second
factor (verify, or enrol where the role requires one) and a forced password change (first
login of an account an administrator created, or an expired password) may follow. Only when
every step is done is the user logged in (GB/T 22239-2019 8.1.4.1).
"""

import io
import time
from base64 import b32encode, b64encode
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.services import record_audit

from . import throttle
from .access import GRANTABLE_ROLES, PARTNER_DEPARTMENT_LABELS, needs_second_factor
from .models import Membership, PasswordHistory, Role, User
from .passwords import password_change_required, policy_messages
from .security import client_address, record_failed_login, record_platform_event

GENERIC_LOGIN_ERROR = "用户名或密码错误。"
PENDING_KEY = "suiji.pending_login"

STEP_VERIFY = "verify_second_factor"
STEP_CHANGE_PASSWORD = "change_password"  # noqa: S105 - a step name
STEP_ENROL = "enrol_second_factor"
MAX_SECOND_FACTOR_TRIES = 5


@dataclass(frozen=True)
class SecondFactorSetup:
    """What an authenticator app needs: the secret (base32), its otpauth:// URI and a QR."""

    secret: str
    uri: str
    qr_svg_data_uri: str


@dataclass
class LoginResult:
    user: User
    step: str | None = None  # None: signed in
    password_reason: str = ""  # "initial" | "expired" when the step is a password change
    setup: SecondFactorSetup | None = None
    recovery_codes: list[str] = field(default_factory=list)


def _captcha_passes(key: str, answer: str) -> bool:
    """django-simple-captcha's store: one try per challenge, expired ones refused."""
    from captcha.models import CaptchaStore

    key, answer = (key or "").strip().lower(), (answer or "").strip().lower()
    if not key or not answer:
        return False
    CaptchaStore.remove_expired()
    if settings.CAPTCHA_TEST_MODE and answer == "passed":
        CaptchaStore.objects.filter(hashkey=key).delete()
        return True
    store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
    if store is None:
        return False
    store.delete()
    return store.response == answer


def new_captcha() -> str:
    """A new captcha challenge; its image is served at /captcha/image/<key>/."""
    from captcha.models import CaptchaStore

    return str(CaptchaStore.generate_key())


def _existing_username(username: str) -> str:
    """The account's username if it exists (for the log only; never for the answer)."""
    user = User.objects.filter(username__iexact=(username or "").strip()).only("username").first()
    return user.username if user else ""


def sign_in(
    request: HttpRequest,
    *,
    username: str,
    password: str,
    captcha_key: str = "",
    captcha_answer: str = "",
) -> LoginResult:
    """Check the password, then start the remaining steps or log in.

    Never a lockout: repeated failures make one address wait progressively longer for one
    account, and after more failures the account (or a very busy address) needs a captcha, with
    which the right password still gets in. The answers are the same for accounts that do not
    exist. Every event goes to the platform's chain, within a budget per minute."""
    address = client_address(request)
    counters = throttle.counters(username, address)
    verdict = throttle.check(counters)
    if verdict.wait_seconds > 0:
        if throttle.once_per_window(f"throttled:{counters.account}:{address}", 60):
            record_failed_login(
                "account.login_throttled",
                object_id=_existing_username(username),
                after={"address": address, "wait_seconds": verdict.wait_seconds},
            )
        raise FieldError(
            "",
            "throttled",
            f"尝试过于频繁，请 {verdict.wait_seconds} 秒后再试。",
        )
    if verdict.captcha_required and not _captcha_passes(captcha_key, captcha_answer):
        if captcha_key or captcha_answer:
            raise FieldError(
                "captcha", "captcha_invalid", "验证码不正确或已过期，请重新输入新的验证码。"
            )
        if throttle.once_per_window(f"captcha:{counters.account}", 300):
            record_failed_login(
                "account.login_captcha_required",
                object_id=_existing_username(username),
                after={"address": address},
            )
        raise FieldError(
            "captcha", "captcha_required", "登录失败次数较多，请输入图中的验证码后再登录。"
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        failures = throttle.count_failure(counters)
        record_failed_login(
            "account.login_failed",
            object_id=_existing_username(username),
            after={"address": address, "account": counters.account[:12], "failures": failures},
        )
        raise FieldError("", "invalid_credentials", GENERIC_LOGIN_ERROR)
    throttle.clear_after_success(counters)
    assert isinstance(user, User)
    steps = _steps_for(user)
    if not steps:
        _complete(request, user)
        return LoginResult(user)
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "since": time.time(),
        "steps": steps,
        "tries": 0,
        "backend": getattr(user, "backend", ""),
    }
    record_platform_event(
        "account.login_step", object_id=user.username, after={"steps": steps, "address": address}
    )
    return _result(user, steps)


def second_factor_enforced(user: User) -> bool:
    if not settings.SECOND_FACTOR_REQUIRED:
        return False
    if user.is_demo and settings.DEMO_ACCOUNTS_EXEMPT:
        return False
    return needs_second_factor(user)


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _steps_for(user: User) -> list[str]:
    steps = []
    if has_second_factor(user):
        steps.append(STEP_VERIFY)
    if password_change_required(user):
        steps.append(STEP_CHANGE_PASSWORD)
    if STEP_VERIFY not in steps and second_factor_enforced(user):
        steps.append(STEP_ENROL)
    return steps


def _result(user: User, steps: list[str], recovery_codes: list[str] | None = None) -> LoginResult:
    step = steps[0] if steps else None
    result = LoginResult(user, step, recovery_codes=recovery_codes or [])
    if step == STEP_CHANGE_PASSWORD:
        result.password_reason = password_change_required(user) or "initial"
    if step == STEP_ENROL:
        result.setup = start_second_factor_enrolment(user)
    return result


def _complete(request: HttpRequest, user: User) -> None:
    request.session.pop(PENDING_KEY, None)
    login(request, user, backend=getattr(user, "backend", None))
    record_platform_event(
        "account.login",
        object_id=user.username,
        after={"address": client_address(request)},
        actor=user,
    )


def _pending(request: HttpRequest) -> tuple[dict[str, Any], User]:
    pending = request.session.get(PENDING_KEY)
    expired = FieldError("", "login_expired", "登录已超时，请重新输入用户名和密码。")
    if not pending or time.time() - pending["since"] > settings.LOGIN_PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        raise expired
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        raise expired
    if pending.get("backend"):
        user.backend = pending["backend"]  # type: ignore[attr-defined]
    return pending, user


def continue_login(request: HttpRequest, *, new_password: str = "", code: str = "") -> LoginResult:
    """Do the pending login's next step: a second-factor code, a new password, or the code that
    confirms a new authenticator (which answers with the recovery codes, shown once)."""
    pending, user = _pending(request)
    steps: list[str] = list(pending["steps"])
    step = steps[0]
    recovery: list[str] = []
    if step == STEP_VERIFY:
        if not (code or "").strip():
            raise FieldError("code", "required", "请输入身份验证器上的 6 位数字，或一个恢复码。")
        if not verify_second_factor(user, code):
            pending["tries"] = pending.get("tries", 0) + 1
            record_failed_login(
                "account.second_factor_failed",
                object_id=user.username,
                after={"address": client_address(request), "tries": pending["tries"]},
            )
            if pending["tries"] >= MAX_SECOND_FACTOR_TRIES:
                request.session.pop(PENDING_KEY, None)
                raise FieldError(
                    "code", "too_many_tries", "验证码错误次数过多，请重新输入用户名和密码。"
                )
            request.session[PENDING_KEY] = pending
            raise FieldError("code", "invalid", "验证码不正确，请输入身份验证器上当前的 6 位数字。")
    elif step == STEP_CHANGE_PASSWORD:
        set_password(user, new_password, field_name="newPassword")
        record_platform_event(
            "account.password_change",
            object_id=user.username,
            after={"reason": password_change_required(user) or "login"},
            actor=user,
        )
    elif step == STEP_ENROL:
        recovery = confirm_second_factor_enrolment(user, code)
    steps.pop(0)
    if not steps:
        _complete(request, user)
        return LoginResult(user, recovery_codes=recovery)
    pending["steps"] = steps
    pending["tries"] = 0
    request.session[PENDING_KEY] = pending
    return _result(user, steps, recovery)


def sign_out(request: HttpRequest) -> None:
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        record_platform_event("account.logout", object_id=user.username, actor=user)
    request.session.pop(PENDING_KEY, None)
    logout(request)


# --- passwords ---------------------------------------------------------------------------------


def set_password(user: User, raw: str, *, field_name: str = "password") -> None:
    """Validate against the whole policy (history included), keep the old hash in the history."""
    try:
        validate_password(raw or "", user)
    except ValidationError as exc:
        raise FieldError(field_name, "weak", policy_messages(exc)) from exc
    if user.password and user.pk is not None:
        PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[
            : max(settings.PASSWORD_HISTORY - 1, 0)
        ]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
    user.set_password(raw)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])


def change_password(request: HttpRequest, *, current_password: str, new_password: str) -> User:
    """The signed-in user changes their password (the session stays signed in)."""
    user = request.user
    assert isinstance(user, User)
    if not user.check_password(current_password or ""):
        raise FieldError("currentPassword", "wrong", "当前密码不正确，请重新输入。")
    set_password(user, new_password, field_name="newPassword")
    update_session_auth_hash(request, user)
    record_platform_event(
        "account.password_change", object_id=user.username, after={"reason": "self"}, actor=user
    )
    return user


# --- second factor (django-otp: TOTP device, static device for recovery codes) ----------------


def _qr_data_uri(uri: str) -> str:
    import qrcode
    import qrcode.image.svg

    buffer = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(buffer)
    return "data:image/svg+xml;base64," + b64encode(buffer.getvalue()).decode("ascii")


def start_second_factor_enrolment(user: User) -> SecondFactorSetup:
    """A new, unconfirmed authenticator; it counts only once a code from it is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    uri = device.config_url
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return SecondFactorSetup(secret=secret, uri=uri, qr_svg_data_uri=_qr_data_uri(uri))


@transaction.atomic
def confirm_second_factor_enrolment(user: User, code: str) -> list[str]:
    """Confirm the new authenticator with a code from it; it replaces any earlier one. Answers
    new recovery codes (the earlier ones stop working)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        raise FieldError("code", "no_enrolment", "请先生成新的二维码并用身份验证器扫描。")
    if not device.verify_token(_digits(code)):
        raise FieldError("code", "invalid", "验证码不正确：请输入身份验证器上当前显示的 6 位数字。")
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    record_platform_event("account.second_factor_enrolled", object_id=user.username, actor=user)
    return codes


def _digits(code: str) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace())


def _new_recovery_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="恢复码")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def regenerate_recovery_codes(user: User, code: str) -> list[str]:
    """New recovery codes, after a current code from the authenticator."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise FieldError("code", "no_second_factor", "您还没有绑定身份验证器。")
    if not device.verify_token(_digits(code)):
        raise FieldError("code", "invalid", "验证码不正确：请输入身份验证器上当前显示的 6 位数字。")
    codes = _new_recovery_codes(user)
    record_platform_event("account.recovery_codes_renewed", object_id=user.username, actor=user)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def verify_second_factor(user: User, code: str) -> bool:
    """A 6-digit TOTP code, or a recovery code (used once)."""
    token = _digits(code).lower()
    if not token:
        return False
    if token.isdigit():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        return bool(device and device.verify_token(token))
    for static in StaticDevice.objects.filter(user=user):
        if static.verify_token(token):
            record_platform_event(
                "account.recovery_code_used",
                object_id=user.username,
                after={"left": recovery_codes_left(user)},
                actor=user,
            )
            return True
    return False


def recent_sign_ins(user: User, limit: int = 10) -> list[Any]:
    """The user's latest sign-ins and failed attempts, from the platform's chain."""
    from django.db.models import Q
    from django_tenants.utils import get_public_schema_name, schema_context

    from suiji_tenants.audit.models import AuditRecord

    with schema_context(get_public_schema_name()):
        return list(
            AuditRecord.objects.filter(
                Q(operation="account.login", actor_id=user.pk)
                | Q(
                    operation__in=(
                        "account.login_failed",
                        "account.login_throttled",
                        "account.second_factor_failed",
                    ),
                    object_id=user.username,
                )
            ).order_by("-seq")[:limit]
        )


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


def _check_department(role: str, department: str) -> str:
    """Partner staff are bound to one partner department; other roles to none."""
    department = (department or "").strip()
    if role != Role.PARTNER_STAFF:
        return ""
    if department not in PARTNER_DEPARTMENT_LABELS:
        raise FieldError(
            "department",
            "required" if not department else "invalid_choice",
            "协作部门人员须选择所属部门：" + "、".join(PARTNER_DEPARTMENT_LABELS.values()) + "。",
        )
    return department


@transaction.atomic
def add_member(
    organisation: Organisation,
    *,
    username: str,
    display_name: str,
    password: str,
    role: str,
    acting_user: Any,
    department: str = "",
) -> User:
    """Create a new account holding `role` in `organisation` (partner staff: of `department`)."""
    username = (username or "").strip()
    if not username:
        raise FieldError("username", "required", "请填写用户名。")
    if User.objects.filter(username__iexact=username).exists():
        raise FieldError("username", "duplicate", f"用户名 {username} 已被使用。")
    _check_grantable(organisation, role)
    department = _check_department(role, department)
    user = User(
        username=username,
        display_name=(display_name or "").strip(),
        # GB/T 22239-2019 8.1.4.1: the administrator knows this password; the person replaces
        # it at first login.
        must_change_password=True,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise FieldError("password", "weak", policy_messages(exc)) from exc
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    Membership.objects.create(
        user=user, organisation=organisation, role=role, department=department
    )
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
def grant_role(
    organisation: Organisation,
    *,
    username: str,
    role: str,
    acting_user: Any,
    department: str = "",
) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise FieldError("username", "not_found", f"未找到用户 {username}。")
    _check_grantable(organisation, role)
    department = _check_department(role, department)
    before = _snapshot(user, organisation)
    Membership.objects.update_or_create(
        user=user, organisation=organisation, role=role, defaults={"department": department}
    )
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


@transaction.atomic
def unlock_account(organisation: Organisation, *, username: str, acting_user: Any) -> User:
    """Forget the account's failed sign-ins (delays and captcha), recorded in both chains."""
    user = User.objects.filter(username=username).first()
    if user is None or not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise FieldError("username", "not_found", f"本机构没有用户 {username}。")
    failures = throttle.unlock(user.username)
    after = {"failures_cleared": failures}
    record_audit(
        "member.unlock",
        object_type="User",
        object_id=user.username,
        after=after,
        actor=acting_user,
        organisation_code=organisation.code,
    )
    record_platform_event(
        "account.unlock",
        object_id=user.username,
        after={**after, "organisation": organisation.code},
        actor=acting_user,
    )
    return user
