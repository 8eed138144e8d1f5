"""Keeping the figures' summary tables (figures/models.py, ADR 9) up to date.

`summaries_refresh(participant_ids=[...])` rebuilds the rows of those participants from
their assessments, answers and activities; the services that change those send a
signal that `figures.receivers` answers with it, in their own transaction.
`summaries_refresh()` rebuilds every row (the `figures_rebuild` command). Both run the
same set-based SQL, so incremental maintenance and a rebuild cannot drift apart.

The rebuild leaves the rows of erased participants (gallring, ADR 15) as they are: no
service changes them any more, and the figures for past years must not move because a
case's personal data was removed.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from audit.services import access_events_record_export
from participants.models import Participant

from .models import BELIEF_CODE, OPEN_END
from .sql import days_between, earlier, in_list, later

RAN = "('ongoing', 'finished', 'cancelled')"  # statuses of an activity that ran
TABLES = (
    "figures_indicatorlevel",
    "figures_assessmentstep",
    "figures_indicatorchange",
    "figures_activityspan",
)

# The participants a full rebuild recomputes: all but the erased (their rows are kept).
_NOT_ERASED = "SELECT id FROM participants_participant WHERE erased_at IS NULL"
_ERASED = "SELECT id FROM participants_participant WHERE erased_at IS NOT NULL"


def _only(column: str, ids) -> tuple[str, list]:
    """These participants, or for a full rebuild (None) everyone not erased."""
    if ids is None:
        return f" AND {column} IN ({_NOT_ERASED})", []
    return in_list(column, ids)


def _indicator_levels(ids) -> tuple[str, list]:
    only, params = _only("a.participant_id", ids)
    only_act, params_act = _only("act.participant_id", ids)
    sql = f"""
        WITH levels AS (
            SELECT a.participant_id AS pid, a.id AS aid, a.assessed_on AS day, i.code AS code,
                   CAST(ROUND(AVG(ans.level)) AS INTEGER) AS level
            FROM assessments_answer ans
            JOIN assessments_assessment a ON a.id = ans.assessment_id
            JOIN instruments_question q ON q.id = ans.question_id
            JOIN instruments_indicator i ON i.id = q.indicator_id
            WHERE a.deleted_at IS NULL AND ans.declined = %s AND q.kind = 'scale'{only}
            GROUP BY a.participant_id, a.id, a.assessed_on, i.code
        ),
        ranked AS (
            SELECT pid, aid, day, code, level,
                   FIRST_VALUE(level) OVER w AS first_level,
                   ROW_NUMBER() OVER w AS occasion,
                   LEAD(day) OVER w AS next_day
            FROM levels
            WINDOW w AS (PARTITION BY pid, code ORDER BY day, aid)
        ),
        linked AS (
            SELECT DISTINCT act.participant_id AS pid, ind.code AS code
            FROM activities_participantactivity act
            JOIN (SELECT DISTINCT code FROM instruments_indicator) ind
              ON CAST(act.indicator_codes AS TEXT) LIKE '%%"' || ind.code || '"%%'
            WHERE CAST(act.indicator_codes AS TEXT) <> '[]'{only_act}
        )
        INSERT INTO figures_indicatorlevel
            (participant_id, assessment_id, code, assessed_on, valid_to, level, first_level,
             linked)
        SELECT r.pid, r.aid, r.code, r.day, COALESCE(r.next_day, %s), r.level, r.first_level,
               l.pid IS NOT NULL
        FROM ranked r LEFT JOIN linked l ON l.pid = r.pid AND l.code = r.code
        WHERE r.occasion >= 2
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    return sql, [False, *params, *params_act, OPEN_END]


