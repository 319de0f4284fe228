"""Time the targets in-process with Django's test client. No database set-up here: see run.py."""

import math
import statistics
import time
from dataclasses import asdict, dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from vfmhub.accounts.models import User
from vfmhub.core.bench import MANAGER, STAFF, Target
from vfmhub.core.heap import freeze_long_lived
from vfmhub.demo.personas import ACCOUNT
from vfmhub.organisations.models import OrganisationMembership, Partnership

BUDGET_MS = 300.0  # a page's or endpoint's p95 (a target may state its own: see Target)


@dataclass
class Measurement:
    target: str
    persona: str
    path: str
    status: int | str
    n: int
    p50_ms: float | None
    p95_ms: float | None
    queries: int | None
    budget_ms: float = BUDGET_MS

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def over_budget(self) -> bool:
        return self.p95_ms is not None and self.p95_ms > self.budget_ms

    def as_dict(self) -> dict:
        return {**asdict(self), "over_budget": self.over_budget}


def persona_users() -> dict[str, User]:
    """The demo staff superuser and the home body's manager (see vfmhub/demo/personas.py)."""
    return {
        STAFF: User.objects.get(email=ACCOUNT["staff"].email),
        MANAGER: User.objects.get(email=ACCOUNT["manager"].email),
    }


def bench_ids() -> dict[str, int]:
    """The home body (members, an auditor, a partnership) and the partnership it belongs to."""
    manager = ACCOUNT["manager"].email
    home = OrganisationMembership.objects.get(user__email=manager).organisation_id
    partnership = Partnership.objects.filter(members__organisation_id=home).order_by("pk").first()
    ids = {"organisation": home, "partnership": partnership.pk}
    framework_ids = _framework_ids()
    assessment_ids = _assessment_ids(home, framework_ids.get("version"))
    return (
        ids
        | framework_ids
        | assessment_ids
        | _plan_ids(home)
        | _programme_ids(partnership.pk)
        | _register_ids(home, partnership.pk)
    )


def _framework_ids() -> dict[str, int]:
    """The largest shipped version (UoR 2008/09: ten KLOEs), its framework and a criterion."""
    from vfmhub.frameworks.models import FrameworkVersion

    version = FrameworkVersion.objects.filter(
        framework__code="use-of-resources", code="2008-09"
    ).first()
    if version is None:
        return {}
    criterion = version.criteria.order_by("theme__order", "order").first()
    return {"framework": version.framework_id, "version": version.pk, "criterion": criterion.pk}


def _assessment_ids(home: int, version: int | None) -> dict[str, int]:
    """The home body's auditor assessment of that version (provisional and final scores: the
    fullest task list), else any of its assessments."""
    from vfmhub.assessments.models import Assessment

    theirs = Assessment.objects.filter(organisation_id=home).order_by("-year", "kind", "pk")
    found = theirs.filter(version_id=version, kind="auditor").first() or theirs.first()
    return {"assessment": found.pk} if found else {}


def _plan_ids(home: int) -> dict[str, int]:
    """The home body's largest plan (the generated Use of Resources plan: about 40 actions) and
    its latest update round (the round entry page)."""
    from django.db.models import Count

    from vfmhub.plans.models import Plan

    plans = Plan.objects.filter(organisation_id=home).annotate(actions=Count("items__actions"))
    plan = plans.order_by("-actions", "pk").first()
    if plan is None:
        return {}
    latest = plan.rounds.order_by("-order", "-pk").first()
    return {"plan": plan.pk} | ({"round": latest.pk} if latest else {})


def _programme_ids(partnership: int) -> dict[str, int]:
    """The home partnership's generated efficiency programme (the NI 179 one of seed 003)."""
    from vfmhub.efficiency.models import EfficiencyProgramme

    programme = (
        EfficiencyProgramme.objects.filter(partnership_id=partnership).order_by("pk").first()
    )
    return {"programme": programme.pk} if programme else {}


def _register_ids(home: int, partnership: int) -> dict[str, int]:
    """The home partnership's first risk register (seed 001's) and the home body's first."""
    from vfmhub.programme.models import RiskRegister

    ids = {}
    for key, owner in (
        ("register", {"partnership_id": partnership}),
        ("body_register", {"organisation_id": home}),
    ):
        found = RiskRegister.objects.filter(**owner).order_by("pk").first()
        if found is not None:
            ids[key] = found.pk
    return ids


def nearest_rank(samples: list[float], percent: float) -> float:
    """The nearest-rank percentile: the smallest sample at or above `percent` of them."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def measure(client: Client, path: str, *, repeat: int, warmup: int) -> tuple:
    """(status, timings in ms, queries of one request); stops at the first status other than 200."""
    try:
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        # Count now: the next request clears the connection's query log.
        query_count = len(queries)
        for _ in range(max(0, warmup - 1)):
            status = client.get(path).status_code
    except Exception as exc:  # a view that raises is a failed target, reported with its error
        return f"error: {exc.__class__.__name__}: {exc}", [], None
    timings = []
    for _ in range(repeat if status == 200 else 0):
        started = time.perf_counter()
        status = client.get(path).status_code
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            break
    return status, timings, query_count


def measure_targets(
    targets: list[Target], *, repeat: int, warmup: int, progress=None
) -> list[Measurement]:
    users = persona_users()
    clients = {}
    for persona, user in users.items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    ids = bench_ids()
    # As each gunicorn worker does once it has loaded the service (vfmhub/gunicorn_conf.py): the
    # objects alive now out of the garbage collector's full passes.
    freeze_long_lived()
    results = []
    for target in targets:
        path = target.path(ids)
        if path is None:
            continue
        for persona in target.personas:
            status, timings, queries = measure(clients[persona], path, repeat=repeat, warmup=warmup)
            results.append(_measurement(target, persona, path, status, timings, queries))
            if progress:
                progress.advance()
    return results


def _measurement(target, persona, path, status, timings, queries) -> Measurement:
    return Measurement(
        target=target.name,
        persona=persona,
        path=path,
        status=status,
        n=len(timings),
        p50_ms=round(statistics.median(timings), 1) if timings else None,
        p95_ms=round(nearest_rank(timings, 95), 1) if timings else None,
        queries=queries,
        budget_ms=target.budget_ms,
    )
