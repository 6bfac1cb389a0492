"""Running one command for the benchmarks: its wall and CPU seconds and peak memory (its children's
included, from wait4), and a timeout that kills its whole process group."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, IO


def measured(argv: list[str], cwd: Path, env: dict, timeout: float,
             read: Callable[[IO[bytes], IO[bytes]], dict]) -> dict:
    """Run ARGV; return wall and CPU seconds, peak RSS (MiB), exit status and whether it timed out,
    with what READ takes from its stdout and stderr (both files rewound)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=env, start_new_session=True)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
                "rc": proc.returncode, "timeout": timed_out.is_set(), **read(out, err)}
