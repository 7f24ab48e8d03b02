"""Per-request loaders (Saleor's layout; synchronous because execution is synchronous).

A loader batches by key: the list field primes it with every key of the page, and the first
`load` fetches them all in one query. Loaders live in the request (`get_loaders`), so nothing
leaks between requests or organisations.
"""

from collections.abc import Iterable
from typing import Any, ClassVar

from suiji_tenants.registries.models import Conflict, InspectionItemVersion, MarketEntity

from ..core.context import get_loaders

_MISSING = object()


class SyncLoader:
    context_key: ClassVar[str]

    def __new__(cls, request: Any) -> "SyncLoader":
        loaders = get_loaders(request)
        loader = loaders.get(cls.context_key)
        if loader is None:
            loader = super().__new__(cls)
            loader.cache = {}
            loader.pending = set()
            loaders[cls.context_key] = loader
        return loader

    cache: dict[Any, Any]
    pending: set[Any]

    def prime_keys(self, keys: Iterable[Any]) -> None:
        self.pending.update(k for k in keys if k is not None and k not in self.cache)

    def prime(self, key: Any, value: Any) -> None:
        self.cache[key] = value
        self.pending.discard(key)

    def load(self, key: Any) -> Any:
        if key is None:
            return None
        value = self.cache.get(key, _MISSING)
        if value is _MISSING:
            keys = list(self.pending | {key})
            self.pending.clear()
            found = self.batch_load(keys)
            for k in keys:
                self.cache[k] = found.get(k, self.default())
            value = self.cache[key]
        return value

    def default(self) -> Any:
        return None

    def batch_load(self, keys: list[Any]) -> dict[Any, Any]:
        raise NotImplementedError


class EntityByIdLoader(SyncLoader):
    context_key = "registries.entity_by_id"

    def batch_load(self, keys: list[Any]) -> dict[Any, Any]:
        return MarketEntity.objects.in_bulk(keys)


class ConflictsByInspectorIdLoader(SyncLoader):
    context_key = "registries.conflicts_by_inspector_id"

    def __init__(self, request: Any) -> None:
        self.request = request

    def default(self) -> Any:
        return []

    def batch_load(self, keys: list[Any]) -> dict[Any, Any]:
        result: dict[Any, list[Conflict]] = {}
        entities = EntityByIdLoader(self.request)
        for conflict in Conflict.objects.filter(inspector_id__in=keys).select_related("entity"):
            result.setdefault(conflict.inspector_id, []).append(conflict)
            entities.prime(conflict.entity_id, conflict.entity)
        return result


class VersionsByItemIdLoader(SyncLoader):
    context_key = "registries.versions_by_item_id"

    def default(self) -> Any:
        return []

    def batch_load(self, keys: list[Any]) -> dict[Any, Any]:
        result: dict[Any, list[InspectionItemVersion]] = {}
        for version in InspectionItemVersion.objects.filter(item_id__in=keys).order_by("version"):
            result.setdefault(version.item_id, []).append(version)
        return result
