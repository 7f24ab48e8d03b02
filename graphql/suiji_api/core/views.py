"""The GraphQL endpoint: cached parsing and validation, bounds on depth, cost, fragments and
input values checked before execution, a statement timeout, introspection and suggestions
closed to anonymous users in production, and errors that never leak a traceback.

Whatever the body (any JSON shape, any bytes, any nesting), the answer is a JSON GraphQL error
naming the problem: never a 500 page.
"""

import json
import logging
import re
from functools import lru_cache
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from graphene.validation import DisableIntrospection
from graphene_django.constants import MUTATION_ERRORS_FLAG
from graphene_django.views import GraphQLView, HttpError
from graphql.execution.execute import get_field_def
from graphql.execution.values import get_argument_values
from graphql.language import DocumentNode
from graphql.pyutils import Path, Undefined
from graphql.validation import OverlappingFieldsCanBeMergedRule, specified_rules

from graphql import (
    ExecutionContext,
    ExecutionResult,
    FieldNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    OperationType,
    execute,
    get_operation_ast,
    located_error,
    parse,
    validate,
)
from suiji_platform.ledger.refusals import collect_refusals
from suiji_platform.organisations.services import FieldError

from .inputs import check_inputs
from .limits import check_document, check_mergeable, check_price

logger = logging.getLogger("suiji.graphql")

MAX_QUERY_LENGTH = 20_000
_LEAF_TYPES = (GraphQLScalarType, GraphQLEnumType)
_ENUM_VALUES: dict[tuple[GraphQLEnumType, str], Any] = {}


class SyncExecutionContext(ExecutionContext):
    """Every resolver in Suiji is synchronous (loaders batch per page, not per event loop), so
    graphql-core need not ask of each of the thousands of values of a page whether it is
    awaitable: a measurable share of a 100-row page's time."""

    @staticmethod
    def is_awaitable(value: Any) -> bool:
        return False

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_nodes: list[FieldNode],
        path: Path,
    ) -> Any:
        """graphql-core's `execute_field` without the awaitable branches, and without reading
        arguments for a field that declares none (most fields of a page)."""
        field_def = get_field_def(self.schema, parent_type, field_nodes[0])
        if not field_def:
            return Undefined
        return_type = field_def.type
        resolve_fn = field_def.resolve or self.field_resolver
        if self.middleware_manager:
            resolve_fn = self.middleware_manager.get_field_resolver(resolve_fn)
        info = self.build_resolve_info(field_def, field_nodes, parent_type, path)
        try:
            if field_def.args:
                args = get_argument_values(field_def, field_nodes[0], self.variable_values)
                result = resolve_fn(source, info, **args)
            else:
                result = resolve_fn(source, info)
            return self.complete_value(return_type, field_nodes, info, path, result)
        except Exception as raw_error:
            error = located_error(raw_error, field_nodes, path.as_list())
            self.handle_field_error(error, return_type, path)
            return None

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_nodes: list[FieldNode],
        info: GraphQLResolveInfo,
        path: Path,
        result: Any,
    ) -> Any:
        """A scalar or enum value (non-null or not) serialised at once; the rest as graphql-core
        does it. Same answers and errors: a leaf's serialisation never gives null."""
        leaf = return_type.of_type if type(return_type) is GraphQLNonNull else return_type
        if (
            result is not None
            and result is not Undefined
            and isinstance(leaf, _LEAF_TYPES)
            and not isinstance(result, Exception)
        ):
            if type(result) is str and isinstance(leaf, GraphQLEnumType):
                # graphene's enum serialisation looks the Python enum up on every value: an
                # enum has few values, so each is serialised once per process.
                key = (leaf, result)
                serialized = _ENUM_VALUES.get(key)
                if serialized is None:
                    serialized = self.complete_leaf_value(leaf, result)
                    if len(_ENUM_VALUES) < 10_000:
                        _ENUM_VALUES[key] = serialized
                return serialized
            return self.complete_leaf_value(leaf, result)
        return super().complete_value(return_type, field_nodes, info, path, result)


MAX_TOKENS = 10_000
MAX_VARIABLES_DEPTH = 32
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?", re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")


def bad_request(message: str) -> HttpError:
    return HttpError(HttpResponseBadRequest(message))


@lru_cache(maxsize=512)
def _parse(query: str) -> DocumentNode:
    return parse(query, no_location=False, max_tokens=MAX_TOKENS)


@lru_cache(maxsize=1024)
def _validate(
    schema: GraphQLSchema, query: str, closed_introspection: bool
) -> tuple[GraphQLError, ...]:
    """The specified rules (which refuse fragment cycles and unknown fragments before anything
    walks the fragments), plus introspection closed where it must be."""
    # Replaced by limits.check_mergeable (graphql-core's rule is quadratic, recursively).
    rules: list[Any] = [r for r in specified_rules if r is not OverlappingFieldsCanBeMergedRule]
    if closed_introspection:
        rules.append(DisableIntrospection)
    return tuple(validate(schema, _parse(query), rules, max_errors=20))


