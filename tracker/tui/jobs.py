"""The board's store queue: every store call in a worker thread, one at a time, in submission order."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from textual.app import App

from ..errors import StoreLocked, TrackerError

LOCK_TIMEOUT = 1.0       # per attempt; the board retries and says so instead of freezing
LOCK_ATTEMPTS = 10

Job = Callable[[], Any]
Done = Callable[[Any], None]


class JobQueue:
    """Runs jobs in thread workers after every earlier job; results come back on the UI thread.

    `failed(error)` runs on the UI thread when a job raised (the board then reloads to undo its
    optimistic change); `idle()` runs after every finished job (a quit asked meanwhile).
    """

    def __init__(self, app: App, *, retrying: Callable[[int], str], failed: Callable[[TrackerError], None],
                 idle: Callable[[], None]):
        self.app = app
        self._retrying, self._failed, self._idle = retrying, failed, idle
        self._jobs: deque[tuple[Job, Done | None]] = deque()
        self._io_lock = threading.Lock()     # one store call at a time, in submission order
        self.pending = 0                     # jobs submitted and not yet finished

    def submit(self, job: Job, done: Done | None = None, *, after_paint: bool = False) -> None:
        """Run `job` in a worker thread after every earlier job; `done(result)` runs on the UI thread.

        `after_paint` starts the thread only once the next frame is drawn: writing 20,000 cards
        holds the GIL for tens of milliseconds, which would otherwise delay the frame that shows
        the change. The job counts as pending at once, so quitting still waits for it.
        """
        self._jobs.append((job, done))
        self.pending += 1
        if after_paint:
            self.app.call_after_refresh(self._start_job)
        else:
            self._start_job()

    def _start_job(self) -> None:
        self.app.run_worker(self._run_next_job, thread=True, group="store", exit_on_error=False)

    def _run_next_job(self) -> None:
        with self._io_lock:
            job, done = self._jobs.popleft()
            result, error = None, None
            for attempt in range(1, LOCK_ATTEMPTS + 1):
                try:
                    result, error = job(), None
                    break
                except StoreLocked as exc:
                    error = exc
                    if attempt < LOCK_ATTEMPTS:
                        self.from_thread(self.app.notify, self._retrying(attempt), severity="warning",
                                         timeout=LOCK_TIMEOUT + 0.5)
                except TrackerError as exc:
                    error = exc
                    break
                except Exception as exc:  # noqa: BLE001 - a worker must never leave a traceback
                    error = TrackerError(f"{type(exc).__name__}: {exc}")
                    break
            self.from_thread(self._job_finished, done, result, error)

    def from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Call `callback` on the UI thread from a worker thread (nothing once the app is closing)."""
        try:
            self.app.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:
            pass   # the app is shutting down; nothing left to show

    def _job_finished(self, done: Done | None, result: Any, error: TrackerError | None) -> None:
        self.pending -= 1
        if error is not None:
            self._failed(error)
        elif done is not None:
            done(result)
        self._idle()
