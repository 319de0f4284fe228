"""`make bench`: build national-scale data in a fresh database and time every page and endpoint.

    python -m bench.run [--scale national] [--repeat 30] [--warmup 3] [--seed N]

SQLite (the default) uses a new file in a temporary folder. When DATABASE_URL points at PostgreSQL,
a fresh database named `<name>_bench` is created beside it and dropped afterwards. Results are
printed as a table and written to bench/results/<date>-<sqlite|postgresql>.json, with the time of a
5,000-row plan import (bench/plan_import.py). Exits 1 if any target answers other than 200 or the
import reports errors.
"""

import argparse
import datetime
import io
import json
import os
import platform
import re
import secrets
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
HISTORY_EVENTS = 2000  # audit events given to the measured body and partnership (see docs)
# Production-like settings: DEBUG off (no query log, cached templates), but plain HTTP in-process.
PERSONAS = {
    "staff": "staff@demo.vfmhub.invalid, superuser: sees every body (the longest lists)",
    "manager": "manager@demo.vfmhub.invalid, manager of the home body (a typical user)",
}
BENCH_ENVIRONMENT = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
}


@dataclass
class FreshDatabase:
    vendor: str
    url: str
    cleanup_steps: list = field(default_factory=list)

    def cleanup(self) -> None:
        for step in reversed(self.cleanup_steps):
            step()


def fresh_database() -> FreshDatabase:
    """Point DATABASE_URL at a new, empty database (before Django reads its settings)."""
    current = os.environ.get("DATABASE_URL", "")
    if current.startswith(("postgres://", "postgresql://")):
        return _fresh_postgresql(current)
    folder = tempfile.mkdtemp(prefix="vfmhub-bench-")
    url = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    return FreshDatabase("sqlite", url, [lambda: shutil.rmtree(folder, ignore_errors=True)])


def _fresh_postgresql(current: str) -> FreshDatabase:
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(current)
    name = f"{config['NAME']}_bench"
    server = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
    }

    def run(statement) -> None:
        with psycopg.connect(**server, autocommit=True) as conn:
            conn.execute(statement)

    run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = current.rsplit("/", 1)[0] + f"/{name}"
    os.environ["DATABASE_URL"] = url
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    return FreshDatabase("postgresql", url, [lambda: run(drop)])


def build(scale: str, seed: int | None) -> dict:
    """Migrate, load frameworks if that module exists, generate; returns what was built."""
    from django.core.management import call_command, get_commands

    from vfmhub.demo.generator import DEFAULT_SEED, generate

    call_command("migrate", verbosity=0, interactive=False)
    frameworks = "not available"
    if "load-frameworks" in get_commands():
        try:
            call_command("load-frameworks", verbosity=0, stdout=io.StringIO())
            frameworks = "loaded"
        except Exception as exc:  # built in parallel: the bench still runs without it
            frameworks = f"failed: {exc}"
            print(f"Warning: load-frameworks failed ({exc}); continuing.", file=sys.stderr)
    call_command("load-indicators", verbosity=0, stdout=io.StringIO())
    result = generate(scale=scale, seed=DEFAULT_SEED if seed is None else seed)
    add_history(HISTORY_EVENTS)
    return {
        "seed": result.seed,
        "generate_seconds": round(result.seconds, 2),
        "frameworks": frameworks,
        "counts": result.totals,
        "rows": row_counts(),
    }


def row_counts() -> dict[str, int]:
    """Rows in every table that has any, so later modules' data shows up without changes here."""
    from django.apps import apps

    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    return {label: count for label, count in sorted(counts.items()) if count}


