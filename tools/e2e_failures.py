"""Print each failed Playwright test and the start of its error, from the JSON report.

tools/e2e.sh calls this after a failed run, so that the last lines of a long log (all a CI
summary may keep) name what failed and why, not only where its trace was saved.
"""

import json
import re
import sys
from pathlib import Path
from typing import Any

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LINES_PER_ERROR = 14


def failed_tests(report: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    found: list[tuple[str, list[dict[str, Any]]]] = []

    def walk(suite: dict[str, Any], path: list[str]) -> None:
        title = suite.get("title") or ""
        here = [*path, title] if title else path
        for spec in suite.get("specs", []):
            for test in spec.get("tests", []):
                results = test.get("results", [])
                if results and results[-1].get("status") not in ("passed", "skipped"):
                    name = " › ".join([*here, spec.get("title", "")])
                    line = f"{spec.get('file', '')}:{spec.get('line', '')}"
                    found.append((f"{name} ({line})", results))
        for child in suite.get("suites", []):
            walk(child, here)

    for suite in report.get("suites", []):
        walk(suite, [])
    return found


def main(path: str) -> int:
    file = Path(path)
    if not file.exists():
        print(f"e2e: no JSON report at {path}")
        return 0
    report = json.loads(file.read_text(encoding="utf-8"))
    failures = failed_tests(report)
    print(f"=== e2e: {len(failures)} failed test(s) ===")
    for name, results in failures:
        print(f"--- {name}")
        for attempt, result in enumerate(results):
            errors = result.get("errors") or ([result["error"]] if result.get("error") else [])
            for error in errors[:1]:
                text = ANSI.sub("", error.get("message") or error.get("value") or "")
                lines = [line for line in text.splitlines() if line.strip()]
                print(f"  attempt {attempt + 1} ({result.get('status')}):")
                for line in lines[:LINES_PER_ERROR]:
                    print(f"    {line}")
                location = error.get("location")
                if location:
                    print(
                        f"    at {location.get('file')}:{location.get('line')}:{location.get('column')}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "frontend/test-results/results.json"))
