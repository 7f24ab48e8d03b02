"""Registry rows for plan tests, written straight into an organisation's schema."""

from datetime import date

from suiji_tenants.registries.models import (
    InspectionItem,
    InspectionItemVersion,
    Inspector,
    MarketEntity,
)


def make_item(
    code: str = "ZJ-001", *, category: str = "建筑市场", needs_expert: bool = False
) -> InspectionItem:
    item = InspectionItem.objects.create(
        code=code,
        name=f"事项{code}",
        legal_basis="《建筑法》",
        responsible_body="住建局",
        content="检查资质",
        method="现场检查",
        enforcement_category=category,
        needs_expert=needs_expert,
        effective_from=date(2025, 1, 1),
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
        needs_expert=needs_expert,
        effective_from=item.effective_from,
    )
    return item


def make_entities(
    n: int,
    *,
    region: str = "勐焕街道",
    entity_type: str = "建筑业企业",
    credit_class: str = "B",
    start: int = 0,
) -> None:
    MarketEntity.objects.bulk_create(
        MarketEntity(
            name=f"测试企业{start + i}",
            uscc=f"T{start + i:017d}",
            entity_type=entity_type,
            region=region,
            credit_class=credit_class,
        )
        for i in range(n)
    )


def make_officers(
    n: int,
    *,
    valid_until: date = date(2027, 12, 31),
    categories: tuple[str, ...] = ("建筑市场",),
    start: int = 0,
) -> None:
    Inspector.objects.bulk_create(
        Inspector(
            name=f"执法员{start + i}",
            certificate_no=f"C{start + i:06d}",
            certificate_valid_until=valid_until,
            categories=list(categories),
        )
        for i in range(n)
    )
