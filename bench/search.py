"""search-bytes-per-query: what one search fetches from the Pagefind index, and what indexing costs.

    .venv/bin/python bench/search.py SITE_DIR [--root PROJECT] [--query WORDS ...]

Serves a built site on 127.0.0.1, types each query into the header's search box in Chromium
(Debian's, through Playwright), and sums the bytes of every response under /pagefind/ until the
results are shown: the runtime (pagefind.js, its worker and WebAssembly, fetched once per visit)
and the index data the query needed (the entry and meta files, the filters, the word chunks and
the fragments of the results shown). With --root it also times writing the index for that
project (builder/search.py: the records, Pagefind, the canonical rewrite). bench/run.py calls
``measure`` on the site it keeps for each N.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
RUNTIME = ("pagefind.js", "pagefind-worker.js", ".pagefind")  # the same for every query


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def index_size(site: Path) -> dict:
    folder = site / "pagefind"
    files = [p for p in folder.rglob("*") if p.is_file()]
    data = [p for p in files if not p.name.endswith(RUNTIME)]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files),
            "data_files": len(data), "data_bytes": sum(p.stat().st_size for p in data),
            "fragments": sum(1 for p in files if p.parent.name == "fragment")}


def default_queries(site: Path) -> list[str]:
    """A name and a word the corpus has: the first actor's record title and its last word."""
    sys.path.insert(0, str(HERE.parent))
    from tests.sitetools import search_records

    actors = [r["meta"]["title"] for r in search_records(site) if r["meta"].get("kind") == "Actor"]
    return [actors[len(actors) // 2], actors[0].split()[-1]] if actors else ["the"]


def measure(site: Path, queries: list[str] | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    queries = queries or default_queries(site)
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    out = {"index": index_size(site), "queries": {}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for query in queries:
                page = browser.new_context().new_page()  # a fresh visit: nothing cached
                fetched: dict[str, int] = {}
                page.on("response", lambda r: fetched.__setitem__(r.url, len(r.body()))
                        if "/pagefind/" in r.url else None)
                page.goto(base)
                started = time.perf_counter()
                page.locator("#search_input").fill(query)
                page.locator("[data-search-results] .search-status").wait_for()
                page.wait_for_load_state("networkidle")
                shown = time.perf_counter() - started
                runtime = sum(n for u, n in fetched.items() if u.endswith(RUNTIME))
                data = sum(n for u, n in fetched.items() if not u.endswith(RUNTIME))
                out["queries"][query] = {
                    "results": page.locator("[data-search-results] li").count(),
                    "requests": len(fetched), "runtime_bytes": runtime, "data_bytes": data,
                    "total_bytes": runtime + data, "seconds": round(shown, 3)}
                page.context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def indexing_seconds(root: Path) -> dict:
    """Time builder/search.py's part of a build for a project, into a scratch folder."""
    sys.path.insert(0, str(HERE.parent))
    from builder import search
    from builder.check import check

    site = check(root).site.published()
    started = time.perf_counter()
    records = search.fact_records(site)
    made = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        search.write_index(Path(scratch), records, [])
        done = time.perf_counter()
    return {"records": len(records), "records_s": round(made - started, 3),
            "pagefind_s": round(done - made, 3), "total_s": round(done - started, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--root", type=Path, default=None, help="also time indexing this project")
    ap.add_argument("--query", action="append", default=None)
    args = ap.parse_args(argv)
    result = measure(args.site, args.query)
    if args.root:
        result["indexing"] = indexing_seconds(args.root)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
