"""Synthetic but realistic registries: Chinese company names and addresses in the county's
townships, valid USCCs and ID numbers (check characters computed with python-stdnum).

`seed_demo_registries(org)` fills one organisation (idempotent: skipped when it already has
entities); `copy_entities(n)` writes many entities with COPY for benchmarks.
"""

import datetime as dt
import io
import random
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from stdnum.cn import ric, uscc

from suiji_platform.index.inspectors import sync_inspectors
from suiji_platform.index.models import EntityIndex
from suiji_platform.index.services import upsert_index_rows
from suiji_platform.pgcopy import copy_value
from suiji_tenants.audit.services import record_audit

from . import crypto
from .models import (
    Conflict,
    ConflictKind,
    ConstructionStatus,
    Department,
    EntityStatus,
    InspectionItem,
    InspectionItemVersion,
    Inspector,
    InspectorKind,
    MarketEntity,
    Project,
)

TOWNSHIPS = {
    "533103": [
        "勐焕街道",
        "芒市镇",
        "遮放镇",
        "勐戛镇",
        "芒海镇",
        "风平镇",
        "轩岗乡",
        "江东乡",
        "西山乡",
        "中山乡",
        "三台山乡",
        "五岔路乡",
        "芒市镇",
    ],
    "533102": ["勐卯街道", "畹町镇", "弄岛镇", "姐相乡", "户育乡", "勐秀乡"],
    "533122": [
        "遮岛镇",
        "芒东镇",
        "勐养镇",
        "平山乡",
        "小厂乡",
        "大厂乡",
        "九保阿昌族乡",
        "曩宋阿昌族乡",
        "河西乡",
    ],
    "533123": [
        "平原街道",
        "旧城镇",
        "那邦镇",
        "弄璋镇",
        "盏西镇",
        "卡场镇",
        "昔马镇",
        "太平镇",
        "新城乡",
        "油松岭乡",
        "芒章乡",
        "支那乡",
        "苏典傈僳族乡",
        "勐弄乡",
        "铜壁关乡",
    ],
    "533124": [
        "章凤镇",
        "陇把镇",
        "景罕镇",
        "城子镇",
        "户撒阿昌族乡",
        "护国乡",
        "清平乡",
        "王子树乡",
        "勐约乡",
    ],
    "533100": ["勐焕街道", "芒市镇", "遮放镇", "勐卯街道"],
}
PLACE = {
    "533103": "芒市",
    "533102": "瑞丽",
    "533122": "梁河",
    "533123": "盈江",
    "533124": "陇川",
    "533100": "德宏",
}
TRADE_NAMES = list(
    "恒信宏达鑫源华泰兴盛永安昌隆金诚瑞丰和顺远航佳禾凯越天成嘉华明德万通福泰"
    "荣昇广厦盛世铭远中科博远新元同创立达润泽鼎盛锦程汇通长青"
)
INDUSTRIES = [
    ("建筑工程有限公司", "建筑施工企业"),
    ("建设工程有限公司", "建筑施工企业"),
    ("房地产开发有限公司", "房地产开发企业"),
    ("置业有限公司", "房地产开发企业"),
    ("物业服务有限公司", "物业服务企业"),
    ("工程监理有限公司", "工程监理企业"),
    ("建筑设计有限公司", "勘察设计企业"),
    ("工程检测有限公司", "建设工程质量检测机构"),
    ("商品混凝土有限公司", "预拌混凝土企业"),
    ("园林绿化工程有限公司", "园林绿化企业"),
    ("燃气有限公司", "城镇燃气经营企业"),
    ("劳务有限公司", "建筑劳务企业"),
]
NATURES = (
    ["私营企业"] * 6
    + ["有限责任公司（自然人投资或控股）"] * 3
    + ["国有企业", "集体企业", "外商投资企业"]
)
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰红华建国玉梅志成海燕云鹏飞")
STREETS = [
    "团结大街",
    "勇罕街",
    "青年路",
    "阔时路",
    "胞波路",
    "建设路",
    "新城路",
    "人民路",
    "文化路",
    "景成路",
    "姐告大道",
    "环城北路",
]
CATEGORIES = [
    "工程质量",
    "安全生产",
    "建筑市场",
    "房地产市场",
    "物业管理",
    "城镇燃气",
    "勘察设计",
    "市政公用",
]
PROJECT_KINDS = [
    "安置房建设项目",
    "住宅小区项目",
    "道路改造工程",
    "学校教学楼项目",
    "医院综合楼项目",
    "污水处理厂工程",
    "老旧小区改造项目",
    "商业综合体项目",
]
ORG_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_uscc(rng: random.Random, region: str) -> str:
    body = "91" + region + "".join(rng.choice(ORG_CODE_ALPHABET) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def make_id_number(rng: random.Random, region: str) -> str:
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 35))
    body = f"{region}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def make_phone(rng: random.Random) -> str:
    return (
        rng.choice(["138", "139", "137", "150", "151", "187", "188", "135"])
        + f"{rng.randrange(0, 10**8):08d}"
    )


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def entity_rows(code: str, n: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """n entities with distinct USCCs, realistic fields, as cleaned values."""
    rng = random.Random(f"{code}:{seed}")
    seen: set[str] = set()
    place = PLACE.get(code, "德宏")
    towns = TOWNSHIPS.get(code, TOWNSHIPS["533100"])
    while len(seen) < n:
        code18 = make_uscc(rng, code)
        if code18 in seen:
            continue
        seen.add(code18)
        suffix, etype = rng.choice(INDUSTRIES)
        town = rng.choice(towns)
        credit = rng.choices("ABCD", weights=(25, 55, 15, 5))[0]
        status = rng.choices(list(EntityStatus.values), weights=(92, 6, 2))[0]
        yield {
            "name": f"{place}{''.join(rng.sample(TRADE_NAMES, 2))}{suffix}",
            "uscc": code18,
            "address": f"{place}{town}{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
            "legal_representative": person(rng),
            "contact_name": person(rng),
            "contact_phone": make_phone(rng),
            "entity_type": etype,
            "nature": rng.choice(NATURES),
            "region": town,
            "credit_class": credit,
            "complaint_count": rng.choices([0, 1, 2, 5], weights=(70, 18, 8, 4))[0],
            "violation_count": rng.choices([0, 1, 3], weights=(80, 15, 5))[0],
            "status": status,
            "established_on": dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(0, 9000)),
            "status_changed_on": None
            if status == "active"
            else dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 400)),
        }


