"""Bounds on the work one GraphQL request may ask for, checked before anything executes.

- the document: its length (views), its tokens and its fragment definitions;
- depth: fields nested in fields, fragments expanded;
- cost: every field counts 1, times the size of each list it sits in. A list's size is its
  `first`/`last`/`limit` argument, else the connection's page maximum, else a default, so 100
  aliases of a 500-row list cost 100 × 500 × its fields. Fragments are expanded (and priced once
  each, so fragments that spread each other twice cannot blow the walk up).

The price is computed before validation, so a costly document is refused before the (costly)
validation of it: fragment cycles and unknown fragments add nothing here and are named by
validation afterwards.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    print_ast,
)

PAGE_ARGUMENTS = ("first", "last", "limit")
DEFAULT_LIST_SIZE = 10


def connection_page_max() -> int:
    return int(getattr(settings, "GRAPHENE", {}).get("RELAY_CONNECTION_MAX_LIMIT", 100))


@dataclass(frozen=True)
class Price:
    cost: int
    depth: int


class TooExpensive(GraphQLError):
    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "QUERY_TOO_COMPLEX"})


def _is_list(type_: Any) -> bool:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def _page_argument(node: FieldNode, variables: dict[str, Any]) -> int | None:
    for argument in node.arguments or ():
        if argument.name.value not in PAGE_ARGUMENTS:
            continue
        value: Any = None
        if isinstance(argument.value, IntValueNode):
            value = int(argument.value.value)
        elif isinstance(argument.value, VariableNode):
            value = variables.get(argument.value.name.value)
        if isinstance(value, int) and not isinstance(value, bool):
            return max(value, 1)
    return None


class _Pricer:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        limit: int | None = None,
    ) -> None:
        self.schema = schema
        # Partial sums only grow (multipliers are ≥ 1): past the limit the answer is known.
        self.limit = limit
        self.fragments = fragments
        self.variables = variables
        self.page_max = connection_page_max()
        self.memo: dict[tuple[str, int | None], Price] = {}

    def multipliers(self, node: FieldNode, field: Any, page_below: int | None) -> tuple[int, Any]:
        """(this field's multiplier, the page size handed to the lists right below it).

        A page argument (or a connection's page maximum) sizes the list it names: the field's own
        list, or — for a page object or a connection — the list inside it (`items`, `edges`)."""
        page = _page_argument(node, self.variables)
        if page is None and getattr(get_named_type(field.type), "name", "").endswith("Connection"):
            page = self.page_max
        is_list = _is_list(field.type)
        if page is not None:
            return (page, None) if is_list else (1, page)
        if is_list:
            return (page_below if page_below is not None else DEFAULT_LIST_SIZE), None
        return 1, None

    def selection_set(
        self, parent: Any, selection_set: SelectionSetNode | None, page_below: int | None = None
    ) -> Price:
        if selection_set is None:
            return Price(0, 0)
        cost = depth = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if name == "__typename":
                    continue
                if name.startswith("__"):
                    cost += 1  # introspection: bounded by the schema itself
                    continue
                fields = (
                    parent.fields
                    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
                    else {}
                )
                field = fields.get(name)
                if field is None:
                    continue
                own, below = self.multipliers(selection, field, page_below)
                inner = self.selection_set(
                    get_named_type(field.type), selection.selection_set, below
                )
                cost += 1 + own * inner.cost
                # Depth counts fields that have fields below them (leaves add nothing).
                depth = max(depth, 1 + inner.depth if selection.selection_set else 0)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                inner = self.selection_set(target or parent, selection.selection_set, page_below)
                cost, depth = cost + inner.cost, max(depth, inner.depth)
            elif isinstance(selection, FragmentSpreadNode):
                inner = self.fragment(selection.name.value, page_below)
                cost, depth = cost + inner.cost, max(depth, inner.depth)
            if self.limit is not None and cost > self.limit:
                break
        return Price(cost, depth)

    def fragment(self, name: str, page_below: int | None) -> Price:
        key = (name, page_below)
        if key not in self.memo:
            definition = self.fragments.get(name)
            if definition is None:  # unknown: validation names it
                return Price(0, 0)
            self.memo[key] = Price(0, 0)  # a cycle (validation refuses it) adds nothing
            target = self.schema.get_type(definition.type_condition.name.value)
            self.memo[key] = self.selection_set(target, definition.selection_set, page_below)
        return self.memo[key]


def price(
    schema: GraphQLSchema,
    document: Any,
    operation: OperationDefinitionNode,
    variables: dict[str, Any] | None,
    limit: int | None = None,
) -> Price:
    """Cost and depth of one operation (any parsed document; unknown names count nothing).
    With `limit`, the walk stops once the cost is known to exceed it."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root = schema.get_root_type(operation.operation)
    pricer = _Pricer(schema, fragments, variables or {}, limit)
    return pricer.selection_set(root, operation.selection_set)


def check_price(
    schema: GraphQLSchema,
    document: Any,
    operation: OperationDefinitionNode,
    variables: dict[str, Any] | None,
) -> GraphQLError | None:
    """A named error when the operation is too deep or too costly, else None."""
    max_cost = settings.GRAPHQL_MAX_COST
    measured = price(schema, document, operation, variables, limit=max_cost)
    max_depth = settings.GRAPHQL_MAX_DEPTH
    if measured.depth > max_depth:
        return TooExpensive(
            f"查询嵌套过深（{measured.depth} 层，最多 {max_depth} 层）。"
            f"Query exceeds maximum operation depth of {max_depth}."
        )
    if measured.cost > max_cost:
        return TooExpensive(
            f"查询过于复杂（估算代价超过 {max_cost}）：请减少别名、"
            "字段或每页条数（first/last/limit），分页读取。"
            f"Query cost exceeds the limit of {max_cost}."
        )
    return None


# How often one response name may be written in one selection set (inline fragments merged).
MAX_SAME_FIELD = 8


def _repeated_field(document: Any) -> tuple[str, int] | None:
    """The first response name asked for more than MAX_SAME_FIELD times at one level."""
    sets = [d.selection_set for d in document.definitions if getattr(d, "selection_set", None)]
    while sets:
        counts: dict[str, int] = {}
        flat = [sets.pop()]
        while flat:
            for selection in flat.pop().selections:
                if isinstance(selection, FieldNode):
                    name = (selection.alias or selection.name).value
                    counts[name] = counts.get(name, 0) + 1
                    if counts[name] > MAX_SAME_FIELD:
                        return name, counts[name]
                    if selection.selection_set is not None:
                        sets.append(selection.selection_set)
                elif isinstance(selection, InlineFragmentNode):
                    flat.append(selection.selection_set)
    return None


def check_document(document: Any) -> GraphQLError | None:
    """The document's own shape: how many fragment definitions it may hold, and how often one
    field may repeat at one level."""
    fragments = sum(isinstance(d, FragmentDefinitionNode) for d in document.definitions)
    max_fragments = settings.GRAPHQL_MAX_FRAGMENTS
    if fragments > max_fragments:
        return TooExpensive(
            f"查询包含 {fragments} 个片段（fragment），最多 {max_fragments} 个。"
            f"Too many fragments ({fragments} > {max_fragments})."
        )
    repeated = _repeated_field(document)
    if repeated is not None:
        name, count = repeated
        return TooExpensive(
            f"字段 {name} 在同一层出现了 {count} 次以上（最多 {MAX_SAME_FIELD} 次），请去掉重复。"
            f"Field {name} repeated more than {MAX_SAME_FIELD} times at one level."
        )
    return None


def _arguments_key(node: FieldNode) -> tuple[str, tuple[tuple[str, str], ...]]:
    return node.name.value, tuple(
        sorted((a.name.value, print_ast(a.value)) for a in node.arguments or ())
    )


def check_mergeable(document: Any, operation: OperationDefinitionNode) -> GraphQLError | None:
    """Fields asked for under one response name must be the same field with the same
    arguments (the spec's "fields can merge" rule), checked in one pass over the selections
    merged level by level. graphql-core's rule compares every pair of same-named fields
    recursively: 300 copies of `a: me { id }` took it 16 s, nested copies far longer. This
    pass is linear in the expanded document, which the cost limit bounds; it is stricter only
    in refusing different fields under one name on mutually exclusive types."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    max_levels = int(settings.GRAPHQL_MAX_DEPTH) + 2

    def collect(
        selection_set: SelectionSetNode, out: dict[str, list[FieldNode]], seen: set[str]
    ) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                out.setdefault((selection.alias or selection.name).value, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                collect(selection.selection_set, out, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    collect(fragments[name].selection_set, out, seen)

    levels = [([operation.selection_set], 0)]
    while levels:
        selection_sets, level = levels.pop()
        if level > max_levels:  # deeper than allowed (or a cycle): the depth check names it
            continue
        merged: dict[str, list[FieldNode]] = {}
        for selection_set in selection_sets:
            collect(selection_set, merged, set())
        for response_name, nodes in merged.items():
            key = _arguments_key(nodes[0])
            if any(_arguments_key(node) != key for node in nodes[1:]):
                return GraphQLError(
                    f"同一名称 {response_name} 下请求了不同的字段或参数：请使用不同的别名。"
                    f"Fields '{response_name}' conflict: use different aliases.",
                    nodes[:2],
                    extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
                )
            below = [n.selection_set for n in nodes if n.selection_set is not None]
            if below:
                levels.append((below, level + 1))
    return None