def _assessment_steps(ids) -> tuple[str, list]:
    only, params = _only("a.participant_id", ids)
    ran_between = """EXISTS (SELECT 1 FROM activities_participantactivity x
        WHERE x.participant_id = o.pid AND x.status IN {ran}
          AND x.start_date <= o.day AND (x.end_date IS NULL OR x.end_date >= o.previous_day)
          AND x.kind {op} 'job_focused')"""
    job = ran_between.format(ran=RAN, op="=")
    other = ran_between.format(ran=RAN, op="<>")
    sql = f"""
        WITH ordered AS (
            SELECT a.id, a.participant_id AS pid, a.assessed_on AS day, a.coach_belief,
                   LAG(a.assessed_on) OVER (
                       PARTITION BY a.participant_id ORDER BY a.assessed_on, a.id
                   ) AS any_previous_day,
                   LAG(a.id) OVER w AS previous_id,
                   LAG(a.assessed_on) OVER w AS previous_day
            FROM assessments_assessment a
            JOIN instruments_instrumentversion v ON v.id = a.version_id
            WHERE a.deleted_at IS NULL{only}
            WINDOW w AS (PARTITION BY a.participant_id, v.instrument_id
                         ORDER BY a.assessed_on, a.id)
        ),
        belief AS (
            SELECT o.id, COUNT(*) AS n, SUM(ans.level) AS total
            FROM ordered o
            JOIN assessments_answer ans ON ans.assessment_id = o.id
            JOIN instruments_question q ON q.id = ans.question_id
            JOIN instruments_indicator i ON i.id = q.indicator_id
            WHERE ans.declined = %s AND q.kind = 'scale' AND i.code = %s
            GROUP BY o.id
        ),
        changes AS (
            SELECT o.id, COUNT(*) AS n, SUM(cur.level - prev.level) AS total,
                   SUM((cur.level - prev.level) * (cur.level - prev.level)) AS squares
            FROM ordered o
            JOIN assessments_answer cur ON cur.assessment_id = o.id
            JOIN instruments_question qc ON qc.id = cur.question_id
            JOIN assessments_answer prev ON prev.assessment_id = o.previous_id
            JOIN instruments_question qp ON qp.id = prev.question_id AND qp.code = qc.code
            WHERE cur.declined = %s AND prev.declined = %s AND qc.kind = 'scale'
            GROUP BY o.id
        )
        INSERT INTO figures_assessmentstep
            (assessment_id, participant_id, assessed_on, days_since_previous, previous_id,
             job, other, changes, change_sum, change_squares, coach_belief, belief_answers,
             belief_sum)
        SELECT o.id, o.pid, o.day, {days_between("o.day", "o.any_previous_day")},
               o.previous_id,
               o.previous_id IS NOT NULL AND {job},
               o.previous_id IS NOT NULL AND {other},
               COALESCE(c.n, 0), COALESCE(c.total, 0), COALESCE(c.squares, 0),
               o.coach_belief, COALESCE(b.n, 0), COALESCE(b.total, 0)
        FROM ordered o
        LEFT JOIN changes c ON c.id = o.id
        LEFT JOIN belief b ON b.id = o.id
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    return sql, [*params, False, BELIEF_CODE, False, False]


def _indicator_changes(ids) -> tuple[str, list]:
    """Per step with a previous assessment on the same card (built just before, in the
    same refresh) and indicator: the changes over the questions answered on both."""
    only, params = _only("s.participant_id", ids)
    sql = f"""
        INSERT INTO figures_indicatorchange
            (assessment_id, participant_id, code, assessed_on, job, other, changes,
             change_sum, change_squares)
        SELECT s.assessment_id, s.participant_id, i.code, s.assessed_on, s.job, s.other,
               COUNT(*), SUM(cur.level - prev.level),
               SUM((cur.level - prev.level) * (cur.level - prev.level))
        FROM figures_assessmentstep s
        JOIN assessments_answer cur ON cur.assessment_id = s.assessment_id
        JOIN instruments_question qc ON qc.id = cur.question_id
        JOIN instruments_indicator i ON i.id = qc.indicator_id
        JOIN assessments_answer prev ON prev.assessment_id = s.previous_id
        JOIN instruments_question qp ON qp.id = prev.question_id AND qp.code = qc.code
        WHERE s.previous_id IS NOT NULL AND cur.declined = %s AND prev.declined = %s
          AND qc.kind = 'scale'{only}
        GROUP BY s.assessment_id, s.participant_id, i.code, s.assessed_on, s.job, s.other
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    return sql, [False, False, *params]


