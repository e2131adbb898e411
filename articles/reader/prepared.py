"""Queries the ORM writes once and the reader's pages run again and again.

Building a queryset and compiling it to SQL costs more than the database takes to answer
it: for the story page's three queries at 60 claims × 4 citations, about 1.5 ms of Python
against about 1.1 ms in PostgreSQL (bench/README.md). A `Prepared` query is compiled by
the ORM once per database, with a stand-in for its one value (a story's id or slug), and
then run with the value asked for: the same SQL, with the rows read through the same
converters Django applies (dates on SQLite, say).
"""

from django.db import connections

# Values no story has, only ever used to find where the real value goes in the SQL's
# parameters.
STAND_IN_ID = -1_234_567_890
STAND_IN_SLUG = "\x00stand-in\x00"


class Prepared:
    def __init__(self, build, stand_in=STAND_IN_ID):
        """`build(value)` returns the values_list queryset for one `value`."""
        self._build = build
        self._stand_in = stand_in
        self._compiled = {}

    def _compile(self, alias):
        compiler = self._build(self._stand_in).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = [n for n, param in enumerate(params) if param == self._stand_in]
        if not slots:
            raise ValueError("The query does not use the value it is prepared for.")
        columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
        converters = list(compiler.get_converters(columns).items())
        return sql, list(params), slots, converters

    def rows(self, value, using="default"):
        """The rows (tuples) of the query for `value`."""
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        sql, params, slots, converters = compiled
        params = params.copy()
        for slot in slots:
            params[slot] = value
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [_converted(row, converters, connection) for row in rows]
        return rows


def _converted(row, converters, connection):
    row = list(row)
    for position, (functions, expression) in converters:
        value = row[position]
        for convert in functions:
            value = convert(value, expression, connection)
        row[position] = value
    return tuple(row)
