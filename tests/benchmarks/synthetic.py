"""A seeded generator of large synthetic catalogues in curriculum format v1.

Layered like real curricula: every module requires 1 to 4 skills from earlier layers and
teaches 1 or 2 skills of its own layer; about 10% of skills have 2 or 3 alternative
teachers that differ in hours and cost; a few "survey" modules teach several skills at
once; 200 niches need 5 to 15 skills each. The entry skills (layer 0 of each topic) are
what a learner declares.

Run it on its own to write a catalogue to a folder::

    python tests/benchmarks/synthetic.py 10000 /tmp/cat-10k
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

__all__ = ["generate", "write_catalogue"]

MODULES_PER_FILE = 2_000
TOPIC_SIZE = 40  # skills per topic
LAYERS = 8  # layers within a topic; layer 0 holds its entry skills
# a course teaches two skills this often: with 10% of skills getting 1-2 alternatives
# and 4% a survey, the courses alone then come to about N modules, so few modules are
# topped up (each top-up is one more alternative)
TWO_SKILLS = 0.2


def generate(n_modules: int, seed: int = 0, n_niches: int = 200) -> dict[str, list[dict]]:
    """The catalogue as plain data: ``{"skills": [...], "modules": [...], "niches": [...]}``.

    Skills fall into topics of 40, each in 8 layers; a module requires 1 to 4 skills of
    the two layers below its own in the same topic, and now and then one from another
    topic, so a niche depends on a few hundred modules, not on the whole catalogue.
    """
    rng = random.Random(seed)
    n_skills = max(TOPIC_SIZE, int(n_modules * 1.08) // TOPIC_SIZE * TOPIC_SIZE)
    n_topics = n_skills // TOPIC_SIZE
    per_layer = TOPIC_SIZE // LAYERS

    def skill_at(topic: int, layer: int, k: int) -> int:
        return topic * TOPIC_SIZE + layer * per_layer + k

    def layer_of(i: int) -> int:
        return (i % TOPIC_SIZE) // per_layer

    skills = [{"id": f"s{i}", "name": f"Skill {i}"} for i in range(n_skills)]

    def requirements(i: int) -> list[str]:
        topic, layer = divmod(i, TOPIC_SIZE)[0], layer_of(i)
        picks = set()
        for _ in range(rng.randint(1, 4)):
            below = rng.randint(max(0, layer - 2), layer - 1)
            picks.add(skill_at(topic, below, rng.randrange(per_layer)))
        if rng.random() < 0.1 and n_topics > 1:
            other = rng.randrange(n_topics)
            picks.add(skill_at(other, rng.randint(0, max(0, layer - 1)), rng.randrange(per_layer)))
        return [f"s{r}" for r in sorted(picks)]

    modules: list[dict] = []

    def add(teaches: list[int], kind: str) -> None:
        hours = rng.choice([2, 3, 4, 6, 8, 10, 12, 16, 20, 30, 40])
        module = {
            "id": f"m{len(modules)}",
            "title": f"{kind} {len(modules)}",
            "teaches": [f"s{i}" for i in teaches],
            "requires": requirements(teaches[0]),
            "hours": hours * (len(teaches) if kind == "Survey" else 1),
        }
        if rng.random() < 0.5:
            module["cost"] = rng.choice([0, 0, 20, 49, 99, 300])
        modules.append(module)

    taught: set[int] = set()
    for i in range(n_skills):
        if layer_of(i) == 0 or i in taught:
            continue
        teaches = [i]
        if rng.random() < TWO_SKILLS and (i + 1) % per_layer and layer_of(i + 1) == layer_of(i):
            teaches.append(i + 1)
        taught.update(teaches)
        add(teaches, "Course")
        if rng.random() < 0.10:
            for _ in range(rng.randint(1, 2)):
                add([i], "Alternative")
        if rng.random() < 0.04:
            base = i - i % per_layer
            add(sorted(rng.sample(range(base, base + per_layer), 3)), "Survey")
    excess = len(modules) - n_modules
    if excess > 0:  # too many: drop the last alternatives and surveys
        extra = [k for k, m in enumerate(modules) if not m["title"].startswith("Course")]
        drop = set(extra[-excess:])
        modules = [m for k, m in enumerate(modules) if k not in drop]
    while len(modules) < n_modules:  # too few: top up with alternatives for taught skills
        add([rng.choice(sorted(taught))], "Alternative")
    taught = {int(s[1:]) for m in modules for s in m["teaches"]}
    niches = []
    for k in range(n_niches):
        topics = rng.sample(range(n_topics), min(n_topics, rng.randint(1, 3)))
        pool = [
            i
            for t in topics
            for i in range(t * TOPIC_SIZE, (t + 1) * TOPIC_SIZE)
            if layer_of(i) >= LAYERS // 2 and i in taught
        ]
        chosen = sorted(rng.sample(pool, min(len(pool), rng.randint(5, 15))))
        niches.append(
            {
                "id": f"n{k}",
                "name": f"Niche {k}",
                "requires": [f"s{i}" for i in chosen],
                "resilience": round(rng.random(), 2),
            }
        )
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
