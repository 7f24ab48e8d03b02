"""Every Relay node type checks the permission its list checks: `node(id:)` gives nothing to
anonymous visitors, other counties or roles without that permission — for every node type in
the schema, including the next one somebody adds."""

import json
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from graphene import relay
from graphene_django import DjangoObjectType

from graphql import GraphQLObjectType
from suiji_api.core.nodes import PUBLIC, SuijiNode
from suiji_api.schema import schema
from suiji_platform.accounts.access import inspection_scope

from .world import ATTACKER, MARKER, PREFECTURE, USERS, VICTIM, access_of, build_victim

pytestmark = pytest.mark.django_db


def node_types() -> dict[str, Any]:
    """Every object type of the schema implementing Node, by name, with its graphene class."""
    types = {}
    for name, gql_type in schema.graphql_schema.type_map.items():
        if isinstance(gql_type, GraphQLObjectType) and any(
            i.name == "Node" for i in gql_type.interfaces
        ):
            types[name] = gql_type.graphene_type  # type: ignore[attr-defined]
    return types


def test_every_node_type_declares_its_permission() -> None:
    types = node_types()
    assert len(types) >= 11
    for name, graphene_type in types.items():
        assert issubclass(graphene_type, SuijiNode), f"{name}: derive from core.nodes.SuijiNode"
        assert graphene_type.node_permission is not None, name


def test_a_node_type_without_a_declaration_cannot_be_defined() -> None:
    from suiji_tenants.audit.models import AuditRecord

    with pytest.raises(ImproperlyConfigured, match="node_permission"):

        class Undeclared(SuijiNode):
            class Meta:
                model = AuditRecord
                fields = ("id",)
                interfaces = (relay.Node,)
                skip_registry = True

    assert issubclass(SuijiNode, DjangoObjectType)


@pytest.fixture
def victim() -> dict[str, Any]:
    return build_victim()


def query_node(username: str | None, code: str | None, global_id: str) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from tests.conftest import GraphQLClient

    client = GraphQLClient()
    if username:
        client.client.force_login(get_user_model().objects.get(username=username))
    return client.post(
        "query($id:ID!){ node(id:$id){ id __typename } }", {"id": global_id}, org=code
    )


SCOPED_TO_TEAM = {"Inspection", "OnSiteRecord", "InspectionReport", "Evidence", "Referral"}


def test_node_reads_follow_the_list_permission_for_every_type_and_role(
    victim: dict[str, Any],
) -> None:
    types = node_types()
    missing = set(types) - set(victim["ids"])
    assert not missing, f"build_victim() must create a row of {missing}"
    checked = 0
    for name, graphene_type in types.items():
        permission = graphene_type.node_permission
        global_id = victim["ids"][name]
        for username in USERS:
            access = access_of(username, VICTIM)
            allowed = permission == PUBLIC or (access is not None and access.allows(permission))
            if name in SCOPED_TO_TEAM:
                # Inspections are narrowed further: all of them for READ_INSPECTIONS, else only
                # the teams one was drawn into (the victim's inspection has no team).
                allowed = allowed and inspection_scope(access) == "all"
            result = query_node(username, VICTIM, global_id)
            node = (result.get("data") or {}).get("node")
            assert (node is not None) == allowed, (name, username, result)
            if not allowed:
                codes = {e["extensions"]["code"] for e in result.get("errors", [])}
                assert codes <= {"UNAUTHENTICATED", "PERMISSION_DENIED"}, (name, username, result)
            checked += 1
        # The platform endpoint never reads an organisation's rows.
        if permission != PUBLIC:
            for username in (None, "dehong.admin", "ruili.admin"):
                result = query_node(username, None, global_id)
                assert (result.get("data") or {}).get("node") is None, (name, username, result)
    assert checked == len(types) * len(USERS)


def test_no_node_of_the_victim_reaches_another_county(victim: dict[str, Any]) -> None:
    # On their own endpoint the victim's keys can only name the attacker's own rows (or none).
    for code in (ATTACKER, PREFECTURE):
        for global_id in victim["ids"].values():
            result = query_node(
                f"{'mangshi' if code == ATTACKER else 'dehong'}.admin", code, global_id
            )
            assert MARKER not in json.dumps(result, ensure_ascii=False)


def test_the_platform_audit_log_is_not_readable_by_id() -> None:
    from graphql_relay import to_global_id

    from suiji_tenants.audit.models import AuditRecord

    record = AuditRecord.objects.order_by("-seq").first()
    if record is None:
        pytest.skip("no platform audit record in this database")
    for username in (None, "mangshi.partner", "dehong.admin"):
        result = query_node(username, None, to_global_id("AuditRecord", record.pk))
        assert result["data"]["node"] is None, result
