"""等保 level 3 account security (GB/T 22239-2019 8.1.4.1–8.1.4.3): where sign-in events go,
brute force kept out without a lockout, the password policy, the second factor, idle sessions."""

import time
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.accounts import throttle
from suiji_platform.accounts.models import Membership, Role, User
from suiji_tenants.audit.models import AuditRecord
from tests.conftest import DEMO_PASSWORD, GraphQLClient

pytestmark = pytest.mark.django_db

LOGIN = """mutation($u:String!,$p:String!,$k:String,$a:String){
  login(username:$u,password:$p,captchaKey:$k,captchaAnswer:$a){
    me { username } nextStep passwordChangeReason
    secondFactorSetup { secret uri qrCode } recoveryCodes
    errors { field code message } } }"""
CONTINUE = """mutation($c:String,$n:String){ continueLogin(code:$c,newPassword:$n){
    me { username } nextStep passwordChangeReason
    secondFactorSetup { secret } recoveryCodes errors { field code message } } }"""
CAPTCHA = "mutation { newLoginCaptcha { captcha { key imageUrl } errors { message } } }"
ME = "{ me { username } }"
STRONG = "Gai-Mima-2026!x"


@pytest.fixture(autouse=True)
def _fresh_counters() -> Any:
    cache.clear()
    yield
    cache.clear()


def login(client: GraphQLClient, username: str, password: str = DEMO_PASSWORD, **captcha: str):
    variables = {"u": username, "p": password, "k": captcha.get("key"), "a": captcha.get("answer")}
    return client.post(LOGIN, variables)["data"]["login"]


def code(result: dict[str, Any]) -> str:
    return result["errors"][0]["code"] if result["errors"] else ""


