"""Entity resolution for persons: the same suspect reported by several agencies under
differently written names, matched on document number, birth date, nationality, name
and shared neighbours. Never merged silently: matches are listed with their reasons,
and only those scoring at least ``GraphOptions.person_edge_threshold`` become extra
edges of type ``same_person_candidate``.

Scores (capped at 1): same document +0.6, same birth date +0.25, same nationality
+0.05, similar Latin-script names (sorted tokens, difflib ratio >= 0.85) +0.3 x ratio,
names alike across scripts (Chinese or Thai against Latin, through
:mod:`counterfraud.networks.romanize`: ratio >= 0.8 once both are in folded Latin
letters) +0.3 x ratio, the same name in any other script +0.3, shared neighbours +0.1
each up to +0.3. A different document, birth date or nationality on both sides rules
the pair out. A name alone (at most 0.3) never reaches ``MIN_SCORE``: it adds to a
document, a birth date or shared neighbours, and every reason is listed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import TYPE_CHECKING

from counterfraud.errors import InvalidInput
from counterfraud.identifiers import Identifier, IdentifierKind, normalize
from counterfraud.networks.model import SAME_PERSON, PersonMatch
from counterfraud.networks.romanize import latin_forms, phonetic_key, script_of, sounds_alike

if TYPE_CHECKING:
    from counterfraud.networks.graph import IdentifierGraph

__all__ = ["add_person_edges", "person_matches"]

MIN_SCORE = 0.5
_NAME_RATIO = 0.85
_CROSS_SCRIPT_RATIO = 0.8  # transliterations differ more than two Latin spellings do
MAX_BUCKET = 50  # a birth date or neighbour shared by more persons is no evidence
_MAX_NEIGHBOUR_DEGREE = 50


def person_fields(person: Identifier) -> dict[str, str]:
    details = person.details
    if "name" not in details:
        try:
            details = normalize(IdentifierKind.PERSON, person.value).details
        except InvalidInput:
            details = {"name": person.value.split("|")[0]}
    return {k: str(details.get(k) or "") for k in ("name", "birth_date", "nationality",
                                                    "document")}


def _latin(name: str) -> bool:
    return all(c.isascii() for c in name)


def _name_key(name: str) -> str:
    return " ".join(sorted(name.replace("-", " ").split()))


def _score(a: dict[str, str], b: dict[str, str], shared: int) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    for key, weight, label in (("document", 0.6, "same document"),
                               ("birth_date", 0.25, "same birth date"),
                               ("nationality", 0.05, "same nationality")):
        if a[key] and b[key]:
            if a[key] != b[key]:
                return 0.0, [f"different {key.replace('_', ' ')}"]
            score += weight
            reasons.append(f"{label} {a[key]}")
    name_score, name_reason = _name_score(a["name"], b["name"])
    if name_reason:
        score += name_score
        reasons.append(name_reason)
    if shared:
        score += min(0.3, 0.1 * shared)
        reasons.append(f"{shared} shared linked identifier{'s' if shared > 1 else ''}")
    return min(1.0, score), reasons


def _name_score(a: str, b: str) -> tuple[float, str]:
    """What the names add, and why ("" when they add nothing)."""
    if _latin(a) and _latin(b):
        ratio = difflib.SequenceMatcher(None, _name_key(a), _name_key(b)).ratio()
        if ratio >= _NAME_RATIO:
            return 0.3 * ratio, f"similar names ({ratio:.2f})"
        return 0.0, ""
    if a == b:
        return 0.3, "same name"
    if script_of(a) == script_of(b):
        return 0.0, ""
    ratio = sounds_alike(a, b, floor=_CROSS_SCRIPT_RATIO)
    if ratio < _CROSS_SCRIPT_RATIO:
        return 0.0, ""
    native, latin = (a, b) if _latin(b) else (b, a)
    read = latin_forms(native)[0] if latin_forms(native) else native
    return 0.3 * ratio, f"names alike across scripts ({native} read {read} ~ {latin}, {ratio:.2f})"


def _sound_keys(name: str) -> set[str]:
    """Buckets for cross-script candidates: the first letters of each folded word."""
    return {w[:3] for form in latin_forms(name) for w in phonetic_key(form) if len(w) > 1}


def _candidates(fields: list[dict[str, str]], neighbours: list[set[int]]
                ) -> set[tuple[int, int]]:
    buckets: dict[tuple[str, str], list[int]] = {}
    sounds: dict[str, list[int]] = {}
    for i, f in enumerate(fields):
        for key in ("document", "birth_date"):
            if f[key]:
                buckets.setdefault((key, f[key]), []).append(i)
        if _latin(f["name"]):
            buckets.setdefault(("name", _name_key(f["name"])[:3]), []).append(i)
        for v in neighbours[i]:
            buckets.setdefault(("nb", str(v)), []).append(i)
        for key in _sound_keys(f["name"]):
            sounds.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if 1 < len(members) <= MAX_BUCKET:
            pairs.update(combinations(sorted(set(members)), 2))
    scripts = [script_of(f["name"]) for f in fields]
    for members in sounds.values():  # only pairs of different scripts: the rest is above
        if 1 < len(members) <= MAX_BUCKET and len({scripts[i] for i in members}) > 1:
            pairs.update((i, j) for i, j in combinations(sorted(set(members)), 2)
                         if scripts[i] != scripts[j])
    return pairs


def person_matches(persons: Sequence[Identifier], graph: IdentifierGraph | None = None, *,
                   min_score: float = MIN_SCORE) -> list[PersonMatch]:
    """Scored candidate pairs among ``persons``, best first (see the module docstring)."""
    people = sorted({p for p in persons if p.kind is IdentifierKind.PERSON},
                    key=lambda p: p.value)
    fields = [person_fields(p) for p in people]
    neighbours = [_neighbours(graph, p) for p in people]
    out = []
    for i, j in sorted(_candidates(fields, neighbours)):
        score, reasons = _score(fields[i], fields[j], len(neighbours[i] & neighbours[j]))
        if score >= min_score:
            out.append(PersonMatch(people[i], people[j], round(score, 3), tuple(reasons)))
    out.sort(key=lambda m: (-m.score, m.a.value, m.b.value))
    return out


def _neighbours(graph: IdentifierGraph | None, person: Identifier) -> set[int]:
    if graph is None or person not in graph.index:
        return set()
    g = graph.g
    return {v for v in g.neighbors(graph.index[person])
            if g.degree(v) <= _MAX_NEIGHBOUR_DEGREE
            and graph.identifiers[v].kind is not IdentifierKind.PERSON}


def add_person_edges(graph: IdentifierGraph, persons: Iterable[Identifier] | None = None) -> None:
    """List matches on ``graph`` and add candidate edges for the strong ones."""
    people = list(persons) if persons is not None else [
        i for i in graph.identifiers if i.kind is IdentifierKind.PERSON]
    matches = person_matches(people, graph)
    graph.person_matches = matches
    from counterfraud.networks.graph import LINK_BITS
    threshold = graph.options.person_edge_threshold
    for m in matches:
        if m.score < threshold:
            continue
        u, v = graph.index[m.a], graph.index[m.b]
        weight = graph.options.person_edge_weight * m.score
        eid = graph.g.get_eid(u, v, error=False)
        if eid >= 0:
            graph.g.es[eid]["weight"] += weight
            graph.edge_masks[eid] |= LINK_BITS[SAME_PERSON]
        else:
            graph.g.add_edge(u, v, weight=weight)
            graph.edge_masks.append(LINK_BITS[SAME_PERSON])
