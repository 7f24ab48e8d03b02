"""Field specifications and validation shared by the API, the Excel import and the CLI.

Each registry kind has an ordered list of fields with a Chinese label (the Excel header) and a
parser turning raw input (str, number, date, bool) into the stored value or raising FieldError
with a Chinese message that says how to fix it.
"""

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from suiji_platform.organisations.services import FieldError

from .codes import is_blank, non_ascii_digit, normalise_code, normalise_text, unstorable_character
from .models import (
    ConstructionStatus,
    CreditClass,
    Department,
    EntityStatus,
    InspectionItem,
    Inspector,
    InspectorKind,
    MarketEntity,
    Project,
)

Parser = Callable[[str, Any], Any]

_PHONE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$")
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_\-./]{0,63}$")
_TRUE = {"是", "true", "1", "yes", "y", "√"}
_FALSE = {"否", "false", "0", "no", "n", ""}


def text(value: Any) -> str:
    """A cell or argument as trimmed text (spaces and zero-width characters at both ends)."""
    return normalise_text(value)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    parse: Callable[["Field", Any], Any]
    required: bool = False
    max_length: int = 200
    choices: type[models.TextChoices] | None = None
    example: str = ""
    help: str = ""
    # Dates: "past" may not lie after today (founding, status change); "any" is bounded to
    # plausible years only (validity, effective dates).
    dates: str = "any"


def _required(f: Field) -> FieldError:
    return FieldError(f.name, "required", f"请填写“{f.label}”。")


def _unstorable(f: Field, s: str) -> None:
    bad = unstorable_character(s)
    if bad:
        raise FieldError(
            f.name, "invalid_character", f"“{f.label}”含有{bad}，请删除该字符后重新填写。"
        )


def p_text(f: Field, value: Any) -> str:
    s = text(value)
    _unstorable(f, s)
    if is_blank(s):
        s = ""
    if not s and f.required:
        raise _required(f)
    if len(s) > f.max_length:
        raise FieldError(
            f.name, "too_long", f"“{f.label}”不能超过 {f.max_length} 个字符（现为 {len(s)} 个）。"
        )
    return s


def _code_text(f: Field, value: Any) -> str:
    """A code as typed, normalised (NFKC, no spaces or zero-width characters); digits of
    other scripts are refused with a message rather than crashing a validator."""
    s = normalise_code(value)
    _unstorable(f, s)
    digit = non_ascii_digit(s)
    if digit is not None:
        raise FieldError(
            f.name,
            "invalid_format",
            f"“{f.label}”含有非阿拉伯数字字符“{digit}”（U+{ord(digit):04X}），"
            "请用半角数字 0-9 重新输入。",
        )
    return s


def p_code(f: Field, value: Any) -> str:
    s = _code_text(f, value)
    if not s and f.required:
        raise _required(f)
    if len(s) > f.max_length:
        raise FieldError(
            f.name, "too_long", f"“{f.label}”不能超过 {f.max_length} 个字符（现为 {len(s)} 个）。"
        )
    if s and not _CODE.match(s):
        raise FieldError(f.name, "invalid", f"“{f.label}”只能包含字母、数字和 - _ . /。")
    return s


_USCC_SHAPE = re.compile(r"^[0-9]{8}[0-9A-HJ-NPQRTUWXY]{10}$")


def p_uscc(f: Field, value: Any) -> str:
    s = _code_text(f, value).upper()
    if not s:
        if f.required:
            raise _required(f)
        return ""
    # Fast path for well-formed codes (imports of 100,000 rows): stdnum's check character only.
    if _USCC_SHAPE.match(s) and uscc.calc_check_digit(s) == s[-1]:
        return s
    if len(s) != 18:
        raise FieldError(f.name, "invalid_length", f"“{f.label}”应为18位（现为{len(s)}位）。")
    if not _USCC_SHAPE.match(s):
        raise FieldError(
            f.name,
            "invalid_format",
            f"“{f.label}” {s} 格式不正确（前8位为数字，不含 I、O、Z、S、V）。",
        )
    try:
        return str(uscc.validate(s))
    except InvalidLength:
        raise FieldError(
            f.name, "invalid_length", f"“{f.label}”应为18位（现为{len(s)}位）。"
        ) from None
    except InvalidChecksum:
        raise FieldError(
            f.name,
            "invalid_checksum",
            f"“{f.label}” {s} 的校验码不正确（末位应为 {uscc.calc_check_digit(s)}），请核对。",
        ) from None
    except (ValidationError, ValueError):
        raise FieldError(
            f.name,
            "invalid_format",
            f"“{f.label}” {s} 格式不正确（前8位为数字，不含 I、O、Z、S、V）。",
        ) from None


