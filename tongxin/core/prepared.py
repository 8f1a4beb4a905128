"""A primary-key lookup whose SQL is compiled once per thread and database.

Every signed-in request loads its user (with person and branch, ``select_related``). Django
compiles that 49-column query anew each time, which costs about as much as running it; the
lookup here compiles it once, keeps the SQL, the column converters and the object builders,
and afterwards only executes it and builds the objects (the same steps as Django's
``ModelIterable``). The query still goes through the connection's cursor, so it is logged and
counted like any other.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=Model)

_PLACEHOLDER_PK = 0


@dataclass
class _Compiled:
    sql: str
    compiler: Any
    converters: Any
    init_list: list[str]
    fields: slice
    populators: list[Any]


class PreparedGet(Generic[M]):
    """``PreparedGet(lambda: User.objects.select_related("person__node")).get(pk)``.

    ``build`` returns the queryset without the primary-key filter; it must not filter on
    anything else (the primary key must be the query's only parameter).
    """

    def __init__(self, build: Callable[[], "QuerySet[M]"]) -> None:
        self._build = build
        self._local = threading.local()

    def _compiled(self, using: str) -> _Compiled:
        by_db: dict[str, _Compiled] = self._local.__dict__.setdefault("by_db", {})
        compiled = by_db.get(using)
        if compiled is None:
            queryset = self._build().filter(pk=_PLACEHOLDER_PK)
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            if list(params) != [_PLACEHOLDER_PK]:
                raise ValueError("PreparedGet needs the primary key as the only parameter")
            select, klass_info = compiler.select, compiler.klass_info
            start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            compiled = by_db[using] = _Compiled(
                sql=sql,
                compiler=compiler,
                converters=compiler.get_converters([column[0] for column in select]),
                init_list=[column[0].target.attname for column in select[start:end]],
                fields=slice(start, end),
                # django-stubs 6.x describes Django 6.0, whose version also takes fetch_mode;
                # Django 5.2's takes (klass_info, select, db).
                populators=get_related_populators(klass_info, select, using),  # type: ignore[call-arg]
            )
        return compiled

    def get(self, pk: Any) -> M | None:
        """The object with primary key ``pk`` and its related objects, or None."""
        model = self._build().model
        using = router.db_for_read(model)
        compiled = self._compiled(using)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, [model._meta.pk.get_db_prep_value(pk, connection)])
            row = cursor.fetchone()
        if row is None:
            return None
        if compiled.converters:
            row = next(iter(compiled.compiler.apply_converters([row], compiled.converters)))
        obj = model.from_db(using, compiled.init_list, row[compiled.fields])
        for populator in compiled.populators:
            populator.populate(row, obj)
        return obj
