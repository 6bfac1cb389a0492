"""builder/forked.py: a call made in a forked child, its answer or its exception sent back."""

from __future__ import annotations

import os

import pytest

from builder.forked import ChildFailed, Forked

STATE = {"touched": False}


def test_the_child_s_return_value_comes_back_and_its_memory_stays_its_own():
    def call():
        STATE["touched"] = True  # in the child's copy of this module
        return os.getpid(), {"records": list(range(3))}

    pid, value = Forked(call, "test-child").result()
    assert pid != os.getpid() and value == {"records": [0, 1, 2]}
    assert STATE == {"touched": False}


def test_the_child_s_exception_is_raised_in_the_parent_as_it_was():
    class Refused(ValueError):
        pass

    def call():
        raise KeyError("no such shard")

    with pytest.raises(KeyError, match="no such shard"):
        Forked(call, "test-child").result()

    def unpicklable():  # a class local to a function does not pickle: its text comes back
        raise Refused("the index is empty")

    with pytest.raises(ChildFailed, match="Refused: the index is empty"):
        Forked(unpicklable, "test-child").result()


def test_a_child_that_stops_without_an_answer_or_cannot_send_it_fails_with_what_happened():
    with pytest.raises(ChildFailed, match=r"test-child stopped without an answer \(exit code 3\)"):
        Forked(lambda: os._exit(3), "test-child").result()
    with pytest.raises(ChildFailed, match="returned generator, which cannot be sent back"):
        Forked(lambda: (n for n in range(3)), "test-child").result()


def test_waiting_twice_or_after_the_result_is_harmless():
    child = Forked(lambda: 42, "test-child")
    child.wait()
    child.wait()
    assert child.result() == 42 and child.result() == 42
