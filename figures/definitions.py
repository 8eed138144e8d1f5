"""What each figure counts, in words: the one place for the definitions.

The figures' pages show these texts as help under each figure (the template tag
`{% definition "key" %}` in figures/templatetags/figures.py), docs/figures.md lists
them all (a test checks that it says the same), and ADR 0018 gives the reasons. The
texts are translatable; numbers that are settings (`core/method.py`) are filled in
when the text is shown, so the text always says what the figure used.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import method

from .suppression import threshold

# In the order of the page.
DEFINITIONS = {
    "active": _(
        "Aktiva: deltagare med en inskrivningsperiod som pågick någon dag under perioden. "
        "Nya: deltagare vars inskrivningsperiod började under perioden. Avslutade: deltagare "
        "vars inskrivningsperiod avslutades under perioden."
    ),
    "work_share": _(
        "Andelen till arbete eller studier: deltagare med en inskrivningsperiod som "
        "avslutades under perioden med utfallet arbete (med eller utan stöd) eller studier, "
        "av de avslutade deltagarna (en deltagare räknas en gång). Mediantiden: dagarna från "
        "inskrivningsperiodens start till avslutet, för de perioder som avslutades så."
    ),
    "quarters": _(
        "Nya deltagare per kvartal: inskrivningsperioder som började under kvartalet, inom "
        "perioden (en deltagare som skrivits in två gånger räknas två gånger)."
    ),
    "outcomes": _(
        "Utfall: inskrivningsperioder som avslutades under perioden, efter det utfall som "
        "angavs vid avslutet."
    ),
    "gender": _(
        "Per kön: aktiva deltagare, och andelen av de avslutade som avslutades till arbete "
        "eller studier, efter det kön som står i deltagarens uppgifter."
    ),
    "cadence": _(
        "Uppföljande skattningar: skattningar under perioden där deltagaren har en tidigare "
        "skattning (på vilket kort som helst). En uppföljande skattning är gjord inom "
        "intervallet när den gjordes högst %(weeks)s veckor (%(days)s dagar) efter den "
        "föregående: samma gräns som handledarens lista över vilka som ska skattas, där "
        "den som passerat den är försenad."
    ),
    "indicator_changes": _(
        "Deltagare med minst två besvarade tillfällen av indikatorn fram till periodens "
        "slut: nivån vid det första tillfället mot nivån vid det senaste. Medelförändring: "
        "senaste minus första, i medel över deltagarna. Ett svar ”Vill inte svara” är inget "
        "tillfälle. BIP ställer två frågor om målinriktning: de räknas som ett tillfälle på "
        "medelvärdet av de besvarade, avrundat till helt steg (ett halvt steg avrundas "
        "uppåt)."
    ),
    "improved": _(
        "Förbättrade minst ett steg, per indikator: andelen av deltagarna med minst två "
        "tillfällen vars senaste nivå är minst ett steg högre än den första."
    ),
    "improved_pairs": _(
        "Förbättrade minst ett steg, i jämförelsen: alla indikatorer tillsammans, så varje "
        "deltagare räknas en gång per indikator med minst två tillfällen. Andelen är "
        "andelen av de paren av deltagare och indikator som förbättrats minst ett steg, "
        "inte andelen av deltagarna."
    ),
    "low_latest": _(
        "Senaste under %(low)s: deltagare vars senaste nivå på indikatorn är under "
        "%(low)s. … med kopplad insats: andelen av dem som har någon insats kopplad till "
        "indikatorn, planerad, pågående eller avslutad, när som helst (också före eller "
        "efter perioden)."
    ),
    "what_works": _(
        "Par av svar: en fråga som besvarats vid två skattningar i rad av samma deltagare "
        "på samma kort, där den senare skattningen gjordes under perioden. Insatserna "
        "däremellan: de slag av insatser som pågick någon dag mellan de två skattningarna. "
        "Medelförändring: senare minus tidigare svar, i medel över paren. En kombination "
        "utan par står som ”inga par”, utan medelförändring."
    ),
    "what_works_ci": _(
        "Svaren från en och samma person hänger ihop, så konfidensintervallet räknas med "
        "personen som kluster: klusterrobusta standardfel (CR1) och t-fördelningen med "
        "antalet personer minus ett som frihetsgrader. Från färre än två personer visas "
        "inget intervall, och från färre än %(threshold)s personer ingen siffra alls; det "
        "är antalet personer som räknas, inte antalet par."
    ),
    "belief": _(
        "Faktor 1: medel av handledarens tilltro (1–5) över skattningarna under perioden "
        "där den angavs, per skattning (en deltagare med fler skattningar väger mer). "
        "Inom parentes: handledarens tilltro minus deltagarens eget svar om tro på arbete "
        "vid samma skattning, i medel per svar; ett positivt tal betyder att handledaren "
        "tror mer än deltagaren själv."
    ),
    "coach_continuity": _(
        "Faktor 2: andelen av de aktiva deltagarna som inte bytt handledare under perioden. "
        "Ett byte är en ny ansvarig handledare med en angiven anledning, och det räknas när "
        "bytet gjordes under perioden (inte före eller efter). Byten med överlämning: "
        "andelen av de bytena som har en överlämning."
    ),
    "parallel": _(
        "Faktor 3: andelen av de aktiva deltagarna som under perioden haft både en "
        "jobbfokuserad insats och en insats av annat slag, inte nödvändigtvis samtidigt. "
        "Bara insatser som pågick någon dag då deltagaren var inskriven räknas. Andelen av "
        "den inskrivna tiden: dagarna då en jobbfokuserad och en annan insats pågick "
        "samtidigt, av alla inskrivna dagar under perioden."
    ),
    "gap": _(
        "Faktor 4: ett avbrott är en tid utan någon pågående insats under den inskrivna "
        "tiden inom perioden. Väntan från inskrivningen (eller periodens början) till den "
        "första insatsen och tiden efter den sista räknas också som avbrott, och den som "
        "inte haft någon insats har ett avbrott lika långt som den inskrivna tiden. "
        "Andelen: aktiva deltagare vars längsta avbrott är längre än %(gap_days)s dagar. "
        "Medianen: det längsta avbrottet per aktiv deltagare, median över alla aktiva."
    ),
    "job": _(
        "Faktor 5: andelen av de aktiva deltagarna som haft en jobbfokuserad insats som "
        "pågick någon dag då de var inskrivna under perioden."
    ),
}


def _values(weeks: int) -> dict:
    return {
        "weeks": weeks,
        "days": weeks * 7,
        "low": method.low_score_threshold(),
        "gap_days": method.activity_gap_days(),
        "threshold": threshold(),
    }


def definition(key: str, *, cadence=None) -> str:
    """The definition of figure `key` in the active language, with its numbers: the
    settings in force, and for the cadence the interval and grace the figure used
    (`figures.selectors.Cadence`)."""
    weeks = getattr(cadence, "interval_weeks", None)
    text = str(DEFINITIONS[key]) % _values(weeks or method.assessment_interval_weeks())
    if key == "cadence":
        if cadence is not None and weeks is None:
            text += " " + str(
                _("Organisationerna har olika intervall: var och en räknas med sitt eget.")
            )
        grace = getattr(cadence, "grace_days", None)
        grace = method.cadence_grace_days() if grace is None else grace
        if grace:
            text += " " + ngettext(
                "Med en marginal på %(n)s dag efter det (inställningen CADENCE_GRACE_DAYS).",
                "Med en marginal på %(n)s dagar efter det (inställningen CADENCE_GRACE_DAYS).",
                grace,
            ) % {"n": grace}
    return text
