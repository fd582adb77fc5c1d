"""``counterfraud screen``, ``check``, ``train`` and ``evaluate``: interception from the
command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from counterfraud.cli.app import app
from counterfraud.cli.common import (
    JsonOption,
    RegionOption,
    err,
    out,
    print_json,
    settings_of,
    store_of,
)
from counterfraud.cli.progress import byte_bar, stage_bars
from counterfraud.domain import Channel
from counterfraud.services.batch_screening import screen_file
from counterfraud.services.models import evaluate_csv, report_message, train_from_csv
from counterfraud.services.screening import Screener, check_item

ModelOption = Annotated[Path | None, typer.Option(
    "--model", help="A model folder written by `counterfraud train` (default: built-in).")]


@app.command()
def screen(ctx: typer.Context,
           file: Annotated[Path, typer.Argument(
               help="A CSV or JSON Lines file of messages, calls or URLs to screen.")],
           kind: Annotated[str, typer.Option(help="message, call or url")] = "message",
           model: ModelOption = None,
           out_file: Annotated[Path | None, typer.Option(
               "--out", help="Write verdicts here (JSON Lines); default: standard output.")
           ] = None,
           workers: Annotated[int, typer.Option(help="Processes; 0 means all cores.")] = 0,
           region: RegionOption = None) -> None:
    """Screen a CSV or JSON Lines file: one JSON verdict (id, decision, score, reasons)
    per line. Exit 1 when some rows could not be read."""
    channel = Channel(kind)
    settings = settings_of(ctx)
    size = file.stat().st_size if file.is_file() else 0
    sink = out_file.open("w", encoding="utf-8") if out_file else sys.stdout
    try:
        with byte_bar(f"screening {file.name}", size, disable=out_file is None) as read:
            result = screen_file(settings, file, channel, out=sink, workers=workers,
                                 model_dir=model, region=region, progress=read)
    finally:
        if out_file:
            sink.close()
    summary = ", ".join(f"{n} {d}" for d, n in sorted(result.decisions.items()))
    err.print(f"{file}: {result.screened} screened ({summary or 'nothing'}), "
              f"{result.rejected} unreadable", highlight=False)
    for e in result.errors[:20]:
        err.print(f"{file}:{e['line']}: {e['field']}: {e['message']}", highlight=False)
    raise typer.Exit(1 if result.rejected else 0)


@app.command()
def check(ctx: typer.Context,
          text: Annotated[str, typer.Argument(
              help="A message text, a phone number, a URL, a domain or an IP address.")],
          model: ModelOption = None,
          region: RegionOption = None, as_json: JsonOption = False) -> None:
    """One verdict for a message text, a phone number, a URL, a domain or an IP."""
    with store_of(ctx) as store:
        screener = Screener.open(store, model_dir=model, region=region)
        [verdict] = screener.screen([check_item(text)])
    if as_json:
        print_json(verdict.as_dict())
        return
    out.print(verdict.explain_text(), highlight=False)


LabelsOption = Annotated[str | None, typer.Option(
    "--positive", help="Comma-separated labels that mean scam (default: scam, spam, "
                       "smishing, fraud*, 1, true).")]


LabelledArgument = Annotated[Path, typer.Argument(
    help="A CSV with a text column and a label column (scam or legit, see --positive).")]


def _labels(raw: str | None) -> set[str] | None:
    return {p.strip() for p in raw.split(",") if p.strip()} if raw else None


@app.command()
def train(ctx: typer.Context, data: LabelledArgument,
          out_dir: Annotated[Path, typer.Option("--out", help="Model folder to write.")
                             ] = Path("model"),
          with_reported: Annotated[bool, typer.Option(
              "--with-reported", help="Add the messages people reported to this instance.")
          ] = False,
          positive: LabelsOption = None, as_json: JsonOption = False) -> None:
    """Train a text model on a ``text,label`` CSV; weights are written as plain arrays
    and JSON (no pickle). Use it with ``--model`` or COUNTERFRAUD_MODEL_DIR."""
    with stage_bars(disable=as_json) as on_step:
        if with_reported:
            with store_of(ctx) as store:
                result = train_from_csv(data, out_dir, positive_labels=_labels(positive),
                                        reported_from=store, on_step=on_step)
        else:
            result = train_from_csv(data, out_dir, positive_labels=_labels(positive),
                                    on_step=on_step)
    if as_json:
        print_json(result.as_dict())
        return
    out.print(f"trained on {result.texts} texts ({result.scam} scam) -> {result.model_dir} "
              f"(threshold {result.threshold:.3f})", highlight=False)
    for e in result.skipped[:20]:
        err.print(str(e), highlight=False)


@app.command()
def evaluate(ctx: typer.Context, data: LabelledArgument, model: ModelOption = None,
             target_fpr: Annotated[float, typer.Option(
                 help="Also find the threshold that keeps false positives under this.")
             ] = 0.001,
             cv: Annotated[int | None, typer.Option(
                 help="Cross-validate training on DATA with this many folds instead.")
             ] = None,
             positive: LabelsOption = None, as_json: JsonOption = False) -> None:
    """Precision, recall, F1, false-positive rate, ROC AUC and confusion matrix."""
    report = evaluate_csv(settings_of(ctx), data, model_dir=model, target_fpr=target_fpr,
                          folds=cv, positive_labels=_labels(positive))
    if as_json:
        print_json({k: v for k, v in report.items() if k != "folds"})
        return
    c = report["confusion"]
    out.print(f"{report['mode']} on {report['texts']} texts ({report['scam']} scam)\n"
              f"precision {report['precision']:.4f}  recall {report['recall']:.4f}  "
              f"F1 {report['f1']:.4f}  FPR {report['false_positive_rate']:.4%}  "
              f"ROC AUC {report['roc_auc']:.4f}  at threshold {report['threshold']:.3f}\n"
              f"confusion: tp {c['tp']}  fp {c['fp']}  tn {c['tn']}  fn {c['fn']}\n"
              f"for FPR <= {target_fpr:.3%}: threshold {report['threshold_for_target_fpr']:.4f}"
              f", recall {report['recall_at_target_fpr']:.4f}", highlight=False)


@app.command("report-message")
def report_message_command(
        ctx: typer.Context,
        text: Annotated[str, typer.Argument(help="The message as it was received.")],
        sender: Annotated[str | None, typer.Option(help="Who sent it.")] = None,
        legit: Annotated[bool, typer.Option(
            "--legit", help="Mark it legitimate (a false alarm) instead of a scam.")] = False,
        by: Annotated[str, typer.Option("--by", help="Who reported it.")] = "console") -> None:
    """Keep a forwarded scam message (or a false alarm) as labelled data for ``train
    --with-reported``."""
    with store_of(ctx) as store:
        number = report_message(store, text, reporter=by, sender=sender,
                                label="legit" if legit else "scam")
    out.print(f"reported message {number} kept for the next training run")
