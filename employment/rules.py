"""The rules for an employment record, used by the form and by the service."""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from participants.models import Outcome

from .models import Support


def resource_employment_last_day(started_on: datetime.date) -> datetime.date:
    """The last day a resursanställning starting on ``started_on`` may run.

    "At most one year" with an inclusive end date: the day before the same date next
    year (1 March 2026 → 28 February 2027). A start on 29 February has no same date
    next year; the year then runs to 28 February.
    """
    try:
        same_date_next_year = started_on.replace(year=started_on.year + 1)
    except ValueError:  # 29 February
        same_date_next_year = datetime.date(started_on.year + 1, 3, 1)
    return same_date_next_year - datetime.timedelta(days=1)


def employment_problems(
    *,
    started_on: datetime.date | None,
    ended_on: datetime.date | None,
    extent: int | None,
    is_resource_employment: bool,
    support: str,
) -> dict[str, str]:
    """What is wrong with an employment record, per field; empty when it is valid."""
    problems: dict[str, str] = {}
    if extent is not None and not 1 <= extent <= 100:
        problems["extent"] = _("Ange omfattningen i procent, från 1 till 100.")
    if started_on and ended_on and ended_on < started_on:
        problems["ended_on"] = _("Slutdatumet kan inte ligga före startdatumet.")
    if is_resource_employment:
        if not support or support == Support.NONE:
            problems["support"] = _(
                "En resursanställning kräver ett anställningsstöd från Arbetsförmedlingen. "
                "Välj vilket stöd."
            )
        if ended_on is None:
            problems.setdefault(
                "ended_on",
                _("En resursanställning varar högst ett år: ange slutdatum."),
            )
        elif started_on and "ended_on" not in problems:
            last_day = resource_employment_last_day(started_on)
            if ended_on > last_day:
                problems["ended_on"] = _(
                    "En resursanställning varar högst ett år. Sista dag kan vara "
                    "%(date)s när anställningen börjar %(start)s."
                ) % {
                    "date": formats.date_format(last_day, "Y-m-d"),
                    "start": formats.date_format(started_on, "Y-m-d"),
                }
    return problems


def outcome_for(*, support: str) -> str:
    """The outcome of a period closed for this employment: subsidised or not."""
    return Outcome.WORK_UNSUBSIDISED if support == Support.NONE else Outcome.WORK_SUBSIDISED


def employment_description(*, employer, extent, is_resource_employment, support) -> str:
    """One line: "Resursanställning med lönebidrag hos X, 100 %"."""
    values = {"employer": employer, "extent": extent}
    if support == Support.NONE:
        return _("Anställning utan stöd hos %(employer)s, %(extent)s %%") % values
    values["support"] = str(Support(support).label).lower()
    if is_resource_employment:
        return _("Resursanställning med %(support)s hos %(employer)s, %(extent)s %%") % values
    return _("Anställning med %(support)s hos %(employer)s, %(extent)s %%") % values
