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


# --- share_work: jobs taken by whichever of the two processes is free -----------------------

def _sleeper(seconds: float, value):
    def job():
        time.sleep(seconds)
        return value, os.getpid()
    return job


def test_every_job_runs_once_on_both_processes_and_values_keep_their_order():
    from generator.processes import share_work

    jobs = [_sleeper(0.3, "大")] + [_sleeper(0.05, n) for n in range(12)]
    here = []
    started = time.perf_counter()
    values, theirs = share_work(jobs, lambda i, value: here.append(i))
    wall = time.perf_counter() - started
    assert [v for v, _ in values] == ["大", *range(12)]
    assert 0 in theirs  # the first job is the child's
    assert set(here) | theirs == set(range(13)) and not set(here) & theirs  # each exactly once
    assert here, "this process took jobs too"
    assert {pid for _, pid in values} == {os.getpid(), values[0][1]} and values[0][1] != os.getpid()
    assert wall < 0.3 + 12 * 0.05  # side by side, not one after the other


def test_an_error_in_a_job_of_either_process_is_raised_here():
    from generator.processes import share_work

    def fail():
        raise ValueError("坏的条目")

    with pytest.raises(ValueError, match="坏的条目"):
        share_work([fail, _sleeper(0, 1)])  # the child's job
    started = time.perf_counter()
    with pytest.raises(ValueError, match="坏的条目"):
        share_work([_sleeper(5, 0), fail])  # this process's: the child is stopped, not waited for
    assert time.perf_counter() - started < 4


def test_one_job_runs_here():
    from generator.processes import share_work

    values, theirs = share_work([lambda: os.getpid()])
    assert values == [os.getpid()] and theirs == set()
