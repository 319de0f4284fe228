# ruff: noqa: S310, S603 -- fixed programs and loopback http:// addresses built here, no user input
"""`make load`: fifty people using the hub at once, through gunicorn, for a bounded time.

    python -m bench.load [--users 50] [--seconds 60] [--workers 4] [--write-share 0.1]

Builds a fresh demo database (`vfmhub generate --scale demo`; SQLite in a temporary folder, or
`<name>_load` beside DATABASE_URL's PostgreSQL database, dropped afterwards), starts gunicorn on
127.0.0.1 and a free port (loopback only), signs in the demo accounts and has each one, in its own
thread, read pages and (about one request in ten) write through the real forms with their CSRF
token and version stamp: an action edit, a return draft, a risk re-rating. It stops by itself after
`--seconds` (and at most `--max-requests` requests), then prints and writes to
bench/results/<date>-load-<vendor>.json the requests a second, p50/p95/p99 and every error.

A write answered with the form again (200) is a refusal (someone else saved first), not an error;
errors are 5xx answers, failed connections and any other answer a page should not give. Exits 1 if
there were any.
"""

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = ROOT / ".venv" / "bin"
SERVER_ENVIRONMENT = {
    "DEBUG": "0",
    "SECRET_KEY": "load-run-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "VFMHUB_DEMO": "1",
    "LOG_LEVEL": "WARNING",
}


# Building the database and choosing what each person does ----------------------------------------


def fresh_database(work: Path) -> tuple[str, str, list]:
    """(vendor, DATABASE_URL, cleanup steps) for a new, empty database (SQLite: in `work`)."""
    current = os.environ.get("DATABASE_URL", "")
    if not current.startswith(("postgres://", "postgresql://")):
        return "sqlite", f"sqlite:///{work}/load.sqlite3", []
    base, name = current.rsplit("/", 1)
    load_name = f"{name.split('?')[0]}_load"

    def psql(statement: str) -> None:
        subprocess.run(
            [BIN / "python", "-c", _PSQL, f"{base}/postgres", statement], check=True, cwd=ROOT
        )

    drop = f'DROP DATABASE IF EXISTS "{load_name}" WITH (FORCE)'
    psql(drop)
    psql(f'CREATE DATABASE "{load_name}"')
    return "postgresql", f"{base}/{load_name}", [lambda: psql(drop)]


_PSQL = "import sys, psycopg; psycopg.connect(sys.argv[1], autocommit=True).execute(sys.argv[2])"


def build(env: dict) -> None:
    for args in (
        ["migrate", "--no-input"],
        ["load-frameworks"],
        ["load-indicators"],
        ["generate", "--scale", "demo"],
    ):
        subprocess.run([BIN / "vfmhub", *args], env=env, check=True, cwd=ROOT, capture_output=True)


def emit_plan(users: int) -> dict:
    """Run inside Django (`--emit-plan`): who signs in, what each reads, which forms each saves."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vfmhub.settings")
    django.setup()
    from django.urls import reverse

    from vfmhub.demo.personas import DEMO_PASSWORD
    from vfmhub.efficiency.models import Participant
    from vfmhub.organisations.models import OrganisationMembership, PartnershipRole
    from vfmhub.plans.models import Action
    from vfmhub.programme.models import Risk

    people = []
    managers = PartnershipRole.objects.filter(role="manager").select_related("user")
    for role in managers.order_by("pk")[: max(1, users // 10)]:
        risks = Risk.objects.filter(register__partnership_id=role.partnership_id).order_by("pk")
        p = role.partnership_id
        people.append(
            {
                "email": role.user.email,
                "reads": ["/", reverse("programme:risk_registers", args=[p])],
                "writes": [
                    {"kind": "risk re-rating", "url": reverse("programme:risk_rerate", args=[p, r])}
                    for r in risks.values_list("pk", flat=True)[:5]
                ],
            }
        )
    bodies = OrganisationMembership.objects.filter(
        role="manager", user__email__startswith="manager."
    )
    for membership in bodies.select_related("user").order_by("pk")[: users - len(people)]:
        people.append(_body_person(membership, reverse, Action, Participant))
    return {"password": DEMO_PASSWORD, "sign_in": reverse("accounts:login"), "people": people}


def _body_person(membership, reverse, action_model, participant_model) -> dict:
    org = membership.organisation_id
    reads, writes = ["/", reverse("plans:organisation_list", args=[org])], []
    actions = action_model.objects.filter(item__plan__organisation_id=org).order_by("pk")
    for plan_id, action_id in actions.values_list("item__plan_id", "pk")[:5]:
        url = reverse("plans:action_edit", args=[plan_id, action_id])
        writes.append({"kind": "action edit", "url": url, "field": "officer"})
    participant = participant_model.objects.filter(organisation_id=org).select_related("programme")
    for taking_part in participant[:1]:
        programme = taking_part.programme
        reads.append(reverse("efficiency:gains", args=[programme.pk, org]))
        reads.append(reverse("efficiency:returns", args=[programme.pk, org]))
        url = reverse("efficiency:return_edit", args=[programme.pk, org])
        query = urllib.parse.urlencode({"year": programme.first_year, "kind": "forecast"})
        writes.append({"kind": "return draft", "url": f"{url}?{query}", "field": "narrative"})
    return {"email": membership.user.email, "reads": reads, "writes": writes}


# Talking to the server like a browser -----------------------------------------------------------


class FormReader(HTMLParser):
    """The fields of the page's POST forms, with the values a browser would send unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.forms.append({})
        elif not self.forms:
            return
        fields = self.forms[-1] if self.forms else {}
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                fields[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields[a["name"]] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            fields.setdefault(a["name"], "")
        elif tag == "option" and self._select and "selected" in a:
            fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][self._textarea] += data


