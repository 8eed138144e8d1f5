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
    """`AND column IN (…)` with one parameter per value, or nothing for None."""
    if values is None:
        return "", []
    values = list(values)
    if not values:
        return " AND 1 = 0", []
    return f" AND {column} IN ({', '.join(['%s'] * len(values))})", values
