"""Helpers for the site tests: build a project in a real process, and crawl what it wrote."""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
PROJECT_PARTS = ("mkdocs.yml", "content", "templates", "briefs")


def run_briefs(*args: str, cwd: Path = REPO, env: dict | None = None,
               timeout: float = 300) -> subprocess.CompletedProcess:
    """`briefs ARGS` in a fresh interpreter, as a user or CI runs it. A build of a folder of the
    checkout (the project itself, a fixture) writes no build cache there: --no-cache, unless the
    test names a cache."""
    if args and args[0] == "build" and not {"--no-cache", "--cache-dir"} & set(args):
        root = Path(args[args.index("--root") + 1] if "--root" in args else cwd).resolve()
        if root.is_relative_to(REPO):
            args = (*args, "--no-cache")
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def build(root: Path, site_dir: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    result = run_briefs("build", "--root", str(root), "--site-dir", str(site_dir), *extra, env=env)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return result


def copy_project(dest: Path, parts=PROJECT_PARTS, source: Path = REPO) -> Path:
    """A copy of the project's own files (not its venv or site), to break or rebuild freely."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    return dest


def small_project(dest: Path) -> Path:
    """The two-briefs fixture as a project of its own: briefs/, content/, its own copy of
    templates/, a mkdocs.yml that points at them, and a git repository (.git)."""
    fixture = FIXTURES / "two-briefs"
    copy_project(dest, ("briefs", "content"), source=fixture)
    shutil.copytree(REPO / "templates", dest / "templates")
    (dest / "mkdocs.yml").write_text((fixture / "mkdocs.yml").read_text()
                                     .replace("../../../templates", "templates"))
    subprocess.run(["git", "init", "-q", str(dest)], check=True)
    return dest


def tree(root: Path, suffixes=None) -> dict[str, bytes]:
    """Every file under root by its relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and (suffixes is None or p.suffix in suffixes)}


def folders(root: Path) -> list[str]:
    """Every folder under root, by its relative path."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


@dataclass
class Page:
    path: str  # e.g. "briefs/x/index.html"
    ids: set = field(default_factory=set)
    links: list = field(default_factory=list)  # (tag, attribute, value)
    scripts: list = field(default_factory=list)  # attrs of each <script>
    json_ld: list = field(default_factory=list)
    text: list = field(default_factory=list)
    elements: list = field(default_factory=list)  # (tag, {attribute: value})
    lang: str | None = None


class _Parser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_script: str | None = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attrs_d = dict(attrs)
        self.page.elements.append((tag, attrs_d))
        if tag == "html":
            self.page.lang = attrs_d.get("lang")
        if "id" in attrs_d:
            self.page.ids.add(attrs_d["id"])
        if tag == "a" and "name" in attrs_d:
            self.page.ids.add(attrs_d["name"])
        for name in ("href", "src"):
            if name in attrs_d and attrs_d[name] is not None:
                self.page.links.append((tag, name, attrs_d[name]))
        if tag == "script":
            self.page.scripts.append(attrs_d)
            self.in_script = attrs_d.get("type") or "text/javascript"
        if tag in ("style", "script"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = None
        if tag in ("style", "script"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if self.in_script == "application/ld+json":
            self.page.json_ld.append(data)
        elif not self.skip:
            self.page.text.append(data)


def parse_page(site: Path, path: str) -> Page:
    page = Page(path)
    parser = _Parser(page)
    parser.feed((site / path).read_text("utf-8"))
    parser.close()
    return page


def crawl(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): parse_page(site, p.relative_to(site).as_posix())
            for p in sorted(site.rglob("*.html"))}


def resolve(page_path: str, href: str) -> tuple[str | None, str]:
    """The site file a relative link points to (None for external links) and its fragment."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None, parts.fragment
    if not parts.path:
        return page_path, unquote(parts.fragment)
    path = unquote(parts.path)
    if path.startswith("/"):  # root-relative, as on the 404 page
        target = posixpath.normpath(path.lstrip("/") or ".")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
    if href.split("#")[0].endswith("/") or parts.path in (".", "..") or target in (".", ""):
        target = posixpath.join(target, "index.html") if target not in (".", "") else "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal link or #anchor that does not resolve, as 'page: href (why)'."""
    pages = crawl(site)
    problems = []
    for path, page in pages.items():
        for tag, attr, href in page.links:
            if href.startswith(("mailto:",)):
                continue
            target, fragment = resolve(path, href)
            if target is None:
                continue
            if target.startswith(".."):
                problems.append(f"{path}: {href} (leaves the site)")
            elif not (site / target).is_file():
                if (site / target).is_dir() and (site / target / "index.html").is_file():
                    target = posixpath.join(target, "index.html")
                else:
                    problems.append(f"{path}: {href} (no such file {target})")
                    continue
            if fragment and target.endswith(".html") and fragment not in pages[target].ids:
                problems.append(f"{path}: {href} (no #{fragment} in {target})")
    return problems


def search_records(site: Path) -> list[dict]:
    """The Pagefind index's records (its fragments: url, content, meta, filters) from every shard
    (pagefind/ and pagefind/sNN/, see builder/search.py), in the order of their file names."""
    import gzip
    import json

    records = []
    fragments = (site / "pagefind").glob("**/fragment/*.pf_fragment")
    for path in sorted(fragments, key=lambda p: (p.name, str(p))):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        records.append(json.loads(data[len(b"pagefind_dcd"):]))
    return records
