from django import template

register = template.Library()


@register.filter
def seconds(value: int | None) -> str:
    """A duration as m:ss."""
    total = int(value or 0)
    return f"{total // 60}:{total % 60:02d}"
