"""The GraphQL endpoint: cached parsing and validation, a depth limit, introspection closed
to anonymous users in production, and errors that never leak a traceback."""

import json
import logging
from functools import lru_cache
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest
from graphene.validation import DisableIntrospection, depth_limit_validator
from graphene_django.views import GraphQLView
from graphql.language import DocumentNode

from graphql import (
    ExecutionContext,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
)

logger = logging.getLogger("suiji.graphql")

MAX_QUERY_LENGTH = 20_000


class SyncExecutionContext(ExecutionContext):
    """Every resolver in Suiji is synchronous (loaders batch per page, not per event loop), so
    graphql-core need not ask of each of the thousands of values of a page whether it is
    awaitable: a measurable share of a 100-row page's time."""

    @staticmethod
    def is_awaitable(value: Any) -> bool:
        return False


@lru_cache(maxsize=512)
def _parse(query: str) -> DocumentNode:
    return parse(query, no_location=False)


@lru_cache(maxsize=1024)
def _validate(
    schema: GraphQLSchema, query: str, closed_introspection: bool
) -> tuple[GraphQLError, ...]:
    rules: list[Any] = [depth_limit_validator(max_depth=settings.GRAPHQL_MAX_DEPTH)]
    if closed_introspection:
        rules.append(DisableIntrospection)
    from graphql.validation import specified_rules

    return tuple(validate(schema, _parse(query), [*specified_rules, *rules], max_errors=20))


def _public_error(error: GraphQLError) -> dict[str, Any]:
    original = error.original_error
    if original is not None and not isinstance(original, GraphQLError):
        logger.exception("GraphQL resolver failed", exc_info=original)
        return {
            "message": "服务器内部错误，请稍后再试。Internal server error.",
            "path": error.path,
            "extensions": {"code": "INTERNAL_ERROR"},
        }
    return error.formatted  # type: ignore[return-value]


class SuijiGraphQLView(GraphQLView):
    def json_encode(self, request: HttpRequest, d: Any, pretty: bool = False) -> str:
        if pretty or request.GET.get("pretty"):
            return json.dumps(d, ensure_ascii=False, sort_keys=True, indent=2)
        return json.dumps(d, ensure_ascii=False, separators=(",", ":"))

    @staticmethod
    def format_error(error: Any) -> dict[str, Any]:
        if isinstance(error, GraphQLError):
            return _public_error(error)
        return {"message": str(error)}

    def execute_graphql_request(
        self,
        request: HttpRequest,
        data: Any,
        query: str | None,
        variables: Any,
        operation_name: str | None,
        show_graphiql: bool = False,
    ) -> ExecutionResult | None:
        if not query or len(query) > MAX_QUERY_LENGTH:
            if show_graphiql and not query:
                return None
            return ExecutionResult(
                errors=[GraphQLError("缺少查询语句或查询过长。Missing or oversized query.")]
            )
        if variables is not None and not isinstance(variables, dict):
            return ExecutionResult(errors=[GraphQLError("variables 应为 JSON 对象。")])
        schema = self.schema.graphql_schema
        try:
            document = _parse(query)
        except GraphQLError as error:
            return ExecutionResult(errors=[error])
        operation_ast = get_operation_ast(document, operation_name)
        if operation_ast is None:
            return ExecutionResult(errors=[GraphQLError("未找到要执行的操作。Unknown operation.")])
        if (
            request.method
            and request.method.lower() == "get"
            and (operation_ast.operation != OperationType.QUERY)
        ):
            return ExecutionResult(errors=[GraphQLError("变更操作只能用 POST 提交。")])
        closed = settings.PRODUCTION and not request.user.is_authenticated
        errors = _validate(schema, query, closed)
        if errors:
            return ExecutionResult(errors=list(errors))
        from django.db import transaction
        from graphene_django.constants import MUTATION_ERRORS_FLAG

        options = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
            "execution_context_class": SyncExecutionContext,
        }
        try:
            if operation_ast.operation == OperationType.MUTATION:
                with transaction.atomic():
                    result = cast(ExecutionResult, execute(schema, document, **options))
                    if getattr(request, MUTATION_ERRORS_FLAG, False) or result.errors:
                        transaction.set_rollback(True)
                return result
            return cast(ExecutionResult, execute(schema, document, **options))
        except Exception as error:  # noqa: BLE001 - reported as a GraphQL error, logged
            logger.exception("GraphQL execution failed")
            return ExecutionResult(errors=[GraphQLError("服务器内部错误。", original_error=error)])
