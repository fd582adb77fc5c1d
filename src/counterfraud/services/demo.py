"""The demo world: build it from a seed, store it, write its ground truth and corpus.

The reports go through the same ingest path as users' files, so the demo exercises
exactly what a real agency's data would; so do its cases (services.demo_cases: banks,
cases, victims, freeze and takedown requests, suspects, through the case services), and
the ministry's figures of the whole world end it (services.kpi). Each build is marked
in the store until it ends whole (services.demo_folder); an interrupted one may be
resumed: every step is safe to run again (reports are replaced by id, agencies and
agreements made once, cases found by title).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from counterfraud.domain import OPERATOR, ApiRole, IdentifierKind
from counterfraud.screening import CallItem, MessageItem, UrlItem, Verdict
from counterfraud.services import agreements, blocklist, kpi, networks
from counterfraud.services.access import CreatedKey, create_key, ensure_agency
from counterfraud.services.audit import Access
from counterfraud.services.blocklist import PromoteResult
from counterfraud.services.demo_cases import WORLD_START, CasesWritten, write_case_world
from counterfraud.services.demo_folder import CORPUS, GROUND_TRUTH, begin, finish
from counterfraud.services.ingest import BATCH, IngestResult, ingest_records
from counterfraud.services.progress import OnStep, Stages
from counterfraud.services.screening import Item, Screener
from counterfraud.services.store import Store
from counterfraud.simulate import build_world
from counterfraud.store.files import private_file, private_folder, write_private

SAMPLES_PER_LABEL = 3
STAGES = ("building the world", "storing reports", "writing truth and corpus",
          "blocking identifiers", "screening sample messages", "building networks",
          "creating API keys", "analysing agency views", "working cases")


@dataclass
class DemoResult:
    seed: int
    size: str
    ground_truth: Path
    corpus: Path
    ingest: dict[str, IngestResult] = field(default_factory=dict)
    keys: list[CreatedKey] = field(default_factory=list)
    promoted: PromoteResult | None = None
    samples: list[Verdict] = field(default_factory=list)
    networks: networks.BuildSummary | None = None
    cases: CasesWritten | None = None
    figures: kpi.Kpi | None = None

    @property
    def reports(self) -> int:
        return sum(r.accepted for r in self.ingest.values())


def run_demo(store: Store, *, seed: int, size: str, out_dir: Path,
             on_step: OnStep | None = None, resume: bool = False) -> DemoResult:
    """Build and store the world; ``on_step`` is told each stage (STAGES) as it starts,
    and how many reports are stored while they are. ``resume`` finishes the build that
    was interrupted, with its own seed and size (Conflict if there is none)."""
    build, seed, size = begin(store, seed=seed, size=size, resume=resume)
    stages = Stages(STAGES, on_step)
    stages.start("building the world")
    world = build_world(seed=seed, size=size)
    private_folder(out_dir)
    result = DemoResult(seed=seed, size=size, ground_truth=out_dir / GROUND_TRUTH,
                        corpus=out_dir / CORPUS)
    for agency in world.agencies:
        ensure_agency(store, agency)
    agreements.ensure_joint_operation(store, [a.code for a in world.agencies],
                                      reference=f"demo joint operation (seed {seed})")
    stages.start("storing reports", total=world.report_count, unit="reports")
    rows = 0
    for code, batch in _batches_by_agency(world.reports()):
        outcome = ingest_records(store, batch, agency=code)
        result.ingest.setdefault(code, IngestResult(source=f"demo:{code}")).add(outcome)
        rows += len(batch)
        stages.advance(rows)
    stages.start("writing truth and corpus")
    write_private(result.ground_truth, json.dumps(world.ground_truth(), ensure_ascii=False,
                                                  indent=1).encode("utf-8"))
    corpus = world.corpus()
    _write_corpus(result.corpus, corpus)
    stages.start("blocking identifiers")
    blocklist.install_allowlist(store, blocklist.default_allowlist(), actor="demo")
    result.promoted = blocklist.promote_from_reports(store, min_reports=2, actor="demo")
    stages.start("screening sample messages")
    result.samples = _sample_verdicts(store, corpus)
    stages.start("building networks")
    result.networks = networks.build(store)
    stages.start("creating API keys")
    result.keys = [create_key(store, agency=a.code, role=role)
                   for a in world.agencies for role in ApiRole]
    stages.start("analysing agency views")
    networks.refresh_views(store)
    case_world = world.cases()
    stages.start("working cases", total=len(case_world.cases), unit="cases")
    result.cases = write_case_world(store, case_world, world.agencies,
                                    advance=stages.advance)
    result.figures = kpi.kpi(store, OPERATOR, period=kpi.Period(
        WORLD_START.date(), datetime.now(UTC).date()), via=Access(actor="demo",
                                                                   path="demo figures"))
    finish(store, build)
    return result


def _sample_verdicts(store: Store, corpus: list[dict[str, str]]) -> list[Verdict]:
    """A few of the corpus's messages screened against the demo's own blocklist: what an
    operator would see, scored by the shipped default model."""
    screener = Screener.open(store)
    picks = [row for label in ("scam", "legit") for row in
             [r for r in corpus if r["label"] == label][:SAMPLES_PER_LABEL]]
    items: list[Item] = [MessageItem(id=f"{row['label']}-{row['lang']}-{i}", text=row["text"])
                         for i, row in enumerate(picks)]
    for entry in blocklist.entries(store, kind=IdentifierKind.PHONE, limit=1):
        items.append(CallItem(id="call-from-a-reported-number", caller=entry.value,
                              callee=None))
    for entry in blocklist.entries(store, kind=IdentifierKind.URL, limit=1):
        items.append(UrlItem(id="reported-url", value=entry.value))
    return screener.screen(items)


def _batches_by_agency(rows: Iterator[tuple[str, dict[str, str]]]) -> Iterator[
        tuple[str, list[tuple[int, Mapping[str, object]]]]]:
    """Group the world's interleaved rows into per-agency batches, keeping their order."""
    pending: dict[str, list[tuple[int, Mapping[str, object]]]] = {}
    for number, (code, row) in enumerate(rows, start=1):
        batch = pending.setdefault(code, [])
        batch.append((number, row))
        if len(batch) >= BATCH:
            yield code, pending.pop(code)
    yield from pending.items()


def _write_corpus(path: Path, corpus: list[dict[str, str]]) -> None:
    columns = ["text", "label", "lang", "category"]
    with private_file(path).open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(corpus)
