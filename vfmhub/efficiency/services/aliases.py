"""The other names a partnership's files give its bodies ("County Council"), kept by the
partnership's managers so the returns import can match them. Each write is audited, filed under
the body and the partnership."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_record_removed, save_created
from vfmhub.efficiency.models import BodyAlias, body_name_key
from vfmhub.organisations.models import Organisation, Partnership

ALIAS_EMPTY = "Enter the name the files use, such as County Council."
ALIAS_TAKEN = "{name!r} already stands for {organisation}."
ALIAS_IS_A_NAME = "{name!r} is already the name, short name or GSS code of {organisation}."
ALIAS_FIELDS = ["organisation", "name"]


def _body_named(partnership: Partnership, key: str) -> Organisation | None:
    """A body of the partnership (a member, or one taking part in its programmes) whose own
    name, short name or GSS code is `key`."""
    bodies = Organisation.objects.filter(
        Q(partnership_memberships__partnership=partnership)
        | Q(efficiency_participations__programme__partnership=partnership)
    ).distinct()
    for organisation in bodies.only("name", "short_name", "gss_code"):
        names = (organisation.name, organisation.short_name, organisation.gss_code or "")
        if key in {body_name_key(n) for n in names if n}:
            return organisation
    return None


@transaction.atomic
def body_alias_add(
    *, acting_user: User | None, partnership: Partnership, organisation: Organisation, name: str
) -> BodyAlias:
    """Let files name `organisation` as `name`; refused when the name already stands for a body."""
    name = " ".join(name.split())
    key = body_name_key(name)
    if not key:
        raise ValidationError({"name": ALIAS_EMPTY})
    taken = (
        BodyAlias.objects.filter(partnership=partnership, key=key)
        .select_related("organisation")
        .first()
    )
    if taken is not None:
        raise ValidationError(
            {"name": ALIAS_TAKEN.format(name=name, organisation=taken.organisation)}
        )
    named = _body_named(partnership, key)
    if named is not None:
        raise ValidationError({"name": ALIAS_IS_A_NAME.format(name=name, organisation=named)})
    alias = BodyAlias(
        partnership=partnership,
        organisation=organisation,
        name=name,
        created_by=acting(acting_user),
    )
    return save_created(
        alias,
        acting_user=acting_user,
        action="efficiency.alias.add",
        fields=ALIAS_FIELDS,
        organisation_id=organisation.pk,
        partnership_id=partnership.pk,
    )


@transaction.atomic
def body_alias_remove(*, acting_user: User | None, alias: BodyAlias) -> None:
    audit_record_removed(
        acting_user=acting_user,
        action="efficiency.alias.remove",
        obj=alias,
        fields=ALIAS_FIELDS,
        organisation_id=alias.organisation_id,
        partnership_id=alias.partnership_id,
    )
    alias.delete()
