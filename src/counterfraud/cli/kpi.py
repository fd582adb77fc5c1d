"""``counterfraud kpi``: the figures a ministry publishes, for a period, as the local
operator reads them or as one agency would (``--agency``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from counterfraud.cli.app import app
from counterfraud.cli.common import JsonOption, fail, out, print_json, store_of, table
from counterfraud.services import kpi as figures
from counterfraud.services import kpi_report
from counterfraud.services.audit import Access


@app.command("kpi")
def kpi(ctx: typer.Context,
        first: Annotated[str | None, typer.Option(
            "--from", help="First day (2025-01-01) or month (2025-01); default: the first "
                           "day of the twelfth month back.")] = None,
        last: Annotated[str | None, typer.Option(
            "--to", help="Last day (2025-12-31) or month (2025-12), included; default: "
                         "today (UTC).")] = None,
        by: Annotated[str | None, typer.Option(
            "--by", help="Also split the figures by agency, country or month.")] = None,
        agency: Annotated[str | None, typer.Option(
            "--agency", help="Count as this agency reads the records (its own, CLEAR ones "
                             "and what agreements share with it); default: every record.")
        ] = None,
        as_json: JsonOption = False,
        as_markdown: Annotated[bool, typer.Option(
            "--markdown", help="Print a Markdown table.")] = False,
        html_out: Annotated[Path | None, typer.Option(
            "--html", help="Write a self-contained HTML report with charts to this file.")
        ] = None) -> None:
    """Intercepted, blocked, cases opened and solved, arrests, handovers, freezes,
    takedowns, victims and losses, each counted by its own date (docs/kpi.md)."""
    if sum((as_json, as_markdown, html_out is not None)) > 1:
        fail("choose one of --json, --markdown and --html")
    period = figures.parse_period(first, last)
    split = figures.parse_grouping(by)
    via = Access(path="cli kpi" + (f" --agency {agency}" if agency else ""))
    with store_of(ctx) as store:
        viewer = figures.viewer_for(store, agency)
        found = figures.kpi(store, viewer, period=period, by=split, via=via)
        monthly = found
        if html_out is not None and split != "month":
            monthly = figures.kpi(store, viewer, period=period, by="month", via=via)
    if as_json:
        print_json(found.as_dict())
    elif as_markdown:
        out.print(kpi_report.markdown(found), highlight=False, end="")
    elif html_out is not None:
        html_out.write_text(kpi_report.html_page(found, monthly), encoding="utf-8")
        out.print(f"wrote {html_out}", highlight=False)
    else:
        headers, rows = kpi_report.table_rows(found)
        shown = table(*headers, title=f"{period.first} to {period.last}, as "
                                      f"{found.viewer or 'the operator (every record)'}")
        for row in rows:
            shown.add_row(*row)
        out.print(shown)
