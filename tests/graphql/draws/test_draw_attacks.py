"""Draw API under attack: other counties, the prefecture's read-only oversight, anonymous
visitors, inspectors and partners, and bad input. Every refusal must be a typed error that
changes nothing: no draw, audit record or ledger row is written."""

import json
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from graphql_relay import to_global_id

from suiji_platform.accounts.access import Access
from suiji_platform.accounts.models import Role, User
from suiji_platform.ledger.models import LedgerEntry
from suiji_platform.organisations.models import Organisation
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.draws import services
from suiji_tenants.draws.models import Draw
from suiji_tenants.plans.models import PlanTask
from suiji_tenants.registries.models import Inspector, MarketEntity

from ...tenants.draws.factories import setup_county

pytestmark = pytest.mark.django_db

A = "533103"  # 芒市: the attacker's own county
B = "533102"  # 瑞丽市: the county under attack

ID_NUMBER = "533103198001011236"  # a valid GB 11643 number (check digit 6)
INSPECTOR_PHONE = "13912345678"
ENTITY_PHONE = "13812345678"

ERRORS = "errors { field code message }"
CREATE = "mutation($t:ID!,$r:Int!){ createDraw(taskId:$t, round:$r){ draw { id status } %s } }"
COMMIT = "mutation($id:ID!){ commitDraw(id:$id){ draw { id status commitment } %s } }"
WITNESS = """mutation($id:ID!,$n:String!,$v:String!){ addWitnessInput(id:$id, name:$n, value:$v){
  draw { witnesses { name value } } %s } }"""
EXECUTE = "mutation($id:ID!){ executeDraw(id:$id){ draw { status seed } job { id } %s } }"
PUBLISH = "mutation($id:ID!){ publishDraw(id:$id){ draw { status recordUrl } %s } }"
VOID = (
    "mutation($id:ID!,$r:String!){ voidDraw(id:$id, reason:$r){ draw { status voidReason } %s } }"
)
REGISTER = """mutation($u:String!){ registerTargetedInspection(uscc:$u, reason:COMPLAINT,
  startedOn:"2026-11-01", itemCodes:["ZJ-001"]){ targetedInspection { id } %s } }"""
CREATE, COMMIT, WITNESS, EXECUTE, PUBLISH, VOID, REGISTER = (
    q % ERRORS for q in (CREATE, COMMIT, WITNESS, EXECUTE, PUBLISH, VOID, REGISTER)
)

DRAWS = "{ draws { totalCount edges { node { id reference status commitment } } } }"
DRAW = "query($id:ID!){ draw(id:$id){ reference status commitment witnesses { value } } }"
NODE = "query($id:ID!){ node(id:$id){ ... on Draw { reference status } } }"
PREVIEW = "query($t:ID!){ drawPreview(taskId:$t, round:1){ poolSize excluded { totalCount } } }"
TARGETED = "{ targetedInspections { totalCount } }"

PUBLIC_FIELDS = """id reference status recordUrl organisationCode organisationName taskTitle
  commitment seed revealedSecret voidReason witnesses { name value }
  targets(limit: 500) { totalCount items { code name region teamNumber key } }
  teams { number members { role code name } targetCodes }
  recusals { seq kind role inspector target reason replacement }"""
PUBLIC_DRAWS = "query($c:String!){ publicDraws(organisationCode:$c){ " + PUBLIC_FIELDS + " } }"
PUBLIC_DRAW = "query($id:ID!){ publicDraw(id:$id){ " + PUBLIC_FIELDS + " } }"

# States of the draws a county holds in these tests, one task round each (a round has at
# most one live draw): published, executed, committed, previewed, voided after execution,
# voided straight after the commit (never executed, so it has no record).
STATES = ("published", "executed", "committed", "previewed", "voided", "voided_unexecuted")
PUBLIC = {"published", "voided"}
# From the commit on, a draw's commitment, digests and parameters are public (before the reveal).
COMMIT_PUBLIC = {"published", "executed", "committed", "voided", "voided_unexecuted"}


# --- setting up -------------------------------------------------------------------------------


