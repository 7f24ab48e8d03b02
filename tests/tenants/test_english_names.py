"""Names the server sends in Chinese and the English web app shows by key have an English name.

The server's names stay the Chinese source (one place each: the models' choices, the metric
definitions, the workbench's items, the transfer's attachments, the warning cards); the web
app keeps their English by key (`frontend/src/pages/**/i18n.ts`). A key added on the server
without its English would show Chinese in the English UI: this test names it.
"""

import ast
import re
from pathlib import Path

from suiji_platform.oversight.metrics import METRICS
from suiji_tenants.inspections.models import ReferralKind, ReferralStatus
from suiji_tenants.inspections.referrals import ATTACHMENTS

ROOT = Path(__file__).resolve().parents[2]
OVERSIGHT_I18N = ROOT / "frontend/src/pages/oversight/i18n.ts"
INSPECTIONS_I18N = ROOT / "frontend/src/pages/inspections/i18n.ts"
WORKBENCH = ROOT / "platform/suiji_platform/oversight/workbench.py"
CARDS = ROOT / "platform/suiji_platform/oversight/cards.py"


def ts_object_keys(source: str, start: str) -> set[str]:
    """The keys of the object literal that begins right after `start` (one level deep)."""
    at = source.index(start) + len(start)
    at = source.index("{", at)
    depth, end = 0, at
    for end in range(at, len(source)):
        if source[end] == "{":
            depth += 1
        elif source[end] == "}":
            depth -= 1
            if depth == 0:
                break
    body = source[at + 1 : end]
    keys, depth = set(), 0
    for line in body.splitlines():
        if depth == 0:
            match = re.match(r"\s*'?([A-Za-z_][\w]*)'?\s*:", line)
            if match:
                keys.add(match.group(1))
        depth += line.count("{") - line.count("}")
    return keys


def ts_const_keys(source: str, name: str) -> set[str]:
    """The keys of `export const <name>: <type> = { … }` (the value, not its type)."""
    value = source.index("= {", source.index(f"export const {name}"))
    return ts_object_keys(source[value:], "=")


def first_arguments(path: Path, callee: str) -> set[str]:
    """The constant first arguments of every call `callee(…)` in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == callee
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def workbench_keys() -> set[str]:
    """Every item key `oversight/workbench.py` can send (the first argument of `WorkItem(…)`)."""
    return first_arguments(WORKBENCH, "WorkItem")


def test_the_parser_reads_a_nested_literal() -> None:
    source = "export const X: T = {\n  a: { label: 'A', b: 1 },\n  'c_d': 'C',\n};"
    assert ts_object_keys(source, "export const X") == {"a", "c_d"}


def test_every_workbench_item_has_an_english_name() -> None:
    keys = workbench_keys()
    assert len(keys) >= 10  # the scan finds the items (it would pass on none)
    english = ts_const_keys(OVERSIGHT_I18N.read_text(encoding="utf-8"), "WORK_ITEMS_EN")
    assert sorted(keys - english) == []


def test_every_dashboard_metric_has_an_english_name_and_definition() -> None:
    english = ts_const_keys(OVERSIGHT_I18N.read_text(encoding="utf-8"), "METRICS_EN")
    assert sorted({m.key for m in METRICS} - english) == []


def test_every_referral_kind_status_and_attachment_has_an_english_name() -> None:
    source = INSPECTIONS_I18N.read_text(encoding="utf-8")
    start = source.index("= {", source.index("export const REFERRAL_EN"))
    kinds = ts_object_keys(source[start:], "kind:")
    statuses = ts_object_keys(source[start:], "status:")
    attachments = ts_object_keys(source[start:], "attachment:")
    # The API's enums are the choices' names (ON_SPOT); attachments go by their stored kind.
    assert sorted({k.name for k in ReferralKind} - kinds) == []
    assert sorted({s.name for s in ReferralStatus} - statuses) == []
    assert sorted(set(ATTACHMENTS) - attachments) == []


def card_kinds() -> set[str]:
    """Every kind of warning card `oversight/cards.py` raises (the second element of each tuple
    it appends to what is slipping)."""
    tree = ast.parse(CARDS.read_text(encoding="utf-8"))
    kinds = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "append"
            and node.args
            and isinstance(node.args[0], ast.Tuple)
            and len(node.args[0].elts) == 6
            and isinstance(node.args[0].elts[1], ast.Constant)
        ):
            kinds.add(node.args[0].elts[1].value)
    return kinds


def test_every_warning_card_kind_has_an_english_name_and_message() -> None:
    kinds = card_kinds()
    assert len(kinds) >= 3
    source = OVERSIGHT_I18N.read_text(encoding="utf-8")
    names = {k for k in kinds if f"'ov.cards.kind.{k}'" in source.split("const enUS")[1]}
    body = source[source.index("export function cardMessageEn") :]
    body = body[: body.index("\n}\n")]
    messages = set(re.findall(r"case '(\w+)':", body))
    assert sorted(kinds - names) == []
    assert sorted(kinds - messages) == []


NOTICES_TS = ROOT / "frontend/src/notices.ts"


def notice_codes() -> set[str]:
    """Every code a `Notice(…)` is made with, in every app's sources."""
    roots = ("tenants/suiji_tenants", "platform/suiji_platform", "graphql/suiji_api")
    return {
        code
        for root in roots
        for path in (ROOT / root).rglob("*.py")
        for code in first_arguments(path, "Notice")
    }


def test_every_warning_of_the_preview_and_simulation_has_english() -> None:
    codes = notice_codes()
    assert len(codes) >= 8
    english = ts_const_keys(NOTICES_TS.read_text(encoding="utf-8"), "NOTICES_EN")
    assert sorted(codes - english) == []
