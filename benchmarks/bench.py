"""How fast dipkg turns a corpus into a store, measured against the parser alone; prints a table.

The parser is the one expensive step, so every figure is also given as a
ratio to the spaCy pipeline alone (the configuration dipkg loads, the same
batch size) on the same texts:

- spaCy alone in 1 process, and in 2 processes on the two halves of the corpus;
- `convert` (extraction + RDF), `validate` and `load` (embedded store), each
  step alone, in this process, on the first `--steps-n` articles;
- `dipkg build` (all three) with 1 and with `--workers` worker processes;
- the peak resident memory of that build at N and at 4N articles;
- the latency of every named query on the N-article store, over all articles and over
  one (`dipkg query --article`), median of 5.

spaCy alone and `dipkg build` run as fresh processes timed from start to
exit, so both sides pay for starting Python and loading the model once.

The corpus is a JSON Lines file (`--corpus`), or the texts of `examples/` and
any `--from-dir` folders; either way its records are cycled under new ids up
to N (and 4N) articles.

    python benchmarks/bench.py                      # N = 2000, about 20 minutes on 2 cores
    python benchmarks/bench.py --n 200 --from-dir /path/to/more/articles
    python benchmarks/bench.py --corpus wire.jsonl --results benchmarks/RESULTS.md
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEXT_SUFFIXES = (".txt", ".md")
TARGET_RATIO = 0.8
TARGET_MEMORY_GROWTH = 1.25
TARGET_QUERY_MS = 100.0


# ---------------------------------------------------------------- the corpus

def source_records(corpus: Path | None, folders: list[Path]) -> list[dict[str, str]]:
    """The records to cycle: a JSON Lines file's, or one per text file of the folders."""
    if corpus is not None:
        with corpus.open(encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
        return [{k: v for k, v in r.items() if k != "id" and v is not None} for r in records if r.get("text")]
    records = []
    for folder in folders:
        for path in sorted(p for p in folder.iterdir() if p.suffix in TEXT_SUFFIXES):
            record = {"text": path.read_text(encoding="utf-8")}
            found = re.search(r"\d{4}-\d{2}-\d{2}", path.name)  # a dated file name dates the article
            if found:
                record["published"] = found.group()
            records.append(record)
    return records


def write_corpus(records: list[dict[str, str]], n: int, path: Path) -> Path:
    """`n` articles cycling through `records`, each under a new id, as JSON Lines."""
    with path.open("w", encoding="utf-8") as out:
        for i, record in zip(range(n), itertools.cycle(records)):
            out.write(json.dumps({"id": f"bench{i:06d}", **record}) + "\n")
    return path


def read_articles(path: Path) -> list:
    """The articles as dipkg reads them (cleaned texts), failing on any bad record."""
    from dipkg.article import InputError, read_inputs

    articles = list(read_inputs([str(path)]))
    bad = [str(a) for a in articles if isinstance(a, InputError)]
    if bad:
        raise SystemExit(f"bench: bad corpus records: {bad[:3]}")
    return articles


# ---------------------------------------------------------------- processes

@dataclass
class Run:
    seconds: float
    total_mb: float  # the most resident memory of all the processes together (sampled)
    main_mb: float  # the high-water mark of the processes started (VmHWM)
    workers_mb: float  # the same of the largest process they started (the worker processes)


def _proc_status() -> dict[int, dict[str, int]]:
    """PPid, VmRSS and VmHWM (kB) of every process, from /proc (empty where there is none)."""
    found = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if entry.isdigit():
            try:
                lines = Path(f"/proc/{entry}/status").read_text().splitlines()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in lines if ":" in line)
            found[int(entry)] = {key: int(fields.get(key, "0").split()[0] or 0) for key in ("PPid", "VmRSS", "VmHWM")}
    return found


