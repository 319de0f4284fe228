"""Remembering the column choices an import was confirmed with."""

from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, save_changed, save_created, snapshot
from vfmhub.imports.models import ColumnMapping
from vfmhub.imports.selectors import Owner, column_mapping_for, owner_filter
from vfmhub.lib.headings import ColumnChoices

FIELDS = ["kind", "name", "ignore", "use_as"]


@transaction.atomic
def column_choices_remember(
    *,
    acting_user: User | None,
    owner: Owner,
    kind: str,
    choices: ColumnChoices,
    name: str = "default",
) -> ColumnMapping | None:
    """Keep `choices` under `name` for the owner's imports of this kind, so the next preview
    starts from them; audited. Nothing is written when they are already what is kept, or when
    there are none and none were kept."""
    values = choices.as_dict()
    mapping = column_mapping_for(owner, kind, name)
    if mapping is None:
        if not choices:
            return None
        mapping = ColumnMapping(**owner_filter(owner), kind=kind, name=name[:60])
        mapping.ignore, mapping.use_as = values["ignore"], values["use_as"]
        mapping.updated_by = acting(acting_user)
        return save_created(
            mapping, acting_user=acting_user, action="column choices remembered", fields=FIELDS
        )
    if (mapping.ignore, mapping.use_as) == (values["ignore"], values["use_as"]):
        return mapping
    before = snapshot(mapping, FIELDS)
    mapping.ignore, mapping.use_as = values["ignore"], values["use_as"]
    mapping.updated_by = acting(acting_user)
    return save_changed(mapping, before, acting_user=acting_user, action="column choices changed")
