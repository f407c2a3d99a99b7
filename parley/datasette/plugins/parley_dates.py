"""Dates as the intervals they are, wherever the Parley instance shows one.

A date in the package is an interval, `*_start` to `*_end`: a meeting "in May
2017" is 2017-05-01 to 2017-05-31, an article whose date is inferred from
others may be "2019-05-20 to 2019-12-10". Showing the start alone misleads
(a May day for a December meeting), so every page, canned query and table
cell goes through the one function here, `interval_text`:

- templates: the `parley_date` filter, `{{ parley_date(start, end, basis) }}`;
- SQL (canned queries, the site's pages): `parley_date(start, end[, basis])`,
  `parley_date_sort(start, end)` and `parley_date_bucket(start, end, 'month'|'year')`,
  registered on every connection Datasette opens;
- table pages: a `date_start` / `published_start` cell shows the whole interval
  when its row has the matching end.

Which columns hold an interval's start (and which its end and basis) is not
written here: `parley.serve.site_knowledge` finds them in the Table Schemas
(every `X_start` date field with an `X_end`) and hands them over in the
plugin settings. A plugin file of the Parley site, depending on nothing but
Datasette.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import sys

from datasette import hookimpl
from markupsafe import Markup, escape

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import knowledge  # noqa: E402

UNKNOWN = "date unknown"


def _day(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _d(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _m(day: dt.date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def interval_text(start, end=None, basis: str | None = None) -> str:
    """An interval of days as a reader says it; "(inferred)" when `basis` is "inferred".

    >>> interval_text("2019-05-03", "2019-05-03")
    '3 May 2019'
    >>> interval_text("2019-05-10", "2019-05-12")
    '10-12 May 2019'
    >>> interval_text("2017-05-01", "2017-05-31")
    'May 2017'
    >>> interval_text("2019-05-20", "2019-12-10", "inferred")
    'between May and December 2019 (inferred)'
    >>> interval_text("2019-04-30", "2019-05-02")
    '30 April - 2 May 2019'
    >>> interval_text("2019-12-30", "2020-01-02")
    '30 December 2019 - 2 January 2020'
    >>> interval_text("2019-05-01", "2019-07-31")
    'May-July 2019'
    >>> interval_text("2019-01-01", "2019-12-31")
    '2019'
    >>> interval_text("2018-01-01", "2019-12-31")
    '2018-2019'
    >>> interval_text("2019-11-15", "2020-02-10")
    'between November 2019 and February 2020'
    >>> interval_text("2019-05-03")
    '3 May 2019'
    >>> interval_text(None, None)
    'date unknown'
    """
    first = _day(start)
    last = _day(end) or first
    if first is None:
        return UNKNOWN
    if last < first:
        first, last = last, first
    note = " (inferred)" if basis == "inferred" else ""
    whole_months = first.day == 1 and last == _month_end(last)
    same_year = first.year == last.year
    same_month = same_year and first.month == last.month
    if first == last:
        text = _d(first)
    elif whole_months and first.month == 1 and last.month == 12:
        text = str(first.year) if same_year else f"{first.year}-{last.year}"
    elif whole_months and same_month:
        text = _m(first)
    elif same_month:
        text = f"{first.day}-{last.day} {_m(first)}"
    elif (last - first).days < 28:
        # A few days across a month's end: the days are known, say them.
        left = f"{first.day} {calendar.month_name[first.month]}" if same_year else _d(first)
        text = f"{left} - {_d(last)}"
    elif whole_months:
        left = calendar.month_name[first.month] if same_year else _m(first)
        text = f"{left}-{_m(last)}" if same_year else f"{left} - {_m(last)}"
    else:
        # Known only to within months: the days at its ends mean nothing to a reader.
        left = calendar.month_name[first.month] if same_year else _m(first)
        text = f"between {left} and {_m(last)}"
    return text + note


def interval_sort_key(start, end=None) -> str | None:
    """A key that sorts intervals by their middle day (an ISO date), None when undated.

    Sorting by the start day would put "between May and December 2019" among
    the May days; by its middle it stands where it is as likely to be before
    as after.

    >>> interval_sort_key("2019-05-20", "2019-12-10")
    '2019-08-30'
    >>> interval_sort_key("2019-05-03", "2019-05-03")
    '2019-05-03'
    >>> interval_sort_key(None) is None
    True
    """
    first = _day(start)
    last = _day(end) or first
    if first is None:
        return None
    return (first + (last - first) / 2).isoformat()


def interval_bucket(start, end=None, by: str = "month") -> str | None:
    """The month (YYYY-MM) or year (YYYY) an interval lies in; None when it spans more.

    An interval is counted in a bucket only when it lies wholly inside it,
    so that "between May and December 2019" never counts as May.

    >>> interval_bucket("2017-05-01", "2017-05-31")
    '2017-05'
    >>> interval_bucket("2019-05-20", "2019-12-10") is None
    True
    >>> interval_bucket("2019-05-20", "2019-12-10", "year")
    '2019'
    >>> interval_bucket("2019-12-30", "2020-01-02", "year") is None
    True
    """
    first = _day(start)
    last = _day(end) or first
    if first is None:
        return None
    if by == "year":
        return str(first.year) if first.year == last.year else None
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    return None


def _sql_date(start, end=None, basis=None):
    return interval_text(start, end, basis) if start else None


@hookimpl
def prepare_connection(conn):
    conn.create_function("parley_date", 2, _sql_date, deterministic=True)
    conn.create_function("parley_date", 3, _sql_date, deterministic=True)
    conn.create_function("parley_date_sort", 2, interval_sort_key, deterministic=True)
    conn.create_function("parley_date_bucket", 3, interval_bucket, deterministic=True)


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["parley_date"] = interval_text
    env.globals["parley_date"] = interval_text


def interval_cell(row, value, end_column: str, basis_column: str | None = None) -> Markup | None:
    """A table cell of an interval's start, showing the whole interval (None: leave it).

    `end_column` is the row's column that ends the interval, `basis_column` the
    one that says how the date is known (for the "(inferred)" note).
    """
    if not isinstance(value, str) or row is None:
        return None
    try:
        keys = row.keys()
    except AttributeError:
        return None
    if end_column not in keys:
        # Tables that carry only the start (none in Parley since the browse tables
        # carry the end too) keep the raw value rather than guessing a day.
        return None
    end = row[end_column]
    basis = row[basis_column] if basis_column and basis_column in keys else None
    text = interval_text(value, end, basis)
    return Markup(
        f'<span class="parley-date" title="{escape(value)} to {escape(end or value)}">'
        f"{escape(text)}</span>"
    )


@hookimpl
def render_cell(row, value, column, datasette):
    # Interval columns, by name: [end column, basis column or None] (parley.serve).
    interval = knowledge(datasette).get("intervals", {}).get(column)
    if interval:
        return interval_cell(row, value, *interval)
    return None