DEMO_ITEMS = [
    (
        "ZJ-001",
        "建筑施工企业安全生产许可条件检查",
        "《安全生产许可证条例》第十四条",
        "安全生产",
        False,
    ),
    ("ZJ-002", "建设工程质量检查", "《建设工程质量管理条例》第四十七条", "工程质量", True),
    ("ZJ-003", "建筑业企业资质动态核查", "《建筑业企业资质管理规定》第二十八条", "建筑市场", False),
    (
        "ZJ-004",
        "房地产开发企业经营行为检查",
        "《城市房地产开发经营管理条例》第三十四条",
        "房地产市场",
        False,
    ),
    ("ZJ-005", "物业服务企业服务行为检查", "《物业管理条例》第五十五条", "物业管理", False),
    ("ZJ-006", "城镇燃气经营企业安全检查", "《城镇燃气管理条例》第七条", "城镇燃气", True),
    ("ZJ-007", "工程监理企业履职情况检查", "《建设工程监理规范》", "建筑市场", False),
    (
        "ZJ-008",
        "建设工程质量检测机构检查",
        "《建设工程质量检测管理办法》第三十三条",
        "工程质量",
        True,
    ),
]


@transaction.atomic
def seed_demo_registries(
    organisation: Any,
    *,
    entities: int = 2000,
    projects: int = 300,
    officers: int = 60,
    experts: int = 15,
) -> bool:
    """Fill one organisation's registries; returns False when it already had entities."""
    with schema_context(organisation.schema_name):
        if MarketEntity.objects.exists():
            return False
        code = organisation.code
        rng = random.Random(f"demo:{code}")
        today = timezone.localdate()
        place = PLACE.get(code, "德宏")
        towns = TOWNSHIPS.get(code, TOWNSHIPS["533100"])
        items = []
        for item_code, name, basis, category, expert in DEMO_ITEMS:
            item = InspectionItem.objects.create(
                code=item_code,
                name=name,
                legal_basis=basis,
                responsible_body=organisation.name,
                content=f"{name}：{basis}规定的事项",
                method="现场检查、书面检查",
                department=Department.HOUSING,
                enforcement_category=category,
                needs_expert=expert,
                effective_from=dt.date(today.year, 1, 1),
            )
            items.append(
                InspectionItemVersion(
                    item=item,
                    version=1,
                    name=item.name,
                    legal_basis=item.legal_basis,
                    responsible_body=item.responsible_body,
                    content=item.content,
                    method=item.method,
                    department=item.department,
                    enforcement_category=item.enforcement_category,
                    needs_expert=item.needs_expert,
                    effective_from=item.effective_from,
                )
            )
        InspectionItemVersion.objects.bulk_create(items)
        rows = list(entity_rows(code, entities))
        created = MarketEntity.objects.bulk_create(
            [MarketEntity(**r) for r in rows], batch_size=1000
        )
        upsert_index_rows(
            [
                {
                    "kind": "entity",
                    "uscc": e.uscc,
                    "name": e.name,
                    "type": e.entity_type,
                    "nature": e.nature,
                    "region": e.region,
                    "credit_class": e.credit_class,
                    "status": e.status,
                }
                for e in created
            ],
            organisation=organisation,
        )
        builders = [
            e for e in created if e.entity_type in ("建筑施工企业", "房地产开发企业")
        ] or created
        project_objs = []
        for i in range(projects):
            town = rng.choice(towns)
            project_objs.append(
                Project(
                    code=f"{today.year - rng.randrange(0, 4)}-{code}-47-01-{i + 1:06d}",
                    name=f"{place}{town}{rng.choice(PROJECT_KINDS)}",
                    location=f"{place}{town}{rng.choice(STREETS)}",
                    region=town,
                    permits=rng.choice(
                        [
                            "施工许可证、建设工程规划许可证",
                            "建设用地规划许可证",
                            "施工许可证",
                            "建设工程规划许可证、施工许可证、用地许可",
                        ]
                    ),
                    project_leader=person(rng),
                    construction_status=rng.choices(
                        list(ConstructionStatus.values), weights=(10, 60, 8, 22)
                    )[0],
                    contact_name=person(rng),
                    contact_phone=make_phone(rng),
                    responsible_entity=rng.choice(builders),
                )
            )
        project_objs = Project.objects.bulk_create(project_objs, batch_size=1000)
        by_id = {e.pk: e for e in created}
        project_index = []
        for p in project_objs:
            assert p.responsible_entity_id is not None  # every demo project has a builder
            project_index.append(
                {
                    "kind": "project",
                    "uscc": p.code,
                    "name": p.name,
                    "type": "工程项目",
                    "region": p.region,
                    "credit_class": by_id[p.responsible_entity_id].credit_class,
                    "status": p.construction_status,
                }
            )
        upsert_index_rows(project_index, organisation=organisation)
        inspectors = []
        for i in range(officers + experts):
            is_officer = i < officers
            id_number = make_id_number(rng, code)
            # about one officer in eight holds an expired certificate (R3: not drawable)
            valid_until = (
                today - dt.timedelta(days=rng.randrange(1, 200))
                if i % 8 == 3
                else today + dt.timedelta(days=rng.randrange(30, 1500))
            )
            inspectors.append(
                Inspector(
                    kind=InspectorKind.OFFICER if is_officer else InspectorKind.EXPERT,
                    name=person(rng),
                    id_number=id_number,
                    id_number_hash=crypto.blind_index(id_number),
                    id_number_masked=crypto.mask_id_number(id_number),
                    department=Department.HOUSING
                    if is_officer and i % 6
                    else rng.choice(Department.values),
                    categories=rng.sample(CATEGORIES, rng.choice((1, 2, 3))),
                    certificate_no=f"{code}{today.year - 2}{i + 1:04d}" if is_officer else "",
                    certificate_valid_until=valid_until if is_officer else None,
                    unit=organisation.name
                    if is_officer
                    else f"{place}{rng.choice(TRADE_NAMES)}工程咨询有限公司",
                    contact_phone=make_phone(rng),
                    active=rng.random() > 0.05,
                )
            )
        inspectors = Inspector.objects.bulk_create(inspectors)
        conflicts = {}
        for inspector in rng.sample(inspectors, min(12, len(inspectors))):
            entity = rng.choice(created)
            conflicts[(inspector.pk, entity.pk)] = Conflict(
                inspector=inspector,
                entity=entity,
                kind=rng.choice(ConflictKind.values),
                reason=rng.choice(
                    [
                        "配偶在该企业任职",
                        "曾在该企业工作三年",
                        "持有该企业股份",
                        "亲属为该企业法定代表人",
                    ]
                ),
            )
        Conflict.objects.bulk_create(conflicts.values())
        sync_inspectors(organisation)
        record_audit(
            "registries.seed_demo",
            object_type="Registry",
            object_id=code,
            after={
                "items": len(DEMO_ITEMS),
                "entities": len(created),
                "projects": len(project_objs),
                "inspectors": len(inspectors),
                "conflicts": len(conflicts),
            },
            organisation_code=code,
        )
        return True


