"""Showing scores with the words of the version's default label set."""

from django import template

register = template.Library()


@register.filter
def score_label(value, labels: dict) -> str:
    """3 -> "3 – Consistently above minimum requirements – performing well"; None -> Not scored."""
    if value is None or value == "":
        return "Not scored"
    words = labels.get(int(value)) if labels else None
    return f"{value} – {words}" if words else str(value)