def _depth_within(value: Any, limit: int) -> bool:
    """Whether a decoded JSON value nests at most `limit` levels (iteratively)."""
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict | list):
            if depth > limit:
                return False
            children = current.values() if isinstance(current, dict) else current
            stack.extend((child, depth + 1) for child in children)
    return True


def _without_suggestions(errors: list[GraphQLError]) -> list[GraphQLError]:
    """ "Did you mean …" names fields, arguments and values: not for anonymous production use."""
    cleaned = []
    for error in errors:
        message = _SUGGESTION.sub("", error.message)
        if message != error.message:
            error = GraphQLError(message, error.nodes, extensions=error.extensions)
        cleaned.append(error)
    return cleaned


def _public_error(error: GraphQLError) -> dict[str, Any]:
    original = error.original_error
    if isinstance(original, OperationalError) and "statement timeout" in str(original):
        logger.warning("GraphQL statement timed out: %s", error.path)
        return {
            "message": "查询超时：请缩小范围（筛选条件、每页条数）后重试。Query timed out.",
            "path": error.path,
            "extensions": {"code": "TIMEOUT"},
        }
    if isinstance(original, FieldError | ValidationError):
        # A service refused a query's argument: bad input, named, as mutations report it.
        if isinstance(original, FieldError):
            field, message = original.field, original.message
        else:
            field, message = None, "；".join(original.messages)
        return {
            "message": str(message),
            "path": error.path,
            "extensions": {"code": "BAD_INPUT", "field": field},
        }
    if original is not None and not isinstance(original, GraphQLError):
        logger.error("GraphQL resolver failed", exc_info=original)
        return {
            "message": "服务器内部错误，请稍后再试。Internal server error.",
            "path": error.path,
            "extensions": {"code": "INTERNAL_ERROR"},
        }
    formatted = error.formatted
    formatted.setdefault("extensions", {"code": "GRAPHQL_VALIDATION_FAILED"})
    return formatted  # type: ignore[return-value]


def encode_json(data: Any, pretty: bool = False) -> bytes:
    """JSON as UTF-8 bytes; a lone surrogate echoed from the input becomes U+FFFD."""
    if pretty:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


