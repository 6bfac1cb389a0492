"""Regenerate the golden pages: `make golden` (or `python -m tests.golden`).

Builds tests/fixtures/two-briefs/ and writes its pages, feed, sitemap, search index and brief.json
files to tests/golden/two-briefs/. Review `git diff tests/golden` before committing: every change
there is a change readers will see.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from tests.sitetools import FIXTURES, REPO, build, tree

FIXTURE = FIXTURES / "two-briefs"
GOLDEN = REPO / "tests" / "golden" / "two-briefs"
SUFFIXES = {".html", ".xml", ".json"}
ENV = {"SOURCE_DATE_EPOCH": "1712102400", "BRIEFS_SITE_URL": ""}


def build_fixture(site_dir: Path) -> dict[str, bytes]:
    build(FIXTURE, site_dir, env=ENV)
    return tree(site_dir, SUFFIXES)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        files = build_fixture(Path(tmp) / "site")
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, data in files.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(files)} files to {GOLDEN.relative_to(REPO)}; review: git diff tests/golden")
    return 0


if __name__ == "__main__":
    sys.exit(main())
