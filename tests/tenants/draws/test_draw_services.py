"""Draw services: preview → create → commit → witnesses → execute → publish, the record
verifies, bad input gets clear errors and leaves nothing half-written, the ledger and targeted
inspections exclude, voiding needs a reason and a second person."""

import json
from datetime import date
from typing import Any

import pytest
from django_tenants.utils import schema_context

from suiji_platform.accounts.models import User
from suiji_platform.ledger.models import LedgerEntry
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.draws import services
from suiji_tenants.draws.models import (
    Draw,
    DrawStatus,
    DrawTarget,
    DrawTeam,
    DrawTeamMember,
    Recusal,
)
from suiji_tenants.draws.verify import load_record, verify_record
from suiji_tenants.inspections import targeted
from suiji_tenants.registries.models import (
    Conflict,
    ConflictKind,
    EntityStatus,
    Inspector,
    MarketEntity,
)

from .factories import make_entities, make_item, make_officers, published_task, setup_county

pytestmark = pytest.mark.django_db

CODE = "533103"


@pytest.fixture
def org() -> Any:
    organisation = Organisation.objects.get(code=CODE)
    with schema_context(organisation.schema_name):
        yield organisation


@pytest.fixture
def staff() -> User:
    return User.objects.get(username="mangshi.staff")


@pytest.fixture
def admin() -> User:
    return User.objects.get(username="mangshi.admin")


def kw(org: Any, user: Any) -> dict[str, Any]:
    return {"organisation": org, "acting_user": user}


def run_full(org: Any, user: Any, task: Any, round_number: int = 1, **create: Any) -> Draw:
    draw = services.create_draw(task, round_number, **kw(org, user), **create)
    services.commit_draw(draw, **kw(org, user))
    services.add_witness_input(draw, name="公证处", value="12345", **kw(org, user))
    services.execute_draw(draw, **kw(org, user))
    return Draw.objects.get(pk=draw.pk)


def test_full_flow_and_record_verifies(org: Any, staff: User) -> None:
    # given
    task = setup_county(org)
    MarketEntity.objects.filter(uscc="T00000000000000000").update(status=EntityStatus.REVOKED)
    officer = Inspector.objects.order_by("id").first()
    assert officer is not None
    Conflict.objects.create(
        inspector=officer,
        entity=MarketEntity.objects.get(uscc="T00000000000000005"),
        kind=ConflictKind.KINSHIP,
        reason="配偶在该企业任职",
    )
    # when: preview (nothing written)
    preview = services.preview_draw(task, 1)
    assert preview.pool_size == 119
    assert [(e.code, e.reason) for e in preview.excluded] == [("T00000000000000000", "inactive")]
    assert {s.stratum[2] for s in preview.strata} == {"B", "D"}
    assert preview.targets == 12 and preview.teams == 4
    # create, commit
    draw = services.create_draw(task, 1, **kw(org, staff))
    assert draw.status == DrawStatus.PREVIEWED and draw.reference == f"{CODE}-D{draw.pk:06d}"
    draw = services.commit_draw(draw, **kw(org, staff))
    assert draw.status == DrawStatus.COMMITTED
    assert len(draw.commitment) == 64 and len(draw.pool_digest) == 64
    assert draw.pool_size == 119 and draw.excluded_count == 1
    assert draw.secret_encrypted and bytes.fromhex(draw.commitment)  # secret is never plain
    services.add_witness_input(draw, name="州司法局公证处", value="20261123", **kw(org, staff))
    # then: execute
    draw = services.execute_draw(draw.pk, **kw(org, staff))
    assert draw.status == DrawStatus.EXECUTED
    # Systematic rounding keyed by the seed: the total is the exact total rounded down or up.
    assert DrawTarget.objects.filter(draw=draw).count() == draw.target_count
    assert 11 <= draw.target_count <= 13
    assert DrawTeam.objects.filter(draw=draw).count() == 4
    assert DrawTeamMember.objects.filter(team__draw=draw, role="officer").count() == 8
    assert (
        LedgerEntry.objects.filter(draw_reference=f"{CODE}:{draw.reference}").count()
        == draw.target_count
    )
    record_bytes = services.read_record(draw)
    assert record_bytes is not None
    record = load_record(record_bytes)
    assert record["witnesses"] == [{"name": "州司法局公证处", "value": "20261123"}]
    assert verify_record(record).ok
    assert Recusal.objects.filter(draw=draw).count() == len(record["recusals"])
    # publish
    draw = services.publish_draw(draw, **kw(org, staff))
    assert draw.status == DrawStatus.PUBLISHED
    ops = list(
        AuditRecord.objects.filter(object_id=draw.reference).values_list("operation", flat=True)
    )
    # publishing hands the targets over to inspections (one per drawn target), audited too
    assert ops == [
        "draw.create",
        "draw.commit",
        "draw.witness",
        "draw.execute",
        "draw.publish",
        "inspections.open",
    ]