def solved_captcha(client: GraphQLClient) -> dict[str, str]:
    from captcha.models import CaptchaStore

    captcha = client.post(CAPTCHA)["data"]["newLoginCaptcha"]["captcha"]
    assert captcha["imageUrl"] == f"/captcha/image/{captcha['key']}/"
    image = client.client.get(captcha["imageUrl"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    return {
        "key": captcha["key"],
        "answer": CaptchaStore.objects.get(hashkey=captcha["key"]).response,
    }


def chain(schema: str) -> list[AuditRecord]:
    with schema_context(schema):
        return list(AuditRecord.objects.order_by("seq"))


# --- 1. sign-in events belong to the platform's chain, and stay bounded --------------------------


def test_logins_on_an_organisation_path_never_write_into_its_audit_log() -> None:
    client = GraphQLClient()
    before_org, before_public = len(chain("org_533103")), len(chain("public"))
    wrong = client.post(LOGIN, {"u": "mangshi.admin", "p": "wrong"}, org="533103")["data"]["login"]
    assert code(wrong) == "invalid_credentials"
    for _ in range(4):  # including throttled attempts
        client.post(LOGIN, {"u": "mangshi.admin", "p": "wrong"}, org="533103")
    right = client.post(LOGIN, {"u": "nobody.here", "p": "x"}, org="533103")["data"]["login"]
    assert right["me"] is None
    assert len(chain("org_533103")) == before_org
    public = chain("public")[before_public:]
    assert {r.operation for r in public} >= {"account.login_failed"}
    assert all(r.organisation_code == "" for r in public)


def test_a_flood_of_failed_logins_writes_a_bounded_number_of_records(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.LOGIN_AUDIT_MAX_PER_MINUTE = 3
    # the budget counts per calendar minute: hold the minute still, so no boundary falls inside
    minute = [throttle.current_minute() + 1_000]
    monkeypatch.setattr(throttle, "current_minute", lambda: minute[0])
    before = len(chain("public"))
    for i in range(12):
        login(GraphQLClient(), f"flood{i}", "wrong")
    written = [r.operation for r in chain("public")[before:]]
    assert written == ["account.login_failed"] * 3 + ["account.login_flood"]
    minute[0] += 1  # the next minute has a budget of its own
    login(GraphQLClient(), "flood-next", "wrong")
    assert chain("public")[-1].operation == "account.login_failed"


def test_failed_logins_name_existing_accounts_only_and_never_the_password() -> None:
    before = len(chain("public"))
    login(GraphQLClient(), "lianghe.admin", "Secret-typed-2026")
    login(GraphQLClient(), "Secret-typed-as-name", "x")
    known, unknown = chain("public")[before:]
    assert known.object_id == "lianghe.admin"
    assert unknown.object_id == ""
    assert "Secret-typed" not in str([known.after, unknown.after])


# --- 2. no lockout: delays per address+account, a captcha, an admin unlock ------------------------


def test_an_attacker_cannot_lock_the_right_password_out(settings: Any) -> None:
    settings.LOGIN_DELAY_AFTER = 100  # the attacker waits out its own delays
    attacker = GraphQLClient()
    for _ in range(8):
        login(attacker, "ruili.inspector", "wrong-password")
    official = GraphQLClient()  # another address
    asked = login(official, "ruili.inspector")
    assert code(asked) == "captcha_required"
    assert asked["errors"][0]["field"] == "captcha"
    wrong_captcha = login(
        official, "ruili.inspector", key=solved_captcha(official)["key"], answer="zzzzz"
    )
    assert code(wrong_captcha) == "captcha_invalid"
    signed_in = login(official, "ruili.inspector", **solved_captcha(official))
    assert signed_in["errors"] == []
    assert signed_in["me"] == {"username": "ruili.inspector"}


def test_delays_grow_for_one_address_on_one_account_only() -> None:
    attacker = GraphQLClient()
    for _ in range(3):
        assert code(login(attacker, "yingjiang.partner", "wrong")) == "invalid_credentials"
    waiting = login(attacker, "yingjiang.partner")
    assert code(waiting) == "throttled"
    assert "秒后再试" in waiting["errors"][0]["message"]
    # The same gateway address may still sign other people in, and the official elsewhere too.
    assert login(attacker, "yingjiang.staff")["me"] == {"username": "yingjiang.staff"}
    assert login(GraphQLClient(), "yingjiang.partner")["me"] == {"username": "yingjiang.partner"}


def test_answers_never_tell_whether_an_account_exists(settings: Any) -> None:
    settings.LOGIN_DELAY_AFTER = 100

    def sequence(username: str) -> list[tuple[str, str]]:
        client = GraphQLClient()
        answers = []
        for _ in range(7):
            result = login(client, username, "wrong")
            answers.append((code(result), result["errors"][0]["message"].split("，请")[0]))
        return answers

    answers = sequence("longchuan.inspector")
    assert answers == sequence("longchuan.nobody")
    assert [c for c, _ in answers] == ["invalid_credentials"] * 5 + ["captcha_required"] * 2


def test_an_administrator_unlocks_an_account_and_it_is_recorded(as_user: Any) -> None:
    for _ in range(6):
        login(GraphQLClient(), "mangshi.partner", "wrong")
    assert code(login(GraphQLClient(), "mangshi.partner")) == "captcha_required"
    admin = as_user("mangshi.admin")
    members = admin.post("{ members { username failedSignIns signInRestricted } }", org="533103")[
        "data"
    ]["members"]
    by_name = {m["username"]: m for m in members}
    # The sixth attempt needed a captcha: its password was never checked, nor counted.
    assert by_name["mangshi.partner"]["failedSignIns"] == 5
    # The member page shows the lock (a captcha is asked), and only for that account.
    assert by_name["mangshi.partner"]["signInRestricted"] is True
    assert by_name["mangshi.admin"]["signInRestricted"] is False
    result = admin.post(
        'mutation { unlockAccount(username:"mangshi.partner") { member { username failedSignIns'
        " signInRestricted } errors { field code message } } }",
        org="533103",
    )["data"]["unlockAccount"]
    assert result["errors"] == [] and result["member"]["failedSignIns"] == 0
    assert result["member"]["signInRestricted"] is False
    assert login(GraphQLClient(), "mangshi.partner")["me"] == {"username": "mangshi.partner"}
    assert chain("org_533103")[-1].operation == "member.unlock"
    assert chain("org_533103")[-1].actor == "mangshi.admin"
    # Only members of the administrator's own organisation.
    other = admin.post(
        'mutation { unlockAccount(username:"ruili.partner") { errors { code } } }', org="533103"
    )["data"]["unlockAccount"]
    assert other["errors"][0]["code"] == "not_found"


def test_sign_in_failures_are_shown_only_to_who_manages_members(as_user: Any) -> None:
    login(GraphQLClient(), "mangshi.partner", "wrong")
    query = "{ members { username failedSignIns signInRestricted } }"
    for username in ("mangshi.staff", "mangshi.inspector"):
        answer = as_user(username).post(query, org="533103")
        members = answer["data"]["members"]
        assert members, username
        assert all(m["failedSignIns"] is None for m in members), username
        assert all(m["signInRestricted"] is None for m in members), username
    by_name = {
        m["username"]: m
        for m in as_user("mangshi.admin").post(query, org="533103")["data"]["members"]
    }
    assert by_name["mangshi.partner"]["failedSignIns"] == 1


# --- 3. password policy --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("Ab1-x", "至少 10 个字符"),
        ("abcdefghijkl", "至少 3 类"),
        ("1234567890123", "不能全是数字"),
        ("password1234", "太常见"),
    ],
)
def test_weak_passwords_are_refused(as_user: Any, password: str, why: str) -> None:
    result = as_user("mangshi.admin").post(
        'mutation($p:String!){ addMember(username:"mangshi.weak", displayName:"x", password:$p,'
        " role: INSPECTOR) { errors { field code message } } }",
        {"p": password},
        org="533103",
    )["data"]["addMember"]
    assert result["errors"][0]["field"] == "password"
    assert why in result["errors"][0]["message"]


def _new_member(as_user: Any, username: str, role: str = "INSPECTOR", org: str = "533103") -> None:
    result = as_user("mangshi.admin" if org == "533103" else "dehong.admin").post(
        'mutation($u:String!,$r:RoleName!){ addMember(username:$u, displayName:"新同事",'
        f' password:"{STRONG}", role:$r) {{ errors {{ message }} }} }}',
        {"u": username, "r": role},
        org=org,
    )["data"]["addMember"]
    assert result["errors"] == []


def test_an_account_an_admin_created_changes_its_password_at_first_login(as_user: Any) -> None:
    _new_member(as_user, "mangshi.first")
    client = GraphQLClient()
    first = login(client, "mangshi.first", STRONG)
    assert first["me"] is None
    assert (first["nextStep"], first["passwordChangeReason"]) == ("CHANGE_PASSWORD", "initial")
    assert client.post(ME)["data"]["me"] is None  # not signed in yet
    same = client.post(CONTINUE, {"n": STRONG})["data"]["continueLogin"]
    assert same["errors"][0]["field"] == "newPassword"
    assert "最近 5 次" in same["errors"][0]["message"]
    done = client.post(CONTINUE, {"n": "Neue-Mima-2027?"})["data"]["continueLogin"]
    assert done["errors"] == [] and done["me"] == {"username": "mangshi.first"}
    assert client.post(ME)["data"]["me"] == {"username": "mangshi.first"}
    assert login(GraphQLClient(), "mangshi.first", "Neue-Mima-2027?")["nextStep"] is None


def test_the_last_five_passwords_cannot_be_reused(as_user: Any) -> None:
    user = User.objects.get(username="lianghe.staff")
    client = as_user("lianghe.staff")
    change = (
        "mutation($c:String!,$n:String!){ changePassword(currentPassword:$c,newPassword:$n)"
        " { errors { field code message } } }"
    )
    passwords = [DEMO_PASSWORD] + [f"Kouling-{i}-2026!" for i in range(5)]
    for old, new in zip(passwords, passwords[1:], strict=False):
        assert client.post(change, {"c": old, "n": new})["data"]["changePassword"]["errors"] == []
    current = passwords[-1]
    for reused in passwords[-5:]:
        refused = client.post(change, {"c": current, "n": reused})["data"]["changePassword"]
        assert refused["errors"][0]["code"] == "weak", reused
    # The sixth-last is allowed again.
    assert (
        client.post(change, {"c": current, "n": passwords[0]})["data"]["changePassword"]["errors"]
        == []
    )
    assert user.password_history.count() <= 4
    wrong = client.post(change, {"c": "not-it", "n": "Whatever-2026!"})["data"]["changePassword"]
    assert wrong["errors"][0]["field"] == "currentPassword"


def test_an_expired_password_must_be_changed(settings: Any) -> None:
    settings.DEMO_ACCOUNTS_EXEMPT = False
    User.objects.filter(username="lianghe.inspector").update(
        password_changed_at=timezone.now() - timedelta(days=91)
    )
    result = login(GraphQLClient(), "lianghe.inspector")
    assert (result["nextStep"], result["passwordChangeReason"]) == ("CHANGE_PASSWORD", "expired")
    settings.DEMO_ACCOUNTS_EXEMPT = True
    assert login(GraphQLClient(), "lianghe.inspector")["me"] == {"username": "lianghe.inspector"}


# --- 5. second factor ----------------------------------------------------------------------------


def _totp(username: str, *, confirmed: bool, ahead: int = 0) -> str:
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=confirmed)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead * device.step
    return f"{totp.token():06d}"


