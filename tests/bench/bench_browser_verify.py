"""Benchmark of the browser's verifier on a 1,000,000-candidate record, in Debian's Chromium.

Run: ``python tests/bench/bench_browser_verify.py`` (from the repository root). Builds the
bench page (``frontend/scripts/bench-verify``: the public draw page's Web Worker, nothing
else), serves it and the record on 127.0.0.1, and drives ``/usr/bin/chromium`` with
Playwright. Prints, as ``name=value unit`` lines:

* ``browser_verify_1m_seconds``: from the request to the verdict, as a visitor waits for it
  after pressing 「在本浏览器中验证」: download from 127.0.0.1, strict JSON parse, pool and
  exclusion digests, a key for every candidate, selection, rankings, teams, matching,
  recusals, comparison with the record;
* informational: ``browser_verify_record_mb`` and when each stage began
  (``browser_verify_<stage>_at_seconds``).

The record is the synthetic one of ``bench_verify.py`` (same generator, same parameters),
built by the reference engine in the newest format it writes.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
sys.path.insert(0, str(ROOT / "tenants"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_verify  # noqa: E402

from suiji_tenants.draws.engine import run_draw  # noqa: E402
from suiji_tenants.draws.record import build_record  # noqa: E402


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-browser-verify-") as tmp:
        out = Path(tmp)
        subprocess.run(
            [
                str(FRONTEND / "node_modules/.bin/vite"),
                "build",
                "--config",
                "scripts/vite.bench-verify.config.ts",
            ],
            cwd=FRONTEND,
            env={**os.environ, "BENCH_VERIFY_OUT": str(out)},
            check=True,
        )
        t0 = time.perf_counter()
        pool, exclusions = bench_verify.generate()
        inputs = bench_verify.add_conflicts(bench_verify.make_inputs(pool, exclusions))
        record = build_record(inputs, run_draw(inputs))
        data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        (out / "record.json").write_bytes(data)
        del pool, exclusions, inputs, record
        print(
            f"# record of {bench_verify.N} candidates in {time.perf_counter() - t0:.1f} s",
            file=sys.stderr,
        )

        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            proc = subprocess.run(
                [
                    "node",
                    "scripts/bench-browser-verify.mjs",
                    f"{base}/index.html",
                    f"{base}/record.json",
                ],
                cwd=FRONTEND,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
        finally:
            server.shutdown()
        if proc.returncode != 0:
            print(proc.stdout + proc.stderr, file=sys.stderr)
            return 1
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        if result["line"] != "PASS":
            print(result["line"], file=sys.stderr)
            return 1
        print(
            f"# Chromium {result['chromium']}; load average {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} CPUs",
            file=sys.stderr,
        )
        print(f"browser_verify_1m_seconds={result['seconds']:.3f} s")
        print(f"browser_verify_record_mb={len(data) / 1e6:.1f} MB")
        for stage, at in result["stages"].items():
            print(f"browser_verify_{stage}_at_seconds={at:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