def test_bad_steps_get_clear_errors(org: Any, staff: User) -> None:
    task = setup_county(org)
    draw = services.create_draw(task, 1, **kw(org, staff))
    with pytest.raises(FieldError) as exc:
        services.execute_draw(draw, **kw(org, staff))
    assert exc.value.code == "not_committed"
    with pytest.raises(FieldError) as exc:
        services.add_witness_input(draw, name="公证处", value="1", **kw(org, staff))
    assert exc.value.code == "not_committed"
    services.commit_draw(draw, **kw(org, staff))
    with pytest.raises(FieldError) as exc:
        services.commit_draw(draw, **kw(org, staff))
    assert exc.value.code == "already_committed" and "不能重复提交" in exc.value.message
    for name, value, field in (
        ("", "1", "name"),
        ("公证处", "", "value"),
        ("公证处", "abc", "value"),
        ("公证处", "٤٧", "value"),  # digits of another script
        ("13912345678", "1", "name"),
    ):
        with pytest.raises(FieldError) as exc:
            services.add_witness_input(draw, name=name, value=value, **kw(org, staff))
        assert exc.value.field == field
    # Full-width digits from a Chinese input method are the digits they show.
    draw = services.add_witness_input(draw, name="公证处", value="４７１１", **kw(org, staff))
    assert draw.witnesses == [{"name": "公证处", "value": "4711"}]
    services.execute_draw(draw, **kw(org, staff))
    with pytest.raises(FieldError) as exc:
        services.execute_draw(draw, **kw(org, staff))
    assert exc.value.code == "already_executed"
    with pytest.raises(FieldError):
        services.add_witness_input(draw, name="迟到的见证", value="1", **kw(org, staff))


def test_quota_shortfall_names_the_stratum(org: Any, staff: User) -> None:
    task = setup_county(org)
    draw = services.create_draw(task, 1, min_per_stratum=31, **kw(org, staff))
    before = AuditRecord.objects.count()
    with pytest.raises(FieldError) as exc:
        services.commit_draw(draw, **kw(org, staff))
    assert exc.value.code == "quota_shortfall"
    assert "区域：勐焕街道/类型：建筑业企业/信用等级：B" in exc.value.message
    assert "stratum" not in exc.value.message
    assert "31" in exc.value.message and "30" in exc.value.message
    draw.refresh_from_db()
    assert draw.status == DrawStatus.PREVIEWED and AuditRecord.objects.count() == before


def test_too_few_officers(org: Any, staff: User) -> None:
    task = setup_county(org, officers=3)
    draw = services.create_draw(task, 1, **kw(org, staff))
    with pytest.raises(FieldError) as exc:
        services.commit_draw(draw, **kw(org, staff))
    assert exc.value.code == "too_few_inspectors"
    assert "需要 8 名，仅有 3 名" in exc.value.message


def test_too_few_officers_at_execution_leaves_nothing(org: Any, staff: User) -> None:
    task = setup_county(org)
    draw = services.create_draw(task, 1, **kw(org, staff))
    services.commit_draw(draw, **kw(org, staff))
    # The frozen officers are what counts: break them in the frozen parameters.
    draw.refresh_from_db()
    for person in draw.parameters["inspectors"]["people"][:6]:
        person["active"] = False
    draw.save(update_fields=["parameters"])
    with pytest.raises(FieldError) as exc:
        services.execute_draw(draw, **kw(org, staff))
    assert exc.value.code == "too_few_inspectors"
    draw.refresh_from_db()
    assert draw.status == DrawStatus.COMMITTED
    assert not DrawTarget.objects.filter(draw=draw).exists()
    assert not LedgerEntry.objects.filter(draw_reference__endswith=draw.reference).exists()


