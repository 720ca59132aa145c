"""Quality and speed of ``learnpath match`` and of the placement check.

    python tests/benchmarks/bench_match.py              # quality, then speed
    python tests/benchmarks/bench_match.py --quality    # precision and recall only
    python tests/benchmarks/bench_match.py --json       # machine-readable rows
    python tests/benchmarks/bench_match.py --errors     # each posting's misses

Quality: precision and recall of the skills asked for (confidence >= 0.5) against the
labels of ``match_corpus.yaml`` (postings written for these tests, labelled from their
meaning), micro-averaged over all postings, and per field. Goals: precision >= 0.9,
recall >= 0.8.

Speed, as ratios to a floor measured in the same run:
- ``match_text`` on a two-page posting against the 10k-module synthetic catalogue (with
  the bundled skills added, so that the posting has something to find): < 50 ms per call,
  reported as a ratio to one pass of the text through the phrase index;
- ``learnpath match FILE --json`` as a whole command: <= 3x ``python -c "import yaml"``;
- the placement check at 10k modules: each question chosen in < 50 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import Row  # noqa: E402

CORPUS = HERE / "match_corpus.yaml"
HELD_OUT = HERE / "match_heldout.yaml"
POSTING = HERE / "match_two_page_posting.txt"


def load_corpus(path: Path = CORPUS) -> list[dict]:
    """The labelled postings: ``[{"id", "field", "text", "skills", "nice_to_have"}]``."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["postings"]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def evaluate(catalogue, postings: list[dict]) -> tuple[Score, dict[str, Score], list[dict]]:
    """Micro-averaged score, the score per field, and per posting what was missed."""
    from learnpath.matching import match_text

    total, by_field, details = Score(), defaultdict(Score), []
    for posting in postings:
        found = {s.id for s in match_text(catalogue, posting["text"]).asked}
        want = set(posting["skills"])
        tp, fp, fn = len(found & want), len(found - want), len(want - found)
        for score in (total, by_field[posting["field"]]):
            score.tp += tp
            score.fp += fp
            score.fn += fn
        details.append(
            {"id": posting["id"], "extra": sorted(found - want), "missed": sorted(want - found)}
        )
    return total, dict(by_field), details


def quality_rows(catalogue) -> tuple[list[Row], list[dict], dict[str, Score]]:
    """Precision and recall on the corpus (the goals) and on the held-out postings
    (reported: written after the tuning, a fairer estimate of new postings)."""
    rows: list[Row] = []
    all_details: list[dict] = []
    for size, path, goal in (("corpus", CORPUS, True), ("held-out", HELD_OUT, False)):
        postings = load_corpus(path)
        total, by_field, details = evaluate(catalogue, postings)
        note = f"{len(postings)} postings, {total.tp + total.fn} labels"
        if goal:
            fields, all_details = by_field, details
        else:
            all_details += details
        rows += [
            Row("match precision", size, total.precision, 1, "", total.precision,
                ">= 0.9" if goal else "report", total.precision >= 0.9 or not goal, note),
            Row("match recall", size, total.recall, 1, "", total.recall,
                ">= 0.8" if goal else "report", total.recall >= 0.8 or not goal, note),
        ]  # fmt: skip
    return rows, all_details, fields


# ----------------------------------------------------------------- speed


def _catalogue_10k(tmp: Path):
    """The 10k-module synthetic catalogue with the bundled skills (aliases and all) added."""
    from synthetic import write_catalogue

    from learnpath.catalogue.loader import load_catalogue
    from learnpath.config import bundled_curricula

    folder = tmp / "10k"
    write_catalogue(10_000, folder)
    return load_catalogue([folder, bundled_curricula()], cache=False)


def bench_match_speed(catalogue, repeat: int = 30) -> Row:
    from learnpath.matching import match_text
    from learnpath.matching.index import index_of
    from learnpath.matching.text import tokens

    text = POSTING.read_text(encoding="utf-8")
    index = index_of(catalogue)  # built once per catalogue, as in a server or a command
    match_text(catalogue, text)

    def floor() -> int:
        return index.first_words(tokens(text))

    values, floors = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        match_text(catalogue, text)
        values.append(time.perf_counter() - start)
        start = time.perf_counter()
        floor()
        floors.append(time.perf_counter() - start)
    value, base = statistics.median(values), statistics.median(floors)
    words = len(text.split())
    return Row("match, 2-page posting", "10k", value * 1e3, base * 1e3, "ms", value / base,
               "< 50 ms", value < 0.050,
               f"{words} words; floor: one pass of the text through the phrase index")  # fmt: skip


