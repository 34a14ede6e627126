"""The end-of-shift report as a PDF of one or two A4 pages.

HTML laid out by QTextDocument and printed on a QPdfWriter (QtGui only, so
it runs offscreen and in a worker thread; a QGuiApplication must exist).
Every verdict is written in words and every number formatted by
:mod:`desk_app.reports.figures`, so the page reads the same in grey.
"""

from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from desk_app.domain.day_report import DayReport
from desk_app.domain.kpi import Metric
from desk_app.reports import figures
from desk_app.reports.atomic import replacing
from desk_app.reports.graph import HEIGHT, WIDTH, hourly_graph

_GRAPH = QUrl("desk:hourly.png")
_GRAPH_WIDTH = 620  # document pixels: the width of the tables beside it
_KINDS = {"ticket": "Ticket", "follow_up": "Follow-up", "interaction": "Interaction"}
_STYLE = """
body { font-size: 9pt; }
h1 { font-size: 15pt; margin: 0; }
h2 { font-size: 11pt; margin-top: 10px; margin-bottom: 3px; }
th { background-color: #e8e8e8; text-align: left; }
td.n, th.n { text-align: right; }
.muted { color: #555555; }
"""


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: int = 0) -> str:
    """A ruled table; the last ``numeric`` columns are right-aligned."""

    def cells(tag: str, values: Sequence[str]) -> str:
        first_numeric = len(values) - numeric
        return "".join(
            f"<{tag}{' class=n' if i >= first_numeric else ''}>{escape(v)}</{tag}>"
            for i, v in enumerate(values)
        )

    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return (
        '<table border="1" cellspacing="0" cellpadding="3" width="100%" '
        'style="border-collapse: collapse; border-color: #999999">'
        f"<tr>{cells('th', head)}</tr>{body}</table>"
    )


def _figures(report: DayReport) -> str:
    rows = []
    for metric in Metric:
        mine = report.day_figures.values.get(metric)
        target = report.goals.get(metric)
        rows.append(
            (
                figures.LABELS[metric],
                figures.value(metric, mine),
                figures.goal(metric, target),
                figures.verdict(metric, mine, target),
                figures.value(metric, report.team_average.get(metric)),
            )
        )
    handled = len(report.day_figures.contact_ids)
    return (
        f"<p>Contacts handled: <b>{handled}</b> · interactions listed in the CSV: "
        f"{len(report.rows)}</p>"
        + _table(("Figure", "Today", "Goal", "Goal met?", "Team average"), rows, numeric=0)
    )


def _dispositions(report: DayReport) -> str:
    if not report.by_disposition:
        return "<p class=muted>No contacts handled.</p>"
    return _table(
        ("Disposition", "Contacts"),
        ((name, str(count)) for name, count in report.by_disposition),
        numeric=1,
    )


def _states(report: DayReport) -> str:
    if not report.state_seconds:
        return "<p class=muted>No state history for the day.</p>"
    return _table(
        ("State", "Time (h:mm:ss)"),
        (
            (figures.state(state, reason), figures.duration(seconds))
            for state, reason, seconds in report.state_seconds
        ),
        numeric=1,
    )


def _unresolved(report: DayReport) -> str:
    if not report.unresolved:
        return "<p>Nothing left open.</p>"
    return _table(
        ("Open", "What", "Due"),
        (
            (_KINDS.get(item.kind, item.kind), item.title, figures.moment(item.due_at, report.zone))
            for item in report.unresolved
        ),
    )


def _text(value: str) -> str:
    if not value.strip():
        return f"<p class=muted>{figures.NOTHING}</p>"
    return "".join(f"<p>{escape(line)}</p>" for line in value.strip().splitlines())


def report_html(report: DayReport) -> str:
    """The report's page as HTML (the graph is the ``desk:hourly.png`` resource)."""
    reflection = report.reflection
    zone = figures.zone_name(report.zone)
    return f"""
<h1>End-of-shift report — {escape(report.agent_name)}, {report.day.isoformat()}</h1>
<p class=muted>Agent: {escape(report.agent_name)} · Day: {report.day.isoformat()} ·
Time zone: {escape(zone)} · Generated at: {figures.moment(report.generated_at, report.zone)}</p>
<h2>The day's figures</h2>
{_figures(report)}
<h2>Handled per hour and average handle time</h2>
<p><img src="{_GRAPH.toString()}" width="{_GRAPH_WIDTH}"
 height="{round(_GRAPH_WIDTH * HEIGHT / WIDTH)}"></p>
<h2>Contacts by disposition</h2>
{_dispositions(report)}
<h2>Time in each state</h2>
{_states(report)}
<h2>Open follow-ups, tickets and interactions</h2>
{_unresolved(report)}
<h2>What went well</h2>
{_text(reflection.went_well)}
<h2>What to improve</h2>
{_text(reflection.to_improve)}
<h2>Notes for the supervisor</h2>
{_text(reflection.notes_for_supervisor)}
"""


def write_pdf(report: DayReport, path: Path) -> None:
    """Render ``report`` to ``path`` (A4), replacing it only once the PDF is whole."""
    document = QTextDocument()
    document.setDefaultStyleSheet(_STYLE)
    document.addResource(
        QTextDocument.ResourceType.ImageResource, _GRAPH, hourly_graph(report.hourly, report.zone)
    )
    document.setHtml(report_html(report))
    with replacing(path) as temporary:
        writer = QPdfWriter(str(temporary))
        writer.setTitle(f"End-of-shift report {report.agent_name} {report.day.isoformat()}")
        writer.setCreator("Desk")
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        document.print_(writer)
        del writer  # closes the file