def add_history(events: int) -> None:
    """Give the measured body and partnership a long history: generated data records none."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from bench.measure import bench_ids
    from vfmhub.audit.models import AuditEvent
    from vfmhub.organisations.models import Organisation, Partnership

    ids = bench_ids()
    start = timezone.now() - datetime.timedelta(days=events)
    rows = []
    for model, owner in ((Organisation, "organisation"), (Partnership, "partnership")):
        content_type = ContentType.objects.get_for_model(model)
        name = str(model.objects.get(pk=ids[owner]))
        rows += [
            AuditEvent(
                actor_label="bench@demo.vfmhub.invalid",
                at=start + datetime.timedelta(days=n),
                action=f"{owner}.update",
                content_type=content_type,
                object_id=str(ids[owner]),
                object_repr=name,
                changes={"short_name": [f"before {n}", f"after {n}"]},
                **{f"{owner}_id": ids[owner]},
            )
            for n in range(events)
        ]
    AuditEvent.objects.bulk_create(rows, batch_size=1000)


def machine() -> dict:
    import django
    from django.db import connection

    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "database_version": _database_version(connection),
    }


def _database_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("show server_version")
        return cursor.fetchone()[0]


def print_table(results, budget_ms: float) -> None:
    headers = ("Target", "Persona", "Status", "p50 ms", "p95 ms", "Queries", "")
    rows = [
        (
            r.target,
            r.persona,
            str(r.status)[:40],
            _ms(r.p50_ms),
            _ms(r.p95_ms),
            "" if r.queries is None else str(r.queries),
            "OVER BUDGET" if r.over_budget else ("" if r.ok else "FAILED"),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    right = {3, 4, 5}
    for row in [headers, *rows]:
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    print(f"Budget: p95 at most {budget_ms:.0f} ms per request", end="")
    own = sorted({(r.target, r.budget_ms) for r in results if r.budget_ms != budget_ms})
    print("".join(f"; {name}: {ms:.0f} ms" for name, ms in own) + ".")


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def write_results(report: dict, vendor: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    only = re.sub(r"[^a-z0-9]+", "-", (report.get("only") or "").lower()).strip("-")
    path = RESULTS / f"{datetime.date.today():%Y-%m-%d}-{vendor}{'-' + only if only else ''}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    return path


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="national", choices=("demo", "region", "national"))
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per target")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument(
        "--only",
        default="",
        help="time only the targets whose name contains this (such as 'performance'); "
        "the results file is named after it",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    for name, value in BENCH_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vfmhub.settings")
    database = fresh_database()
    try:
        return _run(args, database)
    finally:
        from django.db import connections

        connections.close_all()
        database.cleanup()


def _run(args, database: FreshDatabase) -> int:
    import django

    # WhiteNoise warns that STATIC_ROOT has not been collected; the bench serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from bench.measure import BUDGET_MS, measure_targets
    from bench.plan_import import print_import, time_plan_import
    from bench.targets import all_targets
    from vfmhub.lib.progress import Progress

    started = time.perf_counter()
    built = build(args.scale, args.seed)
    print(
        f"Built {args.scale} data in {database.vendor} in {time.perf_counter() - started:.1f} s "
        f"(generate {built['generate_seconds']} s): {built['counts']}"
    )
    targets = [t for t in all_targets() if args.only.lower() in t.name.lower()]
    bar = Progress("Timing targets", sum(len(t.personas) for t in targets))
    results = measure_targets(targets, repeat=args.repeat, warmup=args.warmup, progress=bar)
    bar.finish()
    print_table(results, BUDGET_MS)
    plan_import = time_plan_import()
    print_import(plan_import)
    from vfmhub.performance.bench_targets import time_values_import

    values_import = time_values_import()
    print(
        f"Values import: {values_import['rows']:,} rows in {values_import['first']['seconds']} s "
        f"(again {values_import['again']['seconds']} s; "
        f"budget {values_import['budget_seconds']:.0f} s)"
    )
    from vfmhub.benchmarking.bench_targets import time_neighbours_recompute

    recompute = time_neighbours_recompute()
    print(
        f"Neighbours recomputed for {recompute.get('bodies', 0):,} bodies "
        f"({recompute.get('neighbours', 0):,} rows): median {recompute.get('median_seconds')} s, "
        f"slowest {recompute.get('max_seconds')} s of {recompute.get('runs')} "
        f"(budget {recompute.get('budget_seconds')} s)"
    )
    report = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "scale": args.scale,
        "repeat": args.repeat,
        "warmup": args.warmup,
        "only": args.only,
        "budget_p95_ms": BUDGET_MS,
        "history_events_added": HISTORY_EVENTS,
        "personas": PERSONAS,
        **built,
        "targets": [r.as_dict() for r in results],
        "plan_import": plan_import,
        "values_import": values_import,
        "neighbours_recompute": recompute,
    }
    path = write_results(report, database.vendor)
    print(f"Results written to {path}")
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"FAILED: {r.target} as {r.persona} ({r.path}): {r.status}", file=sys.stderr)
    if not plan_import["ok"]:
        print("FAILED: the 5,000-row plan import reported errors.", file=sys.stderr)
    values_failed = not values_import["ok"] or values_import["over_budget"]
    if not recompute["ok"] or recompute.get("over_budget"):
        print("FAILED: recomputing every body's neighbours took over 1 s.", file=sys.stderr)
    recompute_failed = not recompute["ok"] or recompute.get("over_budget", False)
    return 1 if failed or not plan_import["ok"] or values_failed or recompute_failed else 0


if __name__ == "__main__":
    sys.exit(main())
