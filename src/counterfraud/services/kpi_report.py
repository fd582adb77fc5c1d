"""The ministry's figures written out: a Markdown table, and a self-contained HTML page
with charts (matplotlib, drawn without a display and embedded as SVG images: the page
loads nothing from anywhere).

The page holds the headline figures, the funnel from interception to repatriation, the
monthly trend of every figure, the table of figures (split as asked), and how each
figure is counted. Every text that comes from the records (agency codes, currencies) is
escaped; the charts are images, so nothing in them can run in the page.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from string import Template
from typing import TYPE_CHECKING, Any

from counterfraud.services.kpi import Figures, Kpi

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Row = tuple[str, Callable[[dict[str, Any]], Any]]

def _reader(*path: str) -> Callable[[dict[str, Any]], Any]:
    """Reads ``path`` in Figures.as_dict(); None where a part is missing or None."""

    def read(figures: dict[str, Any]) -> Any:
        found: Any = figures
        for key in path:
            found = found.get(key) if isinstance(found, dict) else None
        return found

    return read


# (label, how to read it from Figures.as_dict()), in the order a ministry publishes them
ROWS: list[Row] = [
    ("Messages intercepted", _reader("intercepted", "messages")),
    ("Calls intercepted", _reader("intercepted", "calls")),
    ("URLs intercepted", _reader("intercepted", "urls")),
    ("Domains blocked", _reader("blocked", "domains")),
    ("URLs blocked", _reader("blocked", "urls")),
    ("IP addresses blocked", _reader("blocked", "ips")),
    ("Phone numbers blocked", _reader("blocked", "phones")),
    ("Accounts blocked", _reader("blocked", "accounts")),
    ("Cases opened", _reader("cases", "opened")),
    ("Cases solved", _reader("cases", "solved")),
    ("Arrests", _reader("arrests")),
    ("Handovers", _reader("handovers")),
    ("Freeze requests", _reader("freezes", "requested")),
    ("Freeze requests frozen", _reader("freezes", "frozen")),
    ("Median hours to freeze", _reader("freezes", "median_hours_to_freeze")),
    ("Takedown requests", _reader("takedowns", "requested")),
    ("Taken down", _reader("takedowns", "taken_down")),
    ("Median hours to takedown", _reader("takedowns", "median_hours_to_takedown")),
    ("Victims located", _reader("victims", "located")),
    ("Victims rescued", _reader("victims", "rescued")),
    ("Victims repatriated", _reader("victims", "repatriated")),
]
MONEY = {"Amount frozen": ("freezes", "amount_frozen"), "Losses": ("losses",)}
FUNNEL = ["Intercepted", "Taken down", "Frozen", "Arrests", "Repatriated"]


def table_rows(k: Kpi) -> tuple[list[str], list[list[str]]]:
    """(column headers, rows of cells): one row per figure (and per currency of the
    amounts), the totals then each group."""
    columns = [k.totals, *(figures for _, figures in k.groups)]
    dicts = [f.as_dict() for f in columns]
    headers = ["Figure", "Total", *(_group_name(k.by, key) for key, _ in k.groups)]
    body = [[label, *(_cell(read(d), label) for d in dicts)] for label, read in ROWS]
    for label, path in MONEY.items():
        currencies = sorted({c for d in dicts for c in _reader(*path)(d) or {}})
        body.extend([f"{label} ({currency})",
                     *(_cell(_reader(*path, currency)(d) or 0, label) for d in dicts)]
                    for currency in currencies)
    return headers, body


def markdown(k: Kpi) -> str:
    """The figures as one Markdown table, with the period and whose view it is."""
    headers, body = table_rows(k)
    lines = [f"# Figures from {k.period.first} to {k.period.last}", "",
             f"As {_whose(k)}.", "",
             "| " + " | ".join(_md(h) for h in headers) + " |",
             "|" + "|".join(["---", *["---:"] * (len(headers) - 1)]) + "|"]
    lines.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in body)
    return "\n".join(lines) + "\n"


def html_page(k: Kpi, monthly: Kpi) -> str:
    """The page: ``k`` for the headline and the table (split as asked), ``monthly`` (the
    same period split by month) for the trends."""
    totals = k.totals.as_dict()
    headers, body = table_rows(k)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                   for row in body)
    cards = "".join(
        f'<div class="card"><div class="n">{html.escape(_cell(read(totals), label))}</div>'
        f'<div class="l">{html.escape(label)}</div></div>'
        for label, read in ROWS if label in HEADLINE)
    return _PAGE.substitute(
        title=html.escape(f"Counter-fraud figures, {k.period.first} to {k.period.last}"),
        whose=html.escape(_whose(k)), cards=cards,
        funnel=_image(funnel_chart(k.totals), "Funnel from interception to repatriation"),
        trends=_image(trend_chart(monthly), "Monthly trend of each figure"),
        head=head, rows=rows, notes=_NOTES)


HEADLINE = {"Messages intercepted", "Calls intercepted", "Cases opened", "Cases solved",
            "Arrests", "Handovers", "Freeze requests frozen", "Taken down",
            "Victims rescued", "Victims repatriated"}


def funnel_values(figures: Figures) -> list[int]:
    """Intercepted (every channel), taken down, frozen, arrests, repatriated."""
    f = figures.as_dict()
    return [sum((f["intercepted"] or {}).values()), f["takedowns"]["taken_down"],
            f["freezes"]["frozen"], f["arrests"], f["victims"]["repatriated"]]


def funnel_chart(figures: Figures) -> bytes:
    """Horizontal bars on a logarithmic scale (interceptions are millions, arrests tens),
    each labelled with its number; SVG."""
    from matplotlib.figure import Figure

    values = funnel_values(figures)
    fig = Figure(figsize=(8, 3.2), layout="constrained")
    ax = fig.add_subplot()
    positions = list(range(len(FUNNEL)))[::-1]
    ax.barh(positions, [max(v, 0.8) for v in values], color=_COLOURS[: len(values)],
            height=0.62)
    ax.set_yticks(positions, FUNNEL)
    ax.set_xscale("log")
    ax.set_xlim(0.8, max(10, *values) * 8)
    for y, value in zip(positions, values, strict=True):
        ax.text(max(value, 0.8) * 1.15, y, f"{value:,}", va="center", fontsize=10)
    ax.set_xlabel("count (logarithmic scale)")
    _plain(ax)
    return _svg(fig)


def trend_series(monthly: Kpi) -> list[tuple[str, dict[str, list[float]]]]:
    """(panel title, {line name: one value per month}) for every trend panel."""
    months = [f.as_dict() for _, f in monthly.groups]

    def one(read: Callable[[dict[str, Any]], Any]) -> list[float]:
        return [float(read(m) or 0) for m in months]

    panels: list[tuple[str, dict[str, list[float]]]] = [
        ("Intercepted", {c: one(_reader("intercepted", c))
                         for c in ("messages", "calls", "urls")}),
        ("Blocked", {k: one(_reader("blocked", k))
                     for k in ("domains", "urls", "ips", "phones", "accounts")})]
    panels.extend((label, {label: one(read)}) for label, read in ROWS[8:]
                  if not label.startswith("Median"))
    panels.extend((label, {"hours": one(read)}) for label, read in ROWS
                  if label.startswith("Median"))
    for title, path in MONEY.items():
        currencies = sorted({c for m in months for c in _reader(*path)(m) or {}})
        panels.append((title, {c: one(_reader(*path, c)) for c in currencies[:5]}))
    return panels


def trend_chart(monthly: Kpi) -> bytes:
    """Small multiples: one panel per figure, months along the bottom; SVG."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    months = month_labels([key or "" for key, _ in monthly.groups])
    panels = trend_series(monthly)
    short = FuncFormatter(lambda value, _: _short(value))
    columns = 4
    rows = -(-len(panels) // columns)
    fig = Figure(figsize=(13, 2.35 * rows), layout="constrained")
    axes = fig.subplots(rows, columns, squeeze=False)
    ticks = list(range(len(months)))
    every = max(1, -(-len(months) // 8))  # at most eight labels under a panel
    for index, ax in enumerate(axes.flat):
        if index >= len(panels):
            ax.set_visible(False)
            continue
        title, lines = panels[index]
        for number, (name, values) in enumerate(lines.items()):
            ax.plot(ticks, values, marker="o", markersize=3, linewidth=1.6,
                    color=_COLOURS[number % len(_COLOURS)], label=name)
        ax.set_title(title, fontsize=10, loc="left")
        ax.set_xticks(ticks[::every], months[::every], fontsize=7)
        ax.tick_params(axis="y", labelsize=7)
        ax.yaxis.set_major_formatter(short)
        ax.set_ylim(bottom=0)
        if len(lines) > 1 or (lines and title in MONEY):
            ax.legend(fontsize=6, frameon=False, loc="best", ncols=min(3, len(lines)))
        _plain(ax)
    return _svg(fig)


def month_labels(months: list[str]) -> list[str]:
    """``2025-01`` -> ``Jan`` with the year under the first month and every January."""
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
             "Dec"]
    labels = []
    for index, month in enumerate(months):
        year, _, number = month.partition("-")
        name = names[int(number) - 1] if number.isdigit() and 1 <= int(number) <= 12 else month
        labels.append(f"{name}\n{year}" if index == 0 or number == "01" else name)
    return labels


def _short(value: float) -> str:
    """1,500,000 -> 1.5M, 35,000 -> 35k: axis labels, never the figures themselves."""
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}"


_COLOURS = ["#1f5fa8", "#d9822b", "#2e8b57", "#b03a48", "#6a4c93", "#4a4a4a"]


def _plain(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x" if ax.get_xscale() == "log" else "y", color="#e4e4e4", linewidth=0.6)
    ax.set_axisbelow(True)


def _svg(fig: Any) -> bytes:
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "counterfraud"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _image(svg: bytes, alt: str) -> str:
    data = base64.b64encode(svg).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/svg+xml;base64,{data}">'


def _cell(value: Any, label: str = "") -> str:
    """A count with thousands separators; an amount with its cents; hours to a tenth."""
    if value is None:
        return "-"
    if label in MONEY:
        return f"{value:,.2f}"
    if label.startswith("Median"):
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _group_name(by: str | None, key: str | None) -> str:
    if key is not None:
        return key
    return "instance" if by in ("agency", "country") else "-"


def _whose(k: Kpi) -> str:
    if k.viewer is None:
        return "the instance's operator reads them: every record it holds"
    return (f"{k.viewer} may read them: its own records, CLEAR ones and what other "
            "agencies' agreements share with it")


def _md(text: str) -> str:
    return text.replace("|", "\\|")


_NOTES = """<ul>
<li>Each figure counts its records by their own event time, in UTC: cases by when they
were opened (solved: closed as solved in the period), arrests and handovers by their
dates, freeze requests by when they were sent (frozen: answered frozen or partly frozen
in the period, the median from request to that answer), takedown requests likewise,
victims by when they were located, rescued and repatriated, losses by when they were
reported, blocked identifiers by when they were listed (confirmed, not withdrawn).</li>
<li>Only the records the reader may read are counted: two agencies can see different
totals. Interceptions are this instance's own screening, the same for every reader.</li>
<li>Amounts are per currency, never converted.</li>
</ul>"""

_PAGE = Template("""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1d1d1f;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;
border-bottom:1px solid #ddd;padding-bottom:.3rem}.whose{color:#555;margin-top:0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.8rem}
.card{border:1px solid #ddd;border-radius:8px;padding:.7rem .9rem;background:#fafafa}
.card .n{font-size:1.5rem;font-weight:600;font-variant-numeric:tabular-nums}
.card .l{color:#555;font-size:.85rem}img{max-width:100%;height:auto}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.88rem}
th,td{padding:.3rem .6rem;border-bottom:1px solid #e6e6e6;text-align:right;
white-space:nowrap;font-variant-numeric:tabular-nums}th:first-child,td:first-child
{text-align:left}thead th{background:#f2f2f2}.notes{color:#444;font-size:.9rem}
@media print{body{margin:0}.card{break-inside:avoid}}
</style></head><body>
<h1>$title</h1>
<p class="whose">As $whose.</p>
<div class="cards">$cards</div>
<h2>From interception to repatriation</h2>
$funnel
<h2>Month by month</h2>
$trends
<h2>All figures</h2>
<div class="scroll"><table><thead><tr>$head</tr></thead><tbody>$rows</tbody></table></div>
<h2>How they are counted</h2>
<div class="notes">$notes</div>
</body></html>
""")
