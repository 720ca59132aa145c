"""The curriculum loader fuzzed over mutated real files.

Real files: the bundled catalogue and, when present, the public prerequisite graphs
in ``../shared/data/prerequisite-graphs`` (read in place, never copied into the repo).
Hypothesis mutates their bytes and lines (flip, insert, delete, duplicate, swap,
re-indent, truncate) and the checker must answer with located problems only: never an
exception, every problem at a real line of the named file, within a few seconds.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnpath.catalogue.loader import check_paths, load_catalogue
from learnpath.catalogue.problems import CurriculumError

REPO = Path(__file__).resolve().parents[2]
GRAPHS = REPO.parent / "shared" / "data" / "prerequisite-graphs"
BUNDLED = sorted((REPO / "curricula").glob("*.yaml"))
SHARED = ["metacademy-2015.yaml", "metacademy-content.yaml", "ossu-cs.yaml"]

#: Mutated versions checked per file (``LEARNPATH_FUZZ_EXAMPLES`` for more); the
#: slowest file checks in about 0.3 s.
EXAMPLES = min(1000, int(os.environ.get("LEARNPATH_FUZZ_EXAMPLES", "15")))
#: "A few seconds": the most one check of one mutated file may take.
SECONDS = 5.0
COUNT = {"examples": 0, "syntax": 0, "parsed": 0}


def _files():
    out = [pytest.param(p, id=f"curricula/{p.name}") for p in BUNDLED[:3]]
    for name in SHARED:
        out.append(pytest.param(GRAPHS / name, id=f"shared/{name}"))
    return out


@st.composite
def mutations(draw, data: bytes):
    """``data`` with one to three byte or line mutations."""
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ["flip", "insert", "delete", "dup-line", "drop-line", "swap", "indent", "cut"]
                + ["value", "value", "value", "key"]  # semantic: the YAML still parses
            )
        )
        lines = data.split(b"\n")
        n = max(1, len(lines))
        if kind == "flip" and data:
            i = draw(st.integers(0, len(data) - 1))
            byte = draw(st.integers(32, 126) | st.sampled_from([0, 9, 10, 13, 0xC3, 0xFF]))
            data = data[:i] + bytes([byte]) + data[i + 1 :]
        elif kind == "insert":
            i = draw(st.integers(0, len(data)))
            junk = draw(
                st.sampled_from(
                    [b":", b"- ", b"[", b"{", b"&a", b"*a", b"!!python/object", b"\t", b"<<: *a"]
                )
                | st.text(min_size=1, max_size=8).map(str.encode)
                | st.binary(min_size=1, max_size=4)
            )
            data = data[:i] + junk + data[i:]
        elif kind == "delete" and data:
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + data[i + draw(st.integers(1, 40)) :]
        elif kind == "dup-line":
            i = draw(st.integers(0, n - 1))
            data = b"\n".join(lines[: i + 1] + lines[i:])
        elif kind == "drop-line":
            i = draw(st.integers(0, n - 1))
            data = b"\n".join(lines[:i] + lines[i + 1 :])
        elif kind == "swap":
            i, j = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif kind == "indent":
            i = draw(st.integers(0, n - 1))
            lines[i] = draw(st.sampled_from([b"  ", b" ", b"    "])) + lines[i]
            data = b"\n".join(lines)
        elif kind in ("value", "key"):
            keyed = [k for k, line in enumerate(lines) if b": " in line]
            if keyed:
                k = draw(st.sampled_from(keyed))
                key, _, value = lines[k].partition(b": ")
                if kind == "value":
                    other = lines[draw(st.sampled_from(keyed))].partition(b": ")[2]
                    value = draw(
                        st.sampled_from(
                            [b"-1", b"0", b"1e309", b"abc", b"[]", b"{}", b"null", b"''", b"~"]
                            + [b"[" + value + b", " + value + b"]", b"x" * 300, other]
                        )
                    )
                else:
                    i = draw(st.integers(0, max(0, len(key) - 1)))
                    key = key[:i] + b"q" + key[i + 1 :]
                lines[k] = key + b": " + value
                data = b"\n".join(lines)
        elif kind == "cut":
            data = data[: draw(st.integers(0, len(data)))]
    return data


@pytest.mark.parametrize("original", _files())
def test_mutated_real_files_give_located_problems_only(original: Path, tmp_path_factory):
    if not original.exists():
        pytest.skip(f"{original} is absent (../shared/data is not beside the checkout)")
    data = original.read_bytes()
    folder = tmp_path_factory.mktemp("fuzz")
    target = folder / original.name

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutations(data))
    def check(mutated: bytes):
        COUNT["examples"] += 1
        syntax = False
        target.write_bytes(mutated)
        n_lines = mutated.count(b"\n") + 2
        began = time.monotonic()
        report = check_paths([target])  # must not raise
        elapsed = time.monotonic() - began
        assert elapsed < SECONDS, f"{elapsed:.1f} s for one file"
        for p in report.problems:
            assert Path(p.file).name == original.name, p
            assert 1 <= p.line <= n_lines and p.column >= 1, p
            assert p.severity in ("error", "warning") and p.message.strip(), p
            syntax = syntax or "YAML" in p.message or "UTF-8" in p.message
        COUNT["syntax" if syntax else "parsed"] += 1
        # and loading either works or raises the one located error
        try:
            load_catalogue([target], cache=False)
        except CurriculumError as exc:
            assert exc.problems and all(p.line >= 1 for p in exc.problems)

    check()


def test_the_mutations_reach_past_the_yaml_parser():
    """Most mutated files still parse, so validation and cross-checks are fuzzed too."""
    if COUNT["examples"] == 0:
        pytest.skip("the fuzz test did not run in this session")
    print("loader fuzz:", COUNT)
    assert COUNT["parsed"] > COUNT["examples"] / 3, COUNT
