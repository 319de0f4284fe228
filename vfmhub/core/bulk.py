"""Inserting many rows of one model from plain tuples, for the large imports.

`bulk_create` builds and prepares a model instance for every row, about 60 µs a row here: a
100,000-row import writes a few hundred thousand rows and as many history events, which would take
longer than the import's budget and more memory than it has. `rows_insert` takes the rows as
tuples in the order of `fields`, converts each column's values the way its field would (plain text
and numbers as they are; dates, money and JSON through the field), fills every field not named
with its default, and inserts them (multi-row statements; COPY on PostgreSQL), returning the new
primary keys when asked. It runs no `save()`, signals or validation: callers validate first, as
the importers do.

`collection_paused` holds off Python's cycle collector while an import reads a large file.
"""

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.db import NotSupportedError, connections, models

from vfmhub.lib import clock

_AS_IS = (models.IntegerField, models.BooleanField, models.CharField, models.TextField)
MAX_ROWS_PER_STATEMENT = 1000
COPY_BATCH = 5000  # rows given keys and copied at a time


def _converter(field: models.Field, connection) -> Callable[[Any], Any] | None:
    """How a column's Python values become what the database driver takes (None: as they are).
    Integers (keys included), booleans and text go as they are, as Django sends them."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, _AS_IS):
        return None
    if isinstance(field, models.JSONField):
        return lambda value: connection.ops.adapt_json_value(value, field.encoder)
    if isinstance(field, models.DateTimeField):
        seen: dict[Any, Any] = {}  # an import stamps every row with the same moment

        def datetime_value(value):
            if value not in seen:
                seen[value] = field.get_db_prep_save(value, connection)
            return seen[value]

        return datetime_value
    return lambda value: field.get_db_prep_save(value, connection)


def _defaults(model: type[models.Model], named: set[str]) -> dict[models.Field, Any]:
    """The value each concrete field not named takes, as a new instance would: its default
    ("" for text, else NULL, when it has none), or now for an `auto_now` one."""
    now = clock.now()
    values: dict[models.Field, Any] = {}
    for field in model._meta.concrete_fields:
        if field.name in named or field.attname in named or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field] = now
        else:
            values[field] = field.get_default()
    return values


def _concrete_field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete:
        raise ValueError(f"{model.__name__}.{name} is not a column.")
    return field


class _Table:
    """One model's columns for given fields (then every other field, at its default), and each
    row's values for them as the database driver takes them."""

    def __init__(self, model: type[models.Model], fields: Sequence[str], connection):
        opts = model._meta
        named = [_concrete_field(model, name) for name in fields]
        defaults = _defaults(model, set(fields))
        self.width = len(named)
        self.converting = [
            (index, convert)
            for index, field in enumerate(named)
            if (convert := _converter(field, connection)) is not None
        ]
        self.fixed = [
            convert(value) if (convert := _converter(field, connection)) else value
            for field, value in defaults.items()
        ]
        quote = connection.ops.quote_name
        self.name = quote(opts.db_table)
        self.key = quote(opts.pk.column)
        self.columns = [quote(f.column) for f in [*named, *defaults]]

    def values(self, row: Sequence[Any]) -> list[Any]:
        if len(row) != self.width:
            raise ValueError(f"A row has {len(row)} values for {self.width} fields.")
        values = list(row)
        for index, convert in self.converting:
            values[index] = convert(values[index])
        values.extend(self.fixed)
        return values


def _insert(table: _Table, rows: Iterator[Sequence[Any]], cursor, limit, returning) -> list:
    """Multi-row INSERT statements, as many rows to one as the database takes parameters."""
    width = len(table.columns)
    size = max(1, min(MAX_ROWS_PER_STATEMENT, limit // width if limit else MAX_ROWS_PER_STATEMENT))
    head = f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES "  # noqa: S608
    one = "(" + ", ".join(["%s"] * width) + ")"
    tail = f" RETURNING {table.key}" if returning else ""
    statements: dict[int, str] = {}
    keys: list[Any] = []
    while batch := list(islice(rows, size)):
        if len(batch) not in statements:
            statements[len(batch)] = head + ", ".join([one] * len(batch)) + tail
        params = [value for row in batch for value in table.values(row)]
        cursor.execute(statements[len(batch)], params)
        if returning:
            keys.extend(key for (key,) in cursor.fetchall())
    return keys


def _copy(table: _Table, rows: Iterator[Sequence[Any]], cursor, returning: bool) -> list:
    """PostgreSQL's COPY, many times quicker than INSERT for this many rows. Keys, when wanted,
    are drawn from the table's sequence first, a batch at a time, and copied in with the rows."""
    columns = [table.key, *table.columns] if returning else table.columns
    copy = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    if not returning:
        with cursor.copy(copy) as out:
            for row in rows:
                out.write_row(table.values(row))
        return []
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table.name, table.key.strip('"')])
    (sequence,) = cursor.fetchone()
    keys: list[Any] = []
    while batch := list(islice(rows, COPY_BATCH)):
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, len(batch)])
        drawn = sorted(key for (key,) in cursor.fetchall())
        with cursor.copy(copy) as out:
            for key, row in zip(drawn, batch, strict=True):
                out.write_row([key, *table.values(row)])
        keys.extend(drawn)
    return keys


def rows_insert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    returning: bool = False,
    using: str = "default",
) -> list[Any]:
    """Insert `rows` (tuples of values for `fields`, by field name or attname such as "item_id")
    into `model`'s table, in order; the new primary keys in the same order when `returning`.
    Table and column names come from the model, never from the rows, which are parameters.
    On PostgreSQL the rows go by COPY, which Django's query log does not see."""
    connection = connections[using]
    table = _Table(model, fields, connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _copy(table, iter(rows), cursor.cursor, returning)
        if returning and not connection.features.can_return_rows_from_bulk_insert:
            raise NotSupportedError("This database cannot return the keys of a bulk insert.")
        return _insert(table, iter(rows), cursor, connection.features.max_query_params, returning)


def rows_update(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = "default",
) -> None:
    """`UPDATE … SET` `fields` of each row, given as its values for `fields` then its primary
    key: one statement run for many rows (`bulk_update` builds a CASE of every field of every
    row, which takes minutes for 100,000 rows). No `save()`, signals or validation; an
    `auto_now` field changes only when named."""
    connection = connections[using]
    named = [_concrete_field(model, name) for name in fields]
    converters = [_converter(field, connection) for field in named]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(str(field.column))} = %s" for field in named)
    key = quote(str(model._meta.pk.column))
    sql = f"UPDATE {quote(model._meta.db_table)} SET {columns} WHERE {key} = %s"  # noqa: S608

    def prepared(row: Sequence[Any]) -> list[Any]:
        if len(row) != len(named) + 1:
            raise ValueError(f"A row has {len(row)} values for {len(named)} fields and a key.")
        pairs = zip(converters, row[:-1], strict=True)
        return [*(v if convert is None else convert(v) for convert, v in pairs), row[-1]]

    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, COPY_BATCH)):
            cursor.executemany(sql, [prepared(row) for row in batch])


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a large import, and resume it afterwards.

    Reading a 100,000-row file makes a few hundred thousand small objects that live until the
    import ends and form no cycles; each full collection would walk them all again, which costs
    a third of the import's time. Memory is still freed as usual (by reference counting).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
