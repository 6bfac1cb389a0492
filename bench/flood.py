"""Hostile inputs for `briefs check`: floods of list items and misquotes against large source texts
(issue 9, findings 3 and 5), next to the seed brief as the normal case.

    .venv/bin/python bench/flood.py                          # every case, 5 runs each
    .venv/bin/python bench/flood.py --cases seed,actors-flood --runs 3
    .venv/bin/python bench/flood.py --code /tmp/old-builder  # against another copy of builder/

Each case is generated (fixed seed) in a work folder from the clean test case
(tests/cases/does-the-minimal-brief-check-clean) with the seed article's 5 KB text as its source:

  seed                 the repository's own briefs/ (the seed brief): `briefs check --no-cache`
  seed-cached          the same with the check cache (all runs but the first answer from it)
  misquote-8mb         one 300-word quote, one word changed, against an 8,000,000-byte source text
                       (the seed article, then sentences of its words in a random order)
  misquotes-3-8mb      three 40-word misquotes against an 8,300,000-byte source text
  misquotes-9000       9,000 six-word misquotes (no date, no context, unused) against the 5 KB seed
                       text, one a line in quotes.yaml
  misquotes-2000       the same with 1,999 misquotes, 2,000 quotes in all (the most a list may hold)
  misquotes-2000-8mb   1,999 eight-word misquotes against the 8,000,000-byte text
  flood-at-cap         four files of one brief, each a list of 2,000 empty entries (the most allowed)
  nested-flood         events.yaml: 110 events, each with 1,999 empty participants (880 KB)
  actors-flood         actors.yaml is `actors: [{}, {}, ...]`, 880 KB (220,000 empty entries)
  four-floods          the same flood in actors, events, quotes and sources.yaml of one brief
  four-floods-json     four-floods with --format json
  four-floods-github   four-floods with --format github

Every run is `briefs check --no-cache` (seed-cached: with the cache) in a fresh process (`python -m builder.cli`, with PYTHONPATH
at --code, default this checkout). Wall time, CPU time (user + system) and peak memory (max RSS, from
wait4) are recorded, with the exit status, the bytes and lines printed and the summary line; the
median of --runs runs is printed as a table (and with --json, written to a file).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from measure import measured  # noqa: E402
REPO = HERE.parent
CLEAN = REPO / "tests" / "cases" / "does-the-minimal-brief-check-clean"
SEED_TEXT = REPO / "briefs" / "iraq-militias-2020" / "sources" / "wsj-article.txt"
BRIEF = "briefs/baghdad-rockets"
FLOOD_BYTES = 880_000


# -- the inputs -----------------------------------------------------------------------------------

def base(root: Path) -> Path:
    """The clean case with the seed article's text as its source; returns the brief folder."""
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(CLEAN / "briefs", root / "briefs")
    brief = root / BRIEF
    shutil.copy(SEED_TEXT, brief / "sources" / "wsj-article.txt")
    return brief


def prose(size: int, rng: random.Random) -> str:
    """About ``size`` bytes of sentences made of the seed article's words, at their frequencies."""
    words = SEED_TEXT.read_text("utf-8").split()
    out, total = [], 0
    while total < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30)))
        sentence = sentence[0].upper() + sentence[1:] + "."
        out.append(sentence)
        total += len(sentence.encode()) + 1
    text = " ".join(out)
    return text.encode()[:size].decode("utf-8", "ignore")


