"""``verify-draw.py``: the draw verifier as one standard-library file anyone can download.

Generated, never kept by hand: :func:`standalone_source` reads ``verify.py`` and the modules
it imports (``from .x import …``, followed transitively), and writes them one after the
other, dependencies first, without the relative imports. So the download always is the
verifier of this very code base. The generator refuses (``StandaloneError``) what it cannot
inline faithfully: a top-level name defined differently in two modules, or a relative import
left inside a function other than a forwarding wrapper (a function ``f`` whose body imports
``f`` from a later module, like ``engine.build_record``: dropped, the real one follows).

Served at ``/verify-draw.py`` (its SHA-256 at ``/verify-draw.py.sha256``); run with
``python3 verify-draw.py record.json``. ``python -m suiji_tenants.draws.standalone`` prints it.
"""

from __future__ import annotations

import ast
import hashlib
import sys
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT_MODULE = "verify"
FILENAME = "verify-draw.py"


class StandaloneError(Exception):
    """The modules cannot be inlined into one file without changing what they do."""


def _tree(module: str) -> tuple[str, ast.Module]:
    path = PACKAGE_DIR / f"{module}.py"
    if not path.is_file():
        raise StandaloneError(f"{module}: only plain modules of {PACKAGE_DIR.name}/ can be inlined")
    source = path.read_text("utf-8")
    return source, ast.parse(source, filename=str(path))


def _relative(node: ast.AST) -> str | None:
    if isinstance(node, ast.ImportFrom) and node.level == 1:
        if not node.module:
            raise StandaloneError("`from . import x` cannot be inlined: import names from a module")
        return node.module
    return None


def module_order(root: str = ROOT_MODULE) -> list[str]:
    """``root`` and the modules it imports at top level, dependencies first."""
    order: list[str] = []
    active: set[str] = set()

    def visit(module: str) -> None:
        if module in order:
            return
        if module in active:
            raise StandaloneError(f"circular top-level import through {module}")
        active.add(module)
        for stmt in _tree(module)[1].body:
            dep = _relative(stmt)
            if dep is not None:
                visit(dep)
        active.discard(module)
        order.append(module)

    visit(root)
    return order


def _defined_names(stmt: ast.stmt, text: str) -> dict[str, str]:
    """Top-level names a statement binds, each with what it binds it to (an import: the
    imported object; anything else: the statement's source)."""
    if isinstance(stmt, ast.Import):
        return {(a.asname or a.name).split(".")[0]: f"import {a.name}" for a in stmt.names}
    if isinstance(stmt, ast.ImportFrom):
        return {a.asname or a.name: f"from {stmt.module} import {a.name}" for a in stmt.names}
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {stmt.name: text}
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, ast.AnnAssign | ast.AugAssign):
        targets = [stmt.target]
    return {n.id: text for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _is_forwarder(stmt: ast.stmt) -> bool:
    """``def f(...)`` whose body imports ``f`` from a sibling module (a lazy re-export)."""
    if not isinstance(stmt, ast.FunctionDef):
        return False
    return any(
        _relative(n) is not None and any(a.name == stmt.name for a in n.names)  # type: ignore[attr-defined]
        for n in ast.walk(stmt)
    )


def _is_main_guard(stmt: ast.stmt) -> bool:
    test = stmt.test if isinstance(stmt, ast.If) else None
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
    )


@cache
def standalone_source() -> str:
    """The text of ``verify-draw.py``."""
    order = module_order()
    files = ", ".join(f"{m}.py" for m in order)
    out = [
        "#!/usr/bin/env python3",
        "# verify-draw.py — re-derive a Suiji draw record and print PASS or the first difference",
        "# (docs/draw-record.md §13). Standard library only, Python 3.10 or later:",
        "#",
        "#     python3 verify-draw.py record.json",
        "#",
        "# Exit status 0 PASS, 1 FAIL, 2 unreadable input. Generated (do not edit) from",
        f"# suiji_tenants/draws/{{{files}}}, one after the other.",
        "",
        "from __future__ import annotations",
        "",
        "import sys as _sys",
        "",
        "if _sys.version_info < (3, 10):",
        '    _sys.exit("ERROR: verify-draw.py needs Python 3.10 or later")',
    ]
    defined: dict[str, tuple[str, str]] = {}  # name -> (module, source of its statement)
    for module in order:
        source, tree = _tree(module)
        lines = source.splitlines()
        out += ["", "", f"# {'=' * 92}", f"# {module}.py", f"# {'=' * 92}", ""]
        prev_end = 0
        for stmt in tree.body:
            first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", []))])
            leading = lines[prev_end : first - 1]
            text = "\n".join(lines[first - 1 : stmt.end_lineno])
            prev_end = stmt.end_lineno or first
            if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
                continue
            if _relative(stmt) is not None:
                assert isinstance(stmt, ast.ImportFrom)
                out += [f"{a.asname} = {a.name}" for a in stmt.names if a.asname]
                continue
            if _is_forwarder(stmt) or (module != order[-1] and _is_main_guard(stmt)):
                continue
            if any(_relative(n) is not None for n in ast.walk(stmt)):
                raise StandaloneError(f"{module}.py:{stmt.lineno}: a relative import inside code")
            names = _defined_names(stmt, text)
            for n, what in names.items():
                if n in defined and defined[n][1] != what:
                    raise StandaloneError(
                        f"{module}.py:{stmt.lineno}: {n} is also defined in {defined[n][0]}.py"
                    )
            if names and all(n in defined for n in names):
                continue  # bound to the same thing already (a shared import or helper)
            defined.update((n, (module, what)) for n, what in names.items())
            out += [*leading, text]
    return "\n".join(out).rstrip() + "\n"


def standalone_bytes() -> bytes:
    return standalone_source().encode("utf-8")


@cache
def standalone_sha256() -> str:
    """Hex SHA-256 of ``verify-draw.py`` as served (shown on the public draw page)."""
    return hashlib.sha256(standalone_bytes()).hexdigest()


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(standalone_source())
