"""Child processes of a build: one place for how they are started and how they end.

A build forks (Linux): the children inherit the knowledge base and the generated pages
instead of receiving them pickled, which at 10k entries would cost more than the work shared.
Every child ends when its parent does, whether the parent exits, fails or is killed.
"""

from __future__ import annotations

import signal
import traceback
from multiprocessing import get_context


def die_with_parent() -> None:
    """In a child: end when the parent ends (Linux prctl PDEATHSIG); also a pool initializer."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the CLI's handler: a worker just ends
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def fork_pool(workers: int):
    """A process pool of forked workers that end with their parent."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"), initializer=die_with_parent)


def fork_process(target, *args):
    """A started daemon child that runs ``target(*args)`` (inherited, not pickled) and ends with
    its parent; for work whose result is not needed (template warm-up)."""
    process = get_context("fork").Process(target=_quietly, args=(target, args), daemon=True)
    process.start()
    return process


def _quietly(target, args) -> None:
    die_with_parent()
    target(*args)


class Forked:
    """``fn(*args)`` run in a forked child while the parent goes on; `result()` returns its
    value (pickled back through a pipe) or raises its error. The arguments are inherited by
    the fork, so nothing is kept in module state to hand them over. Use as a context manager:
    leaving the block early (the parent failed) stops the child."""

    def __init__(self, fn, *args):
        context = get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(send, fn, args), daemon=True)
        self._process.start()
        send.close()  # the child's end: EOF here when the child dies without an answer

    def ready(self, timeout: float = 0.0) -> bool:
        """Whether the answer (or the child's end) has arrived, waiting up to ``timeout``."""
        return self._receive.poll(timeout)

    def result(self):
        try:
            status, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise ChildProcessError(f"子进程意外结束（退出码 {self._process.exitcode}）") from None
        self._process.join()
        if status == "error":
            raise value
        return value

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc) -> None:
        if self._process.is_alive():
            # SIGKILL, not SIGTERM: a SIGTERM that arrives between the fork and die_with_parent()
            # is pending under the CLI's handler, which die_with_parent then replaces, and Python
            # drops it: the child would go on to the end of its job. Its answer is not wanted.
            self._process.kill()
        self._process.join()
        self._receive.close()


def _run(send, fn, args) -> None:
    die_with_parent()
    try:
        answer = ("ok", fn(*args))
    except BaseException as exc:  # noqa: BLE001 — handed to the parent, which raises it
        answer = ("error", exc)
    try:
        send.send(answer)
    except Exception as exc:  # noqa: BLE001 — the value or the error does not pickle: say it in text
        told = "".join(traceback.format_exception(answer[1])) if answer[0] == "error" else ""
        send.send(("error", RuntimeError(f"子进程的结果无法传回主进程：{exc}\n{told}")))
    send.close()


def share_work(jobs: list, done=None) -> tuple[list, set[int]]:
    """Every job (a function of no arguments) run once, by this process or by one forked child:
    each takes the next job nobody has claimed whenever it is free. Listed largest first, the
    two end within about one small job of each other, whatever the jobs cost on this machine
    and for this content (a fixed split cannot know both). The first job is the child's: what
    the child makes travels back pickled, so the first should be costly to make and small to
    send. ``done(i, value)`` is called here for each job this process ran, as it ends. Returns
    the values in the jobs' order and the indexes the child ran; a job's error, here or in the
    child, is raised here."""
    if len(jobs) < 2:
        values = []
        for i, job in enumerate(jobs):
            values.append(job())
            if done:
                done(i, values[-1])
        return values, set()
    counter = get_context("fork").Value("i", 1)  # shared memory: inherited by the child

    def claimed(report=None, first: bool = False) -> dict:
        values = {0: jobs[0]()} if first else {}
        while True:
            with counter.get_lock():
                i = counter.value
                counter.value += 1
            if i >= len(jobs):
                return values
            values[i] = jobs[i]()
            if report:
                report(i, values[i])

    with Forked(claimed, None, True) as child:
        values = claimed(done)
        theirs = child.result()
    values.update(theirs)
    return [values[i] for i in range(len(jobs))], set(theirs)


class ForkedOrLocal:
    """``fn(*args)`` in a forked child, as `Forked`, but a child that fails (it dies, raises,
    or its answer does not come back) is not trusted with the answer: `result()` then runs
    ``fn(*args)`` in this process, so the caller gets exactly what doing the work here gives,
    its value or its error (the CLI's message, never a child's traceback). Ctrl-C is not
    retried. Use as a context manager, as `Forked`."""

    def __init__(self, fn, *args):
        self._fn, self._args = fn, args
        self._child = Forked(fn, *args)

    def result(self):
        try:
            return self._child.result()
        except Exception:  # noqa: BLE001, S110 — done again below: an error is then this process's own
            pass
        return self._fn(*self._args)

    def __enter__(self) -> ForkedOrLocal:
        return self

    def __exit__(self, *exc) -> None:
        self._child.__exit__(*exc)