def run_processes(commands: list[list[str]], cwd: Path) -> Run:
    """Start the commands together; the wall time until the last exits, and their memory."""
    started = time.perf_counter()
    logs = [tempfile.TemporaryFile() for _ in commands]
    processes = [subprocess.Popen(c, cwd=cwd, stdout=subprocess.DEVNULL, stderr=log) for c, log in zip(commands, logs)]
    roots = {p.pid for p in processes}
    peak = {"total": 0, "main": 0, "workers": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            status = _proc_status()
            children = {pid for pid, s in status.items() if s["PPid"] in roots}
            peak["total"] = max(peak["total"], sum(status[pid]["VmRSS"] for pid in roots | children if pid in status))
            peak["main"] = max([peak["main"], *(status[pid]["VmHWM"] for pid in roots if pid in status)])
            peak["workers"] = max([peak["workers"], *(status[pid]["VmHWM"] for pid in children)])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    failures = []
    for process, command, log in zip(processes, commands, logs):
        process.wait()
        if process.returncode:
            log.seek(0)
            error = log.read().decode(errors="replace").strip()[-500:]
            failures.append(f"{shlex.join(command)} exited with {process.returncode}: {error}")
        log.close()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if failures:
        raise SystemExit("bench: " + "\n".join(failures))
    return Run(seconds, peak["total"] / 1024, peak["main"] / 1024, peak["workers"] / 1024)


def spacy_alone_main(corpus: Path, part: int, parts: int) -> None:
    """Child process: parse one contiguous part of the corpus with dipkg's spaCy pipeline, nothing else."""
    from dipkg.convert import BATCH_SIZE
    from dipkg.nlp import load_nlp

    articles = read_articles(corpus)
    size = -(-len(articles) // parts)
    texts = [a.text for a in articles[part * size:(part + 1) * size]]
    nlp = load_nlp()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass


def spacy_alone(corpus: Path, processes: int, workdir: Path) -> Run:
    command = [sys.executable, str(Path(__file__).resolve()), "--spacy-only", str(corpus)]
    return run_processes([command + ["--part", f"{i}/{processes}"] for i in range(processes)], workdir)


def build(corpus: Path, store: Path, workers: int, workdir: Path) -> Run:
    command = [sys.executable, "-m", "dipkg", "build", str(corpus), "--store", str(store),
               "--workers", str(workers), "-q"]
    return run_processes([command], workdir)


def best(runs: Iterator[Run], repeat: int) -> Run:
    """The fastest of `repeat` runs (others' work on the machine only ever slows a run down)."""
    return min(itertools.islice(runs, repeat), key=lambda r: r.seconds)


# ---------------------------------------------------------------- the steps alone

@dataclass
class Steps:
    articles: int
    triples: int
    convert: float
    validate: float
    load: float


def steps_alone(articles: list, workdir: Path) -> Steps:
    """convert (extraction + RDF), then validate and load its chunks, each step timed alone in this process."""
    from dipkg.convert import convert_stream
    from dipkg.nlp import load_nlp
    from dipkg.serialize import read_dataset
    from dipkg.store import EmbeddedStore
    from dipkg.validate import default_validator

    nlp = load_nlp()
    validator = default_validator()
    started = time.perf_counter()
    chunks = list(convert_stream(articles, validate=False, nlp=nlp))
    convert = time.perf_counter() - started
    validate = 0.0
    for chunk in chunks:
        triples = [(s, p, o) for s, p, o, _ in read_dataset(chunk.nquads, "nquads").quads((None, None, None, None))]
        started = time.perf_counter()
        if not validator.conforms(triples):
            raise SystemExit("bench: the converted corpus does not conform to the shapes")
        validate += time.perf_counter() - started
    with EmbeddedStore(workdir / "steps-store") as store:
        started = time.perf_counter()
        for chunk in chunks:
            store.replace_graphs(chunk.nquads, chunk.graphs)
        load = time.perf_counter() - started
    return Steps(sum(len(c.articles) for c in chunks), sum(c.triples for c in chunks), convert, validate, load)


# the least a query can do for each event: find it and name its graph (one quad pattern)
FLOOR_QUERY = "SELECT ?g ?event WHERE { GRAPH ?g { ?event a <https://w3id.org/dipkg/ontology#Event> } }"


@dataclass
class Latency:
    name: str
    whole_ms: float  # over every article of the store
    whole_rows: int
    one_ms: float  # over one article (`--article`)
    one_rows: int


def query_latencies(store_path: Path, article_id: str) -> list[Latency]:
    """Each named query (and the floor query) over the whole store and over one article: median ms of 5, rows."""
    from dipkg.queries import load_query, named_queries, restrict_to_articles
    from dipkg.store import EmbeddedStore

    def median_ms(store: EmbeddedStore, sparql: str) -> tuple[float, int]:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            body = store.query(sparql, "json")
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times), len(json.loads(body)["results"]["bindings"])

    queries = [(name, load_query(name)) for name in named_queries()] + [("(floor: events, graphs)", FLOOR_QUERY)]
    with EmbeddedStore(store_path) as store:
        return [
            Latency(name, *median_ms(store, sparql), *median_ms(store, restrict_to_articles(sparql, [article_id])))
            for name, sparql in queries
        ]


# ---------------------------------------------------------------- report

def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        model = next(line.split(":", 1)[1].strip() for line in lscpu.splitlines() if line.startswith("Model name"))
    except (OSError, subprocess.CalledProcessError, StopIteration):
        pass
    import pyoxigraph
    import spacy

    from dipkg.nlp import model_name

    return (f"{model}, {os.cpu_count()} cores, {platform.system()}; Python {platform.python_version()}, "
            f"spaCy {spacy.__version__} with {model_name()}, pyoxigraph {pyoxigraph.__version__}")


def rate_row(label: str, articles: int, words: int | None, triples: int | None, seconds: float,
             base: float | None) -> list[str]:
    rate = articles / seconds
    return [
        label,
        f"{rate:,.1f}",
        f"{words / seconds:,.0f}" if words is not None else "",
        f"{triples / seconds:,.0f}" if triples is not None else "",
        f"{1000 * seconds / articles:,.1f}",
        f"{rate / base:.2f}" if base else "1.00",
    ]


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def check(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles (the memory test also runs 4N)")
    parser.add_argument("--corpus", type=Path, help="a JSON Lines corpus to cycle through")
    parser.add_argument("--from-dir", type=Path, action="append", default=[],
                        help="more folders of .txt/.md articles (examples/ is always used)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the parallel build")
    parser.add_argument("--steps-n", type=int, default=256, help="articles for the convert/validate/load steps")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each timed build or parse; the best counts")
    parser.add_argument("--results", type=Path, help="also write the report as Markdown to this file")
    parser.add_argument("--spacy-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--part", default="0/1", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spacy_only:
        part, parts = map(int, args.part.split("/"))
        spacy_alone_main(args.spacy_only, part, parts)
        return

    records = source_records(args.corpus, [REPO / "examples", *args.from_dir])
    if not records:
        raise SystemExit("bench: no articles to cycle through")
    n, k = args.n, args.workers
    with tempfile.TemporaryDirectory(prefix="dipkg-bench-") as tmp:
        work = Path(tmp)
        corpus = write_corpus(records, n, work / "corpus.jsonl")
        articles = read_articles(corpus)
        words = sum(len(a.text.split()) for a in articles)
        say = lambda text: print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)  # noqa: E731

        say(f"spaCy alone, 1 process, {n} articles")
        spacy1 = best((spacy_alone(corpus, 1, work) for _ in itertools.count()), args.repeat)
        say(f"spaCy alone, {k} processes")
        spacy_k = best((spacy_alone(corpus, k, work) for _ in itertools.count()), args.repeat)
        say(f"convert, validate, load alone, {min(n, args.steps_n)} articles")
        steps = steps_alone(articles[:args.steps_n], work)
        say("build, 1 worker")
        stores = (work / f"store-1-{i}" for i in itertools.count())
        build1 = best((build(corpus, next(stores), 1, work) for _ in itertools.count()), args.repeat)
        store1 = next(p for p in sorted(work.glob("store-1-*")))
        say(f"build, {k} workers")
        stores_k = (work / f"store-{k}-{i}" for i in itertools.count())
        build_k = best((build(corpus, next(stores_k), k, work) for _ in itertools.count()), args.repeat)
        say(f"build, {k} workers, {4 * n} articles (memory)")
        corpus4 = write_corpus(records, 4 * n, work / "corpus4.jsonl")
        build_4n = build(corpus4, work / "store-4n", k, work)
        say("named queries")
        latencies = query_latencies(store1, articles[n // 2].id)
        from dipkg.store import EmbeddedStore

        with EmbeddedStore(store1) as store:
            quads = store.count()

    s1 = n / spacy1.seconds
    sk = n / spacy_k.seconds
    rows = [
        rate_row("spaCy alone, 1 process", n, words, None, spacy1.seconds, None),
        rate_row(f"spaCy alone, {k} processes", n, words, None, spacy_k.seconds, s1),
        rate_row("convert (extraction + RDF)", steps.articles, None, steps.triples, steps.convert, s1),
        rate_row("validate", steps.articles, None, steps.triples, steps.validate, s1),
        rate_row("load (embedded store)", steps.articles, None, steps.triples, steps.load, s1),
        rate_row("build, 1 worker", n, words, quads, build1.seconds, s1),
        rate_row(f"build, {k} workers (ratio to spaCy in {k} processes)", n, words, quads, build_k.seconds, sk),
    ]
    ratio1 = (n / build1.seconds) / s1
    ratio_k = (n / build_k.seconds) / sk
    growth = build_4n.total_mb / build_k.total_mb
    slowest_whole = max(latencies[:-1], key=lambda entry: entry.whole_ms)
    slowest_one = max(latencies[:-1], key=lambda entry: entry.one_ms)
    lines = [
        f"N = {n:,} articles ({len(records)} source texts cycled, {words / n:,.0f} words and "
        f"{quads / n:,.0f} triples an article); convert, validate and load alone on the first {steps.articles}.",
        "",
        table(["step", "articles/s", "words/s", "triples/s", "ms/article", "ratio to spaCy"], rows),
        "",
        table(
            ["peak resident memory", f"{n:,} articles", f"{4 * n:,} articles", "4N / N"],
            [[label, f"{at_n:,.0f} MB", f"{at_4n:,.0f} MB", f"{at_4n / at_n:.2f}"] for label, at_n, at_4n in [
                (f"build, {k} workers: all processes", build_k.total_mb, build_4n.total_mb),
                ("  main process (reads, loads the store)", build_k.main_mb, build_4n.main_mb),
                ("  largest worker (parses, converts)", build_k.workers_mb, build_4n.workers_mb),
            ]] + [["build, 1 worker", f"{build1.main_mb:,.0f} MB", "", ""]],
        ),
        "",
        table(["named query", f"median ms, all {n:,} articles", "rows", "median ms, one article", "rows"],
              [[q.name, f"{q.whole_ms:,.1f}", f"{q.whole_rows:,}", f"{q.one_ms:,.1f}", f"{q.one_rows:,}"]
               for q in latencies]),
        "",
        f"- build, 1 worker: {ratio1:.2f} of spaCy alone (target {TARGET_RATIO}): {check(ratio1 >= TARGET_RATIO)}",
        f"- build, {k} workers: {ratio_k:.2f} of spaCy alone in {k} processes (target {TARGET_RATIO}): "
        f"{check(ratio_k >= TARGET_RATIO)}",
        f"- peak memory at 4N: {growth:.2f} of that at N (target <= {TARGET_MEMORY_GROWTH}): "
        f"{check(growth <= TARGET_MEMORY_GROWTH)}",
        f"- slowest named query on one article (`--article`): {slowest_one.name}, {slowest_one.one_ms:.1f} ms "
        f"(target < {TARGET_QUERY_MS:.0f} ms): {check(slowest_one.one_ms < TARGET_QUERY_MS)}",
        f"- slowest named query over all {n:,} articles: {slowest_whole.name}, {slowest_whole.whole_ms:.1f} ms "
        f"(target < {TARGET_QUERY_MS:.0f} ms): {check(slowest_whole.whole_ms < TARGET_QUERY_MS)}",
    ]
    report = "\n".join(lines)
    print(report)
    if args.results:
        command = shlex.join(["python", "benchmarks/bench.py", *sys.argv[1:]])
        args.results.write_text(
            f"# Corpus speed\n\n- date: {date.today().isoformat()}\n- machine: {machine()}\n"
            f"- command: `{command}`\n\n"
            "spaCy alone and `dipkg build` are fresh processes timed from start to exit (Python start-up and "
            "model loading included on both sides); convert, validate and load are timed alone in one process. "
            f"Runs per figure: best of {args.repeat}.\n\n{report}\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