def main_form(html: str) -> dict[str, str]:
    """The page's main form: the last POST form with a CSRF token (sign-out's comes first)."""
    reader = FormReader()
    reader.feed(html)
    forms = [f for f in reader.forms if "csrfmiddlewaretoken" in f and len(f) > 1]
    return forms[-1] if forms else {}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    sign_ins: list[float] = field(default_factory=list)  # apart: hashing a password is slow
    outcomes: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, outcome: str, error: str | None = None) -> None:
        with self.lock:
            timed = self.sign_ins if outcome.startswith("sign-in") else self.latencies
            timed.append(seconds)
            self.outcomes[outcome] += 1
            if error:
                self.errors[error] += 1


SIGNING_IN = threading.Semaphore(4)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 302 after a POST is the answer we count; we do not follow it


class Browser:
    def __init__(self, base: str, tally: Tally) -> None:
        self.base = base
        self.tally = tally
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect
        )

    def request(
        self, path: str, data: dict | None = None, *, outcome: str, timeout: float = 30
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            req.add_header("Referer", self.base + path)
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=timeout) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode(errors="replace")
        except OSError as exc:
            self.tally.add(time.perf_counter() - started, outcome, f"{outcome}: {exc}")
            return 0, ""
        seconds = time.perf_counter() - started
        expected = (200, 302) if body is not None else (200,)
        error = None if status in expected else f"{outcome} {path.split('?')[0]}: {status}"
        self.tally.add(seconds, outcome, error)
        return status, text

    def sign_in(self, url: str, email: str, password: str) -> bool:
        """Sign in, a few people at a time: checking a password takes a worker ~0.5 s of CPU
        by design, and fifty at once would only measure the queue."""
        with SIGNING_IN:
            _, page = self.request(url, outcome="sign-in page", timeout=120)
            form = main_form(page)
            form.update({"username": email, "password": password})
            status, _ = self.request(url, form, outcome="sign-in", timeout=120)
        return status == 302

    def save(self, write: dict, n: int) -> None:
        status, page = self.request(write["url"], outcome=f"{write['kind']} form")
        form = main_form(page)
        if status != 200 or not form:
            return
        form[write.get("field", "note")] = f"Load run change {n} at {time.time():.3f}"
        if write["kind"] == "risk re-rating":
            form.update({"likelihood": str(1 + n % 5), "impact": str(1 + n % 4)})
        status, _ = self.request(write["url"], form, outcome=write["kind"])
        if status == 200:
            with self.tally.lock:
                self.tally.outcomes[f"{write['kind']} refused (changed since opened)"] += 1


def person(browser: Browser, plan: dict, account: dict, stop: dict, seed: int) -> None:
    rng = random.Random(seed)
    signed_in = browser.sign_in(account["sign_in"], plan["email"], account["password"])
    stop["all_signed_in"].wait()  # the clock starts when everyone is signed in
    if not signed_in:
        browser.tally.add(0, "sign-in", f"sign-in failed for {plan['email']}")
        return
    n = 0
    while time.monotonic() < stop["at"] and stop["requests"] > 0:
        with browser.tally.lock:
            stop["requests"] -= 1
        n += 1
        if plan["writes"] and rng.random() < stop["write_chance"]:
            browser.save(rng.choice(plan["writes"]), n)  # a write is a GET of the form and a POST
        else:
            browser.request(rng.choice(plan["reads"]), outcome="page")


