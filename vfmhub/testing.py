"""Test helpers every module reuses: the personas and the permission harness.

The personas (CONVENTIONS.md): manager, editor and viewer at organisation A; a user at organisation
B (the outsider); an auditor appointed to A; a partnership manager, viewer and peer reviewer of a
partnership that A and C belong to (B does not); and staff.
"""

import datetime
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client

from vfmhub.accounts.models import User
from vfmhub.organisations.models import (
    AuditorAssignment,
    BodyType,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    PartnershipRole,
    PartnershipRoleKind,
    Region,
)

PASSWORD = "correct-horse-battery-staple"
PERSONA_NAMES = (
    "manager",
    "editor",
    "viewer",
    "outsider",
    "auditor",
    "partnership_manager",
    "partnership_viewer",
    "peer_reviewer",
    "staff",
)


@dataclass
class Personas:
    region: Region
    org_a: Organisation
    org_b: Organisation
    org_c: Organisation
    partnership: Partnership
    manager: User
    editor: User
    viewer: User
    outsider: User
    auditor: User
    partnership_manager: User
    partnership_viewer: User
    peer_reviewer: User
    staff: User

    def user(self, name: str) -> User:
        return getattr(self, name)


def make_user(email: str, **fields) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **fields)


def _bodies() -> dict[str, Any]:
    """The region, the county, organisations A, B and C, and the partnership of A and C."""
    region = Region.objects.create(code="E12000006", name="East of England")
    county = Organisation.objects.create(
        name="Northmoor County Council",
        body_type=BodyType.COUNTY,
        gss_code="E10000901",
        region=region,
    )
    org_a = Organisation.objects.create(
        name="Ashby District Council",
        short_name="Ashby",
        body_type=BodyType.DISTRICT,
        gss_code="E07000901",
        region=region,
        parent=county,
    )
    org_b = Organisation.objects.create(
        name="Bexwell Borough Council",
        body_type=BodyType.UNITARY,
        gss_code="E06000901",
        region=region,
    )
    org_c = Organisation.objects.create(
        name="Carrow Fire Authority", body_type=BodyType.FIRE, region=region
    )
    partnership = Partnership.objects.create(
        name="Improvement Northmoor", kind=PartnershipKind.RIEP, lead_organisation=county
    )
    for organisation in (county, org_a, org_c):
        PartnershipMember.objects.create(
            partnership=partnership, organisation=organisation, joined=datetime.date(2008, 4, 1)
        )
    return {
        "region": region,
        "org_a": org_a,
        "org_b": org_b,
        "org_c": org_c,
        "partnership": partnership,
    }


def _roles(users: dict[str, User], bodies: dict[str, Any]) -> None:
    """Each persona's role (see the module's docstring)."""
    org_a, partnership = bodies["org_a"], bodies["partnership"]
    for name, role in (
        ("manager", OrganisationRole.MANAGER),
        ("editor", OrganisationRole.EDITOR),
        ("viewer", OrganisationRole.VIEWER),
    ):
        OrganisationMembership.objects.create(user=users[name], organisation=org_a, role=role)
    OrganisationMembership.objects.create(
        user=users["outsider"], organisation=bodies["org_b"], role=OrganisationRole.MANAGER
    )
    OrganisationMembership.objects.create(
        user=users["peer_reviewer"], organisation=bodies["org_c"], role=OrganisationRole.EDITOR
    )
    AuditorAssignment.objects.create(
        user=users["auditor"], organisation=org_a, first_year=2008, firm="Audit Firm LLP"
    )
    for name, partnership_role in (
        ("partnership_manager", PartnershipRoleKind.MANAGER),
        ("partnership_viewer", PartnershipRoleKind.VIEWER),
        ("peer_reviewer", PartnershipRoleKind.PEER_REVIEWER),
    ):
        PartnershipRole.objects.create(
            user=users[name], partnership=partnership, role=partnership_role
        )
    users["staff"].is_staff = users["staff"].is_superuser = True
    users["staff"].save()


def make_personas() -> Personas:
    bodies = _bodies()
    users = {name: make_user(f"{name.replace('_', '.')}@example.org") for name in PERSONA_NAMES}
    _roles(users, bodies)
    return Personas(
        region=bodies["region"],
        org_a=bodies["org_a"],
        org_b=bodies["org_b"],
        org_c=bodies["org_c"],
        partnership=bodies["partnership"],
        **users,
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_access(
    personas: Personas,
    url: str,
    *,
    method: str = "get",
    data: dict | None = None,
    allowed: Iterable[str] = (),
    forbidden: Iterable[str] = (),
    hidden: Iterable[str] = (),
    ok: tuple[int, ...] = (200, 302),
    content_type: str | None = None,
) -> None:
    """Each persona in `hidden` gets 404, in `forbidden` 403, in `allowed` a status in `ok`.

    Refusals are checked first, so an allowed write that changes data runs last.
    """
    outcomes: list[tuple[str, tuple[int, ...]]] = [(name, (404,)) for name in hidden]
    outcomes += [(name, (403,)) for name in forbidden]
    outcomes += [(name, ok) for name in allowed]
    for name, expected in outcomes:
        client = client_for(personas.user(name))
        kwargs = {"content_type": content_type} if content_type else {}
        response = getattr(client, method)(url, data or {}, **kwargs)
        assert response.status_code in expected, (
            f"{method.upper()} {url} as {name}: expected {expected}, got {response.status_code}"
        )


def sqlite_file_connection(path, alias: str):
    """A connection to the SQLite file `path` with the settings' SQLite options, whatever
    DATABASE_URL says (for tests of SQLite's own behaviour: locking, WAL, backups)."""
    from django.conf import settings
    from django.db.backends.sqlite3.base import DatabaseWrapper

    return DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": dict(settings.SQLITE_OPTIONS),
            "TIME_ZONE": None,
            "CONN_HEALTH_CHECKS": False,
            "CONN_MAX_AGE": 0,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        },
        alias=alias,
    )


def shared_data() -> Path:
    """The folder of real published files the importers are tested on (`shared/data`): named by
    VFMHUB_SHARED_DATA, else beside the checkout (`../shared/data`), else this workplace's copy
    (/work/shared/data), so that a fresh clone anywhere on the machine still finds them."""
    named = os.environ.get("VFMHUB_SHARED_DATA")
    if named:
        return Path(named)
    candidates = [Path(settings.BASE_DIR).parent / "shared" / "data", Path("/work/shared/data")]
    return next((folder for folder in candidates if folder.is_dir()), candidates[0])
