"""Every operation and object type written to the audit log has a Chinese label in the web
app's one table (frontend/src/pages/audit/labels.json): the log page never shows a raw code
such as `draw.publish` or `AnnualPlan`. The calls are found in the source, so a new operation
without a label fails here."""

import ast
import itertools
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LABELS = json.loads((ROOT / "frontend/src/pages/audit/labels.json").read_text())
SOURCES = [
    p
    for root in ("platform", "tenants", "graphql")
    for p in (ROOT / root).rglob("*.py")
    if "migrations" not in p.parts
]
# Values that f-string operations take (`plan.{action}`, `registries.{kind}.…`).
PLACEHOLDERS = {
    "action": ["submit", "consolidate", "report", "publish", "adjust", "return"],
    "kind": ["items", "entities", "projects", "inspectors"],
    "step": ["recheck", "send", "decide", "transfer", "feedback", "close"],
}
CJK = re.compile("[\u4e00-\u9fff]")


def _expand(node: ast.expr) -> list[str]:
    """The operation strings a call's first argument can take."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts: list[list[str]] = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append([str(value.value)])
            else:
                assert isinstance(value, ast.FormattedValue)
                inner = value.value
                if isinstance(inner, ast.Name):
                    parts.append(PLACEHOLDERS[inner.id])
                elif isinstance(inner, ast.IfExp):
                    parts.append([*_expand(inner.body), *_expand(inner.orelse)])
                else:
                    raise AssertionError(ast.unparse(node))
        return ["".join(p) for p in itertools.product(*parts)]
    return []


def _audit_calls() -> tuple[set[str], set[str]]:
    ops: set[str] = set()
    types: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "record_audit" and node.args:
                ops.update(_expand(node.args[0]))
            if name in ("record_audit", "_audit") and node.args:
                ops.update(op for op in _expand(node.args[0]) if "." in op)
            for kw in node.keywords:
                if kw.arg == "object_type" and isinstance(kw.value, ast.Constant):
                    types.add(str(kw.value.value))
    # Object types named through a table (registries: kind → model name).
    from suiji_tenants.registries.services import OBJECT_TYPES

    types.update(OBJECT_TYPES.values())
    return ops, types


def test_every_audited_operation_and_object_type_has_a_chinese_label() -> None:
    ops, types = _audit_calls()
    assert {"draw.publish", "plan.publish", "registries.entities.import"} <= ops
    assert {"AnnualPlan", "Draw", "MarketEntity"} <= types
    assert sorted(ops - set(LABELS["operations"])) == []
    assert sorted(types - set(LABELS["objectTypes"])) == []
    for table in ("operations", "objectTypes"):
        for code, label in LABELS[table].items():
            assert CJK.search(label["zh-CN"]), (code, label)
            assert label["en-US"], code
