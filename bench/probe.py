# ruff: noqa: S603 -- fixed programs (gunicorn, schemathesis) with arguments built here
"""`make probe`: schemathesis against the API as a manager and as a partnership manager.

    python -m bench.probe [--max-examples 10] [--seed N]

Builds a fresh demo database (as `make load` does: SQLite in a temporary folder, or `<name>_load`
beside DATABASE_URL's PostgreSQL database, dropped afterwards), starts gunicorn on 127.0.0.1, makes
an API token for the demo body's manager and one for the partnership manager, and runs
`st run` against /api/v1/openapi.json once with each: the coverage phase (boundary and invalid
values for every parameter and body field) and the fuzzing phase, for all operations. The checks are
no 5xx, every status code, content type, header and body as the document says. Exits 1 if either
run found anything; the server's log of any 500 is printed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.load import BIN, ROOT, SERVER_ENVIRONMENT, build, fresh_database, start_server

PERSONAS = ("manager", "partnership_manager")
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
SCHEMA = "/api/v1/openapi.json"


def emit_setup() -> None:
    """Run inside Django (`--emit-setup`): a token for each persona probed, and the path values."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vfmhub.settings")
    django.setup()
    from vfmhub.accounts.models import User
    from vfmhub.accounts.services import api_token_create
    from vfmhub.demo.personas import ACCOUNT

    tokens = {}
    for persona in PERSONAS:
        user = User.objects.get(email=ACCOUNT[persona].email)
        tokens[persona] = api_token_create(acting_user=user, name="Probe")[1]
    print(json.dumps({"tokens": tokens, "config": config_text(path_values())}))


def path_values() -> dict[str, dict[str, int]]:
    """Real ids for the path parameters (the home body's and partnership's first records), so
    that the generated bodies and queries reach the code behind each record, not only a 404.
    The keys are path regexes ("" for every operation); the later, narrower ones win."""
    from bench.measure import bench_ids
    from vfmhub.assessments.models import Finding, RolledUpScore
    from vfmhub.efficiency.models import EfficiencyReturn, Gain
    from vfmhub.organisations.models import OrganisationMembership
    from vfmhub.plans.models import Action, ActionUpdate, PeerReview, PlanItem
    from vfmhub.programme import models as programme

    ids = bench_ids()
    home, partnership = ids["organisation"], ids["partnership"]
    of_plan, of_project = {"plan_id": ids["plan"]}, {"project__partnership_id": partnership}
    event = programme.Event.objects.filter(programme__partnership_id=partnership)
    values = {
        "organisation_id": home,
        "partnership_id": partnership,
        "framework_id": ids["framework"],
        "version_id": ids["version"],
        "criterion_id": ids["criterion"],
        "assessment_id": ids["assessment"],
        "finding_id": _first(Finding, assessment_id=ids["assessment"]),
        "rolled_up_id": _first(RolledUpScore, assessment_id=ids["assessment"]),
        "membership_id": _first(OrganisationMembership, organisation_id=home),
        "plan_id": ids["plan"],
        "round_id": ids["round"],
        "item_id": _first(PlanItem, **of_plan),
        "action_id": _first(Action, item__plan_id=ids["plan"]),
        "update_id": _first(ActionUpdate, action__item__plan_id=ids["plan"]),
        "review_id": _first(PeerReview, **of_plan),
        "programme_id": ids["programme"],
        "gain_id": _first(Gain, programme_id=ids["programme"], organisation_id=home),
        "return_id": _first(EfficiencyReturn, programme_id=ids["programme"], organisation_id=home),
        "stream_id": _first(programme.FundingStream, partnership_id=partnership),
        "line_id": _first(programme.AllocationNode, partnership_id=partnership),
        "commitment_id": _first(programme.Commitment, node__partnership_id=partnership),
        "spend_id": _first(programme.Spend, node__partnership_id=partnership),
        "year": programme.AllocationPlan.objects.filter(partnership_id=partnership)
        .values_list("year", flat=True)
        .first(),
        "project_id": _first(programme.Project, partnership_id=partnership),
        "milestone_id": _first(programme.ProjectMilestone, **of_project),
        "funding_id": _first(programme.ProjectFunding, **of_project),
        "register_id": ids["register"],
        "risk_id": _first(programme.Risk, register_id=ids["register"]),
        "event_id": event.values_list("pk", flat=True).first(),
        "attendance_id": _first(programme.Attendance, event__in=event),
        "feedback_id": _first(programme.Feedback, event__in=event),
    }
    body_register = ids["body_register"]
    return {
        "": {name: value for name, value in values.items() if value is not None},
        "/organisations/[^/]+/risk": {
            "register_id": body_register,
            "risk_id": _first(programme.Risk, register_id=body_register),
        },
        "/improvement-programmes/": {
            "programme_id": _first(programme.ImprovementProgramme, partnership_id=partnership)
        },
    }


