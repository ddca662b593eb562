"""Model instances from hand-written SQL, for the few statements run on every request (the
signed-in account, the 09:00 sign-in), where compiling an ORM query costs more CPU than the
database spends answering it.

The SQL text is written once per process from the models' own table and column names; values
always go in as parameters. Each column is converted as Django's compiler would convert it
(backend converters, then the field's ``from_db_value``), so the instances are the same as the
ORM's.
"""

import functools
from dataclasses import dataclass

from django.db import connections
from django.db.models import Model


@dataclass(frozen=True)
class Columns:
    """A model's concrete columns under a table alias, and how to turn a row's slice back into
    an instance."""

    model: type[Model]
    alias: str
    using: str
    names: tuple[str, ...]
    select: str
    converters: tuple[tuple, ...]

    def build(self, values) -> Model:
        connection = connections[self.using]
        converted = []
        for value, field_converters in zip(values, self.converters, strict=True):
            for convert, expression in field_converters:
                value = convert(value, expression, connection)
            converted.append(value)
        return self.model.from_db(self.using, self.names, converted)

    def __len__(self) -> int:
        return len(self.names)


@functools.cache
def columns(
    model: type[Model], alias: str, using: str = "default", only: tuple[str, ...] = ()
) -> Columns:
    """The model's concrete columns under ``alias`` — or ``only`` those fields (by attribute
    name; the primary key is always read): the instances built then load any other field with
    a query of its own when it is first read, so ``only`` names what the caller uses."""
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [
        field
        for field in model._meta.concrete_fields
        if not only or field.primary_key or field.attname in only
    ]
    unknown = set(only) - {field.attname for field in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    converters = tuple(
        tuple(
            (convert, field.cached_col)
            for convert in connection.ops.get_db_converters(field.cached_col)
            + field.get_db_converters(connection)
        )
        for field in fields
    )
    return Columns(
        model=model,
        alias=alias,
        using=using,
        names=tuple(field.attname for field in fields),
        select=", ".join(f"{alias}.{quote(field.column)}" for field in fields),
        converters=converters,
    )


@functools.cache
def _by_pk_statement(model: type[Model], using: str) -> str:
    quote = connections[using].ops.quote_name
    meta = model._meta
    return (
        f"SELECT {columns(model, 't', using).select} FROM {quote(meta.db_table)} t "  # noqa: S608
        f"WHERE t.{quote(meta.pk.column)} = %s"
    )


def by_pk(model: type[Model], pk, using: str = "default") -> Model | None:
    """The instance with primary key ``pk``, or None — ``model.objects.filter(pk=pk).first()``
    without the default manager's filters or the ORM's compiling."""
    connection = connections[using]
    value = model._meta.pk.get_db_prep_value(model._meta.pk.to_python(pk), connection)
    with connection.cursor() as cursor:
        cursor.execute(_by_pk_statement(model, using), [value])
        row = cursor.fetchone()
    return None if row is None else columns(model, "t", using).build(row)
