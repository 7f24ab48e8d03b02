"""`make bench`: run every tests/bench/bench_*.py in turn; each prints `name=value unit` lines."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    # The benchmarks use the configured database: bring its schemas up to date first (a no-op
    # when nothing changed), so `make bench` works on a fresh machine and after an upgrade.
    root = HERE.parent.parent
    subprocess.run([sys.executable, "manage.py", "setup", "-v", "0"], cwd=root, check=True)
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"# {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent.parent, check=False)
        if result.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"# failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
