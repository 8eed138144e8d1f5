from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from figures.definitions import definition as definition_text
from figures.suppression import hidden_text

register = template.Library()


@register.filter
def fig(figure, suffix=""):
    """A figure's value, or the label of a hidden figure (ADR 0017)."""
    if figure is None:
        return "–"
    if figure.suppressed:
        return hidden_text(figure)
    value = figure.value
    shown = number_format(value, decimal_pos=1) if isinstance(value, float) else str(value)
    return f"{shown}{suffix}"


@register.simple_tag
def definition(key, cadence=None):
    """The figure's definition (figures/definitions.py) as help text under it."""
    return format_html(
        '<details class="definition"><summary>{}</summary><p>{}</p></details>',
        _("Så räknas det"),
        definition_text(key, cadence=cadence),
    )


@register.filter
def pairs(figure):
    """A count of pairs of answers: "inga par" for none, so that a 0 never stands for a
    combination without data."""
    if figure is not None and not figure.suppressed and figure.value == 0:
        return _("inga par")
    return fig(figure)