# Running it -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict, workers: int, probe: str, stderr=None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    bind = f"127.0.0.1:{port}"
    args = ["--bind", bind, "--workers", str(workers), "--timeout", "60", "--log-level", "warning"]
    if (ROOT / "vfmhub" / "gunicorn_conf.py").exists():  # the production settings, when there
        args = ["--config", "python:vfmhub.gunicorn_conf", *args]
    command = [BIN / "gunicorn", "vfmhub.wsgi", *args]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stderr=stderr)
    base = f"http://{bind}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + probe, timeout=2).close()
            return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def run_load(base: str, plan: dict, args) -> dict:
    tally = Tally()
    people = plan["people"][: args.users]
    # Only some people have something to write (a body without a plan has no action to edit):
    # they write more often so that about `--write-share` of all requests are writes (POSTs).
    writers = sum(1 for p in people if p["writes"]) / max(1, len(people))
    chance = min(0.9, args.write_share / (max(writers, 0.01) * (1 - args.write_share)))
    stop: dict = {"at": 0.0, "requests": args.max_requests, "write_chance": chance}

    def start_clock() -> None:
        stop["at"] = time.monotonic() + args.seconds
        stop["started"] = time.monotonic()

    stop["all_signed_in"] = threading.Barrier(len(people), action=start_clock)
    threads = [
        threading.Thread(target=person, args=(Browser(base, tally), p, plan, stop, i), daemon=True)
        for i, p in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + 300)
    elapsed = time.monotonic() - stop.get("started", time.monotonic())
    ms = [s * 1000 for s in tally.latencies]
    writes = sum(c for k, c in tally.outcomes.items() if k in WRITE_KINDS)
    return {
        "users": len(people),
        "seconds": round(elapsed, 1),
        "requests": len(ms),
        "requests_per_second": round(len(ms) / elapsed, 1),
        "write_share": round(writes / max(1, len(ms)), 3),
        "p50_ms": round(statistics.median(ms), 1) if ms else 0,
        "p95_ms": round(percentile(ms, 0.95), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "sign_in_p50_ms": round(statistics.median(tally.sign_ins) * 1000, 1),
        "errors": sum(tally.errors.values()),
        "error_kinds": dict(tally.errors.most_common(20)),
        "outcomes": dict(sorted(tally.outcomes.items())),
    }


WRITE_KINDS = {"action edit", "return draft", "risk re-rating"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--write-share", type=float, default=0.1)
    parser.add_argument(
        "--database-url", help="use this already generated demo database instead of a fresh one"
    )
    parser.add_argument("--emit-plan", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.emit_plan:
        print(json.dumps(emit_plan(args.users)))
        return 0
    work = Path(tempfile.mkdtemp(prefix="vfmhub-load-"))
    if args.database_url:
        vendor = "sqlite" if args.database_url.startswith("sqlite") else "postgresql"
        url, cleanup = args.database_url, []
    else:
        vendor, url, cleanup = fresh_database(work)
    env = os.environ | SERVER_ENVIRONMENT | {"DATABASE_URL": url}
    server = None
    try:
        if not args.database_url:
            print(f"Building the demo database ({vendor}) …", flush=True)
            build(env)
        emitted = subprocess.run(
            [BIN / "python", "-m", "bench.load", "--emit-plan", "--users", str(args.users)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        plan = json.loads(emitted.stdout)
        server, base = start_server(env, args.workers, plan["sign_in"])
        print(f"{len(plan['people'])} people for {args.seconds} s against {base} …", flush=True)
        result = run_load(base, plan, args)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        for step in cleanup:
            step()
        shutil.rmtree(work, ignore_errors=True)
    return report(vendor, args, result)


def report(vendor: str, args, result: dict) -> int:
    result = {
        "date": datetime.date.today().isoformat(),
        "vendor": vendor,
        "workers": args.workers,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    } | result
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{result['date']}-load-{vendor}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(
        f"{vendor}: {result['users']} users, {result['requests_per_second']} req/s, "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, "
        f"{result['errors']} errors; written to {path.relative_to(ROOT)}"
    )
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
