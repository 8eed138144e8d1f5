"""The method's thresholds, read in one place.

Every rule of the method that has a number in it (the weeks between assessments, what
counts as a low score, how long a break in interventions may be, how many hours a week
are full time in work training, the grace before a follow-up counts as late in the
figures) asks this module. Each value comes from, in order:

1. the organisation, for the thresholds it can set itself (today only the weeks
   between assessments, `Organisation.assessment_interval_weeks`);
2. the installation's setting, `settings.STEGVIS[...]` (environment variables, see the
   README's configuration table);
3. the method's default below.

The organisation is passed in (any object with the attribute, or None), so this module
imports no domain app.
"""

from django.conf import settings

# The method's own values (seeds 000–004), used when neither the organisation nor the
# installation says otherwise.
DEFAULTS: dict[str, int] = {
    # An assessment every 13 weeks (SMAIL and BIP).
    "ASSESSMENT_INTERVAL_WEEKS": 13,
    # Days past the interval that the figures still count as on time (the coach's due
    # list knows no grace: past the interval is overdue).
    "CADENCE_GRACE_DAYS": 0,
    # A level under this is a low score that should have an activity.
    "LOW_SCORE_THRESHOLD": 3,
    # A break without any running activity longer than this breaks continuity.
    "ACTIVITY_GAP_DAYS": 14,
    # Hours per week that count as full time in work training.
    "FULL_TIME_HOURS": 40,
}

# The thresholds an organisation may set for itself, and the attribute that holds it.
PER_ORGANISATION = {"ASSESSMENT_INTERVAL_WEEKS": "assessment_interval_weeks"}


def value(name: str, organisation=None) -> int:
    """The threshold `name`: the organisation's, else the setting, else the default."""
    if name not in DEFAULTS:
        raise KeyError(name)
    attribute = PER_ORGANISATION.get(name)
    if attribute and organisation is not None:
        own = getattr(organisation, attribute, None)
        if own is not None:
            return int(own)
    configured = getattr(settings, "STEGVIS", {}).get(name)
    if configured is not None:
        return int(configured)
    return DEFAULTS[name]


def assessment_interval_weeks(organisation=None) -> int:
    return value("ASSESSMENT_INTERVAL_WEEKS", organisation)


def cadence_grace_days() -> int:
    return value("CADENCE_GRACE_DAYS")


def low_score_threshold() -> int:
    return value("LOW_SCORE_THRESHOLD")


def activity_gap_days() -> int:
    return value("ACTIVITY_GAP_DAYS")


def full_time_hours() -> int:
    return value("FULL_TIME_HOURS")
