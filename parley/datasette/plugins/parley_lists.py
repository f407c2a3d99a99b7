"""Filters and a facet for the JSON list columns of the browse tables (people, topics).

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone.

The list filters (`_person=NAME`, `_topic=LABEL`) go through the link
tables' indexes instead of reading every row's JSON list
(`people__arraycontains` does that): selecting a person among 6,000
meetings took 74 ms at p50 that way, since the page's count, rows and every
facet repeat the filter. Their SQL is not written here: `parley.serve`
generates it from the Table Schemas' foreign keys, for every list column
faceted in its TABLE_OPTIONS, and hands it over in the plugin settings
(plugins.parley.schema.list_filters: table -> column -> [argument, SQL]).
"""

from __future__ import annotations

import os
import sys

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import list_argument, list_filters  # noqa: E402


@hookimpl
def filters_from_request(request, table, datasette):
    clauses, params, descriptions = [], {}, []
    for column, (argument, sql) in list_filters(datasette, table).items():
        for index, value in enumerate(request.args.getlist(argument)):
            param = f"parley{argument}{index}"
            clauses.append(sql.format(param=param))
            params[param] = value
            descriptions.append(f'{column} include "{value}"')
    if not clauses:
        return None
    return FilterArguments(clauses, params=params, human_descriptions=descriptions)


class ListFacet(ArrayFacet):
    """Facet a JSON list column whose lists never repeat a value (people, topics).

    Datasette's array facet removes repeated values first by making every
    (value, whole row) pair distinct, which took 25-35 ms per facet on 6,000
    meetings; Parley's lists are built without repeats (parley.db), so a plain
    count over json_each gives the same numbers in a fifth of the time.
    Selecting a value uses the column's list filter where there is one,
    Datasette's `COLUMN__arraycontains=VALUE` otherwise.
    Configured as `{"list": "people"}`; `_facet_list=COLUMN` in a URL.
    """

    type = "list"

    async def suggest(self):
        return []

    async def facet_results(self):
        facet_results, timed_out = [], []
        facet_size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            facet_sql = f"""
                with inner as ({self.sql})
                select j.value as value, count(*) as count
                from inner, json_each(inner.{escape_sqlite(column)}) j
                group by j.value order by count(*) desc, j.value limit {facet_size + 1}"""
            try:
                rows = await self.ds.execute(
                    self.database,
                    facet_sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            argument = list_argument(self.ds, self.table, column)
            for row in rows.rows[:facet_size]:
                value = str(row["value"])
                arg = {argument: value}
                selected = (argument, value) in pairs
                toggle = (
                    path_with_removed_args(self.request, arg)
                    if selected
                    else path_with_added_args(self.request, arg)
                )
                values.append(
                    {
                        "value": value,
                        "label": value,
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, toggle),
                        "selected": selected,
                    }
                )
            facet_results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source != "metadata",
                    "toggle_url": self.ds.urls.path(
                        path_with_removed_args(self.request, {"_facet_list": column})
                    ),
                    "truncated": len(rows.rows) > facet_size,
                }
            )
        return facet_results, timed_out


@hookimpl
def register_facet_classes():
    return [ListFacet]
