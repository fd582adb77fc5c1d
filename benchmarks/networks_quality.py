"""How well link analysis recovers the demo world's networks, groups and core members.

    .venv/bin/python benchmarks/networks_quality.py --sizes small,medium
    .venv/bin/python benchmarks/networks_quality.py --sizes small --sweep 0.0001,0.0005,0.002

Rows of the demo world go through ``parse_report_row`` (region = the agency's country)
into ReportFacts and Sightings, then ``build_graph`` + ``analyse``. Figures compare with
the ground truth over the identifiers found in both:

- networks: ARI / NMI / purity of predicted networks against the ground-truth
  ``network`` of each group (groups joined by shared payment identifiers);
- groups: ARI / NMI / purity of communities against ground-truth groups (identifiers
  shared by several groups left out);
- core recall: true core members found among the top 2k ranked members of the network
  holding most of the true network (k = its number of true core members);
- noise: noise identifiers / hotlines that ended up as network members, and predicted
  networks mixing members of several true networks.

Each size runs twice: with the shipped allowlist, and without it (hub rules only).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from importlib import resources
from typing import Any

from sklearn.metrics import (  # type: ignore[import-untyped]
    adjusted_rand_score,
    normalized_mutual_info_score,
)

from counterfraud.domain import AllowlistEntry, IdentifierKind, MatchType
from counterfraud.networks import (
    GraphOptions,
    ReportFacts,
    Sighting,
    analyse,
    build_graph,
)
from counterfraud.report_rows import RowRejected, parse_report_row
from counterfraud.simulate import build_world

Key = tuple[str, str]


def load_allowlist() -> list[AllowlistEntry]:
    text = resources.files("counterfraud.data").joinpath("allowlist.json").read_text("utf-8")
    return [AllowlistEntry(IdentifierKind(e["kind"]), e["value"], MatchType(e["match"]),
                           e["reason"]) for e in json.loads(text)["entries"]]


def world_inputs(size: str, seed: int) -> tuple[list[ReportFacts], list[Sighting], Any]:
    world = build_world(seed, size)
    country = {a.code: a.country for a in world.agencies}
    facts, sightings, rejected = [], [], 0
    for code, row in world.reports():
        try:
            report = parse_report_row(row, agency=code, country=country[code])
        except RowRejected:
            rejected += 1
            continue
        key = f"{code}/{report.report_id}"
        facts.append(ReportFacts(key, code, report.scam_type, report.reported_at,
                                 report.loss_amount, report.loss_currency,
                                 report.victim_country))
        sightings += [Sighting(key, ri.identifier, ri.role) for ri in report.identifiers]
    if rejected:
        print(f"  ({rejected} rows rejected)")
    return facts, sightings, world.ground_truth()


def purity(pred: list[str], true: list[str]) -> float:
    by_pred: dict[str, Counter[str]] = {}
    for p, t in zip(pred, true, strict=True):
        by_pred.setdefault(p, Counter())[t] += 1
    return sum(c.most_common(1)[0][1] for c in by_pred.values()) / max(1, len(pred))


def evaluate(truth: dict[str, Any], analysis: Any) -> dict[str, float]:
    group_of: dict[Key, set[str]] = {}
    net_of_group = {g["id"]: g["network"] for g in truth["groups"]}
    for g in truth["groups"]:
        for m in g["members"]:
            group_of.setdefault((m["kind"], m["value"]), set()).add(g["id"])
    pred_net: dict[Key, str] = {}
    pred_group: dict[Key, str] = {}
    for n in analysis.networks:
        for grp in n.groups:
            for m in grp.members:
                pred_group[(m.kind.value, m.value)] = grp.id
                pred_net[(m.kind.value, m.value)] = n.id
    both = sorted(k for k in pred_net if k in group_of)
    p_n = [pred_net[k] for k in both]
    t_n = [net_of_group[sorted(group_of[k])[0]] for k in both]
    single = [k for k in both if len(group_of[k]) == 1]
    p_g = [pred_group[k] for k in single]
    t_g = [next(iter(group_of[k])) for k in single]
    noise = {(x["kind"], x["value"]) for x in truth["noise"]}
    noise_members = sum(1 for k in pred_net if k in noise or k not in group_of)
    mixed = sum(1 for n in analysis.networks
                if len({net_of_group[sorted(group_of[(m.kind.value, m.value)])[0]]
                        for m in n.members if (m.kind.value, m.value) in group_of}) > 1)
    # core recall, per true network
    found = total = 0
    by_true_net: dict[str, list[Key]] = {}
    core_by_net: dict[str, set[Key]] = {}
    for g in truth["groups"]:
        by_true_net.setdefault(g["network"], []).extend(
            (m["kind"], m["value"]) for m in g["members"])
        core_by_net.setdefault(g["network"], set()).update(
            (m["kind"], m["value"]) for m in g["core_members"])
    nets = {n.id: n for n in analysis.networks}
    for tn, members in by_true_net.items():
        votes = Counter(pred_net[k] for k in members if k in pred_net)
        core = core_by_net[tn]
        total += len(core)
        if not votes:
            continue
        net = nets[votes.most_common(1)[0][0]]
        top = {(c.identifier.kind.value, c.identifier.value)
               for c in net.core_members[:2 * len(core)]}
        found += len(core & top)
    shared = {(s["kind"], s["value"]) for s in truth["shared_payment"]}
    overlap = {(o.kind.value, o.value) for n in analysis.networks for o in n.overlap}
    truth_ids = len(group_of)
    return {
        "coverage": len(both) / max(1, truth_ids),
        "net_ari": adjusted_rand_score(t_n, p_n), "net_nmi": normalized_mutual_info_score(t_n, p_n),
        "net_purity": purity(p_n, t_n),
        "grp_ari": adjusted_rand_score(t_g, p_g), "grp_nmi": normalized_mutual_info_score(t_g, p_g),
        "grp_purity": purity(p_g, t_g),
        "core_recall": found / max(1, total),
        "pred_networks": len(analysis.networks), "true_networks": len(by_true_net),
        "pred_groups": sum(len(n.groups) for n in analysis.networks),
        "true_groups": len(truth["groups"]), "mixed_networks": mixed,
        "noise_members": noise_members, "hubs": len(analysis.hubs),
        "overlap_recall": len(shared & overlap) / max(1, len(shared)),
        "overlap_precision": len(shared & overlap) / max(1, len(overlap)),
    }


def run(size: str, seed: int, resolution: float, allow: bool) -> dict[str, float]:
    facts, sightings, truth = world_inputs(size, seed)
    options = GraphOptions(resolution=resolution)
    t0 = time.perf_counter()
    graph = build_graph(facts, sightings, allowlist=load_allowlist() if allow else (),
                        options=options)
    analysis = analyse(graph, options=options)
    elapsed = time.perf_counter() - t0
    figures = evaluate(truth, analysis)
    figures["seconds"] = elapsed
    figures["vertices"] = graph.g.vcount()
    figures["edges"] = graph.g.ecount()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="small,medium")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--resolution", type=float, default=GraphOptions().resolution)
    parser.add_argument("--sweep", default="", help="comma-separated resolutions to compare")
    parser.add_argument("--no-allowlist-run", action="store_true",
                        help="skip the run without the allowlist")
    args = parser.parse_args()
    resolutions = [float(x) for x in args.sweep.split(",")] if args.sweep else [args.resolution]
    cols = ("net_ari", "net_nmi", "net_purity", "grp_ari", "grp_nmi", "grp_purity",
            "core_recall", "overlap_recall", "overlap_precision")
    print(f"resolution (GraphOptions.resolution, gamma = resolution x 2m): {resolutions}")
    header = ("size", "allowlist", "resolution", *cols, "networks", "groups", "mixed",
              "noise_in", "hubs", "cover", "V", "E", "s")
    print(" | ".join(header))
    for size in args.sizes.split(","):
        for allow in ((True,) if args.no_allowlist_run else (True, False)):
            for res in resolutions:
                f = run(size, args.seed, res, allow)
                print(" | ".join([size, "yes" if allow else "no", f"{res:g}",
                                  *(f"{f[c]:.3f}" for c in cols),
                                  f"{f['pred_networks']:.0f}/{f['true_networks']:.0f}",
                                  f"{f['pred_groups']:.0f}/{f['true_groups']:.0f}",
                                  f"{f['mixed_networks']:.0f}", f"{f['noise_members']:.0f}",
                                  f"{f['hubs']:.0f}", f"{f['coverage']:.3f}",
                                  f"{f['vertices']:.0f}", f"{f['edges']:.0f}",
                                  f"{f['seconds']:.1f}"]), flush=True)


if __name__ == "__main__":
    main()
