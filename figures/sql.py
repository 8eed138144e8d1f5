"""Small pieces of SQL that differ between PostgreSQL and SQLite."""

from django.db import connection


def days_between(later: str, earlier: str) -> str:
    """Whole days from `earlier` to `later` (two date expressions)."""
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def add_days(column: str) -> str:
    """`column` plus a number of days (a parameter)."""
    if connection.vendor == "postgresql":
        return f"({column} + %s * INTERVAL '1 day')::date"
    return f"date({column}, '+' || %s || ' days')"


def later(a: str, b: str) -> str:
    return f"CASE WHEN {a} > {b} THEN {a} ELSE {b} END"


def earlier(a: str, b: str) -> str:
    return f"CASE WHEN {a} < {b} THEN {a} ELSE {b} END"


def in_list(column: str, values) -> tuple[str, list]:
    """`AND column IN (…)`, or nothing for None. On PostgreSQL one array parameter
    (`= ANY(%s)`), so a list of tens of thousands (an import) is one value to send and
    plan; on SQLite one parameter per value."""
    if values is None:
        return "", []
    values = list(values)
    if not values:
        return " AND 1 = 0", []
    if connection.vendor == "postgresql":
        return f" AND {column} = ANY(%s)", [values]
    return f" AND {column} IN ({', '.join(['%s'] * len(values))})", values