def test_failure_mid_draw_leaves_nothing(
    org: Any, staff: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = setup_county(org)
    draw = services.create_draw(task, 1, **kw(org, staff))
    services.commit_draw(draw, **kw(org, staff))
    audit_before = AuditRecord.objects.count()

    def boom(*args: Any, **kwargs: Any) -> None:
        assert DrawTarget.objects.filter(draw=draw).count() == 12  # targets were written
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_write_ledger", boom)
    with pytest.raises(RuntimeError):
        services.execute_draw(draw, **kw(org, staff))
    draw.refresh_from_db()
    assert draw.status == DrawStatus.COMMITTED and draw.record_body_gz is None
    assert not DrawTarget.objects.filter(draw=draw).exists()
    assert not DrawTeam.objects.filter(draw=draw).exists()
    assert not LedgerEntry.objects.filter(draw_reference__endswith=draw.reference).exists()
    assert AuditRecord.objects.count() == audit_before
    monkeypatch.undo()
    assert services.execute_draw(draw, **kw(org, staff)).status == DrawStatus.EXECUTED


def test_targets_and_ledger_rows_keep_text_that_copy_must_escape(org: Any, staff: User) -> None:
    # given: entity names with a tab, a backslash and a newline (COPY's special characters)
    task = setup_county(org)
    name = "某\t公司\\分部\n二"
    MarketEntity.objects.update(name=name)
    # when
    draw = run_full(org, staff, task)
    # then: every target row has the entity's id and name as stored, and one ledger row each
    targets = list(DrawTarget.objects.filter(draw=draw).order_by("position"))
    ids = dict(MarketEntity.objects.values_list("uscc", "id"))
    assert targets and all(t.name == name and t.entity_id == ids[t.code] for t in targets)
    assert [t.position for t in targets] == list(range(len(targets)))
    rows = LedgerEntry.objects.filter(draw_reference=f"{CODE}:{draw.reference}")
    assert sorted(rows.values_list("entity_code", flat=True)) == sorted(t.code for t in targets)
    assert set(rows.values_list("item_code", "plan_year", "source", "voided")) == {
        ("ZJ-001", 2026, "draw", False)
    }


def test_ledger_excludes_in_the_next_draw_for_the_same_item(org: Any, staff: User) -> None:
    task = setup_county(org, rounds=2)
    first = run_full(org, staff, task)
    drawn = set(DrawTarget.objects.filter(draw=first).values_list("code", flat=True))
    preview = services.preview_draw(task, 2)
    inspected = {e.code for e in preview.excluded if e.reason == "inspected"}
    assert inspected == drawn
    assert preview.pool_size == 120 - len(drawn)
    # The next round's draw of the same item never draws them again.
    second = run_full(org, staff, task, round_number=2)
    again = set(DrawTarget.objects.filter(draw=second).values_list("code", flat=True))
    assert not again & drawn
    record = load_record(services.read_record(second) or b"")
    assert {i for g in record["exclusions"] for i in g["ids"]} == drawn
    assert verify_record(record).ok


def test_visit_cap_counts_visits_across_items(org: Any, staff: User) -> None:
    task = setup_county(org, rounds=2)
    first = run_full(org, staff, task)
    drawn = set(DrawTarget.objects.filter(draw=first).values_list("code", flat=True))
    draw = services.create_draw(task, 2, visit_cap=1, **kw(org, staff))
    preview = services.draw_preview(draw)
    assert {e.code for e in preview.excluded if e.reason == "inspected"} == drawn
    # With a cap of one visit, an entity visited for another item is excluded as visit_cap.
    LedgerEntry.objects.filter(entity_code__in=drawn).update(item_code="OTHER-1")
    preview = services.draw_preview(draw)
    assert {e.code for e in preview.excluded if e.reason == "visit_cap"} == drawn


def test_targeted_inspection_excludes_while_open(org: Any, staff: User) -> None:
    task = setup_county(org)
    uscc = "T00000000000000007"
    ti = targeted.register_targeted_inspection(
        uscc=uscc,
        reason="complaint",
        started_on=date(2026, 11, 1),
        item_codes=["ZJ-001"],
        description="群众投诉",
        **kw(org, staff),
    )
    assert LedgerEntry.objects.filter(entity_code=uscc, source="targeted").count() == 1
    preview = services.preview_draw(task, 1)
    assert [(e.code, e.reason) for e in preview.excluded] == [(uscc, "targeted")]
    targeted.close_targeted_inspection(ti, closed_on=date(2026, 11, 20), **kw(org, staff))
    # Closed: it still counts as inspected this year for the item.
    preview = services.preview_draw(task, 1)
    assert [(e.code, e.reason) for e in preview.excluded] == [(uscc, "inspected")]
    with pytest.raises(FieldError) as exc:
        targeted.register_targeted_inspection(
            uscc="NOPE", reason="complaint", started_on=date(2026, 11, 1), **kw(org, staff)
        )
    assert exc.value.field == "uscc"
    with pytest.raises(FieldError) as exc:
        targeted.register_targeted_inspection(
            uscc=uscc, reason="whim", started_on=date(2026, 11, 1), **kw(org, staff)
        )
    assert exc.value.field == "reason"


def test_a_round_is_drawn_once_until_its_draw_is_voided(org: Any, staff: User, admin: User) -> None:
    task = setup_county(org)
    first = run_full(org, staff, task)
    with pytest.raises(FieldError) as exc:
        services.create_draw(task, 1, **kw(org, staff))
    assert (exc.value.field, exc.value.code) == ("round", "already_drawn")
    assert first.reference in exc.value.message
    # Two drafts may exist, but only one of them can be committed.
    services.void_draw(first, reason="抽取时网络中断，经批准重抽", **kw(org, admin))
    a = services.create_draw(task, 1, **kw(org, staff))
    b = services.create_draw(task, 1, **kw(org, staff))
    services.commit_draw(a, **kw(org, staff))
    with pytest.raises(FieldError) as exc:
        services.commit_draw(b, **kw(org, staff))
    assert exc.value.code == "already_drawn"
    assert Draw.objects.get(pk=b.pk).status == "previewed"


def test_void_needs_reason_and_second_person(org: Any, staff: User, admin: User) -> None:
    task = setup_county(org)
    draw = run_full(org, staff, task)
    services.publish_draw(draw, **kw(org, staff))
    with pytest.raises(FieldError) as exc:
        services.void_draw(draw, reason="  ", **kw(org, admin))
    assert exc.value.field == "reason"
    with pytest.raises(FieldError) as exc:
        services.void_draw(draw, reason="参数录入错误", **kw(org, staff))
    assert exc.value.code == "same_user"
    draw = services.void_draw(draw, reason="参数录入错误", **kw(org, admin))
    assert draw.status == DrawStatus.VOIDED and draw.voided_by == admin
    # The voided record stays public and verifiable; its ledger rows stop counting.
    assert verify_record(json.loads(services.read_record(draw) or b"")).ok
    assert services.preview_draw(task, 1).pool_size == 120
    with pytest.raises(FieldError):
        services.void_draw(draw, reason="再次作废", **kw(org, admin))


def test_count_mode_total_above_pool(org: Any, staff: User) -> None:
    make_officers(4)
    make_item("ZJ-001")
    make_entities(5)
    task = published_task(org, sampling_mode="count", target_count=5)
    MarketEntity.objects.filter(uscc="T00000000000000000").update(status=EntityStatus.REVOKED)
    draw = services.create_draw(task, 1, **kw(org, staff))
    with pytest.raises(FieldError) as exc:
        services.commit_draw(draw, **kw(org, staff))
    assert exc.value.code == "quota_shortfall" and "超过候选池数量 4" in exc.value.message


def test_big_pool_executes_in_background_with_progress(
    org: Any, staff: User, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from suiji_platform.jobs.models import Job, JobStatus
    from suiji_tenants.draws import tasks

    task = setup_county(org)
    draw = services.create_draw(task, 1, **kw(org, staff))
    services.commit_draw(draw, **kw(org, staff))
    monkeypatch.setattr(services, "BIG_POOL", 100)  # the pool has 120 candidates
    monkeypatch.setattr(tasks.execute_draw_task, "delay", lambda *a: tasks.execute_draw_task(*a))
    with django_capture_on_commit_callbacks(execute=True):
        draw, job = services.start_execute(draw, **kw(org, staff))
        assert job is not None
        assert Draw.objects.get(pk=draw.pk).status == DrawStatus.COMMITTED  # not yet
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100, job.message
    assert job.result["targets"] == 12
    assert Draw.objects.get(pk=draw.pk).status == DrawStatus.EXECUTED
    assert job.attempts == 1  # claimed through run_job, like imports


def test_a_redelivered_draw_task_does_nothing_once_its_job_is_over(
    org: Any, staff: User, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    """A worker killed mid-draw: its job is failed with a message (by the pool's parent or the
    sweeper); the message redelivered afterwards must not run the draw behind the user's back,
    and a draw already done is not run twice."""
    from suiji_platform.jobs.models import Job, JobStatus
    from suiji_platform.jobs.services import LOST_MESSAGE, fail_lost_job
    from suiji_tenants.draws import tasks

    task = setup_county(org)
    draw = services.create_draw(task, 1, **kw(org, staff))
    services.commit_draw(draw, **kw(org, staff))
    monkeypatch.setattr(services, "BIG_POOL", 100)
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(tasks.execute_draw_task, "delay", lambda *a: sent.append(a))
    with django_capture_on_commit_callbacks(execute=True):
        draw, job = services.start_execute(draw, **kw(org, staff))
    assert job is not None and len(sent) == 1
    assert tasks.execute_draw_task.job_argument == 0  # the pool's parent finds the job
    assert fail_lost_job(job.pk)  # what the parent does when the child dies
    tasks.execute_draw_task(*sent[0])  # the redelivered message
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.FAILED and job.message == LOST_MESSAGE
    assert Draw.objects.get(pk=draw.pk).status == DrawStatus.COMMITTED  # nothing half-written
