"""Operations generated from the committed SDL (schema.graphql): for every query and mutation, a
document with a minimal valid value for each required argument (IDs taken from a given set,
chosen by the argument's and the operation's names) and a small selection of the result."""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    get_named_type,
)

SDL = Path(__file__).resolve().parents[2] / "schema.graphql"

# Which node type an ID argument names, from words in the argument's or operation's name.
ID_HINTS = [
    ("targeted", "TargetedInspection"),
    ("conflict", "Conflict"),
    ("inspector", "Inspector"),
    ("entity", "MarketEntity"),
    ("project", "Project"),
    ("item", "InspectionItem"),
    ("task", "PlanTask"),
    ("plan", "AnnualPlan"),
    ("draw", "Draw"),
    ("audit", "AuditRecord"),
    ("organisation", "Organisation"),
]

SCALARS = {
    "String": "x",
    "Int": 1,
    "Float": 1.0,
    "Boolean": False,
    "Date": "2026-11-02",
    "DateTime": "2026-11-02T09:00:00+08:00",
    "JSONString": "{}",
    "Decimal": "1",
}


@cache
def committed_schema() -> GraphQLSchema:
    return build_schema(SDL.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Operation:
    kind: str  # "query" | "mutation"
    name: str
    field: GraphQLField

    def document(self, ids: dict[str, str], override: tuple[str, Any] | None = None) -> Any:
        """(query text, variables) calling the operation with minimal arguments."""
        variables: dict[str, Any] = {}
        declarations, arguments = [], []
        for arg_name, arg in self.field.args.items():
            if not isinstance(arg.type, GraphQLNonNull) and not (
                override and override[0].split(".")[0] == arg_name
            ):
                continue
            value = minimal(arg.type, ids, arg_name, self.name)
            if override:
                value = replaced(value, arg_name, override)
            variables[arg_name] = value
            declarations.append(f"${arg_name}: {arg.type}")
            arguments.append(f"{arg_name}: ${arg_name}")
        head = f"{self.kind}({', '.join(declarations)})" if declarations else self.kind
        call = f"{self.name}({', '.join(arguments)})" if arguments else self.name
        return f"{head} {{ {call}{selection(self.field.type)} }}", variables


def operations() -> Iterator[Operation]:
    schema = committed_schema()
    for kind, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root is not None
        for name, field in root.fields.items():
            yield Operation(kind, name, field)


def id_for(arg_name: str, operation: str, ids: dict[str, str]) -> str:
    for words in (arg_name.lower(), operation.lower()):
        for word, type_name in ID_HINTS:
            if word in words and type_name in ids:
                return ids[type_name]
    return next(iter(ids.values()), "x")


def minimal(type_: Any, ids: dict[str, str], arg_name: str, operation: str) -> Any:
    if isinstance(type_, GraphQLNonNull):
        return minimal(type_.of_type, ids, arg_name, operation)
    if isinstance(type_, GraphQLList):
        return [minimal(type_.of_type, ids, arg_name, operation)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {
            name: minimal(f.type, ids, name, operation)
            for name, f in type_.fields.items()
            if isinstance(f.type, GraphQLNonNull)
        }
    if isinstance(type_, GraphQLScalarType):
        if type_.name == "ID":
            return id_for(arg_name, operation, ids)
        if arg_name in ("organisationCode", "code"):
            return "533102"
        if arg_name == "year":
            return 2026
        return SCALARS.get(type_.name, "x")
    raise TypeError(type_)


def replaced(value: Any, arg_name: str, override: tuple[str, Any]) -> Any:
    """`value` with the leaf at `override`'s path (argument.field.0…) set to its value."""
    path, new = override
    parts = path.split(".")
    if parts[0] != arg_name:
        return value
    if len(parts) == 1:
        return new
    root = value
    for i, part in enumerate(parts[1:], start=1):
        key: Any = int(part) if isinstance(root, list) else part
        if i == len(parts) - 1:
            root[key] = new
        else:
            if isinstance(root, dict) and key not in root:
                root[key] = [{}] if parts[i + 1].isdigit() else {}
            root = root[key]
    return value


def selection(type_: Any, depth: int = 0) -> str:
    named = get_named_type(type_)
    if isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return ""
    if isinstance(named, GraphQLUnionType):
        return " { __typename }"
    assert isinstance(named, GraphQLObjectType | GraphQLInterfaceType)
    if named.name.endswith("Connection"):
        edges = get_named_type(named.fields["edges"].type)
        node_type = edges.fields["node"].type  # type: ignore[union-attr]
        total = "totalCount " if "totalCount" in named.fields else ""
        return f" {{ {total}edges {{ node{selection(node_type, 2)} }} }}"
    parts = []
    for name, field in named.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            continue
        inner = get_named_type(field.type)
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            parts.append(name)
        elif depth < 2 and not inner.name.endswith("Connection"):
            parts.append(name + selection(field.type, depth + 1))
    return " { " + (" ".join(parts) or "__typename") + " }"


def text_paths(type_: Any, path: str, seen: tuple[str, ...] = ()) -> Iterator[str]:
    """Every path to a String/ID leaf of an argument, through input objects and lists."""
    named = get_named_type(type_)
    if isinstance(named, GraphQLScalarType) and named.name in ("String", "ID"):
        is_list = isinstance(
            type_.of_type if isinstance(type_, GraphQLNonNull) else type_, GraphQLList
        )
        yield f"{path}.0" if is_list else path
    elif isinstance(named, GraphQLInputObjectType) and named.name not in seen:
        inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        prefix = f"{path}.0" if isinstance(inner, GraphQLList) else path
        for name, field in named.fields.items():
            yield from text_paths(field.type, f"{prefix}.{name}", (*seen, named.name))
