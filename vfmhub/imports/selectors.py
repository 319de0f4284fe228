"""Remembered column choices, found by owner, kind of import and name."""

from vfmhub.imports.models import ColumnMapping
from vfmhub.lib.headings import ColumnChoices
from vfmhub.organisations.models import Organisation, Partnership

Owner = Organisation | Partnership


def owner_filter(owner: Owner) -> dict[str, Owner]:
    return {"organisation": owner} if isinstance(owner, Organisation) else {"partnership": owner}


def column_mapping_for(owner: Owner, kind: str, name: str = "default") -> ColumnMapping | None:
    return ColumnMapping.objects.filter(**owner_filter(owner), kind=kind, name=name).first()


def column_choices_for(owner: Owner, kind: str, name: str = "default") -> ColumnChoices:
    """The choices remembered under `name` for this owner and kind; none when nothing is."""
    mapping = column_mapping_for(owner, kind, name)
    if mapping is None:
        return ColumnChoices()
    return ColumnChoices.from_dict({"ignore": mapping.ignore, "use_as": mapping.use_as})


def column_mapping_names(owner: Owner, kind: str) -> list[str]:
    return list(
        ColumnMapping.objects.filter(**owner_filter(owner), kind=kind).values_list(
            "name", flat=True
        )
    )
