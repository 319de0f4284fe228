"""GOV.UK tag colours for action status and RAG."""

from django import template

register = template.Library()

RAG_COLOURS = {"red": "red", "amber": "orange", "green": "green"}
STATUS_COLOURS = {
    "not_started": "grey",
    "in_progress": "blue",
    "completed": "green",
    "no_action": "purple",
    "deferred": "yellow",
}


@register.filter
def rag_colour(value: str) -> str:
    return RAG_COLOURS.get(value or "", "grey")


@register.filter
def status_colour(value: str) -> str:
    return STATUS_COLOURS.get(value or "", "grey")
