"""The officer titles a body uses in its plans ("HoF" = Head of Finance), optionally linked to a
user so that actions given those initials can be linked too."""

from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import audit_record_changed, snapshot
from vfmhub.organisations.models import Organisation
from vfmhub.plans.models import OfficerTitle
from vfmhub.plans.services.common import check_member

TITLE_FIELDS = ["abbreviation", "title", "user"]


@transaction.atomic
def officer_title_save(
    *,
    acting_user: User | None,
    organisation: Organisation,
    abbreviation: str,
    title: str = "",
    user: User | None = None,
) -> OfficerTitle:
    """Add the abbreviation, or change the title and user of the one already on the list."""
    check_member(user, organisation, "user")
    abbreviation = abbreviation.strip()
    officer = (
        OfficerTitle.objects.select_for_update()
        .filter(organisation=organisation, abbreviation__iexact=abbreviation)
        .first()
    )
    created = officer is None
    if officer is None:
        officer = OfficerTitle(organisation=organisation, abbreviation=abbreviation)
    before = {} if created else snapshot(officer, TITLE_FIELDS)
    officer.title = title.strip()
    officer.user = user
    officer.full_clean()
    officer.save()
    audit_record_changed(
        acting_user=acting_user,
        action="officer_title.add" if created else "officer_title.update",
        obj=officer,
        before=before,
        after=snapshot(officer, TITLE_FIELDS),
    )
    return officer