def org_of(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def build_county(code: str, slug: str) -> dict[str, Any]:
    """A county with registries (holding ID and phone numbers) and a draw in every state, made
    through the services by `<slug>.staff`; voids by `<slug>.admin`."""
    org = org_of(code)
    staff = User.objects.get(username=f"{slug}.staff")
    admin = User.objects.get(username=f"{slug}.admin")
    with schema_context(org.schema_name):
        task = setup_county(
            org, rounds=6, access=Access(org, frozenset({Role.COUNTY_ADMIN}), read_only=False)
        )
        Inspector.objects.update(id_number=ID_NUMBER, contact_phone=INSPECTOR_PHONE)
        MarketEntity.objects.update(contact_phone=ENTITY_PHONE)
        kw = {"organisation": org, "acting_user": staff}
        second = {"organisation": org, "acting_user": admin}
        draws: dict[str, int] = {}
        for round_number, state in enumerate(STATES, start=1):
            draw = services.create_draw(task, round_number, **kw)
            draws[state] = draw.pk
            if state == "previewed":
                continue
            draw = services.commit_draw(draw, **kw)
            if state == "voided_unexecuted":
                services.void_draw(draw, reason="录入错误", **second)
                continue
            draw = services.add_witness_input(draw, name="公证处", value="4711", **kw)
            if state == "committed":
                continue
            draw = services.execute_draw(draw, **kw)
            if state == "published":
                services.publish_draw(draw, **kw)
            elif state == "voided":
                services.void_draw(draw, reason="参数录入错误", **second)
        references = dict(
            zip(draws, [Draw.objects.get(pk=pk).reference for pk in draws.values()], strict=True)
        )
        for state, pk in draws.items():
            assert Draw.objects.get(pk=pk).status == state.split("_")[0], state
    return {
        "org": org,
        "task": to_global_id("PlanTask", task.pk),
        "task_pk": task.pk,
        "pks": draws,
        "ids": {s: to_global_id("Draw", pk) for s, pk in draws.items()},
        "refs": references,
    }


@pytest.fixture
def county_b() -> dict[str, Any]:
    return build_county(B, "ruili")


@pytest.fixture
def county_a() -> dict[str, Any]:
    return build_county(A, "mangshi")


@pytest.fixture
def task_a() -> str:
    """芒市 with registries and a published plan, but no draws yet."""
    org = org_of(A)
    with schema_context(org.schema_name):
        return to_global_id("PlanTask", setup_county(org, rounds=2).pk)


def state_of(code: str) -> dict[str, Any]:
    """Everything an attempt could change: the draws, the audit chain and the ledger."""
    org = org_of(code)
    with schema_context(org.schema_name):
        draws = [
            (d.pk, d.reference, d.status, d.witnesses, d.commitment, d.seed, d.void_reason)
            for d in Draw.objects.order_by("pk")
        ]
        audit = AuditRecord.objects.count()
    ledger = list(
        LedgerEntry.objects.filter(organisation=org)
        .order_by("pk")
        .values_list("pk", "voided", "closed_on")
    )
    return {"draws": draws, "audit": audit, "ledger": ledger}


def mutation_attempts(task: str, ids: dict[str, str]) -> list[tuple[str, str, dict[str, Any]]]:
    """Each draw mutation aimed at a draw in the state where it would succeed if allowed."""
    return [
        ("createDraw", CREATE, {"t": task, "r": 4}),
        ("commitDraw", COMMIT, {"id": ids["previewed"]}),
        ("addWitnessInput", WITNESS, {"id": ids["committed"], "n": "攻击者", "v": "1"}),
        ("executeDraw", EXECUTE, {"id": ids["committed"]}),
        ("publishDraw", PUBLISH, {"id": ids["executed"]}),
        ("voidDraw", VOID, {"id": ids["published"], "r": "恶意作废"}),
    ]


def refused(result: dict[str, Any], name: str, code: str) -> str:
    """The field is null and the only error is `code` (a GraphQL error, never a traceback)."""
    assert result.get("data") is None or result["data"].get(name) is None, result
    codes = [e.get("extensions", {}).get("code") for e in result.get("errors", [])]
    assert codes == [code], result
    assert "Traceback" not in json.dumps(result, ensure_ascii=False)
    return str(result["errors"][0]["message"])


def typed_error(result: dict[str, Any], name: str) -> dict[str, Any]:
    """A mutation's typed error (in the payload's `errors`), with no GraphQL error at all."""
    assert "errors" not in result, result
    payload = result["data"][name]
    assert len(payload["errors"]) == 1, payload
    for key, value in payload.items():
        if key != "errors":
            assert value is None, payload  # nothing returned alongside an error
    return payload["errors"][0]  # type: ignore[no-any-return]


def ok(result: dict[str, Any], name: str) -> dict[str, Any]:
    assert "errors" not in result, result
    payload = result["data"][name]
    assert payload["errors"] == [], payload
    return payload  # type: ignore[no-any-return]


# --- 1. other counties and the prefecture -------------------------------------------------


@pytest.mark.parametrize("username", ["mangshi.staff", "mangshi.admin", "lianghe.admin"])
def test_other_county_cannot_run_draws_on_its_endpoint(
    as_user: Any, county_b: dict[str, Any], username: str
) -> None:
    # given: a user with draw rights in another county
    attacker = as_user(username)
    before = state_of(B)
    # when: every draw mutation is sent to 瑞丽's endpoint, on draws in the right state
    for name, query, variables in mutation_attempts(county_b["task"], county_b["ids"]):
        message = refused(attacker.post(query, variables, org=B), name, "PERMISSION_DENIED")
        # then: refused as having no role there
        assert "没有任何角色" in message, (name, message)
    assert state_of(B) == before


def test_other_county_cannot_read_draws_on_its_endpoint(
    as_user: Any, county_b: dict[str, Any]
) -> None:
    attacker = as_user("mangshi.staff")
    executed = county_b["ids"]["executed"]
    attempts = [
        ("draws", DRAWS, {}),
        ("draw", DRAW, {"id": executed}),
        ("node", NODE, {"id": executed}),
        ("drawPreview", PREVIEW, {"t": county_b["task"]}),
        ("targetedInspections", TARGETED, {}),
    ]
    for name, query, variables in attempts:
        result = attacker.post(query, variables, org=B)
        refused(result, name, "PERMISSION_DENIED")
        text = json.dumps(result, ensure_ascii=False)
        assert not any(ref in text for ref in county_b["refs"].values()), text


def test_ids_of_another_county_find_nothing_through_own_endpoint(
    as_user: Any, county_b: dict[str, Any]
) -> None:
    # given: 瑞丽's draws and task; 芒市 holds no draw or task with those primary keys
    # (IDs are per schema: "Draw:<pk>" names a row of the endpoint's own organisation)
    with schema_context(org_of(A).schema_name):
        assert not Draw.objects.filter(pk__in=county_b["pks"].values()).exists()
        assert not PlanTask.objects.filter(pk=county_b["task_pk"]).exists()
    staff = as_user("mangshi.staff")
    before = state_of(B)
    numeric = {state: str(pk) for state, pk in county_b["pks"].items()}
    # when: 芒市's staff use 瑞丽's global and numeric IDs on 芒市's own endpoint
    for ids, task in ((county_b["ids"], county_b["task"]), (numeric, str(county_b["task_pk"]))):
        for name, query, variables in mutation_attempts(task, ids):
            error = typed_error(staff.post(query, variables, org=A), name)
            # then: not found, and 瑞丽 is untouched
            assert error["code"] == "not_found", (name, error)
        for id_ in ids.values():
            result = staff.post(DRAW, {"id": id_}, org=A)
            assert result == {"data": {"draw": None}}, result
    assert state_of(B) == before
    # and 瑞丽's public record is not served under 芒市's path
    published = county_b["refs"]["published"]
    assert Client().get(f"/o/{B}/draws/{published}/record.json").status_code == 200
    assert Client().get(f"/o/{A}/draws/{published}/record.json").status_code == 404


@pytest.mark.parametrize("username", ["dehong.admin", "dehong.staff", "dehong.auditor"])
def test_prefecture_reads_county_draws_but_cannot_change_them(
    as_user: Any, county_b: dict[str, Any], username: str
) -> None:
    overseer = as_user(username)
    before = state_of(B)
    # reading works: every draw, public or not
    listed = overseer.post(DRAWS, org=B)["data"]["draws"]
    assert {e["node"]["reference"] for e in listed["edges"]} == set(county_b["refs"].values())
    one = overseer.post(DRAW, {"id": county_b["ids"]["committed"]}, org=B)["data"]["draw"]
    assert one["status"] == "COMMITTED" and len(one["commitment"]) == 64
    # changing does not, nor does a preview (it needs the right to run draws)
    for name, query, variables in mutation_attempts(county_b["task"], county_b["ids"]):
        message = refused(overseer.post(query, variables, org=B), name, "PERMISSION_DENIED")
        assert "只读" in message, (name, message)
    refused(
        overseer.post(PREVIEW, {"t": county_b["task"]}, org=B), "drawPreview", "PERMISSION_DENIED"
    )
    assert state_of(B) == before


@pytest.mark.parametrize("username", ["dehong.inspector", "dehong.partner"])
def test_prefecture_roles_without_oversight_see_nothing_of_a_county(
    as_user: Any, county_b: dict[str, Any], username: str
) -> None:
    user = as_user(username)
    refused(user.post(DRAWS, org=B), "draws", "PERMISSION_DENIED")
    refused(
        user.post(DRAW, {"id": county_b["ids"]["executed"]}, org=B), "draw", "PERMISSION_DENIED"
    )


# --- 2. anonymous visitors ----------------------------------------------------------------


def test_anonymous_cannot_run_or_read_draws(gql: Any, county_b: dict[str, Any]) -> None:
    before = state_of(B)
    for org in (B, None):  # the county's endpoint and the public one
        for name, query, variables in mutation_attempts(county_b["task"], county_b["ids"]):
            refused(gql.post(query, variables, org=org), name, "UNAUTHENTICATED")
    for name, query, variables in [
        ("draws", DRAWS, {}),
        ("draw", DRAW, {"id": county_b["ids"]["executed"]}),
        ("drawPreview", PREVIEW, {"t": county_b["task"]}),
    ]:
        refused(gql.post(query, variables, org=B), name, "UNAUTHENTICATED")
    assert state_of(B) == before


def test_public_queries_show_only_published_and_voided_draws(
    gql: Any, county_b: dict[str, Any]
) -> None:
    refs, pks = county_b["refs"], county_b["pks"]
    # the list: every committed draw, on either endpoint; the result only of the published
    # ones and those voided after execution
    for org in (None, B, A):
        listed = gql.post(PUBLIC_DRAWS, {"c": B}, org=org)["data"]["publicDraws"]
        assert {d["reference"] for d in listed} == {refs[s] for s in COMMIT_PUBLIC}
        assert all(d["organisationCode"] == B and d["commitment"] for d in listed)
        revealed = {d["reference"] for d in listed if d["seed"] or d["recordUrl"]}
        assert revealed == {refs[s] for s in PUBLIC}
        for d in listed:
            if d["reference"] not in revealed:
                assert d["revealedSecret"] is None and d["teams"] == [] and d["recusals"] == []
                assert d["targets"] == {"totalCount": 0, "items": []}
    assert gql.post(PUBLIC_DRAWS, {"c": A})["data"]["publicDraws"] == []
    refused(gql.post(PUBLIC_DRAWS, {"c": "999999"}), "publicDraws", "NOT_FOUND")
    # one draw by its public ID: only those two
    for state, pk in pks.items():
        result = gql.post(PUBLIC_DRAW, {"id": to_global_id("PublicDraw", f"{B}-{pk}")})
        if state in COMMIT_PUBLIC:
            assert result["data"]["publicDraw"]["reference"] == refs[state], result
        else:
            refused(result, "publicDraw", "NOT_FOUND")
    # forged IDs: the organisation's own Draw ID, another county's code, garbage
    pk = pks["published"]
    for forged in (
        to_global_id("Draw", pk),
        to_global_id("PublicDraw", f"{A}-{pk}"),
        to_global_id("PublicDraw", f"{B}-{pk} OR 1=1"),
        to_global_id("PublicDraw", f"{B}--{pk}"),
        str(pk),
        "不是ID",
    ):
        refused(gql.post(PUBLIC_DRAW, {"id": forged}), "publicDraw", "NOT_FOUND")


def test_public_draws_and_records_carry_no_id_or_phone_numbers(
    gql: Any, county_b: dict[str, Any]
) -> None:
    # given: every inspector has an ID number and a phone, every entity a phone
    listed = [d for d in gql.post(PUBLIC_DRAWS, {"c": B})["data"]["publicDraws"] if d["recordUrl"]]
    assert len(listed) == 2 and all(d["targets"]["totalCount"] > 0 for d in listed)
    assert all(d["teams"] and d["teams"][0]["members"] for d in listed)
    texts = [json.dumps(listed, ensure_ascii=False)]
    for d in listed:
        one = gql.post(PUBLIC_DRAW, {"id": d["id"]})["data"]["publicDraw"]
        texts.append(json.dumps(one, ensure_ascii=False))
        response = Client().get(d["recordUrl"])
        assert response.status_code == 200
        texts.append(response.content.decode())
    # then: none of them shows up anywhere, in the GraphQL output or in the records
    for text in texts:
        for secret in (ID_NUMBER, INSPECTOR_PHONE, ENTITY_PHONE):
            assert secret not in text
    # and the public types have no field that could carry them
    from suiji_api.schema import schema

    types = schema.graphql_schema.type_map
    for name in ("PublicDraw", "TeamMember", "DrawTarget", "DrawTeam", "Recusal", "WitnessInput"):
        fields = {f.lower() for f in types[name].fields}  # type: ignore[union-attr]
        assert not {f for f in fields if "phone" in f or "idnumber" in f}, (name, fields)


def test_record_download_only_for_published_or_voided_draws(county_b: dict[str, Any]) -> None:
    refs = county_b["refs"]
    for state, ref in refs.items():
        response = Client().get(f"/o/{B}/draws/{ref}/record.json")
        if state in PUBLIC:
            assert response.status_code == 200, state
            assert response["X-Draw-Status"] == state
            assert json.loads(response.content)["draw_id"] == ref
        else:
            # executed, committed, previewed, and voided before it ever ran: nothing to show
            assert response.status_code == 404, state
            assert b"commitment" not in response.content
    for path in (
        f"/o/{A}/draws/{refs['published']}/record.json",  # another tenant's reference
        f"/o/{A}/draws/{refs['voided']}/record.json",
        f"/o/{B}/draws/{A}-D000001/record.json",
        "/o/999999/draws/x/record.json",
    ):
        assert Client().get(path).status_code == 404, path
    # paths outside the download route get the web app's page, never a record
    for path in (
        f"/o/{B}/draws/..%2F{refs['executed']}/record.json",
        f"/o/{B}/draws/{refs['executed']}%2F..%2F{refs['published']}/record.json",
        f"/draws/{refs['published']}/record.json",
    ):
        response = Client().get(path)
        assert response["Content-Type"].startswith("text/html"), path
        assert b"pool_digest" not in response.content, path


def test_void_reason_is_public_so_it_refuses_phone_and_id_numbers(
    as_user: Any, gql: Any, county_b: dict[str, Any]
) -> None:
    # The void reason is shown to anyone (publicDraws.voidReason), like a witness's name,
    # which is refused when it holds an ID number or a phone: the reason must be too.
    staff, admin = as_user("ruili.staff"), as_user("ruili.admin")
    phone, id_number = f"经办人电话{INSPECTOR_PHONE}", f"当事人身份证{ID_NUMBER}"
    for name in (phone, id_number):
        result = staff.post(
            WITNESS, {"id": county_b["ids"]["committed"], "n": name, "v": "1"}, org=B
        )
        error = typed_error(result, "addWitnessInput")
        assert (error["field"], error["code"]) == ("name", "personal_data"), error
    responses = [
        admin.post(VOID, {"id": county_b["ids"][state], "r": reason}, org=B)
        for reason, state in ((phone, "published"), (id_number, "executed"))
    ]
    public = gql.post(PUBLIC_DRAWS, {"c": B})["data"]["publicDraws"]
    text = json.dumps([d["voidReason"] for d in public], ensure_ascii=False)
    assert INSPECTOR_PHONE not in text and ID_NUMBER not in text, (responses, text)
    for result in responses:
        error = typed_error(result, "voidDraw")
        assert (error["field"], error["code"]) == ("reason", "personal_data"), error


# --- 3. bad input -------------------------------------------------------------------------


def created(client: Any, task: str, round_number: int = 1) -> str:
    return str(
        ok(client.post(CREATE, {"t": task, "r": round_number}, org=A), "createDraw")["draw"]["id"]
    )


def test_executing_an_uncommitted_draw_is_refused(as_user: Any, task_a: str) -> None:
    staff = as_user("mangshi.staff")
    draw = created(staff, task_a)
    before = state_of(A)
    error = typed_error(staff.post(EXECUTE, {"id": draw}, org=A), "executeDraw")
    assert (error["field"], error["code"]) == ("draw", "not_committed")
    assert "已预览" in error["message"] and "请先提交承诺" in error["message"]
    assert state_of(A) == before
    after = staff.post(DRAW, {"id": draw}, org=A)["data"]["draw"]
    assert after["status"] == "PREVIEWED" and not after["commitment"]


def test_committing_twice_is_refused_and_keeps_the_commitment(as_user: Any, task_a: str) -> None:
    staff = as_user("mangshi.staff")
    draw = created(staff, task_a)
    first = ok(staff.post(COMMIT, {"id": draw}, org=A), "commitDraw")["draw"]["commitment"]
    before = state_of(A)
    for user in (staff, as_user("mangshi.admin")):
        error = typed_error(user.post(COMMIT, {"id": draw}, org=A), "commitDraw")
        assert (error["field"], error["code"]) == ("draw", "already_committed")
    assert state_of(A) == before
    assert staff.post(DRAW, {"id": draw}, org=A)["data"]["draw"]["commitment"] == first


@pytest.mark.parametrize(
    "value",
    ["abc", "12a", "-1", "+1", "1.5", "1e5", "0x1F", "1 2", "", "   ", "9" * 65],
)
def test_witness_value_must_be_a_number(as_user: Any, task_a: str, value: str) -> None:
    staff = as_user("mangshi.staff")
    draw = created(staff, task_a)
    ok(staff.post(COMMIT, {"id": draw}, org=A), "commitDraw")
    before = state_of(A)
    result = staff.post(WITNESS, {"id": draw, "n": "公证处", "v": value}, org=A)
    error = typed_error(result, "addWitnessInput")
    assert error["field"] == "value" and error["code"] in ("invalid", "required"), error
    assert state_of(A) == before
    assert staff.post(DRAW, {"id": draw}, org=A)["data"]["draw"]["witnesses"] == []


def test_witness_after_execution_is_refused(as_user: Any, task_a: str) -> None:
    staff = as_user("mangshi.staff")
    draw = created(staff, task_a)
    ok(staff.post(COMMIT, {"id": draw}, org=A), "commitDraw")
    ok(staff.post(EXECUTE, {"id": draw}, org=A), "executeDraw")
    before = state_of(A)
    result = staff.post(WITNESS, {"id": draw, "n": "迟到的见证人", "v": "1"}, org=A)
    assert typed_error(result, "addWitnessInput")["code"] == "already_executed"
    assert state_of(A) == before


def test_voiding_needs_a_reason_and_a_second_person(as_user: Any, task_a: str) -> None:
    staff, admin = as_user("mangshi.staff"), as_user("mangshi.admin")
    executed = created(staff, task_a, 1)
    ok(staff.post(COMMIT, {"id": executed}, org=A), "commitDraw")
    ok(staff.post(EXECUTE, {"id": executed}, org=A), "executeDraw")
    committed = created(admin, task_a, 2)
    ok(admin.post(COMMIT, {"id": committed}, org=A), "commitDraw")
    before = state_of(A)
    # the one who executed (or, never executed, committed) cannot void it
    for client, draw in ((staff, executed), (admin, committed)):
        error = typed_error(client.post(VOID, {"id": draw, "r": "录入错误"}, org=A), "voidDraw")
        assert (error["field"], error["code"]) == ("draw", "same_user"), error
    # a second person must give a reason
    for reason in ("", "   ", "\n\t"):
        error = typed_error(admin.post(VOID, {"id": executed, "r": reason}, org=A), "voidDraw")
        assert (error["field"], error["code"]) == ("reason", "required"), error
    error = typed_error(admin.post(VOID, {"id": executed, "r": "理" * 1001}, org=A), "voidDraw")
    assert (error["field"], error["code"]) == ("reason", "too_long"), error
    # leaving the argument out is a validation error, not a traceback
    result = admin.post(
        "mutation($id:ID!){ voidDraw(id:$id){ draw { status } " + ERRORS + " } }",
        {"id": executed},
        org=A,
    )
    assert result.get("data") is None and len(result["errors"]) == 1, result
    assert "reason" in result["errors"][0]["message"]
    assert "INTERNAL_ERROR" not in json.dumps(result)
    assert state_of(A) == before
    statuses = [
        staff.post(DRAW, {"id": d}, org=A)["data"]["draw"]["status"] for d in (executed, committed)
    ]
    assert statuses == ["EXECUTED", "COMMITTED"]


@pytest.mark.parametrize(
    "bad_id",
    [
        "",
        "garbage",
        "1.5",
        "-1",
        to_global_id("Draw", "abc"),
        to_global_id("Draw", "-1"),
        to_global_id("Draw", "1 OR 1=1"),
        to_global_id("Draw", "99999999999999999999999"),
        to_global_id("PlanTask", "1"),
        "x" * 5000,
    ],
)
def test_malformed_draw_ids_are_typed_errors(as_user: Any, task_a: str, bad_id: str) -> None:
    staff = as_user("mangshi.staff")
    before = state_of(A)
    ids = dict.fromkeys(STATES, bad_id)
    for name, query, variables in mutation_attempts(task_a, ids)[1:]:
        error = typed_error(staff.post(query, variables, org=A), name)
        assert error["code"] == "not_found", (name, error)
    result = staff.post(DRAW, {"id": bad_id}, org=A)
    assert result == {"data": {"draw": None}}, result
    assert state_of(A) == before


# --- 4. roles without the right to run draws ----------------------------------------------


@pytest.mark.parametrize("username", ["mangshi.inspector", "mangshi.partner"])
def test_inspectors_and_partners_cannot_run_draws(
    as_user: Any, county_a: dict[str, Any], username: str
) -> None:
    user = as_user(username)
    before = state_of(A)
    attempts = [
        *mutation_attempts(county_a["task"], county_a["ids"]),
        ("registerTargetedInspection", REGISTER, {"u": "T00000000000000003"}),
    ]
    for name, query, variables in attempts:
        message = refused(user.post(query, variables, org=A), name, "PERMISSION_DENIED")
        assert "角色不能" in message, (name, message)
    refused(user.post(PREVIEW, {"t": county_a["task"]}, org=A), "drawPreview", "PERMISSION_DENIED")
    assert state_of(A) == before


@pytest.mark.parametrize(
    "reference",
    ["D%00", "533103-D000001%00", "%00%00", "D%ED%A0%80", "x" * 300, "533103-D000001%20or%201"],
)
@pytest.mark.parametrize("suffix", ["record.json", "commit.json"])
def test_a_malformed_draw_reference_in_a_record_url_is_not_found(
    reference: str, suffix: str
) -> None:
    """A NUL, a lone surrogate, an overlong or an SQL-like reference: 404, never a 500."""
    response = Client().get(f"/o/{A}/draws/{reference}/{suffix}")
    assert response.status_code == 404, response.content[:200]
