"""Interception end to end: the real engine with the default text model, in-process on
one core and on all cores, then over HTTP with a load generator on 127.0.0.1 — each
beside the peer a user would write instead, on the same input in the same run.

    python benchmarks/screening.py [--messages 20000] [--duration 10] [--no-http]

In-process: ``screen_messages`` (extract + index lookup + classify + rules + verdict) on
synthetic short zh/en/th messages against a blocklist of 1,000,000 phones, 800,000
domains and 38,000 IPs/networks (see screening_core.py). Peer: regexes + plain sets for
the lists and a scikit-learn TfidfVectorizer (char_wb 2-4 + word 1-2) + LinearSVC
pipeline for the text, trained on the same demo corpus as our default model.
"Traffic-like" is what a carrier sees: legitimate messages with 0.05% scams, every text
and every sender new (best of 3 runs on disjoint messages); ``extract`` alone is timed on
the same texts; and traffic-like again without and with interceptions counted
(services.interceptions), side by side.

HTTP: ``counterfraud serve`` (uvicorn, 1 and 2 workers) on 127.0.0.1 serving
``POST /v1/screen``, driven
by ``wrk`` (Debian package ``wrk``) for single messages (requests/s, p50/p99 latency)
and for batches of 1,000 (items/s). Index and figures of the index alone:
screening_core.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import screening_core as core

from counterfraud.classifier import TextModel
from counterfraud.identifiers import extract
from counterfraud.screening import MessageItem, ScreeningEngine
from counterfraud.simulate import build_world

BATCH = 1000
_engine: ScreeningEngine | None = None


def default_model() -> TextModel:
    """The shipped default model, as `counterfraud screen` uses it."""
    from counterfraud.services.models import default_model_dir

    return TextModel.load(default_model_dir())


def timed_engine(engine: ScreeningEngine, items: list[MessageItem]) -> tuple[float, int]:
    began = time.perf_counter()
    blocked = 0
    for start in range(0, len(items), BATCH):
        blocked += sum(v.decision.value == "block"
                       for v in engine.screen_messages(items[start:start + BATCH]))
    return time.perf_counter() - began, blocked


def _worker(items: list[MessageItem]) -> tuple[float, int]:
    assert _engine is not None
    return timed_engine(_engine, items)


def all_cores(engine: ScreeningEngine, items: list[MessageItem]) -> float:
    """Messages/s with one process per core; the index is built once and shared by fork."""
    global _engine  # noqa: PLW0603 - inherited by the forked workers
    _engine = engine
    cores = os.cpu_count() or 1
    shares = [items[i::cores] for i in range(cores)]
    began = time.perf_counter()
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(_worker, shares))
    return len(items) / (time.perf_counter() - began)


def realistic_traffic(count: int, seed: int, first: int = 0) -> list[MessageItem]:
    """Unique messages shaped like a carrier's traffic: the demo corpus's legitimate
    messages (OTPs, bank and delivery notices, chat) with 0.05% of its scams mixed in,
    each made unique, and from a sender of its own, so no cache helps. Messages are
    numbered from ``first``: disjoint ranges never share a text or a sender."""
    corpus = build_world(seed=seed, size="small").corpus()
    legit = [r["text"] for r in corpus if r["label"] == "legit"]
    scams = [r["text"] for r in corpus if r["label"] == "scam"]
    every = 2000  # one scam in 2,000 messages
    return [MessageItem(f"t{i}", (scams[i // every % len(scams)] if i % every == 0
                                  else legit[i % len(legit)]) + f" #{i}",
                        sender=f"+66{810000000 + i}") for i in range(first, first + count)]


def traffic_rates(engine: ScreeningEngine, count: int, seed: int,
                  runs: int = 3) -> tuple[float, int, float]:
    """(messages/s of screening, blocked, messages/s of ``extract`` alone) on traffic-like
    messages, best of ``runs`` runs, each on messages and senders never seen before (the
    engine keeps a cache of senders; a repeated run would measure that cache)."""
    best_screen, best_extract, blocked = float("inf"), float("inf"), 0
    region = engine.default_region
    for run in range(runs):
        traffic = realistic_traffic(count, seed, first=run * count)
        took, blocked = timed_engine(engine, traffic)
        best_screen = min(best_screen, took)
        texts = [item.text for item in traffic]
        began = time.perf_counter()
        for text in texts:
            extract(text, region)
        best_extract = min(best_extract, time.perf_counter() - began)
    return count / best_screen, blocked, count / best_extract


def counting_cost(engine: ScreeningEngine, count: int, seed: int,
                  runs: int = 3) -> tuple[float, float]:
    """(messages/s without, with interceptions counted) on traffic-like messages, best of
    ``runs`` each, alternated so that the machine's drift falls on both alike. Counting
    is what ``serve`` and ``screen`` do: an InterceptionCounter adding to a SQLite store
    in a thread of its own every few seconds (services.interceptions)."""
    from counterfraud.services.interceptions import counter_of
    from counterfraud.services.store import open_store
    from counterfraud.settings import Settings

    folder = Path(tempfile.mkdtemp(prefix="cf-bench-counts-"))
    store = open_store(Settings(data_dir=folder, database_url=f"sqlite:///{folder}/cf.db"))
    counter = counter_of(store)
    best = {False: float("inf"), True: float("inf")}
    try:
        for run in range(2 * runs):
            counted = run % 2 == 1
            engine.counter = counter if counted else None
            traffic = realistic_traffic(count, seed, first=(10 + run) * count)
            best[counted] = min(best[counted], timed_engine(engine, traffic)[0])
    finally:
        engine.counter = None
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
    return count / best[False], count / best[True]


def sklearn_peer(items: list[MessageItem]) -> tuple[float, float]:
    """(train seconds, messages/s) of TF-IDF + LinearSVC on the demo corpus."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    corpus = build_world(seed=7, size="small").corpus()
    pipeline = make_pipeline(
        FeatureUnion([("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4),
                                                sublinear_tf=True)),
                      ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True))]),
        LinearSVC())
    began = time.perf_counter()
    pipeline.fit([r["text"] for r in corpus], [r["label"] == "scam" for r in corpus])
    trained = time.perf_counter() - began
    texts = [i.text for i in items]
    began = time.perf_counter()
    for start in range(0, len(texts), BATCH):
        pipeline.decision_function(texts[start:start + BATCH])
    return trained, len(texts) / (time.perf_counter() - began)


