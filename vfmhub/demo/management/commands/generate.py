"""vfmhub generate --scale demo|region|national [--seed N]: invented data, demo to national."""

from django.core.management.base import BaseCommand, CommandError

from vfmhub.demo.generator import DEFAULT_SEED, GenerationRefused, generate
from vfmhub.demo.scales import SCALES


class Command(BaseCommand):
    help = (
        "Generate invented organisations, partnerships, people and history. demo: one region of "
        "about 50 bodies; region: one region at national density; national: about 400 bodies in "
        "nine regions over ten years. Running it again adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)

    def handle(self, *args, scale: str, seed: int, **options):
        try:
            result = generate(scale=scale, seed=seed)
        except GenerationRefused as exc:
            raise CommandError(str(exc)) from None
        if result.already_generated:
            self.stdout.write(
                f"Already generated at scale {scale} (seed {seed}); "
                f"added {result.created_total} missing rows."
            )
        else:
            self.stdout.write(f"Generated {scale} data (seed {seed}) in {result.seconds:.1f} s.")
        width = max(len(name) for name in result.totals)
        for name, total in result.totals.items():
            self.stdout.write(f"  {name:<{width}}  {total:>7}  (+{result.created[name]})")
        self.stdout.write("Sign-ins: vfmhub demo-accounts")
