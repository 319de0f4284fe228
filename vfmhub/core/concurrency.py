"""Optimistic locking: a form carries the `updated_at` it was opened with; a save checks it."""

from django.core.exceptions import ValidationError

CHANGED_SINCE_OPENED = (
    "Someone else changed this since you opened it. Your changes have not been saved: "
    "check the current values and make your changes again."
)


def check_unchanged(instance, expected_updated_at) -> None:
    """Raise if `instance` was saved after the version the user started from."""
    if expected_updated_at is None:
        return
    current = type(instance).objects.filter(pk=instance.pk).values_list("updated_at", flat=True)
    current_value = current.first()
    if current_value is not None and current_value.isoformat() != _iso(expected_updated_at):
        raise ValidationError(CHANGED_SINCE_OPENED, code="stale")


def _iso(value) -> str:
    return value if isinstance(value, str) else value.isoformat()
