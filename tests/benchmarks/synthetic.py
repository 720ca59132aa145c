"""A seeded generator of large synthetic catalogues in curriculum format v1.

Layered like real curricula: every module requires 1 to 4 skills from earlier layers and
teaches 1 or 2 skills of its own layer; about 10% of skills have 2 or 3 alternative
teachers that differ in hours and cost; a few "survey" modules teach several skills at
once; 200 niches need 5 to 15 skills each.

Run it on its own to write a catalogue to a folder::

    python tests/benchmarks/synthetic.py 10000 /tmp/cat-10k
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

__all__ = ["generate", "write_catalogue"]

MODULES_PER_FILE = 2_000
LAYERS = 30


def generate(n_modules: int, seed: int = 0, n_niches: int = 200) -> dict[str, list[dict]]:
    """The catalogue as plain data: ``{"skills": [...], "modules": [...], "niches": [...]}``."""
    rng = random.Random(seed)
    n_skills = max(LAYERS * 2, int(n_modules * 1.08))
    layer_of = [i * LAYERS // n_skills for i in range(n_skills)]
    by_layer: list[list[int]] = [[] for _ in range(LAYERS)]
    for i, layer in enumerate(layer_of):
        by_layer[layer].append(i)
    skills = [{"id": f"s{i}", "name": f"Skill {i}"} for i in range(n_skills)]

    def requirements(layer: int) -> list[str]:
        k = rng.randint(1, 4)
        picks = set()
        for _ in range(k):
            lower = max(0, layer - 3)
            pool = by_layer[rng.randint(lower, layer - 1)]
            picks.add(rng.choice(pool))
        return [f"s{i}" for i in sorted(picks)]

    modules: list[dict] = []

    def add(teaches: list[int], layer: int, kind: str) -> None:
        hours = rng.choice([2, 3, 4, 6, 8, 10, 12, 16, 20, 30, 40])
        module = {
            "id": f"m{len(modules)}",
            "title": f"{kind} {len(modules)}",
            "teaches": [f"s{i}" for i in teaches],
            "requires": requirements(layer),
            "hours": hours * (len(teaches) if kind == "Survey" else 1),
        }
        if rng.random() < 0.5:
            module["cost"] = rng.choice([0, 0, 20, 49, 99, 300])
        modules.append(module)

    taught = set()
    for i in range(n_skills):
        layer = layer_of[i]
        if layer == 0 or i in taught:
            continue  # layer 0 holds the entry skills
        teaches = [i]
        if rng.random() < 0.3 and i + 1 < n_skills and layer_of[i + 1] == layer:
            teaches.append(i + 1)
        taught.update(teaches)
        add(teaches, layer, "Course")
        if rng.random() < 0.10:
            for _ in range(rng.randint(1, 2)):
                add([i], layer, "Alternative")
        if rng.random() < 0.03 and len(by_layer[layer]) > 3:
            add(sorted(rng.sample(by_layer[layer], 3)), layer, "Survey")
    modules = modules[:n_modules]
    while len(modules) < n_modules:  # top up with alternatives for taught skills
        i = rng.choice(sorted(taught))
        add([i], layer_of[i], "Alternative")
    taught = {s for m in modules for s in m["teaches"]}
    upper = [i for i in range(n_skills) if layer_of[i] >= LAYERS // 2 and f"s{i}" in taught]
    niches = [
        {
            "id": f"n{k}",
            "name": f"Niche {k}",
            "requires": [f"s{i}" for i in sorted(rng.sample(upper, rng.randint(5, 15)))],
            "resilience": round(rng.random(), 2),
        }
        for k in range(n_niches)
    ]
    return {"skills": skills, "modules": modules, "niches": niches}


def _yaml_items(items: list[dict]) -> list[str]:
    lines = []
    for item in items:
        first = True
        for key, value in item.items():
            text = "[" + ", ".join(value) + "]" if isinstance(value, list) else str(value)
            lines.append(("  - " if first else "    ") + f"{key}: {text}")
            first = False
    return lines


def write_catalogue(n_modules: int, folder: Path, seed: int = 0) -> list[Path]:
    """Write the catalogue as YAML files of at most 2,000 modules each; return them."""
    data = generate(n_modules, seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / "skills.yaml", folder / "niches.yaml"]
    files[0].write_text("\n".join(["skills:", *_yaml_items(data["skills"])]) + "\n")
    files[1].write_text("\n".join(["niches:", *_yaml_items(data["niches"])]) + "\n")
    for start in range(0, len(data["modules"]), MODULES_PER_FILE):
        part = data["modules"][start : start + MODULES_PER_FILE]
        path = folder / f"modules-{start // MODULES_PER_FILE:03d}.yaml"
        path.write_text("\n".join(["modules:", *_yaml_items(part)]) + "\n")
        files.append(path)
    return files


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    written = write_catalogue(count, target)
    print(f"wrote {len(written)} files to {target}")
