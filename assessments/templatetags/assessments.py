from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessments.chart import spider_chart_svg
from instruments.models import localised as _localised

register = template.Library()


@register.filter
def localised(texts):
    return _localised(texts)


@register.filter
def level_text(question, level):
    return _localised((question.levels or {}).get(str(level)))


@register.filter
def anchor_text(version, level):
    """The scale's own words at a level ("1 = behöver träna mer"), where it has any."""
    return _localised((version.scale_anchors or {}).get(str(level)))


@register.filter
def signed(value):
    """A step change as +1, −2 or ±0 (with a real minus sign)."""
    if value is None:
        return ""
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{abs(value)}"
    return "±0"


@register.simple_tag
def spider_chart(progression, chart_id="chart"):
    occasions = progression.occasions()
    dates = ", ".join(o.label for o in occasions)
    description = _(
        "Spindeldiagram med %(axes)s frågor och %(count)s tillfällen (%(dates)s). "
        "Samma siffror finns i tabellen efter diagrammet. Ett ”Vill inte svara” är ett "
        "avbrott i linjen."
    ) % {"axes": len(progression.axes), "count": len(occasions), "dates": dates}
    svg = spider_chart_svg(
        axes=progression.axes,
        occasions=occasions,
        title=_("%(card)s: skattningar över tid") % {"card": progression.instrument_name},
        description=description,
        legend_title=_("Tillfällen"),
        chart_id=chart_id,
    )
    return mark_safe(svg)  # noqa: S308 - built from escaped parts in chart.py