class SuijiGraphQLView(GraphQLView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().dispatch(request, *args, **kwargs)
        except Exception:  # noqa: BLE001 - the last line of defence: JSON, never a debug page
            logger.exception("GraphQL request failed")
            if connection.in_atomic_block:
                transaction.set_rollback(True)
            return HttpResponse(
                encode_json(
                    {
                        "errors": [
                            {
                                "message": "服务器内部错误，请稍后再试。Internal server error.",
                                "extensions": {"code": "INTERNAL_ERROR"},
                            }
                        ]
                    }
                ),
                status=500,
                content_type="application/json",
            )

    def json_encode(self, request: HttpRequest, d: Any, pretty: bool = False) -> Any:
        return encode_json(d, pretty=bool(pretty or request.GET.get("pretty")))

    def parse_body(self, request: HttpRequest) -> Any:
        content_type = self.get_content_type(request)
        if content_type not in ("application/graphql", "application/json"):
            return super().parse_body(request)
        try:
            body = request.body.decode("utf-8")
        except RequestDataTooBig:
            raise bad_request("请求体过大。Request body too large.") from None
        except UnicodeDecodeError:
            raise bad_request("请求体不是有效的 UTF-8 文本。Body is not valid UTF-8.") from None
        if content_type == "application/graphql":
            return {"query": body}
        try:
            data = json.loads(body)
        except RecursionError:
            raise bad_request("JSON 嵌套过深。JSON nested too deeply.") from None
        except ValueError:
            raise bad_request("请求体不是有效的 JSON。POST body sent invalid JSON.") from None
        if not isinstance(data, dict):
            raise bad_request("请求体应为 JSON 对象。The received data is not a valid JSON query.")
        return data

    @staticmethod
    def get_graphql_params(request: HttpRequest, data: Any) -> Any:
        query = request.GET.get("query") or data.get("query")
        variables = request.GET.get("variables") or data.get("variables")
        operation_name = request.GET.get("operationName") or data.get("operationName")
        if query is not None and not isinstance(query, str):
            raise bad_request("query 应为字符串。query must be a string.")
        if isinstance(variables, str):
            try:
                variables = json.loads(variables) if variables else None
            except RecursionError:
                raise bad_request("variables 嵌套过深。Variables nested too deeply.") from None
            except ValueError:
                raise bad_request(
                    "variables 不是有效的 JSON。Variables are invalid JSON."
                ) from None
        if variables is not None and not isinstance(variables, dict):
            raise bad_request("variables 应为 JSON 对象。Variables must be an object.")
        if variables and not _depth_within(variables, MAX_VARIABLES_DEPTH):
            raise bad_request(
                f"variables 嵌套超过 {MAX_VARIABLES_DEPTH} 层。Variables nested too deeply."
            )
        if operation_name == "null":
            operation_name = None
        if operation_name is not None and not isinstance(operation_name, str):
            raise bad_request("operationName 应为字符串。operationName must be a string.")
        return query, variables, operation_name, data.get("id")

    @staticmethod
    def format_error(error: Any) -> dict[str, Any]:
        if isinstance(error, GraphQLError):
            return _public_error(error)
        return {"message": str(error), "extensions": {"code": "BAD_REQUEST"}}

    def execute_graphql_request(
        self,
        request: HttpRequest,
        data: Any,
        query: str | None,
        variables: Any,
        operation_name: str | None,
        show_graphiql: bool = False,
    ) -> ExecutionResult | None:
        closed = settings.PRODUCTION and not request.user.is_authenticated
        result = self._execute(request, query, variables, operation_name, show_graphiql, closed)
        if result is not None and result.errors and closed:
            result.errors = _without_suggestions(list(result.errors))
        return result

    def _execute(
        self,
        request: HttpRequest,
        query: str | None,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        show_graphiql: bool,
        closed: bool,
    ) -> ExecutionResult | None:
        if not query or len(query) > MAX_QUERY_LENGTH:
            if show_graphiql and not query:
                return None
            return ExecutionResult(
                errors=[
                    GraphQLError(
                        "缺少查询语句或查询过长。Missing or oversized query.",
                        extensions={"code": "BAD_REQUEST"},
                    )
                ]
            )
        schema = self.schema.graphql_schema
        try:
            document = _parse(query)
        except GraphQLError as error:
            too_long = "tokens" in error.message
            code = "QUERY_TOO_COMPLEX" if too_long else "GRAPHQL_PARSE_FAILED"
            return ExecutionResult(
                errors=[GraphQLError(error.message, error.nodes, extensions={"code": code})]
            )
        except RecursionError:
            return ExecutionResult(
                errors=[
                    GraphQLError(
                        "查询嵌套过深。Query nested too deeply.",
                        extensions={"code": "QUERY_TOO_COMPLEX"},
                    )
                ]
            )
        operation_ast = get_operation_ast(document, operation_name)
        if operation_ast is None:
            return ExecutionResult(
                errors=[
                    GraphQLError(
                        "未找到要执行的操作。Unknown operation.",
                        extensions={"code": "BAD_REQUEST"},
                    )
                ]
            )
        if (
            request.method
            and request.method.lower() == "get"
            and (operation_ast.operation != OperationType.QUERY)
        ):
            return ExecutionResult(
                errors=[
                    GraphQLError("变更操作只能用 POST 提交。", extensions={"code": "BAD_REQUEST"})
                ]
            )
        too_big = check_document(document)
        if too_big is not None:
            return ExecutionResult(errors=[too_big])
        # Named bad input first, then the price (before validation, which costs time on a big
        # document), then the validation rules.
        refused = (
            check_inputs(document, operation_ast, variables)
            or check_price(schema, document, operation_ast, variables)
            or check_mergeable(document, operation_ast)
        )
        if refused is not None:
            return ExecutionResult(errors=[refused])
        errors = _validate(schema, query, closed)
        if errors:
            return ExecutionResult(errors=list(errors))

        options = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            # An empty list would still make graphql-core wrap every field's resolver.
            "middleware": self.get_middleware(request) or None,
            "execution_context_class": SyncExecutionContext,
        }
        with statement_timeout():
            if operation_ast.operation == OperationType.MUTATION:
                # ledger (issue 11): refused executions are audited after the rollback.
                with collect_refusals(), transaction.atomic():
                    result = cast(ExecutionResult, execute(schema, document, **options))
                    if getattr(request, MUTATION_ERRORS_FLAG, False) or result.errors:
                        transaction.set_rollback(True)
                return result
            return cast(ExecutionResult, execute(schema, document, **options))


class statement_timeout:  # noqa: N801 - used as a context manager
    """Bound every SQL statement of a GraphQL request (GRAPHQL_STATEMENT_TIMEOUT_MS; 0: off).

    Set on the connection the first time a GraphQL request uses it (one statement per new
    connection); Celery work and management commands never pass here and keep PostgreSQL's
    default."""

    def __enter__(self) -> None:
        ms = int(getattr(settings, "GRAPHQL_STATEMENT_TIMEOUT_MS", 0))
        connection.ensure_connection()
        raw = connection.connection
        if ms > 0 and getattr(connection, "_suiji_statement_timeout", None) != (id(raw), ms):
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{ms}ms"])
            connection._suiji_statement_timeout = (id(raw), ms)  # type: ignore[attr-defined]

    def __exit__(self, *exc: Any) -> None:
        return None
