"""Plain helpers shared by the programme app's tests (fixtures live in conftest.py)."""

from vfmhub.audit.models import AuditEvent
from vfmhub.programme.services import risks as services_risks


def latest_audit(action):
    """The newest audit event recorded with this action, or None."""
    return AuditEvent.objects.filter(action=action).order_by("-pk").first()


def make_register(personas, name="Strategic risks"):
    """A risk register of the personas' partnership, created by its manager."""
    return services_risks.register_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name=name,
    )
