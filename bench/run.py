"""The benchmark: how `briefs` scales, against plain MkDocs and Hugo on the same page count.

    .venv/bin/python bench/run.py                       # N = 100 and 1000, 3 runs each
    .venv/bin/python bench/run.py --sizes 100,1000,3000 --runs 5
    .venv/bin/python bench/run.py --sizes 100 --runs 1 --skip serve,hugo

For each N it generates a corpus (bench/corpus.py, a fixed seed) in a work folder and measures, as
the median of --runs runs, each in a fresh process:

  check-cold     `briefs check --strict` in a new process with no check cache (.briefs-cache/
                 removed first, as in a fresh clone; the OS file cache is warm)
  check-warm     `briefs check --strict` again, nothing changed (the check cache answers)
  check-edit     `briefs check --strict` right after one events.yaml was edited (cache warm)
  build          `briefs build --root DIR --site-dir TMP` (check, then MkDocs) into a temp folder
  serve-first    `briefs serve`: from start to the first page served over HTTP
  serve-edit     `briefs serve`: from saving a one-fact edit (an event title) to the rebuilt page
                 holding the new title, fetched from the server over HTTP every 10 ms;
                 serve-reload is when the server answers an open page's reload poll
  mkdocs-plain   plain `mkdocs build` of as many Markdown pages, of the same visible-text lengths,
                 default theme, small nav
  hugo           `hugo` on the same pages with a minimal layout (when hugo is installed)
  search-bytes-per-query
                 bytes one search fetches from the Pagefind index in Chromium (bench/search.py),
                 the index's size, and the seconds writing it costs

Wall time, CPU time (user+sys of the child) and peak memory (max RSS of the child, from wait4) are
recorded for each. Every command is bounded by a timeout; a run that times out is reported as such.
The figures go to stdout as a table and to bench/results/<name>.json (default name: "results").
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import baselines  # noqa: E402
import corpus  # noqa: E402
import search as search_bench  # noqa: E402
from measure import measured  # noqa: E402

VENV_BIN = Path(sys.executable).parent
BRIEFS = str(VENV_BIN / "briefs")
MKDOCS = str(VENV_BIN / "mkdocs")
TITLE_LINE = re.compile(r'^(    title: )"(.*)"$', re.M)


# -- running a child ------------------------------------------------------------------------------

CHILD_ENV: dict | None = None  # the environment of every child: PYTHONPATH points at the code snapshot


def snapshot_code(work: Path, reuse: Path | None = None) -> Path:
    """Copy builder/, templates/, content/ and mkdocs.yml as they are now into WORK/code, and run
    every child against that copy: the figures then belong to one version of the code, even if the
    working tree changes while the benchmark runs (PYTHONPATH wins over the editable install)."""
    global CHILD_ENV
    if reuse is not None:  # a snapshot kept from an earlier run: compare like with like
        CHILD_ENV = dict(os.environ, PYTHONPATH=str(reuse.resolve()))
        return reuse.resolve()
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    code.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("builder", "templates", "content"):
        shutil.copytree(HERE.parent / name, code / name, ignore=ignore)
    shutil.copy2(HERE.parent / "mkdocs.yml", code / "mkdocs.yml")
    CHILD_ENV = dict(os.environ, PYTHONPATH=str(code))
    return code


def run(argv: list[str], cwd: Path, timeout: float, env: dict | None = None) -> dict:
    """Run a command; return wall and CPU seconds, peak RSS (MiB), exit code and output tails."""
    return measured(argv, cwd, env or CHILD_ENV, timeout, lambda out, err: {
        "stdout": out.read()[-2000:].decode("utf-8", "replace"),
        "stderr": err.read()[-2000:].decode("utf-8", "replace")})


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- edits ----------------------------------------------------------------------------------------

def edit_title(path: Path, new_title: str) -> str:
    """Replace the first event title in an events.yaml; return the original text."""
    original = path.read_text("utf-8")
    edited, n = TITLE_LINE.subn(lambda m: f'{m.group(1)}"{new_title}"', original, count=1)
    assert n == 1, f"no event title in {path}"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(edited)
        fh.flush()
        os.fsync(fh.fileno())
    return original


def first_event_id(path: Path) -> str:
    return re.search(r"^  - id: (\S+)$", path.read_text("utf-8"), re.M).group(1)


# -- the measurements -----------------------------------------------------------------------------

def measure_check(root: Path, timeout: float, fresh: bool = False) -> dict:
    """`briefs check --strict`; ``fresh`` removes the check cache first (as in a fresh clone)."""
    if fresh:
        shutil.rmtree(root / ".briefs-cache", ignore_errors=True)
    r = run([BRIEFS, "check", "--strict", "."], root, timeout)
    if r["rc"] != 0:
        raise SystemExit(f"briefs check failed in {root} (rc {r['rc']}):\n{r['stdout']}\n{r['stderr']}")
    return r


def measure_check_edit(root: Path, target: Path, run_no: int, timeout: float) -> dict:
    original = edit_title(target, f"Edited for check run {run_no}")
    try:
        return measure_check(root, timeout)
    finally:
        target.write_text(original, "utf-8")


def count_site(site: Path) -> dict:
    pages = sum(1 for _ in site.rglob("index.html"))
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"pages": pages, "files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def measure_build(root: Path, work: Path, timeout: float, keep: Path | None = None) -> dict:
    """A clean build: every page rendered (--no-cache)."""
    site = work / "briefs-site"
    shutil.rmtree(site, ignore_errors=True)
    r = run([BRIEFS, "build", "--root", ".", "--site-dir", str(site), "--no-cache"], root, timeout)
    if r["rc"] != 0:
        raise SystemExit(f"briefs build failed (rc {r['rc']}, timeout {r['timeout']}):\n{r['stderr']}")
    r.update(count_site(site))
    if keep is not None:
        shutil.rmtree(keep, ignore_errors=True)
        site.rename(keep)
    else:
        shutil.rmtree(site, ignore_errors=True)
    return r


def measure_build_incremental(root: Path, work: Path, target: Path, run_no: int,
                              timeout: float) -> dict:
    """`briefs build` after one brief's events.yaml is edited, with the build cache of the build
    before it present (as a CI job that restores its cache)."""
    site, cache = work / "incremental-site", work / "incremental-cache"
    command = [BRIEFS, "build", "--root", ".", "--site-dir", str(site), "--cache-dir", str(cache)]
    if run_no == 0:  # the build whose cache the runs restore
        shutil.rmtree(cache, ignore_errors=True)
        run(command, root, timeout)
    original = edit_title(target, f"Edited for incremental build {run_no}")
    try:
        r = run(command, root, timeout)
    finally:
        target.write_text(original, "utf-8")
    if r["rc"] != 0:
        raise SystemExit(f"incremental build failed (rc {r['rc']}):\n{r['stderr']}")
    found = re.search(r"\((\d+) rendered, (\d+) unchanged", r["stderr"])
    r["rendered"], r["reused"] = (int(found[1]), int(found[2])) if found else (None, None)
    return r


def measure_serve(root: Path, brief_id: str, run_no: int, timeout: float) -> dict:
    """Start `briefs serve`, wait until it serves, edit one event title, and time how long until
    the page of that event, fetched over HTTP from the server (every 10 ms), holds the new title:
    saved to rebuilt page served. The page is open (a long poll of /.briefs/reload names it, as
    the page's own script does, from before the save), so the server renders it first; ``reload``
    is when that poll is answered, and ``round`` the serve's own time for the whole round (every
    page the edit touched, from its log)."""
    import threading
    import urllib.request

    events = root / "briefs" / brief_id / "events.yaml"
    tmp = Path(tempfile.mkdtemp(prefix="briefs-serve-"))
    env = dict(CHILD_ENV or os.environ, TMPDIR=str(tmp))  # the serve's site folder goes in there
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    page_path = f"/briefs/{brief_id}/timeline/"  # the page open in the editor's browser
    page_url = base + page_path
    log = tmp / "serve.log"
    result: dict = {"timeout": False}

    def get(url: str, seconds: float = 5) -> str:
        with urllib.request.urlopen(url, timeout=seconds) as response:
            return response.read().decode("utf-8", "replace")

    with open(log, "wb") as fh:
        started = time.perf_counter()
        proc = subprocess.Popen([BRIEFS, "serve", "--root", ".", "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=root, stdout=fh, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
    original = None
    try:
        deadline = started + timeout
        while b"Serving on" not in log.read_bytes():
            if _exited(proc) or time.perf_counter() > deadline:
                result["timeout"] = not _exited(proc)
                result["error"] = log.read_bytes()[-2000:].decode("utf-8", "replace")
                return result
            time.sleep(0.01)
        get(page_url, timeout)
        result["first"] = time.perf_counter() - started
        time.sleep(0.5)  # let the watcher settle (inotify: no first snapshot to wait for)
        version = json.loads(get(f"{base}/.briefs/reload?since=-1"))["version"]
        reloaded: dict = {}

        def long_poll() -> None:  # as the page's script does: ask again until the version moves
            try:
                while time.perf_counter() < deadline:
                    answer = get(f"{base}/.briefs/reload?since={version}&page={page_path}", timeout)
                    if json.loads(answer)["version"] > version:
                        reloaded["at"] = time.perf_counter()
                        return
            except OSError:
                pass

        poller = threading.Thread(target=long_poll, daemon=True)
        poller.start()
        new_title = f"Serve edit {run_no} {os.getpid()} {int(time.perf_counter() * 1000) % 100000}"
        original = edit_title(events, new_title)
        saved = time.perf_counter()
        deadline = saved + timeout
        while True:
            try:
                if new_title in get(page_url):
                    result["edit"] = time.perf_counter() - saved
                    break
            except OSError:
                pass
            if _exited(proc) or time.perf_counter() > deadline:
                result["timeout"] = not _exited(proc)
                result["error"] = log.read_bytes()[-2000:].decode("utf-8", "replace")
                return result
            time.sleep(0.01)
        poller.join(timeout=max(0.0, deadline - time.perf_counter()))
        result["reload"] = reloaded["at"] - saved if "at" in reloaded else None
        while time.perf_counter() < deadline:  # the whole round: every page the edit touched
            rounds = re.findall(rb"rebuilt ([0-9]+) pages? after an edit .* in ([0-9.]+) s", log.read_bytes())
            if rounds:
                result["round"], result["round_pages"] = float(rounds[-1][1]), int(rounds[-1][0])
                break
            time.sleep(0.05)
        return result
    finally:
        if original is not None:
            events.write_text(original, "utf-8")
        try:
            os.killpg(proc.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        if not _wait_briefly(proc, 20):
            os.killpg(proc.pid, signal.SIGKILL)
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0
        result["rss_mib"] = usage.ru_maxrss / 1024
        result["cpu"] = usage.ru_utime + usage.ru_stime
        shutil.rmtree(tmp, ignore_errors=True)


def _exited(proc: subprocess.Popen) -> bool:
    """Has the child exited? (It is left unreaped, so that wait4 can read its resource usage.)"""
    return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _wait_briefly(proc: subprocess.Popen, seconds: float) -> bool:
    """True once the child has exited (without reaping it), False after ``seconds``."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        if _exited(proc):
            return True
        time.sleep(0.02)
    return False


