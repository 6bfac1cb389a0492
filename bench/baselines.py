"""Baseline projects for the benchmark: the same number of pages, of similar text length, as plain
Markdown for plain MkDocs (default ``mkdocs`` theme, small nav) and for Hugo (a minimal layout).

The page sizes come from a built briefs site (``page_sizes``): each baseline page gets as many
characters of Markdown as a briefs page has characters of visible text in its <main>, so both
baselines build the same number of pages with the same amount of text.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path
from random import Random

WORDS = """the minister said talks would resume next week after officials in the capital confirmed
that a delegation had arrived late on Tuesday with a new proposal on the border crossing which
opposition leaders rejected as a delay tactic while analysts warned that prices could rise further
if the agreement collapsed and aid agencies asked for access to the region where thousands of
families remain without power water or medical supplies according to local reports published by
the agency on its website""".split()

_MAIN = re.compile(r"<main\b[^>]*>(.*?)</main>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def visible_text_length(html: str) -> int:
    match = _MAIN.search(html)
    body = match.group(1) if match else html
    body = re.sub(r"<script\b.*?</script>", " ", body, flags=re.S)
    return len(_SPACE.sub(" ", unescape(_TAGS.sub(" ", body))).strip())


def page_sizes(site: Path) -> list[int]:
    """Visible-text length of every page of a built site, in a stable order."""
    return [visible_text_length(p.read_text("utf-8", errors="replace"))
            for p in sorted(site.rglob("index.html"))]


def _sentence(rng: Random) -> str:
    n = rng.randint(8, 22)
    start = rng.randrange(0, len(WORDS) - n)
    words = WORDS[start:start + n]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _markdown(rng: Random, i: int, size: int, count: int, link) -> str:
    """A page of about ``size`` characters: headings, paragraphs, a list of links, a quote."""
    parts = [f"# Page {i}: {' '.join(rng.sample(WORDS, 4)).capitalize()}", ""]
    length = len(parts[0])
    section = 0
    while length < size:
        kind = rng.random()
        if kind < 0.12:
            section += 1
            block = f"## Section {section}"
        elif kind < 0.25:
            targets = [rng.randrange(count) for _ in range(rng.randint(2, 6))]
            block = "\n".join(f"- [{' '.join(rng.sample(WORDS, 3))}]({link(i, t)}): {_sentence(rng)}"
                              for t in targets)
        elif kind < 0.32:
            block = f"> {_sentence(rng)} {_sentence(rng)}"
        else:
            block = " ".join(_sentence(rng) for _ in range(rng.randint(1, 5)))
            if rng.random() < 0.3:
                block = block.replace(" the ", " **the** ", 1)
        parts += [block, ""]
        length += len(block) + 2
    return "\n".join(parts)


def plain_mkdocs(out: Path, sizes: list[int], seed: int = 1) -> None:
    """A plain MkDocs project: docs/index.md, docs/about.md and docs/pages/pNNNNN.md."""
    rng = Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "docs" / "pages").mkdir(parents=True)
    count = len(sizes)
    (out / "mkdocs.yml").write_text(
        "site_name: Plain MkDocs baseline\n"
        "docs_dir: docs\n"
        "# the default theme (mkdocs) and the default plugins (search); a small nav\n"
        "nav:\n  - Home: index.md\n  - About: about.md\n"
        "validation:\n  omitted_files: info\n", encoding="utf-8")
    (out / "docs" / "about.md").write_text("# About\n\nA baseline for the briefs benchmark.\n", "utf-8")
    pages = [(i, size) for i, size in enumerate(sizes)]
    home, rest = pages[0], pages[1:]
    (out / "docs" / "index.md").write_text(
        _markdown(rng, 0, home[1], count, lambda i, t: f"pages/p{max(t, 1):05d}.md"), "utf-8")
    for i, size in rest:
        text = _markdown(rng, i, size, count, lambda i, t: f"p{max(t, 1):05d}.md")
        (out / "docs" / "pages" / f"p{i:05d}.md").write_text(text, "utf-8")


HUGO_SINGLE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<header><a href="{{ .Site.BaseURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "about/" | relURL }}">About</a></nav></header>
<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
"""

HUGO_LIST = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range first 20 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main>
</body>
</html>
"""


def hugo(out: Path, sizes: list[int], seed: int = 1) -> None:
    """An equivalent Hugo site: content/_index.md, content/about.md, content/pages/pNNNNN.md."""
    rng = Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "content" / "pages").mkdir(parents=True)
    (out / "layouts" / "_default").mkdir(parents=True)
    (out / "config.toml").write_text(
        'baseURL = "http://example.org/"\n'
        'title = "Hugo baseline"\n'
        'languageCode = "en"\n'
        'disableKinds = ["taxonomy", "term"]\n', encoding="utf-8")
    (out / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, "utf-8")
    (out / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, "utf-8")
    (out / "layouts" / "index.html").write_text(HUGO_LIST, "utf-8")
    count = len(sizes)

    def front(title: str) -> str:
        return f'---\ntitle: "{title}"\n---\n\n'

    (out / "content" / "about.md").write_text(front("About") + "A baseline for the briefs benchmark.\n",
                                               "utf-8")
    (out / "content" / "_index.md").write_text(
        front("Home") + _markdown(rng, 0, sizes[0], count, lambda i, t: f"pages/p{max(t, 1):05d}/"),
        "utf-8")
    for i, size in enumerate(sizes[1:], 1):
        text = _markdown(rng, i, size, count, lambda i, t: f"../p{max(t, 1):05d}/")
        (out / "content" / "pages" / f"p{i:05d}.md").write_text(front(f"Page {i}") + text, "utf-8")
