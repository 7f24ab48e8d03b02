"""One pass over every input value of an operation, before it executes.

Whatever field or mutation it goes to, an argument value (a literal in the document or a
variable, at any depth of an input object or list) is refused as bad input, naming its path
(`argument.inputField.0.name`), when:

- a text holds NUL or a lone UTF-16 surrogate (PostgreSQL and UTF-8 cannot store them);
- a text is longer than `MAX_TEXT_LENGTH` (no field of Suiji takes more);
- a page argument is out of range: `first`/`last`/`limit` outside 0…page maximum, a negative
  `offset`, a `before`/`after` that is not a cursor the API gave out, `offset` with `before`.

Services still validate meaning (dates, codes, choices); this pass keeps the values that
would otherwise reach the database or the file system as a server error.
"""

import base64
import re
from typing import Any

from graphql import (
    BooleanValueNode,
    EnumValueNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    GraphQLError,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)

from .errors import BadInput
from .limits import connection_page_max

MAX_TEXT_LENGTH = 20_000
_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
_CURSOR = re.compile(r"^arrayconnection:(\d{1,9})$")

_UNSET = object()


def literal_value(node: ValueNode, variables: dict[str, Any]) -> Any:
    """The Python value of an argument's AST value, variables substituted (no coercion)."""
    if isinstance(node, VariableNode):
        return variables.get(node.name.value)
    if isinstance(node, StringValueNode | EnumValueNode):
        return node.value
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, FloatValueNode):
        return float(node.value)
    if isinstance(node, BooleanValueNode):
        return node.value
    if isinstance(node, NullValueNode):
        return None
    if isinstance(node, ListValueNode):
        return [literal_value(v, variables) for v in node.values]
    if isinstance(node, ObjectValueNode):
        return {f.name.value: literal_value(f.value, variables) for f in node.fields}
    return None


def check_text(value: Any, path: str) -> None:
    """Walk a value (iteratively: variables may nest deep) and refuse bad texts in it."""
    stack = [(value, path)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, str):
            if len(current) > MAX_TEXT_LENGTH:
                raise BadInput(
                    f"{where} 过长（{len(current)} 个字符，最多 {MAX_TEXT_LENGTH} 个）。", where
                )
            if _FORBIDDEN.search(current):
                raise BadInput(
                    f"{where} 含有不可保存的字符（空字符 NUL 或不成对的代理字符），"
                    "请删除后重新输入。",
                    where,
                )
        elif isinstance(current, dict):
            stack.extend((v, f"{where}.{k}") for k, v in current.items())
        elif isinstance(current, list):
            stack.extend((v, f"{where}.{i}") for i, v in enumerate(current))


def _cursor_offset(value: Any) -> int | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        decoded = base64.b64decode(value, validate=True).decode("ascii")
    except ValueError:
        return None
    match = _CURSOR.match(decoded)
    return int(match.group(1)) if match else None


def check_page(arguments: dict[str, Any]) -> None:
    page_max = connection_page_max()
    for name in ("first", "last", "limit"):
        value = arguments.get(name)
        if isinstance(value, int) and not 0 <= value <= page_max:
            raise BadInput(f"{name} 应在 0–{page_max} 之间（每页最多 {page_max} 条）。", name)
    offset = arguments.get("offset")
    if isinstance(offset, int) and offset < 0:
        raise BadInput("offset 不能为负数。", "offset")
    for name in ("before", "after"):
        value = arguments.get(name, _UNSET)
        if value is _UNSET or value is None:
            continue
        if _cursor_offset(value) is None:
            raise BadInput(f"{name} 不是有效的分页游标（请使用接口返回的 cursor）。", name)
    if arguments.get("offset") is not None and arguments.get("before") is not None:
        raise BadInput("offset 与 before 不能同时使用。", "offset")


def _fields(document: Any, operation: OperationDefinitionNode) -> Any:
    """Every field node of the operation and of the document's fragments (iteratively)."""
    stack = [operation.selection_set]
    stack += [
        d.selection_set for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    ]
    while stack:
        selection_set = stack.pop()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection
            selection_set_below = getattr(selection, "selection_set", None)
            if selection_set_below is not None:
                stack.append(selection_set_below)


def check_inputs(
    document: Any, operation: OperationDefinitionNode, variables: dict[str, Any] | None
) -> GraphQLError | None:
    """The first bad input value of the operation (and the fragments it may spread), or None."""
    variables = variables or {}
    try:
        for node in _fields(document, operation):
            if not node.arguments:
                continue
            values = {a.name.value: literal_value(a.value, variables) for a in node.arguments}
            for name, value in values.items():
                check_text(value, name)
            check_page(values)
    except BadInput as error:
        return error
    return None
