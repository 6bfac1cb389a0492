"""The browser tests: the built site, served over HTTP on 127.0.0.1 and driven in Chromium.

One browser per session (Debian's Chromium through Playwright's sync API); the repository's site and
the hostile fixture are each built once, into temporary folders, by `briefs build` in a real process,
and served from a local http.server thread on a free port. Every page a test opens goes through
``Browse.open``, which records console errors, uncaught exceptions, dialogs and every request: a
request for any other host than the site's own is recorded and aborted, never sent.

Run only these with ``pytest -m browser``, or skip them with ``pytest -m "not browser"``.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.sitetools import FIXTURES, REPO, build

try:  # the test extras: pip install -e '.[test]'
    import axe_playwright_python  # noqa: F401
    import playwright.sync_api  # noqa: F401
except ImportError:  # without them these tests are not collected at all, except in CI,
    if os.environ.get("CI"):  # where a missing test extra is a failure, never a silent skip
        raise
    collect_ignore_glob = ["test_*.py"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO / "tests" / "artifacts"
BRIEF = "iraq-militias-2020"

# One page of each type the site has, by name: the pages every check walks through.
PAGE_TYPES = {
    "home": "",
    "briefs": "briefs/",
    "brief": f"briefs/{BRIEF}/",
    "timeline": f"briefs/{BRIEF}/timeline/",
    "quotes": f"briefs/{BRIEF}/quotes/",
    "sources": f"briefs/{BRIEF}/sources/",
    "actor": "actors/qassem-soleimani/",
    "actors": "actors/",
    "global-timeline": "timeline/",
    "guide": "guide/dates/",
}

# Run in every page before its own scripts: a call of alert, confirm, prompt or print (what the
# hostile fixture's payloads call) lands in window.__calls as well as opening its dialog; and the
# layout shifts not caused by the reader's input are summed in window.__layoutShift, except those
# whose every moved node is a text node of nothing but white space, which paints nothing (Chromium
# reports one, 0.0074, when it paints a list item of the actor page before the rest of its line:
# the white space moves 4 px and no word does). What did move is in window.__layoutShifts.
TRAPS = """
window.__calls = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const original = window[name];
  window[name] = function (...args) { window.__calls.push([name, String(args[0])]); return original.apply(window, args); };
}
window.__layoutShift = 0;
window.__layoutShifts = [];
try {
  const blank = (source) => source.node && source.node.nodeType === Node.TEXT_NODE && !source.node.textContent.trim();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput || (entry.sources.length && entry.sources.every(blank))) continue;
      window.__layoutShift += entry.value;
      window.__layoutShifts.push([entry.value, entry.sources.map((s) => s.node ?
        (s.node.nodeName + " " + (s.node.textContent || "").trim().slice(0, 40)) : "(gone)")]);
    }
  }).observe({ type: "layout-shift", buffered: true });
} catch (e) {}
"""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives the built site in a real browser (Chromium via Playwright)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@dataclass
class Served:
    root: Path
    base: str  # http://127.0.0.1:PORT/
    server: http.server.ThreadingHTTPServer

    @property
    def host(self) -> str:
        return urlsplit(self.base).netloc

    def url(self, path: str) -> str:
        return self.base + path


def _serve(root: Path) -> Served:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=f"serve {root.name}", daemon=True).start()
    return Served(root, f"http://127.0.0.1:{server.server_port}/", server)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Served:
    """The repository's own site, built once and served."""
    out = tmp_path_factory.mktemp("browser-site") / "site"
    build(REPO, out)
    served = _serve(out)
    yield served
    served.server.shutdown()


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Served:
    """The hostile fixture (markup and script in every field), built once and served."""
    out = tmp_path_factory.mktemp("browser-hostile") / "site"
    build(FIXTURES / "hostile", out)
    served = _serve(out)
    yield served
    served.server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} (`make chromium` installs Debian's)"
        if os.environ.get("CI"):  # in CI a missing browser is a failure, never a silent skip
            pytest.fail(message)
        pytest.skip(message)
    with playwright.sync_api.sync_playwright() as playwright_:
        browser = playwright_.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """One page opened by a test, and what happened while it was open."""

    page: object  # playwright.sync_api.Page
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)
    requests: list = field(default_factory=list)  # every URL requested
    offsite: list = field(default_factory=list)  # requests for another host, aborted


_OPEN: list[Visit] = []  # pages opened by the running test, closed after it


class Browse:
    """A browser context (light, dark, phone, or without JavaScript) shared by a session's tests."""

    def __init__(self, browser, served: Served, **options):
        self.served = served
        self.context = browser.new_context(**options)
        self.context.add_init_script(TRAPS)

    def open(self, path: str = "", *, wait: str = "load", cpu_slowdown: float | None = None) -> Visit:
        """Open a page of the site: a fresh tab, with everything it does recorded. CPU_SLOWDOWN
        runs the tab that many times slower (Chromium's CPU throttling), as on a busy machine,
        where the parser may paint a page before it has read all of it."""
        page = self.context.new_page()
        if cpu_slowdown:
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
        visit = Visit(page)
        _OPEN.append(visit)
        host = self.served.host

        def route(route):
            url = route.request.url
            visit.requests.append(url)
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc == host:
                route.continue_()
            else:
                visit.offsite.append(url)
                route.abort()

        def on_dialog(dialog):
            visit.dialogs.append((dialog.type, dialog.message))
            dialog.dismiss()

        page.route("**/*", route)
        page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
        page.on("dialog", on_dialog)
        page.goto(self.served.url(path), wait_until=wait)
        return visit

    def close(self):
        self.context.close()


@pytest.fixture(autouse=True)
def _close_pages():
    yield
    while _OPEN:
        page = _OPEN.pop().page
        if not page.is_closed():
            page.close()


@pytest.fixture(scope="session")
def light(browser, site) -> Browse:
    b = Browse(browser, site, viewport={"width": 1280, "height": 900}, color_scheme="light")
    yield b
    b.close()


@pytest.fixture(scope="session")
def dark(browser, site) -> Browse:
    b = Browse(browser, site, viewport={"width": 1280, "height": 900}, color_scheme="dark")
    yield b
    b.close()


@pytest.fixture(scope="session")
def phone(browser, site) -> Browse:
    b = Browse(browser, site, viewport={"width": 375, "height": 800}, color_scheme="light",
               device_scale_factor=1, is_mobile=True, has_touch=True)
    yield b
    b.close()


@pytest.fixture(scope="session")
def no_js(browser, site) -> Browse:
    b = Browse(browser, site, viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    yield b
    b.close()


@pytest.fixture(scope="session")
def hostile(browser, hostile_site) -> Browse:
    b = Browse(browser, hostile_site, viewport={"width": 1280, "height": 900})
    yield b
    b.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def zones_site(tmp_path_factory) -> Served:
    """The two-zone fixture (Baghdad and Washington, one strike across midnight), built once."""
    out = tmp_path_factory.mktemp("browser-zones") / "site"
    build(FIXTURES / "two-zones", out)
    served = _serve(out)
    yield served
    served.server.shutdown()
