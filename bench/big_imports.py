# ruff: noqa: S603 -- this module runs itself (sys.executable -m bench.big_imports) with fixed arguments
"""`make bench-imports`: a 100,000-row import of every kind, timed, with its peak memory.

    python -m bench.big_imports [--rows 100000] [--kind risks --kind projects ...]

Builds the demo data in a fresh database (as `make bench` does: a new SQLite file, or
`<name>_bench` beside DATABASE_URL's PostgreSQL database), then imports each kind in a process of
its own, so the peak resident memory it reports (`ru_maxrss`) is that import's and nothing else's:
a dry run, the import itself, and the same file again (which must change nothing). The budget is
the hardening issue's: under 30 s and under 500 MB for the import. Results are printed and written
to bench/results/<date>-imports-<sqlite|postgresql>.json; exits 1 if any import is over budget or
reports errors.

Each kind is a module in bench/import_kinds/ with three functions:

    prepare() -> dict             # create what the file is imported into; JSON-able ids
    write_file(folder, rows, context) -> Path   # the file, `rows` data rows, as a council keeps it
    run(path, context, dry_run) -> dict         # import it; the summary, with "errors": count
"""

import argparse
import datetime
import importlib
import json
import os
import platform
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from bench.run import BENCH_ENVIRONMENT, RESULTS, fresh_database, machine

ROWS = 100_000
BUDGET_SECONDS = 30.0
BUDGET_MB = 500.0
KINDS = ("plan", "returns", "gains", "risks", "projects", "allocations", "values")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--kind", action="append", choices=KINDS)
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vfmhub.settings")
    for key, value in BENCH_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))  # the children inherit it
    if args.child:
        return _child(args.child, args.rows)
    database = fresh_database()
    try:
        return _parent(args.kind or list(KINDS), args.rows, database.vendor)
    finally:
        database.cleanup()


def _parent(kinds: list[str], rows: int, vendor: str) -> int:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from bench.big_imports import build; build()"], check=True
    )
    print(f"Built demo data in {vendor} in {time.perf_counter() - started:.1f} s")
    results = []
    for kind in kinds:
        done = subprocess.run(
            [sys.executable, "-m", "bench.big_imports", "--child", kind, "--rows", str(rows)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            result = {"kind": kind, "ok": False, "failure": done.stderr.strip()[-2000:]}
        else:
            result = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(result)
        print(_line(result))
    report = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "database": vendor,
        "rows": rows,
        "budget_seconds": BUDGET_SECONDS,
        "budget_mb": BUDGET_MB,
        "imports": results,
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.date.today().isoformat()}-imports-{vendor}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Results written to {path}")
    return 0 if all(r["ok"] for r in results) else 1


def build() -> None:
    """Migrate and generate the demo data (run in a process of its own, like each import)."""
    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command

    from vfmhub.demo.generator import generate
    from vfmhub.frameworks.loader import load_frameworks
    from vfmhub.performance.definitions.loader import load_indicators

    call_command("migrate", verbosity=0, interactive=False)
    load_frameworks()
    load_indicators()
    generate(scale="demo")


def _child(kind: str, rows: int) -> int:
    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    module = importlib.import_module(f"bench.import_kinds.{kind}")
    context = module.prepare()
    result: dict = {"kind": kind, "rows": rows}
    with tempfile.TemporaryDirectory(prefix=f"vfmhub-bench-{kind}-") as folder:
        path = module.write_file(Path(folder), rows, context)
        result["file"] = path.name
        result["bytes"] = path.stat().st_size
        before_mb = _peak_mb()
        for run, dry_run in (("dry_run", True), ("import", False), ("again", False)):
            started = time.perf_counter()
            summary = module.run(path, context, dry_run)
            result[run] = {"seconds": round(time.perf_counter() - started, 2), **summary}
            result[run]["peak_mb"] = round(_peak_mb(), 1)
    result["peak_mb_before"] = round(before_mb, 1)
    first = result["import"]
    result["ok"] = (
        not first.get("errors")
        and not result["dry_run"].get("errors")
        and first["seconds"] <= getattr(module, "BUDGET_SECONDS", BUDGET_SECONDS)
        and first["peak_mb"] <= BUDGET_MB
    )
    print(json.dumps(result))
    return 0


def _peak_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if platform.system() != "Darwin" else peak / 1024 / 1024


def _line(result: dict) -> str:
    if "import" not in result:
        return f"{result['kind']}: FAILED\n{result.get('failure', '')}"
    dry, first, again = result["dry_run"], result["import"], result["again"]
    flag = "" if result["ok"] else "  OVER BUDGET OR ERRORS"
    return (
        f"{result['kind']:<12} {result['rows']:>7,} rows: dry run {dry['seconds']:6.2f} s, "
        f"import {first['seconds']:6.2f} s, again {again['seconds']:6.2f} s; "
        f"peak {first['peak_mb']:.0f} MB; errors {first.get('errors', 0)}{flag}"
    )


if __name__ == "__main__":
    sys.exit(main())
