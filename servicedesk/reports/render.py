"""A report as JSON (for scripts and spreadsheets) or as one self-contained HTML page (for people).

The page carries its CSS inline and draws its charts as inline SVG: no script, no external asset,
so it can be mailed or archived and still open as it was. Service names, origins, the client's name
and every other stored text come from users or settings and are escaped, always, in `_e`.
"""

import json
from collections.abc import Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from servicedesk.reports.charts import bar_chart
from servicedesk.reports.report import Compliance, Rate, Report

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;background:#f5f7fa;margin:0}
main{max-width:980px;margin:0 auto;padding:24px}
header{border-bottom:3px solid #2f6fb3;margin-bottom:20px}
h1{margin:0;font-size:26px}h2{font-size:19px;margin:28px 0 10px;color:#2f6fb3}h3{font-size:15px;margin:14px 0 6px}
.meta{color:#5b6b7c;margin:4px 0 12px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:12px}
.card{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:12px}
.card .label{color:#5b6b7c;font-size:13px}.card .figure{font-size:22px;font-weight:600}
.card .detail{color:#5b6b7c;font-size:12px}
table{border-collapse:collapse;background:#fff;margin:6px 0 10px;min-width:360px}
th,td{border:1px solid #dde3ea;padding:5px 10px;text-align:left}td.n{text-align:right}th{background:#eef2f7}
.pair{display:flex;flex-wrap:wrap;gap:8px 32px;align-items:flex-start}
svg.chart{background:#fff;border:1px solid #dde3ea;border-radius:6px;font-size:12px;fill:#1d2733}
svg.chart .bar{fill:#2f6fb3}svg.chart .value{fill:#5b6b7c}
.empty{color:#5b6b7c;font-style:italic}footer{color:#5b6b7c;font-size:12px;margin-top:32px}
"""
_NUMBER = ' class="n"'


def to_json(report: Report) -> str:
    """The report as one JSON document (UTF-8 text kept readable)."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


def to_html(report: Report, client_name: str, *, timezone: str = "UTC") -> str:
    """The report as a standalone HTML page; moments are shown in `timezone`."""
    zone = ZoneInfo(timezone)
    period = f"{_when(report.start, zone)} → {_when(report.end, zone)} (end excluded, {timezone})"
    title = f"Service-desk report — {client_name}"
    body = "".join((_cards(report), _volumes(report), _times(report), _resolvers(report), _sla(report),
                    _backlog(report, zone), _satisfaction(report), _escalations(report)))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body><main>"
            f"<header><h1>{_e(title)}</h1><p class=\"meta\">{_e(period)} · figures as of "
            f"{_e(_when(report.as_of, zone))}</p></header>{body}"
            f"<footer>Relais service-desk report. Tickets created in the period give the volumes, time to own, "
            f"satisfaction and escalations; tickets resolved in it give first-contact resolution, time to resolve, "
            f"SLA compliance and reopens.</footer></main></body></html>\n")


def _cards(report: Report) -> str:
    resolution, sla = report.resolution, report.sla.overall
    cards = [
        ("Tickets created", str(report.volumes.total), ""),
        ("Tickets resolved", str(resolution.resolved), ""),
        ("First-contact resolution", _pct(report.first_contact_resolution.rate),
         _of(report.first_contact_resolution, "incidents resolved")),
        ("Time to resolve, pauses excluded", _duration(resolution.business_mean_seconds),
         f"mean business time; wall clock {_duration(resolution.wall_mean_seconds)}"),
        ("SLA compliance", _pct(sla.rate), f"{sla.met} of {sla.clocks} clocks met"),
        ("Backlog", str(report.backlog.total), "open tickets at the end of the period"),
        ("Reopen rate", _pct(report.reopen.rate), _of(report.reopen, "resolved tickets")),
        ("Satisfaction", "—" if report.satisfaction.mean is None else f"{report.satisfaction.mean:.2f} / 5",
         f"{report.satisfaction.count} ratings"),
    ]
    return '<section class="cards">' + "".join(
        f'<div class="card"><div class="label">{_e(label)}</div><div class="figure">{_e(figure)}</div>'
        f'<div class="detail">{_e(detail)}</div></div>' for label, figure, detail in cards) + "</section>"


def _volumes(report: Report) -> str:
    volumes = report.volumes
    parts = [f"<h2>Volumes</h2><p class=\"meta\">{volumes.total} tickets created in the period.</p>"]
    for heading, counts in (("By type", volumes.by_type), ("By qualification", volumes.by_origin),
                            ("By priority", volumes.by_priority), ("By service", volumes.by_service)):
        parts.append(f"<h3>{_e(heading)}</h3>")
        if not counts:
            parts.append('<p class="empty">No tickets.</p>')
            continue
        parts.append('<div class="pair">' + _table(("", "tickets"), [(k, str(v)) for k, v in counts.items()])
                     + bar_chart(list(counts.items()), title=f"Tickets {heading.lower()}") + "</div>")
    return "<section>" + "".join(parts) + "</section>"


def _times(report: Report) -> str:
    res, own = report.resolution, report.ownership
    rows = [
        ("Tickets resolved", str(res.resolved)),
        ("Mean time to resolve, SLA business time minus pauses", _duration(res.business_mean_seconds)
         + f" ({res.clocked} with a clock)"),
        ("Mean time to resolve, business time with pauses", _duration(res.calendar_mean_seconds)),
        ("Mean time to resolve, wall clock", _duration(res.wall_mean_seconds)),
        ("Tickets owned", str(own.owned)),
        ("Mean time to own, wall clock", _duration(own.mean_seconds)),
        ("Median time to own, wall clock", _duration(own.median_seconds)),
        ("Mean time to own, business time", _duration(own.business_mean_seconds)),
        ("Time-to-own SLA met", _compliance(own.compliance)),
    ]
    return "<section><h2>Time to resolve and to own</h2>" + _table(("", "value"), rows) + "</section>"


_RESOLVERS = {"bot": "Without an agent (the KB in the chat)", "level1": "Level-1 agents", "level2": "Level-2 agents"}
_BY = {"bot": "by the KB in the chat", "level1": "by level-1 agents", "level2": "by level-2 agents"}


def _resolvers(report: Report) -> str:
    resolvers = report.resolvers
    shares = [(_RESOLVERS[name], rate) for name, rate in resolvers.resolved.items()]
    sides = [(side.capitalize(), resolvers.first_contact[side], resolvers.resolution[side])
             for side in ("bot", "humans")]
    rows = [(side, str(res.resolved), f"{_pct(fcr.rate)} ({fcr.count}/{fcr.total})",
             _duration(res.wall_mean_seconds), _duration(res.business_mean_seconds)) for side, fcr, res in sides]
    return ("<section><h2>Who resolved</h2><div class=\"pair\">"
            + _table(("", "tickets", "share"), [(label, str(rate.count), _pct(rate.rate)) for label, rate in shares])
            + bar_chart([(label, rate.count) for label, rate in shares], title="Tickets resolved by who resolved them")
            + "</div><h3>The bot and the humans</h3>"
            + _table(("", "resolved", "first-contact resolution", "time to resolve, wall clock",
                      "time to resolve, minus pauses"), rows) + "</section>")


def _sla(report: Report) -> str:
    sla = report.sla
    rows = [(priority, _compliance(per["tto"]), _compliance(per["ttr"])) for priority, per in sla.by_priority.items()]
    rows.append(("All priorities", _compliance(sla.tto), _compliance(sla.ttr)))
    chart = bar_chart([(p, (per["tto"].met + per["ttr"].met) / max(per["tto"].clocks + per["ttr"].clocks, 1) * 100)
                       for p, per in sla.by_priority.items()], title="SLA clocks met per priority", scale=100,
                      show=lambda v: f"{v:.0f} %") if sla.by_priority else '<p class="empty">No clocks.</p>'
    return (f"<section><h2>SLA compliance</h2><p class=\"meta\">Overall {_e(_compliance(sla.overall))}, "
            f"over the SLA clocks of tickets resolved in the period.</p><div class=\"pair\">"
            f"{_table(('priority', 'time to own', 'time to resolve'), rows)}{chart}</div></section>")


def _backlog(report: Report, zone: ZoneInfo) -> str:
    backlog = report.backlog
    return (f"<section><h2>Backlog</h2><p class=\"meta\">{backlog.total} tickets open on "
            f"{_e(_when(report.as_of, zone))}.</p><div class=\"pair\">"
            + bar_chart([(s.replace("_", " "), n) for s, n in backlog.by_status.items()], title="Backlog by status")
            + bar_chart(list(backlog.by_age.items()), title="Backlog by age") + "</div></section>")


def _satisfaction(report: Report) -> str:
    satisfaction = report.satisfaction
    mean = "no rating" if satisfaction.mean is None else f"mean {satisfaction.mean:.2f} / 5"
    return (f"<section><h2>Satisfaction</h2><p class=\"meta\">{satisfaction.count} ratings, {_e(mean)}.</p>"
            + bar_chart([(f"{score} / 5", n) for score, n in satisfaction.distribution.items()],
                        title="Ratings") + "</section>")


def _escalations(report: Report) -> str:
    escalations = report.escalations
    rows = [("Functional (to a higher level)", str(escalations.functional)),
            ("Hierarchical (a manager told)", str(escalations.hierarchical)),
            ("Tickets escalated", str(escalations.tickets))]
    return "<section><h2>Escalations</h2>" + _table(("", "count"), rows) + "</section>"


def _table(headings: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    """Rows of text: the first column names the row, the others are figures (right-aligned)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td{_NUMBER if i else ''}>{_e(cell)}</td>" for i, cell in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f} %"


def _of(rate: Rate, what: str) -> str:
    return f"{rate.count} of {rate.total} {what}"


def _compliance(compliance: Compliance) -> str:
    return f"{compliance.met} / {compliance.clocks} met ({_pct(compliance.rate)})"


def _duration(seconds: float | None) -> str:
    """Hours and minutes: business time reads best in hours (a business day is not 24 h)."""
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def to_text(report: Report, client_name: str, *, timezone: str = "UTC") -> str:
    """A few lines for a terminal."""
    zone, res, own, sla = ZoneInfo(timezone), report.resolution, report.ownership, report.sla.overall
    fcr, reopen, satisfaction = report.first_contact_resolution, report.reopen, report.satisfaction
    rating = "no rating" if satisfaction.mean is None else f"{satisfaction.mean:.2f} / 5 ({satisfaction.count} ratings)"
    return "\n".join((
        f"{client_name}: {_when(report.start, zone)} → {_when(report.end, zone)} ({timezone}, end excluded)",
        f"tickets created {report.volumes.total} · resolved {res.resolved} · backlog {report.backlog.total}",
        f"first-contact resolution {_pct(fcr.rate)} ({fcr.count}/{fcr.total}) · "
        f"reopen rate {_pct(reopen.rate)} ({reopen.count}/{reopen.total})",
        f"time to resolve {_duration(res.business_mean_seconds)} minus pauses, "
        f"{_duration(res.wall_mean_seconds)} wall clock",
        f"time to own: mean {_duration(own.mean_seconds)}, median {_duration(own.median_seconds)}, "
        f"SLA {_compliance(own.compliance)}",
        f"SLA compliance {_compliance(sla)} · satisfaction {rating}",
        "resolved: " + ", ".join(f"{_BY[name]} {rate.count}" for name, rate in report.resolvers.resolved.items()),
        f"escalations: {report.escalations.functional} functional, {report.escalations.hierarchical} hierarchical",
    ))
