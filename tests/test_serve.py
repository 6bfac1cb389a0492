"""`briefs serve`: the live preview rebuilds when a fact file changes, and shows the problems of a
broken edit on the page instead of going blank."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.sitetools import copy_project, small_project

FIRST = "iraq-militias-2020"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, needle: str, seconds: float = 60, present: bool = True) -> str:
    """The page once the needle is in it (or, with present=False, once it has gone)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            page = fetch(url)
            if (needle in page) == present:
                return page
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} did not {'appear' if present else 'go'} at {url} in {seconds} s")


@contextlib.contextmanager
def serving(project):
    """`briefs serve` on PROJECT in its own process, on a free port; yields its base URL (no
    trailing slash) and stops it afterwards."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "serve", "--root", str(project),
                             "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def server(tmp_path):
    project = copy_project(tmp_path / "project")
    with serving(project) as base:
        yield project, base


def test_an_edit_is_shown_and_a_broken_edit_shows_its_problems(server):
    project, base = server
    timeline = f"{base}/briefs/{FIRST}/timeline/"
    wait_for(timeline, "US drone strike in Baghdad")
    events = project / "briefs" / FIRST / "events.yaml"
    text = events.read_text()
    events.write_text(text.replace("US drone strike in Baghdad", "EDITED: US drone strike in Baghdad", 1))
    wait_for(timeline, "EDITED: US drone strike in Baghdad")

    events.write_text(text.replace("US drone strike in Baghdad", "EDITED: US drone strike in Baghdad", 1)
                      + "  - id: broken-event\n    title: No sources\n")
    page = wait_for(timeline, "The briefs have errors")
    assert f"briefs/{FIRST}/events.yaml" in page and "[missing-field]" in page
    assert "EDITED: US drone strike in Baghdad" in page  # the last good pages stay in view

    events.write_text(text)
    page = wait_for(timeline, "The briefs have errors", present=False)
    assert "EDITED" not in page and "US drone strike in Baghdad" in page


def test_a_path_with_a_nul_byte_is_a_404_like_every_other_path_outside_the_site(tmp_path):
    """MkDocs' server answered /etc/passwd%00.html with a 500 (its open() raises ValueError)."""
    project = small_project(tmp_path / "project")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "serve", "--root", str(project),
                             "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/", "The harbour closure")
        answers = {}
        for path in ("/etc/passwd%00.html", "/%00", "/index.html%00", "/briefs/%00/",
                     "/../../etc/passwd", "/..%2f..%2fetc%2fpasswd", "/index.html"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            response = connection.getresponse()
            answers[path] = (response.status, b"Page not found" in response.read())
            connection.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert answers == {"/etc/passwd%00.html": (404, True), "/%00": (404, True),
                       "/index.html%00": (404, True), "/briefs/%00/": (404, True),
                       "/../../etc/passwd": (404, True), "/..%2f..%2fetc%2fpasswd": (404, True),
                       "/index.html": (200, False)}
