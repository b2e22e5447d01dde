"""The ORM's SQL for the queue's hottest statements, compiled once per process and run with each call's values.

Compiling a queryset costs more Python than running it (about 0.5 ms a statement here, on a path of
a few statements). The hand-out and the verdict therefore compile theirs once: the ORM builds the
statement for stand-in values (``Slot`` members, values no real call has), the parameters equal to a
stand-in become slots, and each call fills the slots with its own values (``template_fill``). The
SQL stays the ORM's (columns, defaults, conversions, the queue's one definition of the pick), so a
new column cannot break this path only.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DataError, connection, connections
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, Model
from django.db.models.expressions import RawSQL
from django.db.models.sql import DeleteQuery, InsertQuery, UpdateQuery
from django.utils import timezone

_M = TypeVar("_M", bound=Model)


class Slot(enum.Enum):
    """A value of one call in a statement compiled once (``template_compile``)."""

    REVIEWER = -1_999_999_001
    ARTICLE = -1_999_999_002
    ASSIGNMENT = -1_999_999_003
    CLAIM = -1_999_999_004
    REVIEW_ROUND = -1_999_999_005
    SECONDS = -1_999_999_006
    REVIEW_COUNT = -1_999_999_007
    LEASE_COUNT = -1_999_999_008
    LEASE_LIMIT = -1_999_999_009
    DESK = "\x00desk"
    VERDICT = "\x00verdict"
    NOTE = "\x00note"
    KINDS = "\x00missing-source-kinds"
    MISSING_NOTE = "\x00missing-source-note"
    STATE = "\x00state"
    STATUS = "\x00status"
    NOW = datetime(1901, 1, 1, tzinfo=UTC)
    EXPIRES_AT = datetime(1901, 1, 2, tzinfo=UTC)
    FINALISED_AT = datetime(1901, 1, 3, tzinfo=UTC)
    AUDIT_DATA = "\x00audit-data"
    RECUSED_NAMES = "\x00recused-names"
    RECUSED_TOPICS = "\x00recused-topics"
    # A time the ORM fills in as it compiles (``auto_now`` / ``auto_now_add``): the time of each call.
    STAMP = None


Template = tuple[str, tuple[object, ...]]


def template_compile(
    build: Callable[[], tuple[str, Sequence[object]]], *, expected: set[Slot], stamps: int = 0
) -> Template:
    """The SQL ``build`` compiles with ``Slot`` stand-ins, and its parameters with slots in their place.

    ``expected``: the slots the parameters must hold (checked: a stand-in the ORM converted or
    dropped is an error here, not a wrong value later); ``stamps``: how many ``auto_now`` times.
    """
    before = timezone.now()
    sql, params = build()
    after = timezone.now()

    def slot(param: object) -> object:
        for member in Slot:
            if member is not Slot.STAMP and type(param) is type(member.value) and param == member.value:
                return member
        if isinstance(param, datetime) and before <= param <= after:
            return Slot.STAMP
        return param

    template = tuple(slot(param) for param in params)
    found = set(template) & set(Slot)
    if found != expected | ({Slot.STAMP} if stamps else set()) or template.count(Slot.STAMP) != stamps:
        raise RuntimeError(f"A compiled statement's parameters are not the expected ones: {template}")
    if connection.vendor != "postgresql":
        return sql, template
    return _constants_inlined(sql, template)


def _constants_inlined(sql: str, template: tuple[object, ...]) -> Template:
    """The SQL with its constant parameters written in as literals (as psycopg's client-side binding
    sends them anyway), so that only a call's own values stay parameters: a prepared statement's
    generic plan then sees ``status = 'pending'`` and can use the partial index of pending claims."""
    pieces = re.split(r"(%%|%s)", sql)
    params = iter(template)
    kept: list[object] = []
    out: list[str] = []
    for piece in pieces:
        if piece != "%s":
            out.append(piece)
            continue
        param = next(params)
        if isinstance(param, Slot):
            out.append(piece)
            kept.append(param)
        else:
            literal = connection.ops.compose_sql("%s", [param])  # type: ignore[attr-defined]  # PostgreSQL's operations
            out.append(literal.replace("%", "%%"))
    if next(params, _END) is not _END:
        raise RuntimeError(f"More parameters than placeholders in: {sql}")
    return "".join(out), tuple(kept)


_END = object()


@contextlib.contextmanager
def hot_cursor() -> Iterator[CursorWrapper]:
    """A cursor for the queue's hottest statements (the hand-out's, the verdict's).

    On PostgreSQL with ``DATABASE_PREPARED_STATEMENTS`` (the default) its statements are sent with
    server-side parameters and prepared once per connection: parsed and planned once, not on every
    hand-out (Django's own cursors bind on the client and never prepare). Queries through it are
    logged and wrapped like any other (``connection.execute_wrapper``, ``CaptureQueriesContext``).
    """
    # The wrapper itself, not the ``connection`` proxy: each attribute read through the proxy is a
    # thread-local lookup, and this runs on every hand-out and verdict.
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        with db.cursor() as cursor:
            yield cursor
        return
    # What ``connection.cursor()`` does, with a preparing cursor class.
    db.close_if_health_check_failed()
    db.ensure_connection()
    if db.connection.prepare_threshold is None:
        # Django turns psycopg's automatic preparing off (None); with None psycopg ignores
        # ``prepare=True`` too. A threshold no statement reaches: only this cursor's statements are
        # prepared (Django's client-side binding cursors never are).
        db.connection.prepare_threshold = 2**62
    with db.wrap_database_errors:
        cursor = db._prepare_cursor(_preparing_cursor_class()(db.connection))  # type: ignore[attr-defined]  # what cursor() wraps its cursor with
    with cursor:
        yield cursor


@functools.cache
def _preparing_cursor_class() -> type:
    from django.db.backends.postgresql.base import ServerBindingCursor  # psycopg 3, imported on PostgreSQL only

    class PreparingCursor(ServerBindingCursor):
        def execute(
            self, query: Any, params: Any = None, *, prepare: bool | None = None, binary: bool | None = None
        ) -> Any:
            result = super().execute(query, params, prepare=True, binary=binary)  # type: ignore[misc]  # psycopg's Cursor.execute
            self._query = _LoggedQuery(query)  # psycopg keeps none for a prepared statement
            return result

    return PreparingCursor


class _LoggedQuery:
    """What Django's query log reads of a psycopg cursor (``_query.query``, see ``last_executed_query``)
    for a prepared statement, of which psycopg keeps none: the statement as written (its values are
    parameters). Cheap, as it is read for every statement when ``DEBUG`` logs queries."""

    def __init__(self, sql: str) -> None:
        self.query = sql.encode()


def template_fill(template: tuple[object, ...], values: Mapping[Slot, object]) -> list[object]:
    """The parameters of one call: ``values`` in the slots (``Slot.STAMP`` defaults to now)."""
    if Slot.STAMP in template and Slot.STAMP not in values:
        values = {**values, Slot.STAMP: timezone.now()}
    return [values[param] if isinstance(param, Slot) else param for param in template]


def insert_select(instance: Model, *, source: str, returning: str = "") -> tuple[str, list[object]]:
    """The ORM's INSERT of ``instance`` as ``INSERT INTO ... SELECT <its values> FROM <source>``.

    Columns, defaults and conversions are the model's, as in ``instance.save()``; values given as
    SQL expressions may refer to the columns of ``source`` (one row inserted per row of it).
    """
    model = type(instance)
    fields = [
        field
        for field in model._meta.local_concrete_fields
        if not field.generated and not (field is model._meta.auto_field and instance.pk is None)
    ]
    query = InsertQuery(model)
    query.insert_values(fields, [instance])
    [(sql, params)] = query.get_compiler(connection=connection).as_sql()
    head, values_keyword, values = sql.partition(" VALUES (")
    if not values_keyword or not values.endswith(")"):
        raise RuntimeError(f"Unexpected INSERT from the ORM: {sql}")
    sql = f"{head} SELECT {values[:-1]} FROM {source}"  # noqa: S608 - the ORM's INSERT; ``source`` is ours
    return (f"{sql} RETURNING {returning}" if returning else sql), list(params)


def bound(instance: _M, **columns: RawSQL) -> _M:
    """``instance`` with some of its attributes set to SQL expressions (values the statement computes)."""
    for attname, expression in columns.items():
        setattr(instance, attname, expression)
    return instance


# --- saves compiled once per model and field list ---------------------------------------------------
#
# ``Model.save()`` compiles its UPDATE or INSERT on every call. ``saves_run`` compiles each once per
# model and field list (the ORM's SQL, a placeholder per value) and converts each call's values as the
# compiler does (``pre_save``, then ``get_db_prep_save``), and sends several such writes as one
# statement. No ``pre_save``/``post_save`` signal is sent: the models written this way (claims, leases,
# reviews, audit rows) have none, and their ``save()`` overrides do no work (STYLE.md).

_PK_STAND_IN = -1_999_999_999


@dataclass(frozen=True)
class Update:
    """``instance.save(update_fields=fields)``; with ``only_if``, only where those columns have those values.

    ``refused``: raised by ``saves_run`` when the update changed no row: the caller's transaction
    then rolls back, the statement's other writes included; outside a transaction the statement
    itself aborts (``saves_run``).
    """

    instance: Model
    fields: tuple[str, ...]
    only_if: tuple[tuple[str, object], ...] = ()
    refused: Exception | None = None


@dataclass(frozen=True)
class Insert:
    """``instance.save(force_insert=True)`` of each of ``instances`` (one model), in one INSERT; sets their pk.

    Instances that already have a primary key (every one or none) are inserted with it.
    """

    instances: Sequence[Model]


@dataclass(frozen=True)
class Delete:
    """``model._base_manager.filter(**dict(where)).delete()`` for a model that nothing refers to and that
    has no delete signals (the statement deletes its rows only: no cascades, no signals). Deleting no
    row is no refusal (a draft that was never saved)."""

    model: type[Model]
    where: tuple[tuple[str, object], ...]


Write = Update | Insert | Delete


def _placeholders(count: int) -> list[RawSQL]:
    return [RawSQL("%s", (None,)) for _ in range(count)]


def _concrete_field(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.concrete:
        raise RuntimeError(f"{model.__name__}.{name} is not a column")
    return field


@functools.cache
def _pk_column(model: type[Model]) -> str:
    pk = model._meta.pk
    if pk is None or pk.column is None:
        raise RuntimeError(f"{model.__name__} has no primary key column")
    return connection.ops.quote_name(pk.column)


@functools.cache
def _update_sql(
    model: type[Model], names: tuple[str, ...], only_if: tuple[str, ...]
) -> tuple[str, tuple[Field[Any, Any], ...]]:
    fields = tuple(_concrete_field(model, name) for name in names)
    for field in fields:
        if hasattr(field, "get_placeholder"):
            raise RuntimeError(f"{model.__name__}.{field.name} cannot be saved by a compiled UPDATE")
    conditions = {name: RawSQL("%s", (None,)) for name in only_if}
    query = cast(UpdateQuery, model._base_manager.filter(pk=_PK_STAND_IN).filter(**conditions).query.chain(UpdateQuery))
    query.add_update_values(dict(zip((field.name for field in fields), _placeholders(len(fields)), strict=True)))
    sql, params = query.get_compiler(connection=connection).as_sql()
    if list(params) != [None] * len(fields) + [_PK_STAND_IN] + [None] * len(only_if):
        raise RuntimeError(f"Unexpected UPDATE from the ORM: {sql} {params}")
    return sql, fields


@functools.cache
def _insert_sql(model: type[Model], rows: int, with_pk: bool) -> tuple[str, tuple[Field[Any, Any], ...]]:
    meta = model._meta
    fields = tuple(
        field
        for field in meta.local_concrete_fields
        if not field.generated and (with_pk or field is not meta.auto_field)
    )
    stand_ins = []
    for _ in range(rows):
        stand_in = model()
        for field, placeholder in zip(fields, _placeholders(len(fields)), strict=True):
            setattr(stand_in, field.attname, placeholder)
        stand_ins.append(stand_in)
    query = InsertQuery(model)
    query.insert_values(list(fields), stand_ins, raw=True)
    [(sql, params)] = query.get_compiler(connection=connection).as_sql()
    if list(params) != [None] * (len(fields) * rows):
        raise RuntimeError(f"Unexpected INSERT from the ORM: {sql} {params}")
    return sql, fields


@functools.cache
def _delete_sql(model: type[Model], where: tuple[str, ...]) -> str:
    query = cast(
        DeleteQuery,
        model._base_manager.filter(**{name: RawSQL("%s", (None,)) for name in where}).query.chain(DeleteQuery),
    )
    sql, params = query.get_compiler(connection=connection).as_sql()
    if list(params) != [None] * len(where) or not str(sql).startswith("DELETE FROM "):
        raise RuntimeError(f"Unexpected DELETE from the ORM: {params}")  # noqa: S608 - a message, no SQL is run
    return str(sql)


def one_statement_saves() -> bool:
    """Whether ``saves_run`` sends its writes as one statement (PostgreSQL's data-modifying ``WITH``)."""
    return connection.vendor == "postgresql"


def saves_run(*parts: Write) -> list[int]:
    """Run ``parts`` as one statement, in order; how many rows each ``Update`` changed (and each ``Delete`` deleted).

    PostgreSQL runs the parts in this order (the statement reads their results in it), so rows
    are locked in the order of ``parts``. Each ``Insert`` sets its instances' primary keys (and
    ``_state``) as ``save()`` does; the values
    of one part cannot depend on another's (give an instance its primary key beforehand to refer to
    it). An ``Update`` with ``refused`` that changed nothing raises it; other counts the caller
    checks and raises, which rolls its transaction back, inserts included. Outside a transaction
    (the statement is its own) nothing is written then: the statement divides by the number of rows
    each such update changed, so that a zero aborts it (``division_by_zero``) before it commits.
    """
    if not parts:
        return []
    if not one_statement_saves():
        return _saves_run_one_by_one(parts)
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper, not the ``connection`` proxy: read for every value below
    ctes: list[str] = []
    params: list[Any] = []
    results: list[str] = []
    for part in parts:
        name = f"part{len(ctes)}"
        if isinstance(part, Delete):
            where = sorted(part.where)  # the order the ORM writes keyword filters in
            ctes.append(f"{name} AS ({_delete_sql(part.model, tuple(column for column, _ in where))} RETURNING 1)")
            params += [value for _, value in where]
            results.append(f"(SELECT count(*) FROM {name})")  # noqa: S608 - a CTE of ours
            continue
        model = type(part.instances[0]) if isinstance(part, Insert) else type(part.instance)
        pk = _pk_column(model)
        if isinstance(part, Update):
            only_if = sorted(part.only_if)  # the order the ORM writes keyword filters in
            sql, fields = _update_sql(model, part.fields, tuple(column for column, _ in only_if))
            params += [field.get_db_prep_save(field.pre_save(part.instance, False), db) for field in fields]
            params += [part.instance.pk, *(value for _, value in only_if)]
            results.append(f"(SELECT count(*) FROM {name})")  # noqa: S608 - a CTE of ours
        else:
            if not part.instances:
                raise ValueError("saves_run: an Insert of no row")
            for instance in part.instances:
                instance._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]  # Model API the stubs omit (save() and bulk_create call it)
            sql, fields = _insert_sql(model, len(part.instances), _with_pk(part))
            params += [
                field.get_db_prep_save(field.pre_save(instance, True), db)
                for instance in part.instances
                for field in fields
            ]
            results.append(f"ARRAY(SELECT * FROM {name})")  # noqa: S608 - a CTE of ours
        ctes.append(f"{name} AS ({sql} RETURNING {pk})")
    guarded = [(index, part.refused) for index, part in enumerate(parts) if isinstance(part, Update) and part.refused]
    all_or_nothing = bool(guarded) and not db.in_atomic_block
    if all_or_nothing:
        results.append(f"1 / ({' * '.join(results[index] for index, _ in guarded)})")
    # The ORM's statements in CTEs of our own naming; every value is a parameter.
    try:
        with hot_cursor() as cursor:
            cursor.execute(f"WITH {', '.join(ctes)} SELECT {', '.join(results)}", params)
            row = cursor.fetchone()
    except DataError as error:
        if all_or_nothing and getattr(error.__cause__, "sqlstate", None) == _DIVISION_BY_ZERO:
            raise guarded[0][1] from None
        raise
    counts: list[int] = []
    for part, result in zip(parts, row[: len(parts)], strict=True):
        if isinstance(part, Delete):
            counts.append(result)
            continue
        if isinstance(part, Update):
            if result == 0 and part.refused is not None:
                raise part.refused
            counts.append(result)
            continue
        for instance, pk_value in zip(part.instances, result, strict=True):
            instance.pk = pk_value
            instance._state.adding = False
            instance._state.db = db.alias
    return counts


_DIVISION_BY_ZERO = "22012"  # PostgreSQL's error code


def _with_pk(insert: Insert) -> bool:
    """Whether ``insert``'s instances are inserted with the primary keys they have (all or none)."""
    given = {instance.pk is not None for instance in insert.instances}
    if len(given) != 1:
        raise ValueError("saves_run: an Insert's instances all have a primary key, or none has")
    return given.pop()


def _saves_run_one_by_one(parts: Sequence[Write]) -> list[int]:
    """``saves_run`` where a statement cannot hold several writes (SQLite): the ORM's calls, one by one."""
    counts: list[int] = []
    for part in parts:
        if isinstance(part, Delete):
            counts.append(part.model._base_manager.filter(**dict(part.where)).delete()[0])
            continue
        if isinstance(part, Insert):
            type(part.instances[0])._base_manager.bulk_create(part.instances)
            continue
        instance = part.instance
        fields = [_concrete_field(type(instance), name) for name in part.fields]
        values = {field.attname: field.pre_save(instance, False) for field in fields}
        count = type(instance)._base_manager.filter(pk=instance.pk).filter(**dict(part.only_if)).update(**values)
        if count == 0 and part.refused is not None:
            raise part.refused
        counts.append(count)
    return counts