def bench_match_cli(repeat: int = 15) -> Row:
    sys.path.insert(0, str(HERE))
    from run import _compile_bytecode

    from learnpath.catalogue.loader import load_catalogue

    _compile_bytecode()
    load_catalogue()  # warms the compiled cache of the bundled catalogue
    command = [str(Path(sys.executable).parent / "learnpath"), "match", str(POSTING), "--json"]
    floor_cmd = [sys.executable, "-c", "import yaml"]

    def run(cmd) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

    run(command), run(floor_cmd)
    values, floors = [], []
    for _ in range(repeat):
        values.append(run(command))
        floors.append(run(floor_cmd))
    value, base = statistics.median(values), statistics.median(floors)
    return Row("CLI `learnpath match --json`", "bundled", value * 1e3, base * 1e3, "ms",
               value / base, "<= 3x", value / base <= 3,
               "floor: python -c 'import yaml'; bytecode compiled")  # fmt: skip


def bench_assess_speed(catalogue, questions: int = 12) -> Row:
    """The slowest of 12 questions (answered yes, no, yes...) over every skill, against
    a floor of one plain pass over the skills that counts, for each, the open skills it
    needs (the least any choice of question has to look at)."""
    from learnpath.placement import Placement

    placement = Placement.of(catalogue)
    needs = placement._needs  # the structure the questions are chosen on
    open_mask = (1 << len(catalogue.skills)) - 1

    def floor() -> int:
        return sum((mask & open_mask).bit_count() for mask in needs.values())

    times, floors = [], []
    answers: dict[str, bool] = {}
    for k in range(questions):
        start = time.perf_counter()
        question = placement.next_question(answers)
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        floor()
        floors.append(time.perf_counter() - start)
        if question is None:
            break
        answers[question] = k % 2 == 0
    worst, base = max(times), statistics.median(floors)
    return Row("placement: choose a question", "10k", worst * 1e3, base * 1e3, "ms",
               worst / base, "< 50 ms", worst < 0.050,
               f"slowest of {len(times)} questions over {len(catalogue.skills)} skills; "
               "floor: one pass counting each skill's open prerequisites")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", action="store_true", help="precision and recall only")
    parser.add_argument("--errors", action="store_true", help="list each posting's misses")
    parser.add_argument("--json", action="store_true", help="print rows as JSON")
    args = parser.parse_args()
    from learnpath.catalogue.loader import load_catalogue

    rows, details, by_field = quality_rows(load_catalogue())
    if not args.quality:
        with tempfile.TemporaryDirectory() as tmp:
            big = _catalogue_10k(Path(tmp))
            rows.append(bench_match_speed(big))
            rows.append(bench_assess_speed(big))
        rows.append(bench_match_cli())
        from run import bench_cli_startup

        reference = bench_cli_startup()  # the same machine, the same minute
        reference.note += " (reference: learnpath path, same run)"
        rows.append(reference)
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=2))
    else:
        print(f"{'target':32} {'size':>7} {'value':>10} {'floor':>10} {'ratio':>7} {'goal':>9}")
        for r in rows:
            print(
                f"{r.target:32} {r.size:>7} {r.value:>8.3g}{r.unit:>2} {r.floor:>8.3g}{r.unit:>2} "
                f"{r.ratio:>6.2f}x {r.goal:>9}  {'PASS' if r.ok else 'FAIL'}  {r.note}"
            )
        print("\nper field:")
        for name, score in sorted(by_field.items()):
            print(f"  {name:20} precision {score.precision:.2f}  recall {score.recall:.2f}")
        if args.errors:
            for d in details:
                if d["extra"] or d["missed"]:
                    print(f"{d['id']}: extra {d['extra']} missed {d['missed']}")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