def test_administrators_enrol_a_second_factor_and_then_need_it(as_user: Any) -> None:
    _new_member(as_user, "mangshi.boss", role="COUNTY_ADMIN")
    client = GraphQLClient()
    first = login(client, "mangshi.boss", STRONG)
    assert first["nextStep"] == "CHANGE_PASSWORD"
    enrol = client.post(CONTINUE, {"n": "Neue-Mima-2027?"})["data"]["continueLogin"]
    assert enrol["nextStep"] == "ENROL_SECOND_FACTOR" and enrol["me"] is None
    assert (
        client.post(CONTINUE, {"c": "000000"})["data"]["continueLogin"]["errors"][0]["code"]
        == "invalid"
    )
    done = client.post(CONTINUE, {"c": _totp("mangshi.boss", confirmed=False)})["data"][
        "continueLogin"
    ]
    assert done["me"] == {"username": "mangshi.boss"}
    recovery = done["recoveryCodes"]
    assert len(recovery) == 10

    again = GraphQLClient()
    step = login(again, "mangshi.boss", "Neue-Mima-2027?")
    assert step["nextStep"] == "VERIFY_SECOND_FACTOR" and step["me"] is None
    ok = again.post(CONTINUE, {"c": _totp("mangshi.boss", confirmed=True, ahead=1)})
    assert ok["data"]["continueLogin"]["me"] == {"username": "mangshi.boss"}

    # A recovery code works once.
    for expected in ({"username": "mangshi.boss"}, None):
        c = GraphQLClient()
        login(c, "mangshi.boss", "Neue-Mima-2027?")
        assert c.post(CONTINUE, {"c": recovery[0]})["data"]["continueLogin"]["me"] == expected