def copy_entities(
    organisation: Any, n: int, *, seed: int = 7, with_index: bool = True, chunk: int = 100_000
) -> int:
    """Benchmark data: n entities written with COPY into the current schema (and the index).
    Phones are stored encrypted like any other row (one shared ciphertext to stay fast)."""
    phone = crypto.encrypt("13800000000")
    now = timezone.now().isoformat()
    columns = (
        "name",
        "uscc",
        "address",
        "legal_representative",
        "contact_name",
        "contact_phone",
        "entity_type",
        "nature",
        "region",
        "credit_class",
        "complaint_count",
        "violation_count",
        "status",
        "established_on",
        "status_changed_on",
        "created_at",
        "updated_at",
    )
    rows = entity_rows(organisation.code, n, seed)
    written = 0
    with connection.cursor() as cursor:
        while written < n:
            buf, ibuf = io.StringIO(), io.StringIO()
            count = 0
            for count, r in enumerate(rows, 1):  # noqa: B007 - count is used after the loop
                r["contact_phone"] = phone
                values = [r[c] for c in columns[:-2]] + [now, now]
                buf.write("\t".join(copy_value(v) for v in values) + "\n")
                if with_index:
                    ibuf.write(
                        "\t".join(
                            copy_value(v)
                            for v in (
                                organisation.pk,
                                "entity",
                                r["uscc"],
                                r["name"],
                                r["entity_type"],
                                r["nature"],
                                r["region"],
                                r["credit_class"],
                                r["status"],
                                now,
                            )
                        )
                        + "\n"
                    )
                if count >= chunk:
                    break
            size = buf.tell()
            if not size:
                break
            buf.seek(0)
            cursor.copy_expert(
                f"COPY registries_marketentity ({', '.join(columns)}) FROM STDIN", buf
            )
            if with_index:
                ibuf.seek(0)
                table = EntityIndex._meta.db_table
                cursor.copy_expert(
                    f"COPY public.{table} (organisation_id, kind, uscc, name, type, nature, region,"
                    " credit_class, status, updated_at) FROM STDIN",
                    ibuf,
                )
            written += count
        # fresh planner statistics, or pages over the new rows get naive plans
        cursor.execute("ANALYZE registries_marketentity")
    return written
