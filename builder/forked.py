"""A call made in a forked process beside this one, its answer sent back through a pipe.

The child inherits what the call needs by fork (the checked facts of a build: nothing is pickled
on the way in) and sends back only the call's return value, or the exception it raised. It is a
process, not a thread, because a thread shares the interpreter lock: beside the page rendering,
the search index's thread spent more time waiting for the lock than working (its 2,400 hashes
and 26,000 file checks each let go of the lock and waited to get it back). Fork only from a
process that has no other thread (a thread may hold a lock the child would wait on forever).
"""

from __future__ import annotations

import multiprocessing
import traceback


class ChildFailed(RuntimeError):
    """The child stopped without an answer, or raised what could not be sent back."""


def _run(call, sending) -> None:
    try:
        answer = ("returned", call())
    except BaseException as exc:  # sent back to the parent, which raises it
        answer = ("raised", exc)
    try:
        sending.send(answer)
    except Exception:  # the value or the exception does not pickle: say what it was
        detail = (traceback.format_exception(answer[1]) if answer[0] == "raised"
                  else [f"returned {type(answer[1]).__name__}, which cannot be sent back"])
        sending.send(("raised", ChildFailed("".join(detail).rstrip())))
    finally:
        sending.close()


class Forked:
    """CALL, started at once in a forked child. ``result()`` waits for it and returns what it
    returned or raises what it raised; ``wait()`` only waits."""

    def __init__(self, call, name: str) -> None:
        context = multiprocessing.get_context("fork")
        self._answer, sending = context.Pipe(duplex=False)
        # daemonic: a child never outlives this process (one waiting for what a failed build
        # will not send would keep it from exiting)
        self._process = context.Process(target=_run, args=(call, sending), name=name, daemon=True)
        self._process.start()
        sending.close()  # the child's end only: an end of the pipe left here would hide its EOF
        self._got: tuple | None = None

    def wait(self) -> None:
        if self._got is None:
            try:
                self._got = self._answer.recv()
            except EOFError:
                self._got = ("stopped", None)
            self._answer.close()
        self._process.join()

    def result(self):
        self.wait()
        kind, value = self._got
        if kind == "returned":
            return value
        if kind == "raised":
            raise value
        raise ChildFailed(f"{self._process.name} stopped without an answer "
                          f"(exit code {self._process.exitcode})")
