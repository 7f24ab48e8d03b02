"""The bounds of every value a user types into a plan, a task or a draw, in one place.

Text limits come from the models' own `max_length` (a column that would cut a value is never
reached by a longer one: the value is refused with the field's name, never truncated). Number
limits are the largest values that make sense for a county's year of inspections; anything
beyond them is a typing slip, refused with the range. Texts are stripped of zero-width and
other invisible characters before they are checked, so a name of one zero-width space counts as
empty.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models

from suiji_platform.organisations.services import FieldError

# Zero-width and invisible format characters (ZWSP, ZWNJ, ZWJ, marks, word joiner, BOM, SHY).
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

# R5 caps the prefecture at 2 rounds; a county inspects at most monthly.
MAX_ROUNDS = 12
# A filter (entity types, natures, regions, categories) lists at most this many values.
MAX_LIST_ENTRIES = 100


@dataclass(frozen=True)
class IntBound:
    label: str
    low: int
    high: int
    unit: str = ""


# Team sizes and counts (R10: at least two officers; the upper ends are far above any real
# team or round and far below the 32-bit column limits).
INT_BOUNDS: dict[str, IntBound] = {
    "officersPerTeam": IntBound("每组执法人员数", 2, 20, "名"),
    "targetsPerTeam": IntBound("每组检查对象数上限", 1, 500, "户"),
    "expertsPerTeam": IntBound("每组专家数", 0, 10, "名"),
    "targetCount": IntBound("每轮抽查数量", 1, 100_000, "户"),
    "minPerStratum": IntBound("每层最少抽取数", 0, 1_000, "户"),
    "visitCap": IntBound("每年受检次数上限", 1, 50, "次"),
}


def max_length(model: type[models.Model], name: str) -> int:
    """The column width of a text field, or of each entry of an array of texts."""
    model_field: Any = model._meta.get_field(name)
    base = getattr(model_field, "base_field", None)
    length = (base or model_field).max_length
    assert length, f"{model.__name__}.{name} has no max_length"
    return int(length)


def visible(value: str | None) -> str:
    """The text as shown: NFC, invisible characters removed, trimmed."""
    text = unicodedata.normalize("NFC", value or "")
    return _INVISIBLE.sub("", text).strip()


def text(field: str, value: str | None, label: str, limit: int, *, required: bool = False) -> str:
    """A cleaned text within `limit` characters; refused (never cut) when longer."""
    cleaned = visible(value)
    if required and not cleaned:
        raise FieldError(field, "required", f"请填写{label}。")
    if len(cleaned) > limit:
        raise FieldError(
            field,
            "too_long",
            f"{label}不能超过{limit}个字符（当前{len(cleaned)}个），请缩短后再保存。",
        )
    return cleaned


def text_list(field: str, values: Iterable[str], label: str, limit: int) -> list[str]:
    """Distinct, cleaned, sorted entries of a list; each within `limit` characters."""
    cleaned: set[str] = set()
    for i, raw in enumerate(values):
        entry = visible(raw)
        if not entry:
            continue
        if len(entry) > limit:
            raise FieldError(
                f"{field}.{i}",
                "too_long",
                f"{label}的第{i + 1}项不能超过{limit}个字符（当前{len(entry)}个）。",
            )
        cleaned.add(entry)
    if len(cleaned) > MAX_LIST_ENTRIES:
        raise FieldError(
            field, "too_many", f"{label}最多{MAX_LIST_ENTRIES}项（当前{len(cleaned)}项）。"
        )
    return sorted(cleaned)


def integer(field: str, value: int | None) -> int:
    """An integer within the field's bounds in `INT_BOUNDS`."""
    bound = INT_BOUNDS[field]
    if value is None or not bound.low <= value <= bound.high:
        raise FieldError(
            field,
            "out_of_range",
            f"{bound.label}应在{bound.low}–{bound.high}{bound.unit}之间"
            f"（当前为{value if value is not None else '空'}）。",
        )
    return value


def past_date(field: str, value: date, label: str, *, earliest: date, today: date) -> date:
    """A date that has happened: between `earliest` and today."""
    if value > today:
        raise FieldError(field, "in_future", f"{label}不能晚于今天（{today.isoformat()}）。")
    if value < earliest:
        raise FieldError(field, "too_early", f"{label}不能早于{earliest.isoformat()}，请检查年份。")
    return value
