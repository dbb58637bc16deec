"""A client's report (servicedesk.reports) as the console shows it: tables of figures, each with its SVG chart
(servicedesk/reports/charts.py, drawn inline and tied to its table), and the same tables as CSV rows.

One list of tables serves the page and the download, so the CSV holds exactly the figures on screen: on screen a
figure reads formatted ("80.0 %", "1 h 05 min"), in the CSV as a number (80.0, 3900 seconds), so that a
spreadsheet can compute with it.
"""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from servicedesk.reports.charts import bar_chart
from servicedesk.reports.report import Compliance, Rate, Report, Resolution
from servicedesk.reports.resolvers import RESOLVERS

Value = int | float | None
FORMATS = ("n", "pct", "dur", "score")  # count, rate (0..1), seconds, mean of ratings
_SPREADSHEET_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula (CSV injection)


@dataclass(frozen=True)
class Column:
    heading: str
    format: str  # one of FORMATS


@dataclass(frozen=True)
class Table:
    key: str  # the table's id in the page, and its name in the CSV
    title: str
    columns: tuple[Column, ...]  # after the first one, which names the row
    rows: tuple[tuple[str, tuple[Value, ...]], ...]
    chart: str = ""  # inline SVG markup, made here from escaped text only
    row_formats: tuple[str, ...] = ()  # a table of unlike figures: each row's format, over its column's

    def cells(self, index: int) -> list[tuple[Value, str]]:
        """The row's values with the format each is shown in."""
        _, values = self.rows[index]
        return [(value, self.row_formats[index] if self.row_formats else column.format)
                for value, column in zip(values, self.columns, strict=True)]

    def shown(self, index: int) -> list[str]:
        return [shown(value, fmt) for value, fmt in self.cells(index)]


def tables(report: Report, say: Callable[..., str]) -> list[Table]:
    """The report's tables, worded by `say(key, **values)` (console/report_texts.py) in the reader's language."""
    return [_summary(report, say), _rates(report, say), _resolvers(report, say), _bot_and_humans(report, say),
            _volumes(report, say, "by_priority"), _volumes(report, say, "by_type"),
            _volumes(report, say, "by_service"), _sla(report, say), _backlog(report, say, "by_age"),
            _backlog(report, say, "by_status"), _satisfaction(report, say)]


