"""``counterfraud screen``, ``check``, ``train`` and ``evaluate``: interception from the
command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

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
    points = ", ".join(f"{name} {value:.3f}" for name, value
                       in sorted(result.operating_points.items(), key=lambda p: p[1]))
    out.print(f"trained on {result.texts} texts ({result.scam} scam) -> {result.model_dir} "
              f"(threshold {result.threshold:.3f}; operating points {points})",
              highlight=False)
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
             allow_training_data: Annotated[bool, typer.Option(
                 "--allow-training-data",
                 help="Show the figures even when most texts of DATA were in the model's "
                      "training data (labelled as such, never as held-out figures).")
             ] = False,
             positive: LabelsOption = None, as_json: JsonOption = False) -> None:
    """Precision, recall, F1 and false-positive rate at the model's threshold and at each
    of its operating points (warn, block), ROC AUC and confusion matrix. Refuses a file
    mostly made of the model's own training texts (see --allow-training-data); says
    which figures a file of one class cannot define."""
    report = evaluate_csv(settings_of(ctx), data, model_dir=model, target_fpr=target_fpr,
                          folds=cv, positive_labels=_labels(positive),
                          allow_training_data=allow_training_data)
    if as_json:
        print_json({k: v for k, v in report.items() if k != "folds"})
        return
    out.print("\n".join(_evaluation_lines(report)), highlight=False)
    for skipped in report["skipped"][:20]:
        err.print(skipped, highlight=False)


def _evaluation_lines(report: dict[str, Any]) -> list[str]:
    """The evaluation as a person reads it: what was measured, on what, then the figures
    (``n/a`` for those the file cannot define, each named with why at the end)."""
    model = f"model {report['model']}, " if "model" in report else ""
    lines = [f"{report['mode']}: {model}{report['file']}: {report['texts']} texts "
             f"({report['scam']} scam, {report['legit']} legitimate)"]
    overlap = report["training_overlap"]
    if overlap is not None and overlap["known"]:
        lines.append(f"{overlap['rows']} of these texts ({overlap['share']:.1%}) were in the "
                     "model's training data")
    elif overlap is not None:
        lines.append(f"overlap with the training data unknown: {overlap['why']}")
    own = "model" if "model" in report else "mean fold"
    lines.append(f"{'at':<14}{'threshold':>10}{'precision':>11}{'recall':>9}{'F1':>9}"
                 f"{'FPR':>10}")
    rows = [(own, report), *((f"{name} point", figures)
                             for name, figures in report["operating_points"].items())]
    for label, figures in rows:
        lines.append(f"{label:<14}{figures['threshold']:>10.4f}"
                     f"{_shown(figures['precision'], '.4f'):>11}"
                     f"{_shown(figures['recall'], '.4f'):>9}{_shown(figures['f1'], '.4f'):>9}"
                     f"{_shown(figures['false_positive_rate'], '.3%'):>10}")
    if report["operating_points_from"] == "defaults":
        lines.append("(operating points: the defaults of a model that carries none)")
    c = report["confusion"]
    lines.append(f"ROC AUC {_shown(report['roc_auc'], '.4f')}; confusion at the {own} "
                 f"threshold: tp {c['tp']}  fp {c['fp']}  tn {c['tn']}  fn {c['fn']}")
    if report["threshold_for_target_fpr"] is not None:
        lines.append(f"for FPR <= {report['target_fpr']:.3%}: threshold "
                     f"{report['threshold_for_target_fpr']:.4f}, recall "
                     f"{_shown(report['recall_at_target_fpr'], '.4f')}")
    lines.extend(f"not defined: {_FIGURE_NAMES.get(name, name)}: {why}"
                 for name, why in report["undefined"].items())
    return lines


_FIGURE_NAMES = {"f1": "F1", "false_positive_rate": "FPR", "roc_auc": "ROC AUC",
                 "threshold_for_target_fpr": "threshold for the target FPR",
                 "recall_at_target_fpr": "recall at the target FPR"}


def _shown(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


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
