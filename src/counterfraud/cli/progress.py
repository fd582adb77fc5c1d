"""Progress bars of the long commands, on stderr: the stage (``2/8 storing reports``),
the count done of the total (bytes or records, with thousands separators), the time
spent and the time left. A stage whose total is not known shows a moving bar and the
time spent; a finished one, how long it took. Where stderr is not a terminal (a log
file, a pipe) the bars are drawn once, finished, when the command ends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from rich.filesize import decimal
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TaskID, TextColumn
from rich.table import Column
from rich.text import Text

from counterfraud.cli.common import err
from counterfraud.services.progress import Step

BYTES = "bytes"


class CountColumn(ProgressColumn):
    """``1,200/5,000 reports`` or ``3.1/12.0 MB``; nothing for a stage that counts
    nothing."""

    def render(self, task: Task) -> Text:
        unit = str(task.fields.get("unit", ""))
        done, total = int(task.completed), task.total
        if unit == BYTES:
            shown = decimal(done) + (f"/{decimal(int(total))}" if total else "")
        elif not task.fields.get("counted", True):
            shown = ""
        else:
            shown = (f"{done:,}" + (f"/{int(total):,}" if total is not None else "")
                     + (f" {unit}" if unit else ""))
        return Text(shown, style="progress.download")


class TimeColumn(ProgressColumn):
    """``0:00:12, 0:00:30 left`` while running (no estimate without a total), ``done in
    0:00:42`` once finished."""

    def render(self, task: Task) -> Text:
        if task.finished:
            return Text(f"done in {_clock(task.finished_time)}", style="progress.elapsed")
        left = task.time_remaining if task.total is not None else None
        shown = _clock(task.elapsed) + (f", {_clock(left)} left" if left is not None else "")
        return Text(shown, style="progress.remaining")


def _clock(seconds: float | None) -> str:
    return str(timedelta(seconds=int(seconds or 0)))


def bars(*, disable: bool = False) -> Progress:
    """The columns every long command shows. Descriptions are plain text (file names
    may hold brackets), never markup."""
    return Progress(TextColumn("{task.description}", markup=False,
                               table_column=Column(overflow="fold")),
                    BarColumn(bar_width=12),
                    CountColumn(table_column=Column(no_wrap=True)),
                    TimeColumn(table_column=Column(no_wrap=True)),
                    console=err, disable=disable)


@contextmanager
def stage_bars(*, disable: bool = False) -> Iterator[Callable[[Step], None]]:
    """A callback for services' ``on_step``: one line per stage; a stage is finished
    when the next one starts, or when the command's work returns."""
    with bars(disable=disable) as progress:
        tasks: dict[int, TaskID] = {}
        done: dict[TaskID, int | None] = {}  # None: a stage that counts nothing

        def finish(task: TaskID) -> None:
            count = done[task]
            progress.update(task, total=1 if count is None else count,
                            completed=1 if count is None else count)  # a full bar

        def on_step(step: Step) -> None:
            counted = step.total is not None or step.unit != ""
            if step.number not in tasks:
                for task in tasks.values():
                    finish(task)
                tasks[step.number] = progress.add_task(
                    f"{step.number}/{step.stages} {step.stage}", total=step.total,
                    unit=step.unit, counted=counted)
            task = tasks[step.number]
            done[task] = step.done if counted else None
            progress.update(task, completed=step.done, total=step.total)

        yield on_step
        for task in tasks.values():
            finish(task)


@contextmanager
def byte_bar(description: str, total: int, *,
             disable: bool = False) -> Iterator[Callable[[int], None]]:
    """A callback told the bytes read so far of a file of ``total`` bytes."""
    with bars(disable=disable) as progress:
        task = progress.add_task(description, total=total, unit=BYTES)
        yield lambda read: progress.update(task, completed=read)
        progress.update(task, completed=total)