def test_demo_exemption_is_a_setting(settings: Any) -> None:
    assert login(GraphQLClient(), "dehong.auditor")["me"] == {"username": "dehong.auditor"}
    settings.DEMO_ACCOUNTS_EXEMPT = False
    assert login(GraphQLClient(), "dehong.auditor")["nextStep"] == "ENROL_SECOND_FACTOR"
    # Roles without the requirement are not asked.
    assert login(GraphQLClient(), "dehong.inspector")["me"] == {"username": "dehong.inspector"}


def test_second_factor_tries_are_limited(settings: Any) -> None:
    settings.DEMO_ACCOUNTS_EXEMPT = False
    client = GraphQLClient()
    login(client, "lianghe.admin")
    client.post(CONTINUE, {"c": _totp("lianghe.admin", confirmed=False)})
    again = GraphQLClient()
    assert login(again, "lianghe.admin")["nextStep"] == "VERIFY_SECOND_FACTOR"
    codes = [code(again.post(CONTINUE, {"c": "123456"})["data"]["continueLogin"]) for _ in range(5)]
    assert codes == ["invalid"] * 4 + ["too_many_tries"]
    assert code(again.post(CONTINUE, {"c": "123456"})["data"]["continueLogin"]) == "login_expired"


# --- 4. idle sessions ----------------------------------------------------------------------------


def test_an_idle_session_ends(settings: Any, as_user: Any) -> None:
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 60
    client = GraphQLClient()
    login(client, "mangshi.inspector")
    assert client.post("{ me { sessionIdleSeconds } }")["data"]["me"] == {"sessionIdleSeconds": 60}
    session = client.client.session
    session["suiji.last_seen"] = time.time() - 61
    session.save()
    assert client.post(ME)["data"]["me"] is None
    assert chain("public")[-1].operation == "account.session_idle_timeout"


def test_an_active_session_stays(settings: Any) -> None:
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 60
    client = GraphQLClient()
    login(client, "mangshi.inspector")
    session = client.client.session
    session["suiji.last_seen"] = time.time() - 50
    session.save()
    assert client.post(ME)["data"]["me"] == {"username": "mangshi.inspector"}
    assert time.time() - client.client.session["suiji.last_seen"] < 5


# --- 7. my account -------------------------------------------------------------------------------


def test_my_account_shows_roles_permissions_second_factor_and_recent_sign_ins() -> None:
    client = GraphQLClient()
    login(client, "ruili.staff", "wrong")
    login(client, "ruili.staff")
    me = client.post(
        "{ me { passwordExpiresAt secondFactor { enrolled required recoveryCodesLeft }"
        " recentSignIns { outcome address } organisations { organisation { code } permissions } } }"
    )["data"]["me"]
    assert me["passwordExpiresAt"] is None  # demo exemption
    assert me["secondFactor"] == {"enrolled": False, "required": False, "recoveryCodesLeft": 0}
    assert [e["outcome"] for e in me["recentSignIns"]][:2] == ["success", "failed"]
    assert me["organisations"][0]["permissions"] == [
        "MANAGE_DEPARTMENT_REGISTRIES",
        "MANAGE_INSPECTIONS",
        "MANAGE_PLANS",
        "MANAGE_REGISTRIES",
        "READ_BURDEN",
        "READ_INSPECTIONS",
        "READ_ORGANISATION",
        "RUN_DRAWS",
    ]


def test_membership_roles_unchanged() -> None:
    assert Membership.objects.filter(user__username="dehong.auditor", role=Role.AUDITOR).exists()
