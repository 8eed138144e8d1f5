"""What the figures mean, in words a manager reads without statistics training: the
plain sentence of each "what works" row, which way each success factor is better, and
the period and filters written under every chart and on the summary PDF.

Only presentation: every number comes from the page's context, already protected by
its sheet (figures/suppression.py); a hidden figure stays hidden here."""

from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .suppression import hidden_label

# What ran between two assessments, as the end of "Mellan två skattningar …".
BETWEEN = {
    "none": gettext_lazy("utan någon insats"),
    "job_only": gettext_lazy("med bara jobbfokuserade insatser"),
    "other_only": gettext_lazy("med bara andra slags insatser (sociala, hälsa, kompetens)"),
    "job_and_other": gettext_lazy("med både jobbfokuserade och andra insatser"),
}

HIGHER = "higher"
LOWER = "lower"


def few_people() -> int:
    """Below this many people a comparison is flagged as resting on few."""
    return settings.STEGVIS["FIGURES_FEW_PEOPLE"]


def _steps(value: float) -> str:
    return number_format(abs(value), decimal_pos=2)


def effect_sentence(row: dict) -> str:
    """One "what works" row in plain Swedish, e.g. "Mellan två skattningar med både
    jobbfokuserade och andra insatser steg deltagarna i snitt 0,20 steg (med 95 %
    säkerhet mellan 0,13 och 0,26)."."""
    between = BETWEEN[row["combination"]]
    pairs = row["pairs"]
    if not pairs.suppressed and pairs.value == 0:
        return _("Mellan två skattningar %(between)s: inga par av svar under perioden.") % {
            "between": between
        }
    mean = row["mean"]
    if mean is None:
        return _(
            "Mellan två skattningar %(between)s: %(hidden)s, eftersom för få deltagare "
            "skulle gå att peka ut."
        ) % {"between": between, "hidden": hidden_label()}
    values = {"between": between, "mean": _steps(mean)}
    if round(mean, 2) > 0:
        text = _("Mellan två skattningar %(between)s steg deltagarna i snitt %(mean)s steg")
    elif round(mean, 2) < 0:
        text = _("Mellan två skattningar %(between)s sjönk deltagarna i snitt %(mean)s steg")
    else:
        text = _("Mellan två skattningar %(between)s stod deltagarna i snitt still")
    text = text % values
    ci = row["ci"]
    if ci:
        low, high = (number_format(v, decimal_pos=2) for v in ci)
        text += " " + _("(med 95 %% säkerhet mellan %(low)s och %(high)s)") % {
            "low": low,
            "high": high,
        }
    text += "."
    if ci and ci[0] <= 0 <= ci[1]:
        text += " " + _("Intervallet rymmer 0: vi kan inte säga att det är en verklig förändring.")
    return text


def effect_basis(row: dict) -> str:
    """How many pairs of answers and people a row rests on ("" when hidden or empty)."""
    if row["mean"] is None or row["people"].suppressed:
        return ""
    return _("Bygger på %(pairs)s par av svar från %(people)s deltagare.") % {
        "pairs": row["pairs"].value,
        "people": row["people"].value,
    }


def effect_few(row: dict) -> bool:
    """A shown row resting on fewer people than `few_people()`."""
    return row["mean"] is not None and row["people"].value < few_people()


def effect_rows_explained(rows: list[dict]) -> list[dict]:
    return [
        {
            **row,
            "sentence": effect_sentence(row),
            "basis": effect_basis(row),
            "few": effect_few(row),
            "empty": not row["pairs"].suppressed and row["pairs"].value == 0,
        }
        for row in rows
    ]


def success_factors(context: dict) -> list[dict]:
    """The five success factors as rows: number, label, the figure (a `Figure`, a
    number of steps or of days) and which way is better."""
    gap_days = context["gap_days"]
    return [
        {
            "number": 1,
            "label": _("Handledarens tilltro (medel, 1–5)"),
            "steps": context["belief_mean"],
            "gap": context["belief_gap"],
            "better": HIGHER,
        },
        {
            "number": 2,
            "label": _("Handledarkontinuitet: utan handledarbyte"),
            "figure": context["no_change_share"],
            "better": HIGHER,
        },
        {
            "label": _("… byten med överlämning"),
            "figure": context["handover_share"],
            "better": HIGHER,
        },
        {
            "number": 3,
            "label": _(
                "Parallella insatser: jobbfokuserad insats tillsammans med annan under perioden"
            ),
            "figure": context["parallel_share"],
            "better": HIGHER,
        },
        {
            "label": _(
                "… andel av den inskrivna tiden med jobbfokuserad och annan insats samtidigt"
            ),
            "figure": context["parallel_time_share"],
            "better": HIGHER,
        },
        {
            "number": 4,
            "label": _("Kontinuerliga insatser: med ett avbrott på mer än %(d)s dagar")
            % {"d": gap_days},
            "figure": context["gap_share"],
            "better": LOWER,
        },
        {
            "label": _("… median av längsta avbrottet"),
            "days": context["median_gap"],
            "better": LOWER,
        },
        {
            "number": 5,
            "label": _("Fokus på arbete: med en jobbfokuserad insats under perioden"),
            "figure": context["job_share"],
            "better": HIGHER,
        },
    ]


def describe_filters(form, *, county: bool) -> dict:
    """The period and the filters chosen, as text to write under charts and on the
    summary ("Alla …" when nothing narrows the selection)."""
    data = form.cleaned_data
    period = f"{date_format(data['date_from'], 'Y-m-d')} – {date_format(data['date_to'], 'Y-m-d')}"
    chosen = []
    for name in ("unit", "coach", "card", "gender", "age_band", "target_group"):
        if name not in form.fields or not data.get(name):
            continue
        field = form.fields[name]
        value = data[name]
        shown = str(value) if hasattr(value, "pk") else str(dict(field.choices).get(value, value))
        chosen.append(f"{field.label}: {shown}")
    if chosen:
        filters = "; ".join(chosen)
    elif county:
        filters = _("alla organisationer i länet, alla deltagare")
    else:
        filters = _("alla deltagare i mina enheter")
    return {"period": period, "filters": filters}
