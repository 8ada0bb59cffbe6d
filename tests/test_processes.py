"""The forked job of a build: its value comes back, its error is raised in the parent, a child
that dies is reported, and arguments are inherited rather than pickled."""

import os
import threading
import time

import pytest

from generator.processes import Forked


def test_the_value_comes_back_and_arguments_are_not_pickled():
    lock = threading.Lock()  # a lock cannot be pickled: the child inherits it by the fork
    with Forked(lambda held, n: (type(held).__name__, n * 2), lock, 21) as job:
        assert job.result() == ("lock", 42)


def test_an_error_in_the_child_is_raised_in_the_parent():
    def fail():
        raise ValueError("坏的条目")

    with Forked(fail) as job, pytest.raises(ValueError, match="坏的条目"):
        job.result()


def test_a_child_that_dies_is_reported():
    with Forked(os._exit, 3) as job, pytest.raises(ChildProcessError, match="退出码 3"):
        job.result()


def test_a_result_that_cannot_be_sent_is_an_error_not_a_hang():
    with Forked(lambda: threading.Lock()) as job, pytest.raises(RuntimeError, match="无法传回"):
        job.result()


def test_leaving_the_block_early_stops_the_child():
    with Forked(time.sleep, 60) as job:
        process = job._process
    assert not process.is_alive()