def in_process(count: int, seed: int) -> None:
    world = core.World(seed, 1_000_000, 800_000, 38_000)
    index = core.build(world, use_tracemalloc=False)
    model = default_model()
    engine = ScreeningEngine(index, model, default_region="TH")
    items = core.messages(world, count, seed)
    engine.screen_messages(core.messages(world, 200, seed + 1))  # warm: PSL, regexes
    first, blocked = timed_engine(engine, items)
    again = min(timed_engine(engine, items)[0] for _ in range(2))
    unseen = [i.text for i in core.messages(world, count, seed + 2)]  # not in any cache
    scores = time.perf_counter()
    for start in range(0, count, BATCH):
        model.score_many(unseen[start:start + BATCH])
    model_only = count / (time.perf_counter() - scores)
    peer = core.Peer(world)
    began = time.perf_counter()
    flagged = sum(peer.flagged(i.text) for i in items)
    lists_peer = count / (time.perf_counter() - began)
    traffic_rate, traffic_blocked, extract_rate = traffic_rates(engine, count, seed)
    uncounted, counted = counting_cost(engine, count, seed)
    trained, text_peer = sklearn_peer(items)
    combined_peer = 1 / (1 / lists_peer + 1 / text_peer)
    print(f"\nIn-process, {count:,} messages, batches of {BATCH}, default model")
    print(f"  counterfraud, one core, first pass   {count / first:>9,.0f} msgs/s "
          f"({blocked:,} blocked)")
    print(f"  counterfraud, one core, repeated     {count / again:>9,.0f} msgs/s")
    print(f"  counterfraud, all cores (fork)       {all_cores(engine, items):>9,.0f} msgs/s")
    print(f"  counterfraud, one core, traffic-like {traffic_rate:>9,.0f} msgs/s "
          f"({traffic_blocked:,} blocked; legitimate messages with 0.05% scams, "
          "unique texts and senders, best of 3)")
    print(f"  extract() alone, traffic-like        {extract_rate:>9,.0f} msgs/s")
    print(f"  traffic-like, interceptions not counted {uncounted:>6,.0f} msgs/s; counted "
          f"{counted:,.0f} msgs/s (best of 3 each, alternated)")
    print(f"  our text model alone (unseen texts)  {model_only:>9,.0f} msgs/s")
    print(f"  peer lists: regex + sets             {lists_peer:>9,.0f} msgs/s "
          f"({flagged:,} flagged)")
    print(f"  peer text: TF-IDF + LinearSVC        {text_peer:>9,.0f} msgs/s "
          f"(trained in {trained:.1f} s)")
    print(f"  peer lists + text, one core          {combined_peer:>9,.0f} msgs/s")


