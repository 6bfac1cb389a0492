"""Where the time goes: cProfile of `briefs check` and `briefs build` on a generated corpus.

    .venv/bin/python bench/profiling.py --briefs 1000            # generates the corpus, then profiles
    .venv/bin/python bench/profiling.py --root /tmp/corpus-1000  # an existing project folder

Prints the time by pipeline stage (load, schema, read, cross-checks, link, render, MkDocs and its
parts), the top functions by own time and by cumulative time, and writes the raw profiles to
bench/results/profile-{check,build}.prof (open them with `python -m pstats` or snakeviz).
cProfile slows Python code down (often 1.5-2.5x): read the shares, not the absolute seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import inspect
import io
import json
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


STAGES = [
    ("check (total)", "builder.check:check"),
    ("  one brief, alone (check.check_brief)", "builder.check:check_brief"),
    ("    load: YAML to documents (load.load_file)", "builder.load:load_file"),
    ("    schema: validation (schema.validate)", "builder.schema:validate"),
    ("    read: one brief folder to a ReadBrief (read.read_brief)", "builder.read:read_brief"),
    ("    read: documents to records (EntryReader.read)", "builder.entries:EntryReader.read"),
    ("    source texts read (load.read_source_text)", "builder.load:read_source_text"),
    ("    cross-checks in the brief (check._check_brief)", "builder.check:_check_brief"),
    ("  across briefs (check.resolve)", "builder.check:resolve"),
    ("  diagnostics sorted (diagnostics.sort)", "builder.diagnostics:sort"),
    ("link (link.link)", "builder.link:link"),
    ("plan (plan.plan)", "builder.plan:plan"),
    ("write: every generated page (pages.write)", "builder.pages:write"),
    ("  templates: pages (Renderer.page)", "builder.render:Renderer.page"),
    ("    brief pages (Renderer.brief)", "builder.render:Renderer.brief"),
    ("    brief timelines (Renderer.brief_timeline)", "builder.render:Renderer.brief_timeline"),
    ("    timeline of every brief, year pages (Renderer.timeline_year)",
     "builder.render:Renderer.timeline_year"),
    ("    quotes pages (Renderer.brief_quotes)", "builder.render:Renderer.brief_quotes"),
    ("    sources pages (Renderer.brief_sources)", "builder.render:Renderer.brief_sources"),
    ("    actor profiles (Renderer.actor)", "builder.render:Renderer.actor"),
    ("    actors index (Renderer.actors_index)", "builder.render:Renderer.actors_index"),
    ("  markdown + nh3 (render.markdown)", "builder.render:markdown"),
    ("  brief.json (render.brief_json)", "builder.render:brief_json"),
    ("  the theme's layout (Chrome.page)", "builder.chrome:Chrome.page"),
    ("search index (search.build_index)", "builder.search:build_index"),
    ("  feed (Renderer.feed)", "builder.render:Renderer.feed"),
    ("MkDocs build (total, includes the plugin)", "mkdocs.commands.build:build"),
    ("  plugin on_files (render when prechecked)", "builder.plugin:BriefsPlugin.on_files"),
    ("  files: File.generated", "mkdocs.structure.files:File.generated"),
    ("  nav (get_navigation)", "mkdocs.structure.nav:get_navigation"),
    ("  pages: markdown (_populate_page)", "mkdocs.commands.build:_populate_page"),
    ("  pages: theme templates + write (_build_page)", "mkdocs.commands.build:_build_page"),
    ("    theme template rendering (jinja2 Template.render)", "jinja2.environment:Template.render"),
    ("    search: per page (SearchPlugin.on_page_context)",
     "mkdocs.contrib.search:SearchPlugin.on_page_context"),
    ("    page written (utils.write_file)", "mkdocs.utils:write_file"),
    ("  search: index written (SearchPlugin.on_post_build)",
     "mkdocs.contrib.search:SearchPlugin.on_post_build"),
    ("  static templates: sitemap, 404 (_build_theme_template)",
     "mkdocs.commands.build:_build_theme_template"),
    ("  anchors validated (Page.validate_anchor_links)",
     "mkdocs.structure.pages:Page.validate_anchor_links"),
    ("  static files copied (Files.copy_static_files)", "mkdocs.structure.files:Files.copy_static_files"),
    ("  site folder cleaned (utils.clean_directory)", "mkdocs.utils:clean_directory"),
    ("briefs build_site (MkDocs + swap + page count)", "builder.site_cli:build_site"),
]


def stage_functions():
    """(stage label, function) pairs whose inclusive times make up the stages; names that the code
    no longer has are skipped (the builder changes; the benchmark should not break with it)."""
    import importlib

    out = []
    for label, target in STAGES:
        module_name, _, qualname = target.partition(":")
        try:
            obj = importlib.import_module(module_name)
            for part in qualname.split("."):
                obj = getattr(obj, part)
        except (ImportError, AttributeError):
            continue
        obj = inspect.unwrap(getattr(obj, "__func__", obj))
        if hasattr(obj, "__code__"):
            out.append((label, obj))
    return out


def key_of(fn) -> tuple:
    code = fn.__code__
    return (code.co_filename, code.co_firstlineno, code.co_name)


def report(prof: cProfile.Profile, title: str, total: float, top: int = 15) -> dict:
    stats = pstats.Stats(prof)
    raw = stats.stats  # (file, line, name) -> (cc, nc, tt, ct, callers)
    print(f"\n=== {title}: {total:.2f} s wall under the profiler ===")
    stages = {}
    for label, fn in stage_functions():
        entry = raw.get(key_of(inspect.unwrap(fn)))
        if entry is None:
            continue
        stages[label] = {"calls": entry[1], "cumulative_s": entry[3]}
        print(f"  {label:58} {entry[3]:8.2f} s  {100 * entry[3] / total:5.1f} %  ({entry[1]} calls)")
    print(f"\n  top {top} functions by own time:")
    rows = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    out_top = []
    for (file, line, name), (cc, nc, tt, ct, _) in rows:
        where = _short(file)
        out_top.append({"function": f"{where}:{line}({name})", "calls": nc, "own_s": tt, "cumulative_s": ct})
        print(f"  {tt:8.2f} s own {ct:8.2f} s cum {nc:>10} calls  {where}:{line}({name})")
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(40)
    return {"wall_s": total, "stages": stages, "top_own": out_top, "cumulative_listing": buf.getvalue()}


def _short(file: str) -> str:
    for marker in ("site-packages/", "/work/main/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, help="an existing project folder (briefs/, mkdocs.yml)")
    ap.add_argument("--briefs", type=int, default=1000, help="generate a corpus of this size (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    import builder.check  # noqa: F401  the imports a cold check pays for
    imports_check = time.perf_counter() - t
    t = time.perf_counter()
    import builder.plugin  # noqa: F401
    import builder.site_cli  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401
    imports_build = time.perf_counter() - t
    from builder.check import check
    from builder.cli import main as briefs_main

    work = None
    root = args.root
    if root is None:
        import corpus
        work = Path(tempfile.mkdtemp(prefix="briefs-profile-"))
        root = work / f"corpus-{args.briefs}"
        corpus.generate(root, args.briefs, seed=args.seed)
    root = root.resolve()
    os.chdir(root)
    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    out = {"root": str(root), "imports_check_s": imports_check, "imports_build_extra_s": imports_build}
    print(f"imports: builder.check {imports_check:.2f} s; mkdocs and the plugin {imports_build:.2f} s more")

    # `briefs check` cold: no cache, in this one process (its worker processes would escape cProfile)
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    result = check(root)
    prof.disable()
    total = time.perf_counter() - t
    assert result.ok, "the corpus does not check clean"
    prof.dump_stats(str(results_dir / "profile-check.prof"))
    out["check"] = report(prof, f"briefs check, cold, one process ({len(result.site.briefs)} briefs)", total)

    if not args.skip_build:
        import builder.pages
        builder.pages.PARALLEL_FROM = 10**9  # render in this process: workers would escape cProfile
        site = Path(tempfile.mkdtemp(prefix="briefs-profile-site-")) / "site"
        prof = cProfile.Profile()
        t = time.perf_counter()
        prof.enable()
        with contextlib.redirect_stdout(io.StringIO()):
            code = briefs_main(["build", "--root", str(root), "--site-dir", str(site), "--no-cache"])
        prof.disable()
        total = time.perf_counter() - t
        assert code == 0, f"briefs build exited {code}"
        prof.dump_stats(str(results_dir / "profile-build.prof"))
        out["build"] = report(prof, "briefs build", total)
        shutil.rmtree(site.parent, ignore_errors=True)

    (results_dir / "profile.json").write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    print(f"\nprofiles: {results_dir}/profile-check.prof, profile-build.prof, profile.json")
    if work is not None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
