"""The figures of a page as the sections and tables of its exports (CSV and XLSX).

Made from the page's context only, after its sheet has protected it (ADR 0017): the
exports show exactly the page's figures, hidden where the page hides them, with the
page's label ("dold", or "–" when nobody is behind a cell), never a zero in its place.
Each cell keeps its kind (a count, a share in per cent, a mean, days, text) so that the
XLSX stores numbers as numbers with a number format (ADR 0021).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .suppression import Figure, hidden_text

COUNT, PERCENT, MEAN, DAYS, TEXT = "count", "percent", "mean", "days", "text"


@dataclass(frozen=True)
class Cell:
    """A number (int for counts, per cent for shares, Decimal for means), or text: the
    label of a hidden figure, "–" for none, or words."""

    value: object
    kind: str

    @property
    def is_number(self) -> bool:
        return not isinstance(self.value, str)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)

    def row(self, label: str, *cells: Cell) -> None:
        self.rows.append((str(label), list(cells)))


@dataclass
class Section:
    """A section of the page (an XLSX sheet): its tables, one under the other."""

    title: str
    tables: list[Table] = field(default_factory=list)


NONE = "–"


def count(figure: Figure | None) -> Cell:
    if figure is None:
        return Cell(NONE, COUNT)
    if figure.suppressed:
        return Cell(hidden_text(figure), COUNT)
    return Cell(NONE if figure.value is None else figure.value, COUNT)


def percent(figure: Figure | None) -> Cell:
    """A share in per cent (66.7 for 66.7 %); the XLSX stores it as a fraction."""
    cell = count(figure)
    return Cell(cell.value, PERCENT)


def mean(value) -> Cell:
    """A mean, median or interval end already hidden by the sheet (None): two decimals,
    as a number, so that a negative change stays a number."""
    return Cell(NONE if value is None else Decimal(f"{value:.2f}"), MEAN)


def days(value) -> Cell:
    return Cell(NONE if value is None else round(value), DAYS)


def text(value: str) -> Cell:
    return Cell(str(value), TEXT)


def _flow(context) -> Section:
    section = Section(_("Deltagare och utfall"))
    people = Table(_("Deltagare under perioden"), [_("Värde")])
    people.row(_("Aktiva"), count(context["active"]))
    people.row(_("Nya"), count(context["new"]))
    people.row(_("Avslutade"), count(context["closed"]))
    people.row(_("Andel avslutade till arbete eller studier (%)"), percent(context["work_share"]))
    people.row(_("Mediantid till arbete eller studier (dagar)"), days(context["median_days"]))
    section.tables.append(people)
    if context["months"]:
        quarters = Table(_("Nya deltagare per kvartal"), [_("Nya")])
        for label, figure in context["months"]:
            quarters.row(label, count(figure))
        section.tables.append(quarters)
    if context["outcome_rows"]:
        outcomes = Table(_("Utfall för avslutade under perioden"), [_("Antal")])
        for row in context["outcome_rows"]:
            outcomes.row(row["outcome"], count(row["n"]))
        section.tables.append(outcomes)
    genders = Table(
        _("Per kön (jämställdhet)"), [_("Aktiva"), _("Andel till arbete eller studier (%)")]
    )
    for row in context["gender_rows"]:
        genders.row(row["gender"], count(row["active"]), percent(row["work"]))
    section.tables.append(genders)
    return section


def _organisations(context) -> Section:
    table = Table(
        _("Per organisation"),
        [_("Aktiva"), _("Nya"), _("Avslutade"), _("Till arbete eller studier (%)")],
    )
    for row in context["rows"]:
        table.row(
            str(row["organisation"]),
            count(row["active"]),
            count(row["new"]),
            count(row["closed"]),
            percent(row["work_share"]),
        )
    return Section(_("Per organisation"), [table])


def _comparison(context) -> Section:
    comparison = context["comparison"]
    title = _("Jämförelse per %(d)s") % {"d": comparison["dimension"]}
    table = Table(
        title,
        [
            _("Aktiva"),
            _("Till arbete eller studier (%)"),
            _("Förbättrade minst ett steg (%)"),
            _("Utan handledarbyte (%)"),
            _("Jobbfokuserad insats (%)"),
            _("Parallella insatser (%)"),
        ],
    )
    for row in comparison["rows"]:
        table.row(
            row["label"],
            count(row["active"]),
            *(percent(row[k]) for k in ("work_share", "improved", "no_change", "job", "parallel")),
        )
    return Section(title, [table])


def _cadence(context) -> Section:
    table = Table(_("Skattningar under perioden"), [_("Värde")])
    table.row(_("Skattningar"), count(context["assessments"]))
    table.row(_("Uppföljande skattningar"), count(context["follow_ups"]))
    table.row(
        _("Andel uppföljande skattningar gjorda inom intervallet (%)"),
        percent(context["within_share"]),
    )
    return Section(_("Skattningar"), [table])


def _indicators(context) -> Section:
    section = Section(_("Progression per indikator"))
    table = Table(
        _("Progression per indikator"),
        [
            _("Deltagare"),
            _("Medelförändring"),
            _("Förbättrade minst ett steg (%)"),
            _("Senaste under %(n)s") % {"n": context["low_score"]},
            _("… med kopplad insats (%)"),
        ],
    )
    for row in context["indicators"]:
        table.row(
            row["item"].name,
            count(row["people"]),
            mean(row["mean_change"]),
            percent(row["improved"]),
            count(row["low"]),
            percent(row["low_with_activity"]),
        )
    section.tables.append(table)
    if context["spider_rows"]:
        means = Table(
            _("Medelvärde per indikator: första mot senaste skattningen"),
            [_("Första"), _("Senaste")],
        )
        for row in context["spider_rows"]:
            means.row(row["item"].name, mean(row["first_mean"]), mean(row["latest_mean"]))
        section.tables.append(means)
    return section


def _what_works(context) -> Section:
    section = Section(_("Vad fungerar hos oss"))
    table = Table(
        _("Förändring mellan skattningar efter insatser däremellan"),
        [
            _("Deltagare"),
            _("Par av svar"),
            _("Medelförändring"),
            _("95 % konfidensintervall, nedre"),
            _("95 % konfidensintervall, övre"),
            _("I ord"),
        ],
    )
    for row in context["effect_rows"]:
        ci = row["ci"] or (None, None)
        table.row(
            row["label"],
            text(NONE) if row.get("empty") else count(row["people"]),
            count(row["pairs"]),
            mean(row["mean"]),
            mean(ci[0]),
            mean(ci[1]),
            text(row.get("sentence", "")),
        )
    section.tables.append(table)
    if context.get("effect_indicators") and context.get("card_chosen"):
        columns = []
        for label in context["combination_labels"]:
            columns += [
                _("%(c)s: medelförändring") % {"c": label},
                _("%(c)s: par av svar") % {"c": label},
            ]
        per_indicator = Table(
            _("Medelförändring per indikator efter insatser mellan skattningarna"), columns
        )
        for row in context["effect_indicators"]:
            cells = []
            for cell in row["cells"]:
                cells += [mean(cell["mean"]), count(cell["pairs"])]
            per_indicator.row(row["name"], *cells)
        section.tables.append(per_indicator)
    return section


def _factors(context) -> Section:
    table = Table(_("De fem framgångsfaktorerna"), [_("Värde"), _("Bättre när")])
    better = {"higher": _("högre är bättre"), "lower": _("lägre är bättre")}
    for row in context["factor_rows"]:
        label = f"{row['number']}. {row['label']}" if row.get("number") else row["label"]
        if "figure" in row:
            value = percent(row["figure"])
            label = f"{label} (%)"
        elif "days" in row:
            value = days(row["days"])
            label = _("%(l)s (dagar)") % {"l": label}
        else:
            value = mean(row["steps"])
        table.row(label, value, text(better[row["better"]]))
        if "steps" in row:
            table.row(
                _("… mot deltagarnas egen tro (skillnad i steg)"),
                mean(row["gap"]),
                text(better[row["better"]]),
            )
    return Section(_("Framgångsfaktorer"), [table])


def sections(context: dict, *, county: bool) -> list[Section]:
    """The page's sections in the page's order; per indicator only when a card is
    chosen, as on the page."""
    result = []
    if county:
        result.append(_organisations(context))
    if not context["flow"].active:
        return result
    result.append(_flow(context))
    if context.get("comparison"):
        result.append(_comparison(context))
    result.append(_cadence(context))
    if context.get("card_chosen"):
        result.append(_indicators(context))
    result.append(_what_works(context))
    result.append(_factors(context))
    return result
