from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def score_for(scores, area):
    """The area's levels at the plan's assessment: '3', '2, 4', or 'Vill inte svara'."""
    levels = (scores or {}).get(area.pk, [])
    if not levels:
        return "–"
    return ", ".join(str(level) if level is not None else _("Vill inte svara") for level in levels)
