"""`vfmhub generate`: invented data at demo, region or national scale, built by a list of steps.

Extension point: any installed app may add a package `demo/` whose `__init__` registers steps with
`@demo_step(order=..., label=..., models=(...))`. The generator imports those modules, then runs
every step in `order` (the core steps here use 100-199; later modules take 200 and up, in the order
their data depends on each other). A step receives the `DemoContext` (the scale, a seeded random
generator per step, the organisations, partnerships and people already made) and must be
idempotent: running `generate` again creates only what is missing (`create_missing` helps).
"""

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model
from django.utils.module_loading import autodiscover_modules

from vfmhub.demo.models import DemoGeneration
from vfmhub.demo.personas import DEMO_PASSWORD
from vfmhub.demo.plan import DemoPlan, plan_demo
from vfmhub.demo.scales import SCALES, Scale
from vfmhub.lib.progress import progress

DEFAULT_SEED = 2008
BATCH_SIZE = 500

OTHER_GENERATION = (
    "This database already holds data generated at scale {scale} with seed {seed}. Generate "
    "into an empty database (for example set DATABASE_URL, or delete var/vfmhub.sqlite3) rather "
    "than mixing two sets."
)
UNKNOWN_SCALE = "Unknown scale {scale!r}; choose one of {known}."


class GenerationRefused(Exception):
    pass


@dataclass
class DemoContext:
    """What every step can use. Core steps fill the dictionaries in as they go."""

    scale: Scale
    seed: int
    plan: DemoPlan
    password_hash: str
    regions: dict = field(default_factory=dict)  # region code -> Region
    organisations: dict = field(default_factory=dict)  # GSS code -> Organisation
    partnerships: list = field(default_factory=list)  # one per region, in plan order
    users: dict = field(default_factory=dict)  # email -> User

    def rng(self, name: str) -> random.Random:
        """A generator for one step: adding a step never changes what another one draws."""
        return random.Random(f"{self.seed}:{self.scale.name}:{name}")

    @property
    def home(self):
        return self.organisations[self.plan.home.gss_code]


@dataclass(frozen=True)
class DemoStep:
    order: int
    label: str
    run: Callable[[DemoContext], None]
    models: tuple[type[Model], ...] = ()


STEPS: list[DemoStep] = []


def demo_step(*, order: int, label: str, models: Sequence[type[Model]] = ()):
    """Register a generator step (see the module docstring)."""

    def register(func: Callable[[DemoContext], None]):
        if not any(step.run is func for step in STEPS):
            STEPS.append(DemoStep(order=order, label=label, run=func, models=tuple(models)))
        return func

    return register


def demo_steps() -> list[DemoStep]:
    import vfmhub.demo.steps  # noqa: F401  (the core steps register themselves on import)

    autodiscover_modules("demo")
    return sorted(STEPS, key=lambda step: step.order)


def create_missing(model: type[Model], objects: Iterable, key: Sequence[str]) -> int:
    """Insert the `objects` whose natural `key` (attnames) is not stored yet; return how many."""
    manager = model._default_manager
    stored = set(manager.values_list(*key))
    seen = set()
    missing = []
    for obj in objects:
        value = tuple(getattr(obj, name) for name in key)
        if value not in stored and value not in seen:
            seen.add(value)
            missing.append(obj)
    manager.bulk_create(missing, batch_size=BATCH_SIZE)
    return len(missing)


@dataclass
class GenerationResult:
    scale: str
    seed: int
    already_generated: bool
    seconds: float
    totals: dict[str, int]
    created: dict[str, int]

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


def generate(*, scale: str, seed: int = DEFAULT_SEED) -> GenerationResult:
    """Build (or complete) the data for `scale`; refuses a database generated otherwise."""
    if scale not in SCALES:
        raise GenerationRefused(UNKNOWN_SCALE.format(scale=scale, known=", ".join(SCALES)))
    previous = DemoGeneration.objects.first()
    if previous and (previous.scale, previous.seed) != (scale, seed):
        raise GenerationRefused(OTHER_GENERATION.format(scale=previous.scale, seed=previous.seed))
    started = time.perf_counter()
    steps = demo_steps()
    counted = _counted_models(steps)
    before = _totals(counted)
    context = DemoContext(
        scale=SCALES[scale],
        seed=seed,
        plan=plan_demo(SCALES[scale], seed),
        # One hash for every demo sign-in: hashing is deliberately slow, so it is done once.
        password_hash=make_password(DEMO_PASSWORD),
    )
    with transaction.atomic():
        for step in progress(steps, f"Generating {scale} data"):
            step.run(context)
        after = _totals(counted)
        if previous is None:
            DemoGeneration.objects.create(scale=scale, seed=seed, totals=after)
        else:
            DemoGeneration.objects.filter(pk=previous.pk).update(
                scale=scale, seed=seed, totals=after
            )
    return GenerationResult(
        scale=scale,
        seed=seed,
        already_generated=previous is not None,
        seconds=time.perf_counter() - started,
        totals=after,
        created={name: after[name] - before[name] for name in after},
    )


def _counted_models(steps: list[DemoStep]) -> list[type[Model]]:
    return list(dict.fromkeys(model for step in steps for model in step.models))


def _totals(counted: list[type[Model]]) -> dict[str, int]:
    return {
        str(model._meta.verbose_name_plural): model._default_manager.count() for model in counted
    }