def _first(model, **lookup) -> int | None:
    return model.objects.filter(**lookup).order_by("pk").values_list("pk", flat=True).first()


def config_text(values: dict[str, dict[str, int]]) -> str:
    """schemathesis.toml binding those values (`path.<name>`)."""
    lines = ["[parameters]"]
    lines += [f'"path.{name}" = {value}' for name, value in values[""].items()]
    for regex, bound in values.items():
        if not regex:
            continue
        pairs = ", ".join(f'"path.{n}" = {v}' for n, v in bound.items() if v is not None)
        lines += ["", "[[operations]]", f"include-path-regex = {json.dumps(regex)}"]
        lines.append(f"parameters = {{ {pairs} }}")
    return "\n".join(lines) + "\n"


def probe(base: str, token: str, args, config: Path) -> int:
    command = [
        str(BIN / "st"),
        "--config-file",
        str(config),
        "run",
        base + SCHEMA,
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        ",".join(CHECKS),
        "--phases",
        "coverage,fuzzing",
        "--max-examples",
        str(args.max_examples),
        "--workers",
        "2",
        "--request-timeout",
        "60",
        "--no-color",
    ]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    return subprocess.run(command, cwd=ROOT).returncode


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=10)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--emit-setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.emit_setup:
        emit_setup()
        return 0
    work = Path(tempfile.mkdtemp(prefix="vfmhub-probe-"))
    vendor, url, cleanup = fresh_database(work)
    log = work / "server.log"
    env = os.environ | SERVER_ENVIRONMENT | {"DATABASE_URL": url, "VFMHUB_VAR_DIR": str(work)}
    server = None
    failed = {}
    try:
        print(f"Building the demo database ({vendor}) …", flush=True)
        build(env)
        emitted = subprocess.run(
            [BIN / "python", "-m", "bench.probe", "--emit-setup"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        setup = json.loads(emitted.stdout)
        config = work / "schemathesis.toml"
        config.write_text(setup["config"])
        with log.open("w") as server_log:
            server, base = start_server(env, 2, SCHEMA, stderr=server_log)
            for persona, token in setup["tokens"].items():
                print(f"\n== Probing the API as the {persona.replace('_', ' ')} ({vendor})")
                failed[persona] = probe(base, token, args, config)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        logged = log.read_text().splitlines() if log.exists() else []
        errors = [line for line in logged if "Internal Server Error" in line]
        for step in cleanup:
            step()
        shutil.rmtree(work, ignore_errors=True)
    for line in errors:
        print(f"Server: {line}")
    outcome = ", ".join(f"{p}: {'failed' if rc else 'passed'}" for p, rc in failed.items())
    print(f"\nProbe on {vendor}: {outcome}; {len(errors)} server errors logged")
    return 1 if any(failed.values()) or errors or len(failed) < len(PERSONAS) else 0


if __name__ == "__main__":
    sys.exit(main())
