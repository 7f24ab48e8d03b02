"""What several benchmarks set up: a temporary county, one inspection item, officers.

Import it after `django.setup()`; every model import happens inside the functions.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any


def remove_county(code: str, *, ledger_items: Iterable[str] = ()) -> None:
    """Drop a benchmark county: its ledger rows, organisation, domain and schema."""
    from suiji_platform.ledger.models import LedgerEntry
    from suiji_platform.organisations.models import Domain, Organisation
    from suiji_platform.organisations.schemas import use_public_schema
    from suiji_platform.organisations.services import drop_schema

    use_public_schema()
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is not None:
        LedgerEntry.objects.filter(organisation=organisation).delete()
    items = list(ledger_items)
    if items:
        LedgerEntry.objects.filter(item_code__in=items).delete()
    Domain.objects.filter(tenant__code=code).delete()
    Organisation.objects.filter(code=code).delete()
    drop_schema(Organisation.schema_name_for(code))


def bench_item(code: str, category: str = "建筑市场") -> Any:
    """One inspection item with its first version (run inside the county's schema)."""
    from suiji_tenants.registries.models import InspectionItem, InspectionItemVersion

    item = InspectionItem.objects.create(
        code=code,
        name="建筑市场资质",
        legal_basis="《建筑法》",
        responsible_body="住建局",
        content="资质",
        method="现场检查",
        enforcement_category=category,
        effective_from=date(2026, 1, 1),
    )
    InspectionItemVersion.objects.create(
        item=item,
        version=1,
        name=item.name,
        legal_basis=item.legal_basis,
        responsible_body=item.responsible_body,
        content=item.content,
        method=item.method,
        department=item.department,
        enforcement_category=category,
        effective_from=item.effective_from,
    )
    return item


def bench_officers(count: int, prefix: str, category: str = "建筑市场") -> None:
    """`count` officers with valid certificates in `category` (inside the county's schema)."""
    from suiji_tenants.registries.models import Inspector

    Inspector.objects.bulk_create(
        Inspector(
            name=f"执法员{i}",
            certificate_no=f"{prefix}{i:06d}",
            certificate_valid_until=date(2027, 12, 31),
            categories=[category],
        )
        for i in range(count)
    )
