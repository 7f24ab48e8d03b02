"""Anonymous public-portal reads from a PostgreSQL streaming replica.

The `replica` database alias exists only when REPLICA_DATABASE_URL is set. Reads go to it only
inside `portal_reads()` — which `PortalReadMiddleware` opens for an anonymous GraphQL request
that holds queries only (no mutation). Everything else (writes, signed-in users, read-your-writes,
Celery) stays on the primary. Before the first read of such a request the replica is checked: it
must answer and replay within REPLICA_MAX_LAG_SECONDS; otherwise the request reads the primary
and the fallback is logged (once per change of state). A replica found down is not asked again
for REPLICA_RETRY_SECONDS.

django-tenants selects the organisation's schema on the primary connection (`schema_context`);
the router copies that selection onto the replica connection before it hands the replica out,
so a portal read sees exactly the schema the primary would.
"""

import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
log = logging.getLogger("suiji.replica")

_portal_read: ContextVar[bool] = ContextVar("suiji_portal_read", default=False)
# Per request: None = not checked yet, else whether the replica serves this request.
_use_replica: ContextVar[bool | None] = ContextVar("suiji_use_replica", default=None)


class _State:
    down_until = 0.0
    last_ok: bool | None = None


_state = _State()

_LAG_SQL = (
    "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
    "THEN 0 ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _report(ok: bool, reason: str) -> None:
    if _state.last_ok is not ok:
        if ok:
            log.info("portal reads served by the replica again")
        else:
            log.warning("portal reads fall back to the primary: %s", reason)
    _state.last_ok = ok


def replica_usable() -> bool:
    """Whether the replica answers and is not lagging (checked once per portal request)."""
    now = time.monotonic()
    if now < _state.down_until:
        return False
    conn = connections[REPLICA]
    try:
        with conn.cursor() as cursor:
            cursor.execute(_LAG_SQL)
            _in_recovery, lag = cursor.fetchone()
    except DatabaseError as exc:
        with contextlib.suppress(Exception):
            conn.close()
        _state.down_until = now + settings.REPLICA_RETRY_SECONDS
        _report(False, f"replica unreachable ({str(exc).strip().splitlines()[0]})")
        return False
    if float(lag) > settings.REPLICA_MAX_LAG_SECONDS:
        _report(False, f"replica lags {float(lag):.1f} s > {settings.REPLICA_MAX_LAG_SECONDS} s")
        return False
    _report(True, "")
    return True


@contextlib.contextmanager
def portal_reads() -> Iterator[None]:
    """Within this block, reads may be served by the replica (anonymous portal only)."""
    token = _portal_read.set(True)
    decided = _use_replica.set(None)
    try:
        yield
    finally:
        _use_replica.reset(decided)
        _portal_read.reset(token)


def serving_db() -> str:
    """Which database serves reads right now: 'replica' or 'primary' (deciding if needed)."""
    return "replica" if _decide() else "primary"


def _decide() -> bool:
    if not _portal_read.get() or not replica_configured():
        return False
    use = _use_replica.get()
    if use is None:
        use = replica_usable()
        _use_replica.set(use)
    return use


class ReplicaRouter:
    """Reads inside `portal_reads()` go to the replica when it is usable; nothing else does."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not _decide():
            return None
        # Both are django-tenants wrappers (TenantDatabaseWrapper), untyped.
        primary: Any = connections[DEFAULT_DB_ALIAS]
        replica: Any = connections[REPLICA]
        if (
            replica.schema_name != primary.schema_name
            or replica.include_public_schema != primary.include_public_schema
        ):
            replica.set_tenant(primary.tenant, primary.include_public_schema)
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        dbs = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in dbs and obj2._state.db in dbs:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


def _is_query_only(request: HttpRequest) -> bool:
    """A GraphQL request whose every operation is a query (no mutation, no subscription)."""
    from graphql.error import GraphQLError

    from graphql import OperationDefinitionNode, OperationType, parse

    if request.method == "GET":
        text = request.GET.get("query", "")
    elif request.method == "POST" and request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return False
        text = body.get("query", "") if isinstance(body, dict) else ""
    else:
        return False
    if not isinstance(text, str) or not text:
        return False
    try:
        document = parse(text)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return bool(operations) and all(op.operation == OperationType.QUERY for op in operations)


class PortalReadMiddleware:
    """Opens `portal_reads()` for anonymous, query-only GraphQL requests (after auth)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (
            replica_configured()
            and request.path_info.rstrip("/").endswith("/graphql")
            and not request.user.is_authenticated
            and _is_query_only(request)
        ):
            return self.get_response(request)
        with portal_reads():
            response = self.get_response(request)
            if settings.REPLICA_REPORT_HEADER:
                response["X-Suiji-Read-DB"] = serving_db()
        return response