# -- summarising ----------------------------------------------------------------------------------

def summary(runs: list[dict], key: str = "wall") -> dict | None:
    values = [r[key] for r in runs if r.get(key) is not None and not r.get("timeout")]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 1024 / 1024
    except (OSError, AttributeError):
        pass
    hugo = shutil.which("hugo")
    hugo_version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip() if hugo else None
    import importlib.metadata as md
    repo = HERE.parent
    git = {}
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        git["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True,
                                       text=True).stdout.strip()
        git["dirty"] = subprocess.run(["git", "status", "--short", "builder", "templates"], cwd=repo,
                                      capture_output=True, text=True).stdout.split("\n")
        git["dirty"] = [x for x in git["dirty"] if x]
    return {"nproc": os.cpu_count(), "git": git, "cpu": model, "ram_gib": round(mem, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "mkdocs": md.version("mkdocs"), "hugo": hugo_version,
            "loadavg_at_start": os.getloadavg()}


def fmt(s: dict | None, unit: str = "s") -> str:
    if s is None:
        return "n/a"
    if unit == "MiB":
        return f"{s['median']:.0f}"
    return f"{s['median']:.2f}" if s["median"] < 100 else f"{s['median']:.0f}"


def print_table(results: dict) -> None:
    rows = [("check-cold", "briefs check, cold (no check cache)"),
            ("check-warm", "briefs check, nothing changed (cache)"),
            ("check-edit", "briefs check after a one-file edit"),
            ("build", "briefs build (full, no cache)"),
            ("build-incremental", "briefs build, one brief edited, cache present"),
            ("serve-first", "briefs serve: first build served"),
            ("serve-edit", "briefs serve: one-fact edit to rebuilt page"),
            ("mkdocs-plain", "plain mkdocs build, same page count"), ("hugo", "hugo, same page count")]
    sizes = sorted(results["sizes"], key=int)
    print()
    head = f"{'measurement':46}" + "".join(f"{'N=' + n:>26}" for n in sizes)
    print(head)
    print(f"{'':46}" + "".join(f"{'wall s / cpu s / MiB':>26}" for _ in sizes))
    for key, label in rows:
        line = f"{label:46}"
        for n in sizes:
            m = results["sizes"][n]["measurements"].get(key)
            if not m:
                line += f"{'skipped':>26}"
                continue
            cell = f"{fmt(m.get('wall'))} / {fmt(m.get('cpu'))} / {fmt(m.get('rss_mib'), 'MiB')}"
            line += f"{cell:>26}"
        print(line)
    for n in sizes:
        info = results["sizes"][n]
        b = info["measurements"].get("build", {})
        print(f"N={n}: {info.get('pages', '?')} pages ({info.get('site_mib', 0):.0f} MiB), "
              f"{info.get('pages_per_s', 0):.1f} pages/s in briefs build; "
              f"corpus {info['corpus']['actors_used']} actors, busiest in {info['corpus']['max_briefs_per_actor']} briefs"
              + (f"; timeouts: {', '.join(info['timeouts'])}" if info.get("timeouts") else ""))


# -- main -----------------------------------------------------------------------------------------

def ratios(m: dict, pages: int, hugo_pages: int | None) -> dict:
    """The issue's targets as ratios of medians from this one run: build / Hugo (per page, when
    the page counts differ), plain MkDocs / build, incremental / clean build."""
    def median(name: str) -> float | None:
        s = m.get(name, {}).get("wall")
        return s["median"] if s else None

    out = {}
    build, hugo, plain, inc = (median("build"), median("hugo"), median("mkdocs-plain"),
                               median("build-incremental"))
    if build and hugo:
        out["build / hugo (per page)"] = (build / pages) / (hugo / (hugo_pages or pages))
    if build and plain:
        out["plain mkdocs / build"] = plain / build
    if build and inc:
        out["build-incremental / build"] = inc / build
    return out


def bench_size(n: int, args, work: Path) -> dict:
    root = work / f"corpus-{n}"
    t = time.perf_counter()
    stats = corpus.generate(root, n, seed=args.seed, repo=args.code_dir)
    gen = time.perf_counter() - t
    print(f"\n== N={n}: corpus generated in {gen:.1f} s: {json.dumps(stats)}", flush=True)
    brief_ids = sorted(p.name for p in (root / "briefs").iterdir())
    target_brief = brief_ids[len(brief_ids) // 2]
    target = root / "briefs" / target_brief / "events.yaml"
    scale = max(1.0, n / 100)
    skip = set(args.skip)
    m: dict = {}
    raw: dict = {}
    timeouts = []

    def record(name: str, runs: list[dict]) -> None:
        raw[name] = runs
        m[name] = {k: summary(runs, k) for k in ("wall", "cpu", "rss_mib")}
        if any(r.get("timeout") for r in runs):
            timeouts.append(name)
        s = m[name]["wall"]
        print(f"   {name:14} median {fmt(s)} s over {s['n'] if s else 0} runs "
              f"(min {s['min']:.2f}, max {s['max']:.2f}); "
              f"cpu {fmt(m[name]['cpu'])} s; peak {fmt(m[name]['rss_mib'], 'MiB')} MiB" if s else
              f"   {name:14} no result (timeouts: {sum(1 for r in runs if r.get('timeout'))})", flush=True)

    if "check" not in skip:
        measure_check(root, args.timeout * scale, fresh=True)  # a warm-up: imports, the OS file cache
        record("check-cold", [measure_check(root, args.timeout * scale, fresh=True) for _ in range(args.runs)])
        record("check-warm", [measure_check(root, args.timeout * scale) for _ in range(args.runs)])
        record("check-edit", [measure_check_edit(root, target, i, args.timeout * scale)
                              for i in range(args.runs)])
    keep = work / f"briefs-site-{n}"
    builds = [measure_build(root, work, args.timeout * scale * 5, keep=keep if i == 0 else None)
              for i in range(args.runs)]
    record("build", builds)
    pages = builds[0]["pages"]
    if "incremental" not in skip:
        incremental = [measure_build_incremental(root, work, target, i, args.timeout * scale * 5)
                       for i in range(args.runs)]
        record("build-incremental", incremental)
        m["build-incremental"]["rendered"] = incremental[0].get("rendered")
    info = {"corpus": stats, "generate_s": gen, "pages": pages, "files": builds[0]["files"],
            "site_mib": builds[0]["bytes"] / 2**20,
            "pages_per_s": pages / m["build"]["wall"]["median"], "edited_brief": target_brief}

    if "serve" not in skip:
        serve_runs = [measure_serve(root, target_brief, i, args.timeout * scale * 5)
                      for i in range(args.serve_runs or args.runs)]
        record("serve-first", [{"wall": r.get("first"), "timeout": r["timeout"] and "first" not in r}
                               for r in serve_runs])
        record("serve-edit", [{"wall": r.get("edit"), "cpu": r.get("cpu"), "rss_mib": r.get("rss_mib"),
                               "timeout": r["timeout"]} for r in serve_runs])
        m["serve-edit"]["reload"] = summary([{"wall": r.get("reload")} for r in serve_runs])
        raw["serve"] = serve_runs
        for r in serve_runs:
            if "error" in r:
                print("   serve problem:", r["error"][-500:], flush=True)

    if "search" not in skip:  # search-bytes-per-query, on the site kept from the first build
        info["search"] = search_bench.measure(keep)
        info["search"]["indexing"] = search_bench.indexing_seconds(root)
        for query, q in info["search"]["queries"].items():
            print(f"   search-bytes-per-query {query!r}: {q['data_bytes']:,} bytes of index data "
                  f"+ {q['runtime_bytes']:,} of runtime, {q['results']} results", flush=True)

    sizes = baselines.page_sizes(keep)
    info["page_text_chars"] = {"total": sum(sizes), "median": statistics.median(sizes), "max": max(sizes)}
    if "mkdocs" not in skip:
        plain = work / f"plain-mkdocs-{n}"
        baselines.plain_mkdocs(plain, sizes, seed=args.seed)
        runs = []
        for _ in range(args.runs):
            out = work / "plain-site"
            shutil.rmtree(out, ignore_errors=True)
            r = run([MKDOCS, "build", "-q", "-f", str(plain / "mkdocs.yml"), "-d", str(out)], plain,
                    args.timeout * scale * 5)
            if r["rc"] != 0 and not r["timeout"]:
                raise SystemExit(f"plain mkdocs build failed:\n{r['stderr']}")
            r.update(count_site(out))
            runs.append(r)
            shutil.rmtree(out, ignore_errors=True)
        record("mkdocs-plain", runs)
        info["mkdocs_plain_pages"] = runs[0]["pages"]
    hugo = shutil.which("hugo")
    if "hugo" not in skip and hugo:
        hsite = work / f"hugo-{n}"
        baselines.hugo(hsite, sizes, seed=args.seed)
        runs = []
        for _ in range(args.runs):
            out = work / "hugo-site"
            shutil.rmtree(out, ignore_errors=True)
            r = run([hugo, "--quiet", "-s", str(hsite), "-d", str(out)], hsite, args.timeout * scale)
            if r["rc"] != 0 and not r["timeout"]:
                raise SystemExit(f"hugo failed:\n{r['stderr']}")
            r.update(count_site(out))
            runs.append(r)
            shutil.rmtree(out, ignore_errors=True)
        record("hugo", runs)
        info["hugo_pages"] = runs[0]["pages"]
    elif "hugo" not in skip:
        print("   hugo: not installed (apt-get install -y hugo); skipped", flush=True)
    info["measurements"] = m
    info["ratios"] = ratios(m, pages, info.get("hugo_pages"))
    for name, value in info["ratios"].items():
        print(f"   ratio {name}: {value:.2f}", flush=True)
    info["timeouts"] = timeouts
    info["raw"] = {k: [{x: y for x, y in r.items() if x not in ("stdout", "stderr")} for r in v]
                   for k, v in raw.items()}
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
        for p in work.glob(f"*-{n}"):
            shutil.rmtree(p, ignore_errors=True)
    return info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark briefs check/build/serve against plain MkDocs and Hugo.")
    ap.add_argument("--sizes", default="100,1000", help="brief counts, comma-separated (default 100,1000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported")
    ap.add_argument("--serve-runs", type=int, default=0, help="runs of the serve measurement (default: --runs)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="base timeout in seconds per command at N=100; scaled with N (x5 for builds)")
    ap.add_argument("--skip", default="", help="comma-separated: check, incremental, serve, search, mkdocs, hugo")
    ap.add_argument("--work", type=Path, default=None, help="work folder (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora and sites")
    ap.add_argument("--name", default="results", help="results file: bench/results/NAME.json")
    ap.add_argument("--code", type=Path, default=None,
                    help="run against this code snapshot (a WORK/code folder kept with --keep) instead "
                         "of a fresh copy of the working tree")
    args = ap.parse_args(argv)
    args.skip = [s for s in args.skip.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="briefs-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "seed": args.seed, "runs": args.runs, "sizes": {}}
    args.code_dir = snapshot_code(work, args.code)
    results["code"] = str(args.code_dir)
    print(json.dumps(results["machine"]), flush=True)
    out = HERE / "results" / f"{args.name}.json"
    out.parent.mkdir(exist_ok=True)
    for n in [int(x) for x in args.sizes.split(",") if x]:
        results["sizes"][str(n)] = bench_size(n, args, work)
        out.write_text(json.dumps(results, indent=2) + "\n", "utf-8")  # after each size: partial results
    results["machine"]["loadavg_at_end"] = os.getloadavg()
    out.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print_table(results)
    print(f"\nresults: {out}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
