import csv
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from vfmhub.accounts.models import User
from vfmhub.audit.models import AuditEvent
from vfmhub.demo import generator
from vfmhub.demo.accounts import NOT_GENERATED
from vfmhub.demo.generator import GenerationRefused, demo_step, generate
from vfmhub.demo.personas import DEMO_PASSWORD, FIXED_ACCOUNTS
from vfmhub.demo.plan import PLACE_ENDS, PLACE_STARTS, REGION_NAMES, plan_demo
from vfmhub.demo.scales import SCALES
from vfmhub.organisations.models import (
    AuditorAssignment,
    BodyType,
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipKind,
    PartnershipRole,
)
from vfmhub.testing import shared_data

REGISTER = shared_data() / "la_codes"


def test_the_same_seed_gives_the_same_plan_and_another_seed_another():
    first = plan_demo(SCALES["national"], 7)
    again = plan_demo(SCALES["national"], 7)
    other = plan_demo(SCALES["national"], 8)

    assert first.bodies == again.bodies
    assert [b.name for b in first.bodies] != [b.name for b in other.bodies]


def test_the_national_plan_has_about_400_bodies_in_nine_regions():
    plan = plan_demo(SCALES["national"], 1)

    assert len(plan.regions) == 9
    assert 380 <= len(plan.bodies) <= 420
    assert len({b.gss_code for b in plan.bodies}) == len(plan.bodies)
    assert len({b.short_name for b in plan.bodies}) == len(plan.bodies)
    assert all(re.fullmatch(r"E\d\d009\d{3}", b.gss_code) for b in plan.bodies)


@pytest.mark.skipif(not REGISTER.is_dir(), reason=f"the published register is not at {REGISTER}")
def test_no_invented_name_appears_in_a_real_councils_name():
    real_words = set()
    with (REGISTER / "openregister-local-authority-eng.tsv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            real_words |= set(re.findall(r"[A-Za-z]+", f"{row['name']} {row['official-name']}"))
    with (REGISTER / "LAD21_RGN21_EN_LU.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            real_words |= set(re.findall(r"[A-Za-z]+", row["LAD21NM"]))
    places = {start + end for start in PLACE_STARTS for end in PLACE_ENDS}
    invented = places | {place + "shire" for place in places} | set(REGION_NAMES)

    assert invented & real_words == set()


@pytest.mark.django_db
def test_demo_scale_builds_one_region_of_about_50_bodies_and_a_partnership():
    generate(scale="demo")

    bodies = Organisation.objects.all()
    assert 45 <= bodies.count() <= 55
    assert set(bodies.values_list("is_demo", flat=True)) == {True}
    assert {BodyType.COUNTY, BodyType.DISTRICT, BodyType.UNITARY, BodyType.FIRE} == set(
        bodies.values_list("body_type", flat=True)
    )
    partnership = Partnership.objects.get()
    assert (partnership.name, partnership.kind) == ("Improvement Eastmarch", PartnershipKind.RIEP)
    assert partnership.lead_organisation is not None
    assert partnership.lead_organisation.body_type == BodyType.COUNTY
    spells = partnership.members.all()
    assert spells.filter(left__isnull=False).count() == 2
    assert spells.exclude(joined="2008-04-01").count() == 2  # a new unitary and a rejoiner


@pytest.mark.django_db
def test_demo_sign_ins_hold_every_role_with_the_demo_password():
    generate(scale="demo")
    users = {a.key: User.objects.get(email=a.email) for a in FIXED_ACCOUNTS}
    home = OrganisationMembership.objects.get(user=users["manager"]).organisation

    assert all(user.check_password(DEMO_PASSWORD) for user in users.values())
    assert {
        m.user.email: m.role for m in OrganisationMembership.objects.filter(organisation=home)
    } == {
        "manager@demo.vfmhub.invalid": "manager",
        "editor@demo.vfmhub.invalid": "editor",
        "viewer@demo.vfmhub.invalid": "viewer",
    }
    assignment = AuditorAssignment.objects.get(user=users["auditor"])
    assert (assignment.organisation, assignment.first_year) == (home, 2008)
    assert set(
        PartnershipRole.objects.filter(user=users["peer_reviewer"]).values_list("role", flat=True)
    ) == {"peer_reviewer"}
    assert OrganisationMembership.objects.get(user=users["peer_reviewer"]).role == "editor"
    assert users["staff"].is_superuser
    others = Organisation.objects.exclude(pk=home.pk)
    assert all(o.memberships.filter(role="manager").exists() for o in others)


@pytest.mark.django_db
def test_generating_again_adds_nothing():
    first = generate(scale="demo")

    again = generate(scale="demo")

    assert again.already_generated and not first.already_generated
    assert again.created_total == 0
    assert again.totals == first.totals


@pytest.mark.django_db
def test_it_refuses_to_mix_two_scales():
    generate(scale="demo")

    with pytest.raises(GenerationRefused, match="scale demo with seed 2008"):
        generate(scale="national")


@pytest.mark.django_db
def test_national_scale_has_ten_years_of_auditors_and_three_people_per_body(monkeypatch):
    # The core steps only: the modules' national data (close to a million rows) is built by
    # `make bench`, and the modules' own tests check their steps at demo scale.
    core = [step for step in generator.demo_steps() if step.order < 200]
    monkeypatch.setattr(generator, "STEPS", core)

    result = generate(scale="national")

    assert result.totals["organisations"] >= 380
    assert result.totals["partnerships"] == 9
    assert result.totals["users"] >= 3 * result.totals["organisations"]
    years = AuditorAssignment.objects.values_list("first_year", "last_year")
    assert min(first for first, _ in years) == 2008
    assert AuditorAssignment.objects.filter(last_year__isnull=False).exists()
    assert not AuditorAssignment.objects.filter(organisation__isnull=True).exists()
    assert not AuditEvent.objects.exists()  # generated data records no history


@pytest.mark.django_db
def test_a_module_can_add_its_own_step(monkeypatch):
    generator.demo_steps()  # import the core steps before swapping the list for a copy
    monkeypatch.setattr(generator, "STEPS", list(generator.STEPS))
    seen = []

    @demo_step(order=500, label="Later module", models=(AuditorAssignment,))
    def later_module(ctx):
        seen.append((ctx.scale.name, ctx.home.name, len(ctx.organisations)))

    generate(scale="demo")

    assert len(seen) == 1
    assert seen[0][0] == "demo"
    assert seen[0][2] == Organisation.objects.count()


@pytest.mark.django_db
def test_the_commands_report_counts_and_list_the_sign_ins():
    out = StringIO()
    call_command("demo-accounts", stdout=out)
    assert out.getvalue().strip() == NOT_GENERATED

    call_command("generate", "--scale", "demo", stdout=out)
    call_command("generate", "--scale", "demo", stdout=out)
    call_command("demo-accounts", stdout=out)

    text = out.getvalue()
    assert "Generated demo data (seed 2008)" in text
    assert "Already generated at scale demo (seed 2008); added 0 missing rows." in text
    for account in FIXED_ACCOUNTS:
        assert re.search(rf"{re.escape(account.email)}\s+{DEMO_PASSWORD}", text)


@pytest.mark.django_db
def test_the_command_explains_a_refusal():
    call_command("generate", "--scale", "demo", stdout=StringIO())

    with pytest.raises(CommandError, match="already holds data generated at scale demo"):
        call_command("generate", "--scale", "region", stdout=StringIO())
