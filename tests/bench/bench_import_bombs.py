"""Import memory bombs (no database writes):

  import_bomb_peak_mb          the highest peak resident memory of a process importing one of
                               the three bombs below (goal: under 500 MB, each refused)
  import_bomb_<name>_peak_mb   per bomb: corner (cells at A1 and XFD1048576, 1.9 KB), rows
                               (1,000,000 rows × 200 cells, ~7 MB), shared_string (one 100 MB
                               shared string used 150 times, ~100 KB)
  import_bomb_<name>_seconds   time from opening the file to the refusal
  import_bomb_refused          how many of the three were refused with a file-level message

Each bomb is imported in a fresh process (Django loaded, as a Celery worker child), whose
ru_maxrss is its peak. Usage: .venv/bin/python tests/bench/bench_import_bombs.py
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for root in ("platform", "tenants", "graphql"):
    sys.path.insert(0, str(REPO / root))
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suiji_platform.settings")


def one(path: str) -> None:
    """In the child: import the file and print refused, seconds and peak."""
    import django

    django.setup()
    from django_tenants.utils import schema_context

    from suiji_tenants.registries.importer import import_file

    start = time.perf_counter()
    with schema_context("org_533124"):
        result = import_file("entities", Path(path), write_report=False, dry_run=True)
    elapsed = time.perf_counter() - start
    refused = not result.ok and len(result.errors) == 1 and result.errors[0]["row"] is None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{int(refused)} {elapsed:.3f} {peak:.0f}")
    print(result.errors[0]["reason"] if result.errors else "(no error)", file=sys.stderr)


def main() -> None:
    from tests.tenants.registries.workbooks import BOMBS

    peaks = []
    refused_count = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, make in BOMBS.items():
            path = make(Path(folder) / f"{name}.xlsx")
            size_kb = path.stat().st_size / 1024
            child = subprocess.run(
                [sys.executable, __file__, "--one", str(path)],
                capture_output=True,
                text=True,
                check=False,
                cwd=REPO,
            )
            if child.returncode != 0:
                print(f"# {name}: the importing process died ({child.returncode})")
                print(child.stderr[-2000:], file=sys.stderr)
                continue
            refused, seconds, peak = child.stdout.split()
            refused_count += int(refused)
            peaks.append(float(peak))
            print(f"# {name} ({size_kb:.0f} KB): {child.stderr.strip()[:120]}")
            print(f"import_bomb_{name}_peak_mb={float(peak):.0f} MB")
            print(f"import_bomb_{name}_seconds={float(seconds):.2f} s")
    print(f"import_bomb_peak_mb={max(peaks) if peaks else float('nan'):.0f} MB")
    print(f"import_bomb_refused={refused_count} of {len(BOMBS)}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        one(sys.argv[2])
    else:
        main()
