"""A plan adjusted after a draw keeps its drawn rounds and draws (the draw still verifies), and
says per field what cannot change; every absurd plan or draw value is refused with a named
field, never stored or cut."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import Access, access_to
from suiji_platform.accounts.models import User
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.plan_index.services import plan_overview
from suiji_tenants.draws import services as draws
from suiji_tenants.draws.models import Draw, DrawStatus
from suiji_tenants.draws.verify import load_record, verify_record
from suiji_tenants.plans import bounds, services
from suiji_tenants.plans.models import AnnualPlan, PlanRound, PlanStatus, PlanTask
from suiji_tenants.plans.services import RoundInput, TaskInput

from ..draws.factories import WINDOW, setup_county
from .factories import make_item

pytestmark = pytest.mark.django_db

CODE = "533103"


@pytest.fixture
def org() -> Any:
    organisation = Organisation.objects.get(code=CODE)
    with schema_context(organisation.schema_name):
        yield organisation


def ctx(org: Any, username: str = "mangshi.admin") -> dict[str, Any]:
    user = User.objects.get(username=username)
    return {"organisation": org, "access": access_to(user, org), "acting_user": user}


def as_input(task: PlanTask, **overrides: Any) -> TaskInput:
    values: dict[str, Any] = {
        "title": task.title,
        "item_codes": [ti.item.code for ti in task.task_items.select_related("item")],
        "rounds": [RoundInput(r.starts_on, r.ends_on) for r in task.rounds.all()],
        "target_kind": task.target_kind,
        "sampling_mode": task.sampling_mode,
        "ratio_bp": task.ratio_bp,
        "target_count": task.target_count,
        "officers_per_team": task.officers_per_team,
        "targets_per_team": task.targets_per_team,
    }
    values.update(overrides)
    return TaskInput(**values)


def errors_of(exc: pytest.ExceptionInfo[Any]) -> dict[str, tuple[str, str]]:
    err = exc.value
    if isinstance(err, FieldError):
        return {err.field: (err.code, err.message)}
    return {f: (e.code, str(e.message)) for f, errs in err.error_dict.items() for e in errs}


def drawn(org: Any, task: PlanTask, number: int = 1) -> Draw:
    user = User.objects.get(username="mangshi.staff")
    kw = {"organisation": org, "acting_user": user}
    draw = draws.create_draw(task, number, **kw)
    draws.commit_draw(draw, **kw)
    draws.execute_draw(draw, **kw)
    return draws.publish_draw(Draw.objects.get(pk=draw.pk), **kw)


def test_adjusting_a_plan_after_a_draw_keeps_the_draw_and_names_what_cannot_change(
    org: Any,
) -> None:
    # given: a published plan of two rounds, its first round drawn and published
    task = setup_county(org, rounds=2)
    draw = drawn(org, task, 1)
    c = ctx(org)
    # the overview counts the draw beside the rounds planned (from the public index and ledger)
    (row,) = plan_overview(Access(org, frozenset({"county_admin"}), read_only=False), 2026)
    assert (row.draws_done, row.rounds_planned) == (1, 2)  # type: ignore[attr-defined]
    plan = services.transition_plan(task.plan, "adjust", comment="增加一轮检查", **c)
    assert plan.status == PlanStatus.ADJUSTED and plan.adjustment_due is not None
    round_one = PlanRound.objects.get(task=task, number=1)

    # when: the text, the ratio of the rounds not drawn and a third round change
    extra = RoundInput(date(2026, 11, 1), date(2026, 11, 30))
    rounds = [RoundInput(*WINDOW), RoundInput(*WINDOW), extra]
    task = services.update_task(
        task, as_input(task, title="资质检查（调整）", ratio_bp=500, rounds=rounds), **c
    )

    # then: the drawn round is the same row, its draw untouched and still verifying
    assert task.title == "资质检查（调整）" and task.ratio_bp == 500
    assert [r.number for r in task.rounds.all()] == [1, 2, 3]
    assert PlanRound.objects.get(task=task, number=1).pk == round_one.pk
    draw = Draw.objects.get(pk=draw.pk)
    assert draw.status == DrawStatus.PUBLISHED and draw.round_id == round_one.pk
    record = draws.read_record(draw)
    assert record is not None and verify_record(load_record(record)).ok

    # what cannot change once drawn: each named on its field, in Chinese
    moved = [RoundInput(date(2026, 10, 1), WINDOW[1]), RoundInput(*WINDOW)]
    with pytest.raises((FieldError, ValidationError)) as exc:
        services.update_task(task, as_input(task, rounds=moved, target_kind="project"), **c)
    errors = errors_of(exc)
    assert errors["rounds.0.startsOn"][0] == "drawn"
    assert draw.reference in errors["rounds.0.startsOn"][1]
    assert errors["targetKind"][0] == "drawn"
    # removing the drawn round (an empty list is refused as required; a shorter one by name)
    with pytest.raises((FieldError, ValidationError)) as exc:
        services.update_task(task, as_input(task, rounds=[]), **c)
    assert "rounds" in errors_of(exc)
    other = services.create_task(
        task.plan, as_input(task, title="另一任务", rounds=[RoundInput(*WINDOW)]), **c
    )
    assert other.rounds.count() == 1
    # the task itself
    with pytest.raises(FieldError) as exc:
        services.delete_task(task, **c)
    assert exc.value.code == "drawn" and "第1轮" in exc.value.message
    assert PlanTask.objects.filter(pk=task.pk).exists()
    # rounds not drawn may go
    task = services.update_task(task, as_input(task, rounds=rounds[:1]), **c)
    assert [r.number for r in task.rounds.all()] == [1]

    # and the adjustment is published again, within the 5 working days as before
    plan = services.transition_plan(AnnualPlan.objects.get(pk=plan.pk), "publish", **c)
    assert plan.status == PlanStatus.PUBLISHED and plan.version == 2
    snapshot = plan.publications.get(version=2).snapshot
    assert [t["title"] for t in snapshot["tasks"]] == ["资质检查（调整）", "另一任务"]
    assert verify_record(load_record(draws.read_record(draw) or b"")).ok


def test_a_previewed_draw_does_not_block_and_goes_with_the_change(org: Any) -> None:
    task = setup_county(org, rounds=2)
    user = User.objects.get(username="mangshi.staff")
    preview = draws.create_draw(task, 2, organisation=org, acting_user=user)
    c = ctx(org)
    services.transition_plan(task.plan, "adjust", comment="删去第二轮", **c)
    task = services.update_task(task, as_input(task, rounds=[RoundInput(*WINDOW)]), **c)
    assert not Draw.objects.filter(pk=preview.pk).exists()
    services.delete_task(task, **c)
    assert not PlanTask.objects.filter(pk=task.pk).exists()


# --- absurd values ----------------------------------------------------------------------------


def county_plan(org: Any) -> AnnualPlan:
    make_item()
    c = ctx(org)
    return services.create_plan(
        year=2026, title="", organisation=c["organisation"], acting_user=c["acting_user"]
    )


def base(**overrides: Any) -> TaskInput:
    values: dict[str, Any] = {
        "title": "资质检查",
        "item_codes": ["ZJ-001"],
        "rounds": [RoundInput(date(2026, 3, 1), date(2026, 4, 30))],
        "sampling_mode": "ratio",
        "ratio_bp": 100,
    }
    values.update(overrides)
    return TaskInput(**values)


ABSURD = [
    ({"section": "科" * 5000}, "section", "too_long"),
    ({"title": "名" * 201}, "title", "too_long"),
    ({"notes": "注" * 4001}, "notes", "too_long"),
    ({"scope_kind": "directed", "entity_types": ["类" * 100_000]}, "entityTypes.0", "too_long"),
    ({"scope_kind": "directed", "natures": ["性" * 65]}, "natures.0", "too_long"),
    ({"scope_kind": "directed", "regions": ["乡" * 65]}, "regions.0", "too_long"),
    ({"categories": ["门" * 100_000]}, "categories.0", "too_long"),
    (
        {"scope_kind": "directed", "regions": [f"乡镇{i}" for i in range(101)]},
        "regions",
        "too_many",
    ),
    ({"credit_ratios_bp": [("A", 50), ("A", 60)]}, "creditRatios.1", "duplicate"),
    ({"rounds": [RoundInput(date(2026, 3, 1), date(2026, 3, 2))] * 1000}, "rounds", "too_many"),
    ({"officers_per_team": 2147483647}, "officersPerTeam", "out_of_range"),
    ({"targets_per_team": 2147483647}, "targetsPerTeam", "out_of_range"),
    ({"experts_per_team": 2147483647}, "expertsPerTeam", "out_of_range"),
    (
        {"sampling_mode": "count", "ratio_bp": None, "target_count": 2147483647},
        "targetCount",
        "out_of_range",
    ),
    ({"title": "\u200b"}, "title", "required"),
]


@pytest.mark.parametrize(("overrides", "field", "code"), ABSURD)
def test_absurd_task_values_are_refused_on_their_field(
    org: Any, overrides: dict[str, Any], field: str, code: str
) -> None:
    plan = county_plan(org)
    with pytest.raises((FieldError, ValidationError)) as exc:
        services.create_task(plan, base(**overrides), **ctx(org))
    errors = errors_of(exc)
    assert errors[field][0] == code, errors
    assert not PlanTask.objects.exists()


def test_every_text_column_of_a_task_is_guarded_not_cut(org: Any) -> None:
    """Each text input one character over its column is refused with its own field (the
    bounds come from the model, so a new column is guarded by the same rule)."""
    plan = county_plan(org)
    text_fields = {
        f.name: f
        for f in PlanTask._meta.get_fields()
        if isinstance(f, models.CharField) and f.name in TaskInput.__dataclass_fields__
    }
    assert {"title", "section"} <= set(text_fields)
    for name in text_fields:
        if text_fields[name].choices:
            continue
        value = "字" * (bounds.max_length(PlanTask, name) + 1)
        with pytest.raises((FieldError, ValidationError)) as exc:
            services.create_task(plan, base(**{name: value}), **ctx(org))
        camel = name.split("_")[0] + "".join(p.title() for p in name.split("_")[1:])
        assert errors_of(exc)[camel][0] == "too_long"
    # and at the limit the value is stored whole
    task = services.create_task(plan, base(section="科" * 100), **ctx(org))
    assert task.section == "科" * 100


def test_report_date_in_the_future_or_long_past_is_refused(org: Any) -> None:
    plan = county_plan(org)
    c = ctx(org)
    services.create_task(plan, base(), **c)
    plan = services.transition_plan(plan, "submit", **c)
    plan = services.transition_plan(plan, "consolidate", **c)
    for on_date, code in ((date(9999, 12, 31), "in_future"), (date(2000, 1, 1), "too_early")):
        with pytest.raises(FieldError) as exc:
            services.transition_plan(plan, "report", on_date=on_date, **c)
        assert (exc.value.field, exc.value.code) == ("reportedOn", code)
    yesterday = timezone.localdate() - timedelta(days=1)
    plan = services.transition_plan(plan, "report", on_date=yesterday, **c)
    assert plan.reported_on == yesterday


def test_draw_values_and_wrong_state_messages(org: Any) -> None:
    task = setup_county(org)
    user = User.objects.get(username="mangshi.staff")
    kw = {"organisation": org, "acting_user": user}
    for field, extra in (
        ("minPerStratum", {"min_per_stratum": 2147483647}),
        ("visitCap", {"visit_cap": 2147483647}),
    ):
        with pytest.raises(FieldError) as exc:
            draws.create_draw(task, 1, **kw, **extra)
        assert (exc.value.field, exc.value.code) == (field, "out_of_range")
    draw = draws.create_draw(task, 1, **kw)
    with pytest.raises(FieldError) as exc:
        draws.publish_draw(draw, **kw)
    assert "已预览" in exc.value.message and "提交承诺" in exc.value.message
    draws.commit_draw(draw, **kw)
    # a witness name of one zero-width space is empty
    with pytest.raises(FieldError) as exc:
        draws.add_witness_input(draw, name="\u200b", value="1", **kw)
    assert (exc.value.field, exc.value.code) == ("name", "required")
    # publishing a committed draw says what state it is in and what to do
    with pytest.raises(FieldError) as exc:
        draws.publish_draw(Draw.objects.get(pk=draw.pk), **kw)
    message = exc.value.message
    assert "已提交承诺" in message and "执行抽取" in message and "重复提交" not in message
    # every refused step names the state (one table, each state and step)
    for status in DrawStatus.values:
        for allowed in (
            (DrawStatus.PREVIEWED,),
            (DrawStatus.COMMITTED,),
            (DrawStatus.EXECUTED,),
            (DrawStatus.COMMITTED, DrawStatus.EXECUTED, DrawStatus.PUBLISHED),
        ):
            if status in allowed:
                continue
            text = draws.state_message(status, *allowed)
            assert DrawStatus(status).label in text and "请" in text, (status, allowed, text)
