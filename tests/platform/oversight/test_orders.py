"""Rectification orders (R17) and warning cards through their services: the happy path, every
step in the history and the audit chain, and bad input that changes nothing."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.accounts.access import access_to
from suiji_platform.accounts.models import User
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_platform.oversight import cards, orders
from suiji_platform.oversight.models import (
    InspectionProgress,
    Notification,
    OversightSetting,
    RectificationEvent,
    RectificationOrder,
    WarningCard,
)
from suiji_tenants.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


def _access(username: str, code: str):
    org = Organisation.objects.get(code=code)
    return access_to(User.objects.get(username=username), org), User.objects.get(username=username)


def _issue(**kw):
    access, user = _access("dehong.admin", "533100")
    args = {
        "county_code": "533103",
        "year": 2026,
        "problem": "检查结果逾期公示3件",
        "legal_basis": "《企业信息公示暂行条例》第六条",
        "deadline_days": 10,
    }
    args.update(kw)
    with schema_context(access.organisation.schema_name):
        return orders.issue_order(access, actor=user, **args)


def test_issue_respond_return_respond_accept() -> None:
    order = _issue()
    assert order.status == "issued" and order.due_on is not None
    assert order.reference.startswith("DC2026-533103-")
    county_access, county_user = _access("mangshi.admin", "533103")
    with schema_context(county_access.organisation.schema_name):
        orders.respond_order(
            county_access,
            order_id=order.pk,
            response="已全部补充公示",
            evidence=["公示截图.png"],
            actor=county_user,
        )
    pref_access, pref_user = _access("dehong.admin", "533100")
    with schema_context(pref_access.organisation.schema_name):
        orders.review_order(
            pref_access, order_id=order.pk, accept=False, comment="缺少公示链接", actor=pref_user
        )
    with schema_context(county_access.organisation.schema_name):
        orders.respond_order(
            county_access,
            order_id=order.pk,
            response="补充链接",
            evidence=["http://x/1"],
            actor=county_user,
        )
    with schema_context(pref_access.organisation.schema_name):
        orders.review_order(
            pref_access, order_id=order.pk, accept=True, comment="", actor=pref_user
        )
        ops = list(
            AuditRecord.objects.filter(object_id=order.reference).values_list(
                "operation", flat=True
            )
        )
    assert ops.count("oversight.order_issue") == 1 and "oversight.order_accept" in ops
    assert "oversight.order_return" in ops
    with schema_context(county_access.organisation.schema_name):
        county_ops = list(
            AuditRecord.objects.filter(object_id=order.reference).values_list(
                "operation", flat=True
            )
        )
    assert county_ops == ["oversight.order_respond", "oversight.order_respond"]
    kinds = list(RectificationEvent.objects.filter(order=order).values_list("kind", flat=True))
    assert kinds == ["issued", "responded", "returned", "responded", "accepted"]
    order.refresh_from_db()
    assert order.status == "accepted"
    assert Notification.objects.filter(organisation__code="533103").count() >= 3
    # A response after acceptance
    with schema_context(county_access.organisation.schema_name), pytest.raises(FieldError) as e:
        orders.respond_order(
            county_access, order_id=order.pk, response="再次", evidence=["a"], actor=county_user
        )
    assert e.value.field == "orderId" and "已验收" in e.value.message


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"deadline_days": None}, "deadlineDays"),
        ({"deadline_days": 0}, "deadlineDays"),
        ({"legal_basis": "  "}, "legalBasis"),
        ({"problem": ""}, "problem"),
        ({"county_code": "999999"}, "countyCode"),
        ({"year": "abc"}, "year"),
    ],
)
def test_bad_orders_write_nothing(kw, field) -> None:
    before = RectificationOrder.objects.count(), RectificationEvent.objects.count()
    with pytest.raises(FieldError) as e:
        _issue(**kw)
    assert e.value.field == field
    assert (RectificationOrder.objects.count(), RectificationEvent.objects.count()) == before


def test_a_county_cannot_act_on_another_countys_order() -> None:
    order = _issue()
    other, user = _access("ruili.admin", "533102")
    with schema_context(other.organisation.schema_name), pytest.raises(FieldError) as e:
        orders.respond_order(other, order_id=order.pk, response="x", evidence=["y"], actor=user)
    assert e.value.field == "orderId" and "芒市" in e.value.message
    assert RectificationEvent.objects.filter(order=order).count() == 1


def test_response_needs_evidence_and_review_needs_a_response() -> None:
    order = _issue()
    county, user = _access("mangshi.admin", "533103")
    with schema_context(county.organisation.schema_name), pytest.raises(FieldError) as e:
        orders.respond_order(county, order_id=order.pk, response="已整改", evidence=[], actor=user)
    assert e.value.field == "evidence"
    pref, puser = _access("dehong.admin", "533100")
    with schema_context(pref.organisation.schema_name), pytest.raises(FieldError) as e:
        orders.review_order(pref, order_id=order.pk, accept=True, comment="", actor=puser)
    assert e.value.field == "orderId"


def test_overdue_order_escalates_once() -> None:
    order = _issue(deadline_days=1)
    later = (order.due_on or date.today()) + timedelta(days=3)
    with schema_context("public"):
        assert orders.escalate_overdue(later) == 1
        assert orders.escalate_overdue(later) == 0
    order.refresh_from_db()
    assert order.escalated
    assert RectificationEvent.objects.filter(order=order, kind="escalated").count() == 1


def _progress(county: Organisation, reference: str, **fields: Any) -> None:
    """An inspection's row in the public schema, late since 2 March 2026 unless told."""
    values = {"source": "draw", "plan_year": 2026, "target_code": "T", "status": "open"}
    values["window_end"] = date(2026, 3, 2)
    InspectionProgress.objects.create(
        organisation=county, reference=reference, **{**values, **fields}
    )


