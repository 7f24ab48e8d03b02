"""The audit record of a refused execution (``ledger_conflict``, see ``reservations.py``).

The refusal rolls the execution back, audit record included, so it is written afterwards in
its own transaction, in the draw's organisation's trail (``ledger.conflict_refused``): the
draw, the plan year and the entities that no longer fit (over the cap, or already inspected
for an item) with the reason. Nothing of the secret, seed or result is in it: the engine's
result was never written and the record names only the entities the refusal message names.

:func:`audited_refusals` wraps the execution's transaction. When that transaction is itself
inside another that rolls back on error (a GraphQL mutation), the caller wraps its own block
in :func:`collect_refusals`, and the write waits until that block is over (the GraphQL view
does). Without a collector the refusal is written at once (Celery, management commands)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django_tenants.utils import schema_context

from suiji_platform.organisations.models import Organisation

from .reservations import SHOWN, LedgerConflict

_PENDING = "_suiji_pending_refusals"


@dataclass(frozen=True)
class _Refusal:
    schema_name: str
    organisation_code: str
    acting_user: Any
    after: dict[str, Any]


def _collector() -> list[_Refusal] | None:
    found: list[_Refusal] | None = getattr(connection, _PENDING, None)
    return found


def _write(refusal: _Refusal) -> None:
    from suiji_tenants.audit.services import record_audit  # the organisation's own chain

    with schema_context(refusal.schema_name), transaction.atomic():
        record_audit(
            "ledger.conflict_refused",
            object_type="Draw",
            object_id=refusal.after["draw"],
            after=refusal.after,
            actor=refusal.acting_user,
            organisation_code=refusal.organisation_code,
        )


@contextmanager
def collect_refusals() -> Iterator[None]:
    """Around a transaction that may roll back: the refusals noted inside are audited once the
    block is over, each in its own transaction."""
    previous = _collector()
    mine: list[_Refusal] = []
    setattr(connection, _PENDING, mine)
    try:
        yield
    finally:
        setattr(connection, _PENDING, previous)
        for refusal in mine:
            _write(refusal)


def note_refusal(exc: LedgerConflict, organisation: Organisation, acting_user: Any) -> None:
    """Audit `exc` now, or after the outer transaction when there is one."""
    reference = exc.draw_reference.split(":", 1)[-1]
    refusal = _Refusal(
        organisation.schema_name,
        organisation.code,
        acting_user if getattr(acting_user, "pk", None) else None,
        {
            "draw": reference,
            "year": exc.plan_year,
            "conflicts": len(exc.conflicts),
            "entities": [
                {
                    "entity": c.entity_code,
                    "reason": "item" if c.items else "visit_cap",
                    "items": list(c.items),
                    "visits": c.visits,
                }
                for c in exc.conflicts[:SHOWN]
            ],
        },
    )
    collector = _collector()
    if collector is not None:
        collector.append(refusal)
    else:
        _write(refusal)


@contextmanager
def audited_refusals(organisation: Organisation, acting_user: Any) -> Iterator[None]:
    """Around the execution's ``transaction.atomic()`` (outside it): a ledger conflict that
    escapes is audited once the transaction has rolled back, then raised again."""
    try:
        yield
    except LedgerConflict as exc:
        note_refusal(exc, organisation, acting_user)
        raise