def _activity_spans(ids) -> tuple[str, list]:
    only, params = _only("participant_id", ids)
    sql = f"""
        WITH acts AS (
            SELECT participant_id AS pid, 'any' AS cls, start_date AS s,
                   COALESCE(end_date, %s) AS e
            FROM activities_participantactivity
            WHERE status IN {RAN}{only}
            UNION ALL
            SELECT participant_id,
                   CASE WHEN kind = 'job_focused' THEN 'job' ELSE 'other' END,
                   start_date, COALESCE(end_date, %s)
            FROM activities_participantactivity
            WHERE status IN {RAN}{only}
        ),
        ordered AS (
            SELECT pid, cls, s, e, MAX(e) OVER (
                PARTITION BY pid, cls ORDER BY s, e
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ) AS prev_end
            FROM acts
        ),
        numbered AS (
            SELECT pid, cls, s, e, SUM(
                CASE WHEN prev_end IS NULL OR {days_between("s", "prev_end")} > 1
                     THEN 1 ELSE 0 END
            ) OVER (PARTITION BY pid, cls ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
            FROM ordered
        ),
        merged AS (
            SELECT pid, cls, MIN(s) AS s, MAX(e) AS e FROM numbered GROUP BY pid, cls, island
        ),
        spans AS (
            SELECT pid, cls, s, e FROM merged
            UNION ALL
            SELECT j.pid, 'both', {later("j.s", "o.s")}, {earlier("j.e", "o.e")}
            FROM merged j JOIN merged o
              ON o.pid = j.pid AND j.cls = 'job' AND o.cls = 'other'
             AND j.s <= o.e AND o.s <= j.e
        )
        INSERT INTO figures_activityspan
            (participant_id, kind_class, starts_on, ends_on, previous_ends_on)
        SELECT pid, cls, s, e, LAG(e) OVER (PARTITION BY pid, cls ORDER BY s) FROM spans
    """  # noqa: S608 - interpolated SQL is our own; values are parameters
    return sql, [OPEN_END, *params, OPEN_END, *params]


def summaries_refresh(*, participant_ids: Iterable[int] | None = None) -> None:
    """Rebuild the summary rows of these participants, or of everyone (None)."""
    ids = None if participant_ids is None else sorted(set(participant_ids))
    with transaction.atomic(), connection.cursor() as cursor:
        if ids is None:
            if (
                connection.vendor == "postgresql"
                and not Participant.objects.filter(erased_at__isnull=False).exists()
            ):
                cursor.execute(f"TRUNCATE {', '.join(TABLES)}")
            else:
                for table in TABLES:
                    cursor.execute(
                        f"DELETE FROM {table} WHERE participant_id NOT IN ({_ERASED})"  # noqa: S608 - our table names
                    )
        else:
            # One refresh per participant at a time: a second one waits for the first
            # to commit and then replaces its rows, instead of adding to them.
            list(
                Participant.objects.select_for_update()
                .filter(pk__in=ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            only, params = in_list("participant_id", ids)
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table} WHERE 1 = 1{only}", params)  # noqa: S608
        for build in (_indicator_levels, _assessment_steps, _indicator_changes, _activity_spans):
            sql, params = build(ids)
            cursor.execute(sql, params)


def figures_export_record(*, actor, organisation_ids, what: str) -> None:
    """A figures export or summary leaves the system: logged in each organisation whose
    figures are in it, with the period and filters (`what`)."""
    access_events_record_export(actor=actor, organisation_ids=organisation_ids, what=what)
