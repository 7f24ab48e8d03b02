"""A refused execution (ledger_conflict) rolls everything back but leaves its audit record in the
organisation's trail (ledger.conflict_refused), written after the rollback, without the secret:
through the service and through the GraphQL mutation, whose own transaction rolls back too."""

import json
from typing import Any

import pytest
from django_tenants.utils import schema_context
from graphql_relay import to_global_id

from suiji_platform.accounts.models import User
from suiji_platform.ledger.models import VisitCapSetting
from suiji_platform.organisations.models import Organisation
from suiji_platform.organisations.services import FieldError
from suiji_tenants.audit.models import AuditRecord
from suiji_tenants.audit.services import verify_chain
from suiji_tenants.draws import services
from suiji_tenants.draws.models import Draw, DrawStatus, DrawTarget
from suiji_tenants.registries import crypto

from .factories import county_with_tasks

pytestmark = pytest.mark.django_db

CODE = "533103"
EXECUTE = (
    "mutation($id:ID!){ executeDraw(id:$id){ draw { status seed } job { id }"
    " errors { field code message } } }"
)
REFUSED = "ledger.conflict_refused"


def _two_committed_draws(org: Any, staff: User) -> tuple[Draw, Draw]:
    """Cap 1 and two committed draws over one pool: executing A makes B conflict."""
    VisitCapSetting.objects.update_or_create(
        prefecture=Organisation.objects.get(code="533100"), defaults={"visit_cap": 1}
    )
    task_a, task_b = county_with_tasks(org)
    kw = {"organisation": org, "acting_user": staff}
    a = services.commit_draw(services.create_draw(task_a, 1, **kw), **kw)
    b = services.commit_draw(services.create_draw(task_b, 1, **kw), **kw)
    services.execute_draw(a, **kw)
    return a, Draw.objects.get(pk=b.pk)


def _check_refusal(b: Draw, staff: User) -> None:
    b.refresh_from_db()
    assert b.status == DrawStatus.COMMITTED and not b.seed
    assert not DrawTarget.objects.filter(draw=b).exists()
    rec = AuditRecord.objects.get(operation=REFUSED)
    assert (rec.object_type, rec.object_id, rec.actor) == ("Draw", b.reference, staff.username)
    assert rec.organisation_code == CODE
    assert rec.after["year"] == 2026 and rec.after["conflicts"] == 10
    assert {e["reason"] for e in rec.after["entities"]} == {"visit_cap"}
    secret = crypto.decrypt(b.secret_encrypted)
    assert secret not in json.dumps(rec.after) and secret not in rec.hash
    # The trail stays one valid chain.
    assert verify_chain().ok


def test_refused_execution_is_audited_after_the_rollback(staff_user: User) -> None:
    org = Organisation.objects.get(code=CODE)
    with schema_context(org.schema_name):
        _, b = _two_committed_draws(org, staff_user)
        with pytest.raises(FieldError) as exc:
            services.execute_draw(b, organisation=org, acting_user=staff_user)
        assert exc.value.code == "ledger_conflict"
        _check_refusal(b, staff_user)


def test_refused_execution_through_graphql_is_audited(as_user: Any, staff_user: User) -> None:
    org = Organisation.objects.get(code=CODE)
    with schema_context(org.schema_name):
        _, b = _two_committed_draws(org, staff_user)
    result = as_user("mangshi.staff").post(EXECUTE, {"id": to_global_id("Draw", b.pk)}, org=CODE)
    payload = result["data"]["executeDraw"]
    assert [e["code"] for e in payload["errors"]] == ["ledger_conflict"]
    with schema_context(org.schema_name):
        _check_refusal(b, staff_user)


@pytest.fixture
def staff_user() -> User:
    return User.objects.get(username="mangshi.staff")
