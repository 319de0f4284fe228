"""`vfmhub neighbours compute|show`: compute every body's nearest neighbours under a model version,
and print them (GSS codes, names, distances, each variable's share of the distance)."""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vfmhub.benchmarking.models import NeighbourModel
from vfmhub.benchmarking.selectors.neighbours import (
    default_model,
    model_by_version,
    neighbour_explanation,
    neighbour_shares,
    neighbours_by_body,
)
from vfmhub.benchmarking.selectors.values import areas_by_code
from vfmhub.benchmarking.services.neighbours import (
    neighbour_models_install_shipped,
    neighbours_compute,
)
from vfmhub.benchmarking.services.targets import benchmark_targets_recompute

NO_MODEL = "There is no neighbour model {version}."
NOT_COMPUTED = "No neighbours have been computed yet: run `vfmhub neighbours compute` first."
NO_NEIGHBOURS = "{codes}: no neighbours under model {version} (not in its universe, or left out)."


class Command(BaseCommand):
    help = (
        "Nearest neighbours. `compute` installs the shipped model versions and computes every "
        "body's neighbours under one (safe to run again); `show` prints them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="compute|show")
        compute = actions.add_parser("compute", help="Compute every body's neighbours.")
        compute.add_argument("--model", help="The version (default: the shipped default).")
        compute.add_argument("--json", action="store_true", help="Report as JSON.")
        show = actions.add_parser("show", help="Print bodies' neighbours.")
        show.add_argument("codes", nargs="*", metavar="GSS_CODE", help="Bodies (default: all).")
        show.add_argument("--model", help="The version (default: the default computed one).")
        show.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "compute":
                self._compute(options)
            else:
                self._show(options)
        except (CommandError, ValidationError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            if options.get("json"):
                self.stdout.write(json.dumps({"ok": False, "error": message}))
            raise CommandError(message) from None

    def _compute(self, options: dict[str, Any]) -> None:
        shipped = neighbour_models_install_shipped(acting_user=None)
        version = options["model"]
        if version:
            model = model_by_version(version)
        else:
            model = next((m for m in shipped if m.is_default), None) or (
                shipped[-1] if shipped else None
            )
        if model is None:
            raise CommandError(NO_MODEL.format(version=version or "shipped"))
        report = neighbours_compute(acting_user=None, model=model)
        targets = benchmark_targets_recompute(acting_user=None)
        if options["json"]:
            result = {"ok": True, **report.as_dict(), "benchmark_targets": targets.as_dict()}
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(report.summary())
            self.stdout.write(targets.summary())

    def _show(self, options: dict[str, Any]) -> None:
        version = options["model"]
        model: NeighbourModel | None = model_by_version(version) if version else default_model()
        if model is None:
            raise CommandError(NO_MODEL.format(version=version) if version else NOT_COMPUTED)
        codes = [c.strip().upper() for c in options["codes"]] or None
        found = neighbours_by_body(model, codes)
        missing = [c for c in codes or [] if c not in found]
        if missing:
            raise CommandError(
                NO_NEIGHBOURS.format(codes=", ".join(missing), version=model.version)
            )
        names = {c: a.name for c, a in areas_by_code(_all_codes(found)).items()}
        bodies = [_body(model, code, rows, names) for code, rows in found.items()]
        if options["json"]:
            self.stdout.write(json.dumps({"ok": True, "model": model.version, "bodies": bodies}))
            return
        labels = {v["code"]: v["label"] for v in model.spec.get("variables", [])}
        for body in bodies:
            self.stdout.write(f"{body['name']} ({body['gss_code']}), model {model.version}")
            for n in body["neighbours"]:
                shares = ", ".join(f"{labels.get(k, k)} {v:.0%}" for k, v in n["shares"].items())
                self.stdout.write(
                    f"  {n['rank']:>2}. {n['name']} ({n['gss_code']}): distance "
                    f"{n['distance']:.3f}, rebased {n['rebased']:.3f}; {n['why']} [{shares}]"
                )


def _all_codes(found: dict[str, list]) -> set[str]:
    return set(found) | {n.neighbour_code for rows in found.values() for n in rows}


def _body(model: NeighbourModel, code: str, rows: list, names: dict[str, str]) -> dict[str, Any]:
    return {
        "gss_code": code,
        "name": names.get(code, code),
        "neighbours": [
            {
                "rank": n.rank,
                "gss_code": n.neighbour_code,
                "name": names.get(n.neighbour_code, n.neighbour_code),
                "distance": n.distance,
                "rebased": n.rebased,
                "parts": n.parts,
                "shares": neighbour_shares(n),
                "why": neighbour_explanation(model, n.parts),
            }
            for n in rows
        ],
    }
