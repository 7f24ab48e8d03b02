"""Demo data of the prefecture's partner departments (协作部门) for joint draws: each brings its
own inspection items (with their legal basis, R1) and its officers (R3) into the prefecture's
list and inspector registry. Their staff accounts are in `suiji_platform.demo`."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from suiji_platform.demo import PARTNER_DEPARTMENTS
from suiji_platform.index.inspectors import sync_inspectors

from . import crypto
from .models import Department, InspectionItem, InspectionItemVersion, Inspector, InspectorKind

# (code, name, legal basis, category, department)
PARTNER_ITEMS = (
    (
        "LH-ZJ-01",
        "建筑施工企业安全生产许可情况检查",
        "《建设工程安全生产管理条例》第二十条",
        "建筑施工安全",
        Department.HOUSING,
    ),
    (
        "LH-SJ-01",
        "企业公示信息情况检查",
        "《企业信息公示暂行条例》第十四条",
        "市场监管",
        Department.MARKET_SUPERVISION,
    ),
    (
        "LH-SJ-02",
        "营业执照（登记事项）情况检查",
        "《中华人民共和国市场主体登记管理条例》第三十五条",
        "市场监管",
        Department.MARKET_SUPERVISION,
    ),
    (
        "LH-XF-01",
        "消防设施、器材和消防安全标志检查",
        "《中华人民共和国消防法》第十六条、第五十三条",
        "消防安全",
        Department.FIRE,
    ),
    (
        "LH-XF-02",
        "施工现场消防安全管理检查",
        "《中华人民共和国消防法》第二十一条",
        "消防安全",
        Department.FIRE,
    ),
    (
        "LH-ZR-01",
        "建设用地使用情况检查",
        "《中华人民共和国土地管理法》第六十七条",
        "自然资源",
        Department.NATURAL_RESOURCES,
    ),
    (
        "LH-YJ-01",
        "安全生产主体责任落实情况检查",
        "《中华人民共和国安全生产法》第六十五条",
        "应急管理",
        Department.EMERGENCY_MANAGEMENT,
    ),
)
OFFICERS_PER_DEPARTMENT = 24
_SURNAMES = "李王张刘陈杨赵黄周吴徐孙"
_GIVEN = ("建国", "海燕", "志强", "丽华", "文斌", "晓东", "春梅", "国栋", "明", "芳")


def _unit(department: str) -> str:
    names = {dept: name for _, dept, name in PARTNER_DEPARTMENTS}
    return names.get(department, "德宏州住房和城乡建设局")


def seed_partner_departments(organisation: Any) -> bool:
    """Items and officers of the partner departments in the prefecture (idempotent)."""
    with schema_context(organisation.schema_name), transaction.atomic():
        if InspectionItem.objects.filter(code=PARTNER_ITEMS[0][0]).exists():
            return False
        today = timezone.localdate()
        start = dt.date(today.year, 1, 1)
        for code, name, basis, category, department in PARTNER_ITEMS:
            item = InspectionItem.objects.create(
                code=code,
                name=name,
                legal_basis=basis,
                responsible_body=_unit(department),
                content=f"{name}：{basis}规定的事项",
                method="现场检查、书面检查",
                department=department,
                enforcement_category=category,
                effective_from=start,
            )
            InspectionItemVersion.objects.create(
                item=item,
                version=1,
                name=item.name,
                legal_basis=item.legal_basis,
                responsible_body=item.responsible_body,
                content=item.content,
                method=item.method,
                department=department,
                enforcement_category=category,
                effective_from=start,
            )
        people = []
        categories = {dept: cat for _, _, _, cat, dept in PARTNER_ITEMS}
        for d, department in enumerate(sorted(categories)):
            for i in range(OFFICERS_PER_DEPARTMENT):
                n = d * OFFICERS_PER_DEPARTMENT + i
                id_number = f"5331001980{(n % 12) + 1:02d}{(n % 27) + 1:02d}{n:03d}X"
                people.append(
                    Inspector(
                        kind=InspectorKind.OFFICER,
                        name=_SURNAMES[n % len(_SURNAMES)] + _GIVEN[(n * 7) % len(_GIVEN)],
                        id_number=id_number,
                        id_number_hash=crypto.blind_index(id_number),
                        id_number_masked=crypto.mask_id_number(id_number),
                        department=department,
                        categories=[categories[department]],
                        certificate_no=f"5331LH{d}{i + 1:03d}",
                        certificate_valid_until=today + dt.timedelta(days=700 + n),
                        unit=_unit(department),
                    )
                )
        Inspector.objects.bulk_create(people)
        sync_inspectors(organisation)
        return True
