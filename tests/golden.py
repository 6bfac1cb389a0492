"""Regenerate the golden pages: `make golden` (or `python -m tests.golden`).

Builds each fixture of FIXTURE_NAMES (tests/fixtures/two-briefs/: two briefs sharing an actor;
tests/fixtures/two-zones/: two briefs told in Baghdad and Washington time;
tests/fixtures/shared-facts/: three briefs reporting one event, one relation and unnamed
officials) and writes its pages, feed, sitemap, brief.json files and the search index
(Pagefind's entry file, and its records decoded into pagefind/records.json, since its own
files are compressed) to tests/golden/<fixture>/. Review `git diff tests/golden` before
committing: every change there is a change readers will see.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import json

from tests.sitetools import FIXTURES, REPO, build, search_records, tree

FIXTURE_NAMES = ("two-briefs", "two-zones", "shared-facts")
FIXTURE = FIXTURES / "two-briefs"
GOLDEN = REPO / "tests" / "golden" / "two-briefs"
SUFFIXES = {".html", ".xml", ".json"}
ENV = {"SOURCE_DATE_EPOCH": "1712102400", "BRIEFS_SITE_URL": ""}


def golden(name: str) -> Path:
    return REPO / "tests" / "golden" / name


def build_fixture(site_dir: Path, name: str = "two-briefs") -> dict[str, bytes]:
    build(FIXTURES / name, site_dir, env=ENV)
    files = tree(site_dir, SUFFIXES)
    files["pagefind/records.json"] = (json.dumps(search_records(site_dir), ensure_ascii=False,
                                                 indent=1, sort_keys=True) + "\n").encode("utf-8")
    return files


def main() -> int:
    for fixture in FIXTURE_NAMES:
        with tempfile.TemporaryDirectory() as tmp:
            files = build_fixture(Path(tmp) / "site", fixture)
        shutil.rmtree(golden(fixture), ignore_errors=True)
        for name, data in files.items():
            target = golden(fixture) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        print(f"wrote {len(files)} files to {golden(fixture).relative_to(REPO)}")
    print("review: git diff tests/golden")
    return 0


if __name__ == "__main__":
    sys.exit(main())
