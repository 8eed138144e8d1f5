"""Inserting many rows at once without building a model instance per row: for imports
of tens of thousands of participants, where the ORM's bulk_create spends most of its
time making and preparing objects. The caller has checked the rows by the domain's
rules; this only writes them."""

from collections.abc import Callable, Iterable

from django.db import connection

# Rows per executemany call.
BATCH = 5000
_PREPARED = {"DateField", "DateTimeField", "JSONField", "DecimalField", "GenericIPAddressField"}


def _converter(field) -> Callable | None:
    """The ORM's preparation of a value, remembered per value (dates and the time of
    the import repeat across rows)."""
    if field.get_internal_type() not in _PREPARED:
        return None
    seen: dict = {}

    def convert(value):
        key = repr(value) if isinstance(value, list | dict) else value
        if key not in seen:
            if len(seen) > 100_000:
                seen.clear()
            seen[key] = field.get_db_prep_save(value, connection)
        return seen[key]

    return convert


def insert_rows(model, fields: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows of values (in the order of `fields`, attnames such as
    ``participant_id``) into the model's table; dates, times and JSON are prepared as the
    ORM prepares them. Returns the number of rows."""
    meta = model._meta
    by_attname = {field.attname: field for field in meta.concrete_fields}
    columns = [by_attname[name] for name in fields]
    converters = [(i, c) for i, c in enumerate(map(_converter, columns)) if c is not None]
    prepared = _prepared(rows, converters)
    write = _copy_rows if connection.vendor == "postgresql" else _insert_batches
    return write(meta.db_table, [c.column for c in columns], prepared)


def _insert_batches(table: str, columns: list[str], rows: Iterable[list]) -> int:
    """INSERTs sent BATCH rows at a time with executemany (SQLite)."""
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    count = 0
    batch: list = []
    with connection.cursor() as cursor:
        for values in rows:
            batch.append(values)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _prepared(rows: Iterable[tuple], converters) -> Iterable[list]:
    for row in rows:
        values = list(row)
        for index, convert in converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        yield values


def _copy_rows(table: str, columns: list[str], rows: Iterable[list]) -> int:
    """PostgreSQL's COPY: one stream for all the rows, instead of an INSERT per row
    (executemany sends a statement per row, even pipelined; COPY is several times
    faster at an import's scale)."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for values in rows:
            copy.write_row(values)
            count += 1
    return count


def tables_analyse(models) -> None:
    """After many rows are inserted, PostgreSQL's planner still takes the tables for
    their old size until autovacuum analyses them, which it cannot do before the
    transaction commits: plan the queries that follow (the figures' summary rebuild) on
    the new sizes. ANALYZE sees the transaction's own rows. Nothing to do on SQLite."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(m._meta.db_table) for m in models)}")