_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


def p_id_number(f: Field, value: Any) -> str:
    """GB 11643: 17 digits and a check character; the birth date must exist and not lie in the
    future. The region code is not looked up: stdnum's table lacks current codes such as
    533103 (芒市) and 533102 (瑞丽), which would reject real residents."""
    s = _code_text(f, value).upper()
    if not s:
        if f.required:
            raise _required(f)
        return ""
    if len(s) != 18:
        raise FieldError(f.name, "invalid_length", f"“{f.label}”应为18位（现为{len(s)}位）。")
    if not _ID_SHAPE.match(s):
        raise FieldError(f.name, "invalid_format", f"“{f.label}”格式不正确（17位数字加校验位）。")
    if s[17] != ric.calc_check_digit(s):
        raise FieldError(f.name, "invalid_checksum", f"“{f.label}”的校验位不正确，请核对。")
    try:
        birth = ric.get_birth_date(s)
    except (ValidationError, ValueError):
        birth = None
    if birth is None or birth > dt.date.today() or birth.year < 1900:
        raise FieldError(f.name, "invalid_birth_date", f"“{f.label}”中的出生日期无效，请核对。")
    return s


def p_phone(f: Field, value: Any) -> str:
    s = _code_text(f, value)
    if not s:
        if f.required:
            raise _required(f)
        return ""
    if not _PHONE.match(s):
        raise FieldError(
            f.name, "invalid", f"“{f.label}”应为11位手机号或带区号的固定电话（如 0692-2121234）。"
        )
    return s


def p_choice(f: Field, value: Any) -> str:
    s = text(value)
    _unstorable(f, s)
    assert f.choices is not None
    if not s:
        if f.required:
            raise _required(f)
        return ""
    for choice in f.choices:
        if (
            s in (choice.value, choice.label)
            or s == choice.label.split("（")[0]
            or s == choice.name
        ):
            return str(choice.value)
    options = "、".join(c.label.split("（")[0] for c in f.choices)
    raise FieldError(f.name, "invalid_choice", f"“{f.label}”应为：{options}（现为“{s[:50]}”）。")


def p_count(f: Field, value: Any) -> int:
    if isinstance(value, float) and not value.is_integer():
        raise FieldError(f.name, "invalid", f"“{f.label}”应为不小于0的整数（现为 {value}）。")
    s = _code_text(f, value)
    if not s:
        return 0
    if not s.isdecimal():
        raise FieldError(f.name, "invalid", f"“{f.label}”应为不小于0的整数（现为“{s[:30]}”）。")
    return int(s)