def test_a_targeted_inspection_raises_no_card() -> None:
    """A targeted inspection (R16) has no window, only its start day, and is recorded, not
    published: neither clock of the cards applies to it, however long it takes."""
    county = Organisation.objects.get(code="533122")
    _progress(county, "DX1", source="targeted")
    _progress(
        county, "DX2", source="targeted", status="approved", publication_due_on=date(2026, 3, 2)
    )
    _progress(county, "W2", target_code="U")
    with schema_context("public"):
        cards.scan_cards(date(2026, 3, 20))
    assert list(
        WarningCard.objects.filter(organisation=county).values_list("subject", flat=True)
    ) == ["W2"]


def test_cards_turn_red_and_clear_only_on_response() -> None:
    county = Organisation.objects.get(code="533122")
    prefecture = Organisation.objects.get(code="533100")
    OversightSetting.objects.update_or_create(
        organisation=prefecture, defaults={"red_after_working_days": 3}
    )
    _progress(county, "W1")
    with schema_context("public"):
        cards.scan_cards(date(2026, 3, 3))  # Tuesday: one working day late
    card = WarningCard.objects.get(organisation=county, subject="W1")
    assert card.level == "yellow"
    with schema_context("public"):
        cards.scan_cards(date(2026, 3, 9))  # Monday: 5 working days late
    card.refresh_from_db()
    assert card.level == "red" and card.raised_red_on == date(2026, 3, 9)
    # The task being done later does not clear the card: only the county's response does.
    InspectionProgress.objects.filter(reference="W1").update(status="recorded")
    with schema_context("public"):
        cards.scan_cards(date(2026, 3, 10))
    card.refresh_from_db()
    assert card.cleared_at is None
    other, ouser = _access("mangshi.admin", "533103")
    with schema_context(other.organisation.schema_name), pytest.raises(FieldError):
        cards.respond_card(other, card_id=card.pk, response="x", actor=ouser)
    access, user = _access("dehong.admin", "533100")
    county_access = access_to(User.objects.get(username="dehong.admin"), county)
    assert county_access is not None and county_access.read_only  # oversight cannot answer
    with schema_context(county.schema_name), pytest.raises(FieldError):
        cards.respond_card(county_access, card_id=card.pk, response="x", actor=user)
    card.refresh_from_db()
    assert card.cleared_at is None
    assert timezone.now()