def misquote(text: str, words: int, rng: random.Random) -> str:
    """A stretch of ``words`` words of the text with one word in the middle changed."""
    tokens = text.split()
    start = rng.randrange(0, len(tokens) - words)
    stretch = tokens[start:start + words]
    stretch[words // 2] = "misremembered"
    return " ".join(stretch)


def quote_yaml(i: int, text: str, dated: bool = True) -> str:
    extra = '    said: "2020-01-09"\n    context: On the militias\n' if dated else ""
    return (f"  - id: misquote-{i}\n    speaker: mike-pence\n    text: {json.dumps(text)}\n"
            f"{extra}    source: wsj-article\n")


def misquotes_against(root: Path, size: int, count: int, words: int) -> None:
    brief = base(root)
    rng = random.Random(1)
    seed_text = SEED_TEXT.read_text("utf-8")  # first, so that the brief's own quotes still match
    text = seed_text + "\n" + prose(size - len(seed_text.encode()) - 1, rng)
    (brief / "sources" / "wsj-article.txt").write_text(text, "utf-8")
    quotes = (brief / "quotes.yaml").read_text("utf-8")
    quotes += "".join(quote_yaml(i, misquote(text, words, rng)) for i in range(count))
    (brief / "quotes.yaml").write_text(quotes, "utf-8")
    key = "key_quotes: [pence-encouraging-intelligence"
    ids = "".join(f", misquote-{i}" for i in range(count))
    brief_yaml = (brief / "brief.yaml").read_text("utf-8")
    (brief / "brief.yaml").write_text(brief_yaml.replace(key, key + ids), "utf-8")


def misquotes_many_8mb(root: Path) -> None:
    """1,999 eight-word misquotes (2,000 quotes in all) against the 8,000,000-byte text."""
    misquotes_against(root, 8_000_000, 0, 0)
    brief = root / BRIEF
    text = (brief / "sources" / "wsj-article.txt").read_text("utf-8")
    rng = random.Random(2)
    quotes = (brief / "quotes.yaml").read_text("utf-8")
    quotes += "".join(f"  - {{id: q{i}, speaker: mike-pence, text: {json.dumps(misquote(text, 8, rng))}, "
                      "source: wsj-article}\n" for i in range(1_999))
    (brief / "quotes.yaml").write_text(quotes, "utf-8")


def misquotes_many(root: Path, count: int) -> None:
    """``count`` six-word misquotes, one a line (9,000 of them fit in the 1 MiB cap), with no date
    and no context, used by nothing: four diagnostics each."""
    brief = base(root)
    rng = random.Random(1)
    text = SEED_TEXT.read_text("utf-8")
    quotes = (brief / "quotes.yaml").read_text("utf-8")
    quotes += "".join(f"  - {{id: q{i}, speaker: mike-pence, text: {json.dumps(misquote(text, 6, rng))}, "
                      "source: wsj-article}\n" for i in range(count))
    (brief / "quotes.yaml").write_text(quotes, "utf-8")


def flood(key: str, size: int = FLOOD_BYTES) -> str:
    """``key: [{}, {}, ...]``, ``size`` bytes."""
    head = f"{key}: ["
    items = (size - len(head) - 4) // 4
    return head + "{}, " * items + "{}]\n"


def actors_flood(root: Path) -> None:
    (base(root) / "actors.yaml").write_text(flood("actors"), "utf-8")


def four_floods(root: Path) -> None:
    brief = base(root)
    for key in ("actors", "events", "quotes", "sources"):
        (brief / f"{key}.yaml").write_text(flood(key), "utf-8")


def floods_at_cap(root: Path) -> None:
    brief = base(root)
    for key in ("actors", "events", "quotes", "sources"):
        (brief / f"{key}.yaml").write_text(f"{key}: [" + "{}, " * 1_999 + "{}]\n", "utf-8")


def nested_flood(root: Path) -> None:
    event = "{actors: [" + "{}, " * 1_998 + "{}]}"
    (base(root) / "events.yaml").write_text("events: [" + ", ".join([event] * 110) + "]\n", "utf-8")


def seed(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO / "briefs", root / "briefs")


CASES = {
    "seed": (seed, ["--no-cache"]),
    "seed-cached": (seed, []),
    "misquote-8mb": (lambda root: misquotes_against(root, 8_000_000, 1, 300), ["--no-cache"]),
    "misquotes-3-8mb": (lambda root: misquotes_against(root, 8_300_000, 3, 40), ["--no-cache"]),
    "misquotes-9000": (lambda root: misquotes_many(root, 9_000), ["--no-cache"]),
    "misquotes-2000": (lambda root: misquotes_many(root, 1_999), ["--no-cache"]),
    "misquotes-2000-8mb": (misquotes_many_8mb, ["--no-cache"]),
    "flood-at-cap": (floods_at_cap, ["--no-cache"]),
    "nested-flood": (nested_flood, ["--no-cache"]),
    "actors-flood": (actors_flood, ["--no-cache"]),
    "four-floods": (four_floods, ["--no-cache"]),
    "four-floods-json": (four_floods, ["--no-cache", "--format", "json"]),
    "four-floods-github": (four_floods, ["--no-cache", "--format", "github"]),
}


# -- running --------------------------------------------------------------------------------------

def run(argv: list[str], cwd: Path, env: dict, timeout: float) -> dict:
    """Run a command; wall and CPU seconds, peak RSS (MiB), exit status, what it printed."""

    def read(out, err) -> dict:
        size = out.seek(0, os.SEEK_END)
        out.seek(0)
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: out.read(1 << 20), b""))
        out.seek(max(0, size - 400))
        tail = out.read().decode("utf-8", "replace").splitlines()[-1:] or [""]
        stderr = err.read().decode("utf-8", "replace").strip().splitlines()
        return {"stdout_bytes": size, "stdout_lines": lines, "last_line": tail[0][:160],
                "summary": stderr[-1] if stderr else ""}

    return measured(argv, cwd, env, timeout, read)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated, from: " + ", ".join(CASES))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    ap.add_argument("--code", type=Path, default=REPO, help="the folder holding the builder/ to run")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefs-flood")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--make-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.make_only:
        for name in args.cases.split(","):
            CASES[name][0](args.work / name)
        return
    # the inputs are made in a child: a child forked from a parent holding an 8 MB text would
    # start with the parent's resident memory, and wait4's peak would count it
    subprocess.run([sys.executable, __file__, "--make-only", "--cases", args.cases,
                    "--work", str(args.work)], check=True)
    env = dict(os.environ, PYTHONPATH=str(args.code.resolve()))
    env.pop("CI", None)
    figures = {}
    print(f"{'case':20} {'wall s':>8} {'cpu s':>8} {'MiB':>7} {'rc':>3} {'lines':>9} {'bytes':>11}  summary")
    for name in args.cases.split(","):
        options = CASES[name][1]
        root = args.work / name
        argv = [sys.executable, "-m", "builder.cli", "check", *options]
        runs = []
        for _ in range(args.runs):
            if "--no-cache" in options:
                shutil.rmtree(root / ".briefs-cache", ignore_errors=True)
            runs.append(run(argv, root, env, args.timeout))
        runs.sort(key=lambda r: r["wall"])
        median = runs[len(runs) // 2]
        median["wall_runs"] = [round(r["wall"], 3) for r in runs]
        median["wall"] = statistics.median(r["wall"] for r in runs)
        figures[name] = median
        print(f"{name:20} {median['wall']:8.3f} {median['cpu']:8.3f} {median['rss_mib']:7.0f} "
              f"{median['rc']:3} {median['stdout_lines']:9} {median['stdout_bytes']:11}  "
              f"{'TIMEOUT ' if median['timeout'] else ''}{median['summary']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
