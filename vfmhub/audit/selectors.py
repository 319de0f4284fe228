from typing import TYPE_CHECKING

from django.db.models import QuerySet

from vfmhub.audit.models import AuditEvent

if TYPE_CHECKING:  # the apps whose history this is import audit, so for types only
    from vfmhub.organisations.models import Organisation, Partnership


def audit_events_for_owner(
    *, organisation: "Organisation | None" = None, partnership: "Partnership | None" = None
) -> QuerySet[AuditEvent]:
    """Everything recorded against an organisation or partnership and the objects it owns."""
    if organisation is not None:
        return AuditEvent.objects.filter(organisation=organisation)
    return AuditEvent.objects.filter(partnership=partnership)
