"""Messages users read in the Chinese UI are Chinese: no English words or internal rule
numbers ("R16") inside the Chinese texts of the plan, draw and registry services and their API.

The offline verifier (`draws/engine.py`, `record.py`, `verify.py`) is bilingual by design (its
output is read by anyone, anywhere); where its messages reach the web app, the service keeps
the Chinese half (`draws.services.user_message`)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Every app's sources (found, not listed, so a new app is scanned too) are scanned for rule
# numbers; the offline verifier's modules are bilingual by design (see above).
SCANNED = ["platform/suiji_platform", "tenants/suiji_tenants", "graphql/suiji_api"]
BILINGUAL = {
    "tenants/suiji_tenants/draws/engine.py",
    "tenants/suiji_tenants/draws/record.py",
    "tenants/suiji_tenants/draws/verify.py",
    "tenants/suiji_tenants/draws/standalone.py",
}
# For English words, what speaks to developers and operators rather than to users is left out:
# the GraphQL protocol's own errors (Chinese then English, for API clients), the command-line
# output of management commands (bilingual), the web app's fallback page, settings, SQL, the
# holiday schedule's file format, and the audit chain's CLI report.
FOR_DEVELOPERS = (
    "graphql/suiji_api/core/",
    "/management/commands/",
    "platform/suiji_platform/spa.py",
    "platform/suiji_platform/settings.py",
    "platform/suiji_platform/organisations/middleware.py",
    "platform/suiji_platform/calendar/services.py",
    "tenants/suiji_tenants/audit/immutability.py",
    "tenants/suiji_tenants/audit/services.py",
)
# Names users know as they are: file formats, programs, the verifier's command and output.
ALLOWED = {
    # reason codes and JSON literals of the published draw-record format
    "kinship",
    "employment",
    "shareholding",
    "other",
    "true",
    "false",
    "NUL",
    "Excel",
    "WPS",
    "LibreOffice",
    "OpenDocument",
    "CSV",
    "JSON",
    "MB",
    "xlsx",
    "xls",
    "ods",
    "USCC",
    "ID",
    "SHA",
    "PASS",
    "UTF",
    "Unicode",
    # evidence and signature file types, and the record's link formats
    "PDF",
    "PNG",
    "JPEG",
    "HEIC",
    "MP",
    "MOV",
    "ISO",
    "http",
    "https",
    "DSJ",
    # the Debian font packages an administrator installs for the PDFs
    "fonts",
    "wqy",
    "microhei",
    "noto",
    "cjk",
}
CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
WORD = re.compile(r"(?<![A-Za-z0-9_{.])[A-Za-z]{2,}(?![A-Za-z0-9_}])")
RULE = re.compile(r"\bR\d+\b")


def _files() -> list[Path]:
    out: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        out.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return [
        p
        for p in out
        if "migrations" not in p.parts
        and p.name != "models.py"
        and str(p.relative_to(ROOT)) not in BILINGUAL
    ]


def foreign_words(text: str) -> list[str]:
    bare = re.sub(r"\{[^}]*\}", "", text)
    return [*RULE.findall(bare), *(w for w in WORD.findall(bare) if w not in ALLOWED)]


def _chinese_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skipped.add(id(node.value))  # docstrings
        if isinstance(node, ast.keyword) and node.arg in ("description", "help_text"):
            skipped.update(id(sub) for sub in ast.walk(node.value))  # API documentation
        func = node.func if isinstance(node, ast.Call) else None
        if isinstance(func, ast.Attribute) and getattr(func.value, "id", None) == "re":
            skipped.update(id(sub) for arg in node.args[:1] for sub in ast.walk(arg))  # patterns
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and CJK.search(node.value)
    ]


def test_the_scan_finds_english_and_rule_numbers() -> None:
    assert foreign_words("该轮已有抽取 Round 1 already has draw: void it first") == [
        "Round",
        "already",
        "has",
        "draw",
        "void",
        "it",
        "first",
    ]
    assert foreign_words("（实施细则 R16）") == ["R16"]
    assert foreign_words("请上传 .xlsx 或 Excel 文件（{name}）") == []


def _for_users(path: Path) -> bool:
    name = str(path.relative_to(ROOT))
    return not any(part in name for part in FOR_DEVELOPERS)


def test_the_scan_covers_every_app() -> None:
    scanned = {str(p.relative_to(ROOT)) for p in _files() if _for_users(p)}
    for app in ("inspections", "oversight", "ledger", "credit", "plans", "draws", "registries"):
        assert any(f"/{app}/" in name for name in scanned), app


def test_chinese_messages_hold_no_english_words() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {foreign_words(text)} {text[:60]!r}"
        for path in _files()
        if _for_users(path)
        for line, text in _chinese_strings(path)
        if foreign_words(text)
    ]
    assert found == []


def test_no_message_names_a_rule_number() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
        for path in _files()
        for line, text in _chinese_strings(path)
        if RULE.search(re.sub(r"\{[^}]*\}", "", text))
    ]
    assert found == []
