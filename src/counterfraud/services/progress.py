"""Progress of the long use cases (the demo, training), told to whoever shows it: the
command line draws it as bars with the stage, the count and the time left."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Step:
    """Stage ``number`` of ``stages`` is ``stage``; ``done`` of ``total`` (None: not
    known) ``unit`` are finished in it."""

    stage: str
    number: int
    stages: int
    done: int = 0
    total: int | None = None
    unit: str = ""


OnStep = Callable[[Step], None]


class Stages:
    """Tells ``on_step`` (if any) of each stage of a fixed list as it starts and moves."""

    def __init__(self, names: tuple[str, ...], on_step: OnStep | None) -> None:
        self.names = names
        self.on_step = on_step
        self.step: Step | None = None

    def start(self, name: str, *, total: int | None = None, unit: str = "") -> None:
        self.step = Step(name, self.names.index(name) + 1, len(self.names), 0, total, unit)
        self._tell(self.step)

    def advance(self, done: int, *, total: int | None = None) -> None:
        """``done`` of the current stage so far (and its ``total``, once known)."""
        if self.step is not None:
            self.step = replace(self.step, done=done,
                                total=self.step.total if total is None else total)
            self._tell(self.step)

    def _tell(self, step: Step) -> None:
        if self.on_step is not None:
            self.on_step(step)
