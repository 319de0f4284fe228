from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from vfmhub.audit.models import AuditEvent

if TYPE_CHECKING:  # the apps whose history this is import audit, so for types only
    from vfmhub.organisations.models import Organisation, Partnership


def audit_events_for_object(obj: Model) -> QuerySet[AuditEvent]:
    """The history of one object, newest first. The caller has already checked access to `obj`."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEvent.objects.filter(content_type=content_type, object_id=str(obj.pk))


def audit_events_for_owner(
    *, organisation: "Organisation | None" = None, partnership: "Partnership | None" = None
) -> QuerySet[AuditEvent]:
    """Everything recorded against an organisation or partnership and the objects it owns."""
    if organisation is not None:
        return AuditEvent.objects.filter(organisation=organisation)
    return AuditEvent.objects.filter(partnership=partnership)