# Dates before this year are typing mistakes in a registry of today's entities and officers;
# so are dates after LATEST_YEAR (9999-12-31 used as "forever").
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
_COMPACT = re.compile(r"^[0-9]{8}$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


def _parse_date_text(f: Field, s: str) -> dt.date:
    if s.isdecimal():
        # 20150618 is unambiguous; 201561 could be 2015-06-01 or 2015-01-06 (or a serial
        # number), so only eight digits are read as a date.
        if not _COMPACT.match(s):
            raise FieldError(
                f.name,
                "ambiguous_date",
                f"“{f.label}”“{s}”无法确定是哪一天；请写成 2015-06-01 或 20150601 的形式。",
            )
        try:
            return dt.datetime.strptime(s, "%Y%m%d").date()
        except ValueError:
            pass
    else:
        for fmt in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(s, fmt).date()
            except ValueError:
                continue
    raise FieldError(
        f.name, "invalid_date", f"“{f.label}”应为日期，如 2026-03-31（现为“{s[:30]}”）。"
    )


def p_date(f: Field, value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        s = _code_text(f, value)
        if not s:
            if f.required:
                raise _required(f)
            return None
        day = _parse_date_text(f, s)
    if day.year < EARLIEST_YEAR or day.year > LATEST_YEAR:
        raise FieldError(
            f.name,
            "date_out_of_range",
            f"“{f.label}”{day.isoformat()} 不是合理的日期（应在 {EARLIEST_YEAR}–{LATEST_YEAR} 年之间），请核对。",
        )
    if f.dates == "past" and day > dt.date.today():
        raise FieldError(
            f.name,
            "date_in_future",
            f"“{f.label}”{day.isoformat()} 晚于今天，请核对。",
        )
    return day


def p_bool(f: Field, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    s = text(value).lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise FieldError(f.name, "invalid", f"“{f.label}”应填“是”或“否”。")


def p_categories(f: Field, value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        parts = [text(v) for v in value]
    else:
        parts = re.split(r"[、,，;；\s]+", text(value))
    parts = [p for p in parts if p and not is_blank(p)]
    for p in parts:
        _unstorable(f, p)
    for p in parts:
        if len(p) > 64:
            raise FieldError(f.name, "too_long", f"“{f.label}”中的每项不能超过64个字符。")
    return list(dict.fromkeys(parts))


@dataclass(frozen=True)
class RegistrySpec:
    kind: str
    label: str
    key: str  # the stable identifier used for upserts and duplicate checks
    fields: tuple[Field, ...]
    personal: frozenset[str] = field(default_factory=frozenset)

    @property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}


ITEMS = RegistrySpec(
    "items",
    "随机抽查事项清单",
    "code",
    (
        Field("code", "事项编码", p_code, required=True, max_length=32, example="ZJ-001"),
        Field(
            "name", "抽查事项", p_text, required=True, example="建筑施工企业安全生产许可条件检查"
        ),
        Field(
            "legal_basis",
            "抽查依据",
            p_text,
            required=True,
            max_length=4000,
            example="《安全生产许可证条例》第十四条",
        ),
        Field("responsible_body", "抽查主体", p_text, required=True, example="县住房和城乡建设局"),
        Field(
            "content",
            "抽查内容",
            p_text,
            required=True,
            max_length=4000,
            example="安全生产许可证有效性及安全生产条件",
        ),
        Field("method", "抽查方式", p_text, required=True, example="现场检查、书面检查"),
        Field("department", "所属部门", p_choice, choices=Department, example="住房和城乡建设"),
        Field("enforcement_category", "专业门类", p_text, max_length=64, example="安全生产"),
        Field("needs_expert", "需专家参与", p_bool, example="否"),
        Field("effective_from", "生效日期", p_date, example="2026-01-01"),
    ),
)

ENTITIES = RegistrySpec(
    "entities",
    "市场主体名录库",
    "uscc",
    (
        Field("name", "名称", p_text, required=True, example="德宏恒信建筑工程有限公司"),
        Field("uscc", "统一社会信用代码", p_uscc, required=True, example="91533103MA6K4X0A1E"),
        Field("address", "住所", p_text, max_length=300, example="芒市勐焕街道团结大街88号"),
        Field("legal_representative", "法定代表人", p_text, max_length=64, example="张伟"),
        Field("contact_name", "联系人", p_text, max_length=64, example="李娜"),
        Field("contact_phone", "联系电话", p_phone, example="13888885678"),
        Field("entity_type", "主体类型", p_text, max_length=64, example="建筑施工企业"),
        Field("nature", "企业性质", p_text, max_length=64, example="私营企业"),
        Field("region", "所属乡镇（街道）", p_text, max_length=64, example="勐焕街道"),
        Field("credit_class", "信用等级", p_choice, choices=CreditClass, example="B"),
        Field("complaint_count", "投诉举报次数", p_count, example="0"),
        Field("violation_count", "违法违规次数", p_count, example="0"),
        Field("status", "状态", p_choice, choices=EntityStatus, example="存续"),
        Field("established_on", "成立日期", p_date, example="2015-06-18", dates="past"),
        Field("status_changed_on", "状态变更日期", p_date, example="", dates="past"),
    ),
    personal=frozenset({"contact_phone"}),
)

PROJECTS = RegistrySpec(
    "projects",
    "工程项目名录库",
    "code",
    (
        Field(
            "code",
            "项目代码",
            p_code,
            required=True,
            max_length=64,
            example="2026-533103-47-01-000123",
        ),
        Field("name", "项目名称", p_text, required=True, example="芒市城东安置房建设项目"),
        Field("location", "项目地点", p_text, max_length=300, example="芒市勐焕街道"),
        Field("region", "所属乡镇（街道）", p_text, max_length=64, example="勐焕街道"),
        Field(
            "permits", "已取得的行政许可", p_text, max_length=500, example="施工许可证、规划许可证"
        ),
        Field("project_leader", "项目负责人", p_text, max_length=64, example="王强"),
        Field(
            "construction_status", "施工状态", p_choice, choices=ConstructionStatus, example="在建"
        ),
        Field("contact_name", "联系人", p_text, max_length=64, example="赵敏"),
        Field("contact_phone", "联系电话", p_phone, example="13988881234"),
        Field(
            "responsible_entity_uscc",
            "责任主体统一社会信用代码",
            p_uscc,
            example="91533103MA6K4X0A1E",
        ),
    ),
    personal=frozenset({"contact_phone"}),
)

INSPECTORS = RegistrySpec(
    "inspectors",
    "执法检查人员名录库",
    "certificate_no",
    (
        Field("kind", "类别", p_choice, choices=InspectorKind, example="执法检查人员"),
        Field("name", "姓名", p_text, required=True, max_length=64, example="杨洁"),
        Field("id_number", "身份证号", p_id_number, required=True, example="533103198805120024"),
        Field("department", "所属部门", p_choice, choices=Department, example="住房和城乡建设"),
        Field("categories", "专业门类", p_categories, example="工程质量、安全生产"),
        Field("certificate_no", "执法证号", p_code, max_length=64, example="53310320260001"),
        Field("certificate_valid_until", "执法证有效期至", p_date, example="2028-12-31"),
        Field("unit", "工作单位", p_text, example="芒市住房和城乡建设局"),
        Field("contact_phone", "联系电话", p_phone, example="13700001111"),
        Field("active", "在库", p_bool, example="是"),
    ),
    personal=frozenset({"id_number", "contact_phone"}),
)

SPECS = {spec.kind: spec for spec in (ITEMS, ENTITIES, PROJECTS, INSPECTORS)}

DEFAULTS: dict[str, dict[str, Any]] = {
    "items": {"department": Department.HOUSING.value, "needs_expert": False},
    "entities": {"credit_class": CreditClass.B.value, "status": EntityStatus.ACTIVE.value},
    "projects": {"construction_status": ConstructionStatus.UNDER_CONSTRUCTION.value},
    "inspectors": {
        "kind": InspectorKind.OFFICER.value,
        "department": Department.HOUSING.value,
        "active": True,
    },
}


MODELS_OF: dict[str, type[models.Model]] = {
    "items": InspectionItem,
    "entities": MarketEntity,
    "projects": Project,
    "inspectors": Inspector,
}
# Spec fields stored in another model's column.
_STORED_AS = {"responsible_entity_uscc": (MarketEntity, "uscc")}
# Not-null columns that the services fill when the input leaves them empty.
_FILLED_BY_SERVICE = {"effective_from"}


@dataclass(frozen=True)
class _Column:
    name: str
    label: str
    max_length: int | None
    int_range: tuple[int, int] | None
    item_max_length: int | None  # an array column's element
    nullable: bool


@functools.cache
def _columns(kind: str) -> tuple[_Column, ...]:
    """What the database will accept in each column of a registry, read from the model, so
    validation refuses everything writing would refuse and a new column is covered."""
    spec = SPECS[kind]
    out = []
    for f in spec.fields:
        model, name = _STORED_AS.get(f.name, (MODELS_OF[kind], f.name))
        mf = model._meta.get_field(name)
        assert isinstance(mf, models.Field)
        internal = mf.get_internal_type()
        int_range = None
        if "IntegerField" in internal:
            low, high = connection.ops.integer_field_range(internal)
            int_range = (
                low if low is not None else -(2**63),
                high if high is not None else 2**63 - 1,
            )
        base = getattr(mf, "base_field", None)
        out.append(
            _Column(
                f.name,
                f.label,
                mf.max_length,
                int_range,
                base.max_length if base is not None else None,
                mf.null or mf.has_default() or f.name in _FILLED_BY_SERVICE,
            )
        )
    return tuple(out)


def storage_errors(spec: RegistrySpec, cleaned: dict[str, Any]) -> list[FieldError]:
    """Values the database would refuse (too long for the column, out of the integer range,
    NUL or lone surrogates, empty where the column is not nullable), as located errors."""
    errors: list[FieldError] = []
    for col in _columns(spec.kind):
        if col.name not in cleaned:
            continue
        value = cleaned[col.name]
        if value is None:
            if not col.nullable:
                errors.append(FieldError(col.name, "required", f"请填写“{col.label}”。"))
        elif isinstance(value, str):
            bad = unstorable_character(value)
            if bad:
                errors.append(
                    FieldError(
                        col.name,
                        "invalid_character",
                        f"“{col.label}”含有{bad}，请删除该字符后重新填写。",
                    )
                )
            elif col.max_length is not None and len(value) > col.max_length:
                errors.append(
                    FieldError(
                        col.name,
                        "too_long",
                        f"“{col.label}”不能超过 {col.max_length} 个字符（现为 {len(value)} 个）。",
                    )
                )
        elif isinstance(value, int) and not isinstance(value, bool) and col.int_range:
            low, high = col.int_range
            if not low <= value <= high:
                errors.append(
                    FieldError(
                        col.name,
                        "out_of_range",
                        f"“{col.label}”应在 {low} 到 {high} 之间（现为 {value}）。",
                    )
                )
        elif isinstance(value, list) and col.item_max_length is not None:
            longest = max((len(v) for v in value), default=0)
            if longest > col.item_max_length:
                errors.append(
                    FieldError(
                        col.name,
                        "too_long",
                        f"“{col.label}”中的每项不能超过 {col.item_max_length} 个字符。",
                    )
                )
    return errors


def clean_record(
    spec: RegistrySpec, raw: dict[str, Any]
) -> tuple[dict[str, Any], list[FieldError]]:
    """Parse every field present in `raw`; return the cleaned values and every error found,
    including every value the database would refuse (`storage_errors`)."""
    cleaned: dict[str, Any] = {}
    errors: list[FieldError] = []
    for f in spec.fields:
        if f.name not in raw:
            continue
        try:
            cleaned[f.name] = f.parse(f, raw[f.name])
        except FieldError as exc:
            errors.append(exc)
    for refused in storage_errors(spec, cleaned):
        errors.append(refused)
        cleaned.pop(refused.field, None)
    failed = {e.field for e in errors}
    for name, value in DEFAULTS.get(spec.kind, {}).items():
        if cleaned.get(name) in ("", None) and name in raw and name not in failed:
            cleaned[name] = value
    errors += cross_checks(spec, cleaned)
    return cleaned, errors


def cross_checks(spec: RegistrySpec, data: dict[str, Any]) -> list[FieldError]:
    """Rules spanning fields (R3: an officer holds a certificate with a validity date)."""
    errors: list[FieldError] = []
    if (
        spec.kind == "inspectors"
        and data.get("kind", InspectorKind.OFFICER) == InspectorKind.OFFICER
    ):
        if "certificate_no" in data and not data.get("certificate_no"):
            errors.append(
                FieldError("certificate_no", "required", "执法检查人员须填写“执法证号”。")
            )
        if "certificate_valid_until" in data and not data.get("certificate_valid_until"):
            errors.append(
                FieldError(
                    "certificate_valid_until", "required", "执法检查人员须填写“执法证有效期至”。"
                )
            )
    return errors