# --- HTTP --------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(folder: Path) -> tuple[dict[str, str], str]:
    env = {**os.environ, "COUNTERFRAUD_DATA_DIR": str(folder),
           "COUNTERFRAUD_DATABASE_URL": f"sqlite:///{folder}/cf.db",
           "COUNTERFRAUD_REGION": "TH"}
    cli = [sys.executable, "-m", "counterfraud"]
    subprocess.run([*cli, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    key = subprocess.run([*cli, "key", "create", "--agency", "TH-CCIB", "--role", "operator"],
                         env=env, check=True, capture_output=True, text=True).stdout.strip()
    return env, key


def _serve(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "counterfraud", "serve", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers)], env=env,
        stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/health", timeout=1)
            return server, url
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def _wrk(url: str, key: str, body: str, duration: int, connections: int) -> dict[str, float]:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(body)}\n"
        f'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["X-API-Key"] = "{key}"\n', encoding="utf-8")
    threads = min(2, connections)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s",
                          "--latency", "-s", str(script), url + "/v1/screen"],
                         check=True, capture_output=True, text=True).stdout
    script.unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": _ms(lat["50"]), "p99": _ms(lat["99"]),
            "errors": float(errors.group(1)) if errors else 0.0}


def _ms(text: str) -> float:
    value = float(re.match(r"[\d.]+", text).group(0))  # type: ignore[union-attr]
    return value / 1000 if text.endswith("us") else value * 1000 if text.endswith(
        "s") and not text.endswith("ms") else value


def over_http(duration: int) -> None:
    if shutil.which("wrk") is None:
        print("\nHTTP: skipped, no wrk on PATH (apt-get install wrk)")
        return
    folder = Path(tempfile.mkdtemp(prefix="cf-bench-"))
    env, key = _prepare(folder)
    one = json.dumps({"kind": "message", "items": [
        {"id": "1", "text": "【通知】您的包裹异常，请点击 hxxp://sf-express-refund[.]top 办理退款",
         "sender": "+8613800138000"}]})
    many = json.dumps({"kind": "message", "items": [
        {"id": str(i), "text": f"Your OTP is {100000 + i}. Do not share it.",
         "sender": "+66812345678"} for i in range(BATCH)]})
    print(f"\nHTTP POST /v1/screen, uvicorn on 127.0.0.1, wrk for {duration} s per row "
          "(load generator on the same 2 cores)")
    for workers in (1, 2):
        server, url = _serve(env, workers)
        try:
            req = urllib.request.Request(url + "/v1/screen", data=one.encode(),
                                         headers={"X-API-Key": key,
                                                  "Content-Type": "application/json"})
            urllib.request.urlopen(req, timeout=60).read()
            _wrk(url, key, one, 3, connections=8)  # every worker builds its screener
            alone = _wrk(url, key, one, duration, connections=1)
            single = _wrk(url, key, one, duration, connections=8)
            batch = _wrk(url, key, many, duration, connections=2)
        finally:
            server.terminate()
            server.wait(30)
        print(f"  {workers} worker(s): one client, one message at a time: p50 "
              f"{alone['p50']:.2f} ms, p99 {alone['p99']:.2f} ms ({alone['rps']:,.0f} req/s)")
        print(f"  {workers} worker(s): 8 clients, single message {single['rps']:>7,.0f} req/s, "
              f"p50 {single['p50']:.2f} ms, p99 {single['p99']:.2f} ms; "
              f"batches of {BATCH}: {batch['rps'] * BATCH:>8,.0f} messages/s "
              f"(p99 {batch['p99']:.0f} ms per batch); non-2xx "
              f"{single['errors'] + batch['errors']:.0f}")
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()
    in_process(args.messages, args.seed)
    if not args.no_http:
        over_http(args.duration)


if __name__ == "__main__":
    main()