def to_csv(report_tables: Sequence[Table], say: Callable[..., str]) -> str:
    """One row per figure: table, row, column, value (a number, or empty for none)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([say("reports.csv.table"), say("reports.csv.row"), say("reports.csv.column"),
                     say("reports.csv.value")])
    for table in report_tables:
        for index, (label, _) in enumerate(table.rows):
            for column, (value, fmt) in zip(table.columns, table.cells(index), strict=True):
                writer.writerow([_cell(table.title), _cell(label), _cell(column.heading), _raw(value, fmt)])
    return out.getvalue()


def shown(value: Value, fmt: str) -> str:
    if value is None:
        return "—"
    if fmt == "pct":
        return f"{value * 100:.1f} %"
    if fmt == "dur":
        minutes = round(value / 60)
        return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"
    if fmt == "score":
        return f"{value:.2f} / 5"
    return f"{value:g}"


def _raw(value: Value, fmt: str) -> str:
    if value is None:
        return ""
    if fmt == "pct":
        return f"{value * 100:.1f}"
    if fmt in ("dur", "score"):
        return f"{value:.0f}" if fmt == "dur" else f"{value:.2f}"
    return str(value)


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_SPREADSHEET_FORMULA) else text


def _chart(key: str, title: str, rows: Sequence[tuple[str, float]], scale: float | None = None,
           show: Callable[[float], str] = lambda value: f"{value:g}") -> str:
    return bar_chart(rows, title=title, described_by=f"table-{key}", scale=scale, show=show)


def _percent(rows: Sequence[tuple[str, float | None]]) -> list[tuple[str, float]]:
    return [(label, (rate or 0) * 100) for label, rate in rows]


def _pct_chart(key: str, title: str, rows: Sequence[tuple[str, float | None]]) -> str:
    return _chart(key, title, _percent(rows), scale=100, show=lambda v: f"{v:.0f} %")


def _rate_columns(say: Callable[..., str]) -> tuple[Column, ...]:
    return (Column(say("reports.col.count"), "n"), Column(say("reports.col.out_of"), "n"),
            Column(say("reports.col.rate"), "pct"))


def _rate(rate: Rate) -> tuple[Value, ...]:
    return rate.count, rate.total, rate.rate


def _summary(report: Report, say: Callable[..., str]) -> Table:
    res, sat = report.resolution, report.satisfaction
    figures: tuple[tuple[str, Value, str], ...] = (
        ("created", report.volumes.total, "n"), ("resolved", res.resolved, "n"),
        ("backlog", report.backlog.total, "n"), ("ttr_business", res.business_mean_seconds, "dur"),
        ("ttr_wall", res.wall_mean_seconds, "dur"), ("tto_wall", report.ownership.mean_seconds, "dur"),
        ("satisfaction", sat.mean, "score"), ("ratings", sat.count, "n"))
    return Table("summary", say("reports.table.summary"), (Column(say("reports.col.value"), "n"),),
                 tuple((say(f"reports.fig.{name}"), (value,)) for name, value, _ in figures),
                 row_formats=tuple(fmt for _, _, fmt in figures))


def _rates(report: Report, say: Callable[..., str]) -> Table:
    title = say("reports.table.rates")
    rows = ((say("reports.fig.first_contact"), report.first_contact_resolution),
            (say("reports.fig.sla_met"), Rate(report.sla.overall.met, report.sla.overall.clocks,
                                              report.sla.overall.rate)),
            (say("reports.fig.reopened"), report.reopen))
    return Table("rates", title, _rate_columns(say), tuple((label, _rate(rate)) for label, rate in rows),
                 _pct_chart("rates", title, [(label, rate.rate) for label, rate in rows]))


def _resolvers(report: Report, say: Callable[..., str]) -> Table:
    title = say("reports.table.resolvers")
    shares = report.resolvers.resolved
    rows = tuple((say(f"reports.resolver.{name}"), _rate(shares[name])) for name in RESOLVERS)
    return Table("resolvers", title, _rate_columns(say), rows,
                 _chart("resolvers", title, [(say(f"reports.resolver.{name}"), shares[name].count)
                                             for name in RESOLVERS]))


def _bot_and_humans(report: Report, say: Callable[..., str]) -> Table:
    title = say("reports.table.bot_and_humans")
    columns = (Column(say("reports.col.resolved"), "n"), Column(say("reports.col.first_contact"), "n"),
               Column(say("reports.col.incidents"), "n"), Column(say("reports.col.first_contact_rate"), "pct"),
               Column(say("reports.col.ttr_wall"), "dur"), Column(say("reports.col.ttr_business"), "dur"))
    sides = ("bot", "humans")

    def row(side: str) -> tuple[Value, ...]:
        fcr: Rate = report.resolvers.first_contact[side]
        res: Resolution = report.resolvers.resolution[side]
        return res.resolved, fcr.count, fcr.total, fcr.rate, res.wall_mean_seconds, res.business_mean_seconds

    chart_title = say("reports.chart.ttr_bot_and_humans")
    chart = _chart("bot_and_humans", chart_title,
                   [(say(f"reports.side.{side}"), (report.resolvers.resolution[side].wall_mean_seconds or 0) / 60)
                    for side in sides], show=lambda v: f"{v:.0f} min")
    return Table("bot_and_humans", title, columns, tuple((say(f"reports.side.{side}"), row(side)) for side in sides),
                 chart)


def _volumes(report: Report, say: Callable[..., str], way: str) -> Table:
    counts: dict[str, int] = getattr(report.volumes, way)
    title = say(f"reports.table.volumes_{way}")
    return Table(f"volumes_{way}", title, (Column(say("reports.col.tickets"), "n"),),
                 tuple((label, (count,)) for label, count in counts.items()),
                 _chart(f"volumes_{way}", title, list(counts.items())) if counts else "")


def _sla(report: Report, say: Callable[..., str]) -> Table:
    title = say("reports.table.sla")
    columns = tuple(Column(say(f"reports.col.{metric}_{part}"), fmt)
                    for metric in ("tto", "ttr") for part, fmt in (("met", "n"), ("clocks", "n"), ("rate", "pct")))

    def both(tto: Compliance, ttr: Compliance) -> tuple[Value, ...]:
        return tto.met, tto.clocks, tto.rate, ttr.met, ttr.clocks, ttr.rate

    per = report.sla.by_priority
    rows = tuple((priority, both(m["tto"], m["ttr"])) for priority, m in per.items())
    rows += ((say("reports.all_priorities"), both(report.sla.tto, report.sla.ttr)),)
    chart = _pct_chart("sla", title, [(p, (m["tto"].met + m["ttr"].met) / max(m["tto"].clocks + m["ttr"].clocks, 1))
                                      for p, m in per.items()]) if per else ""
    return Table("sla", title, columns, rows, chart)


def _backlog(report: Report, say: Callable[..., str], way: str) -> Table:
    counts: dict[str, int] = getattr(report.backlog, way)
    title = say(f"reports.table.backlog_{way}")
    labels = {label: label.replace("_", " ") for label in counts}
    return Table(f"backlog_{way}", title, (Column(say("reports.col.tickets"), "n"),),
                 tuple((labels[label], (count,)) for label, count in counts.items()),
                 _chart(f"backlog_{way}", title, [(labels[label], count) for label, count in counts.items()]))


def _satisfaction(report: Report, say: Callable[..., str]) -> Table:
    title = say("reports.table.satisfaction")
    rows = tuple((f"{score} / 5", (count,)) for score, count in report.satisfaction.distribution.items())
    return Table("satisfaction", title, (Column(say("reports.col.ratings"), "n"),), rows,
                 _chart("satisfaction", title, [(label, values[0] or 0) for label, values in rows]))

