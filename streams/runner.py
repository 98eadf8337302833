"""``newswatch run`` (what ``make run`` does): the whole pipeline on one machine.

Starts the local broker (unless one runs already or an external one is configured), a
worker process, feeds the seeds, and prints alerts as they arrive. Ctrl-C (or SIGTERM)
stops what it started, and only that: a broker that was already running is left alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from streams.client import format_alert, tail
from streams.feeder import run_feed
from streams.localkafka import LocalKafka
from streams.settings import REPO_ROOT, Settings


def run_demo(settings: Settings, paths: list[str]) -> int:
    paths = paths or sorted(str(p) for p in (REPO_ROOT / "seeds").glob("*.txt"))
    broker = LocalKafka(settings, log=_say) if settings.uses_local_kafka else None
    started_broker = False
    worker = None
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if broker and not broker.status().running:
            broker.start()
            started_broker = True
        log = Path(settings.data_dir) / "worker.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        _say(f"starting a worker (log: {log}) ...")
        with open(log, "ab") as out:
            worker = subprocess.Popen(
                [sys.executable, "-m", "streams", "worker"], cwd=REPO_ROOT,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        _wait_ready(worker, log)
        _say(f"worker ready; metrics on http://{settings.web_host}:{settings.web_port}/metrics")
        summary = asyncio.run(run_feed(settings, paths, log=_say))
        _say(f"fed: {summary.line()}; alerts follow (Ctrl-C to stop)")
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        asyncio.run(tail(settings, settings.topic_alerts, from_beginning=True, limit=None,
                         timeout=None, emit=lambda a: _say(format_alert(a, color))))
    except KeyboardInterrupt:
        _say("\nstopping ...")
    finally:
        # each step runs even if an earlier one fails (a closed stdout, a second Ctrl-C)
        try:
            _stop_worker(worker)
        finally:
            if started_broker:
                broker.stop()
    return 0


def _stop_worker(worker: subprocess.Popen | None) -> None:
    if worker is None or worker.poll() is not None:
        return
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    _say("worker stopped")


def _say(message: str) -> None:
    """Print, but never let a closed terminal or pipe stop the clean-up."""
    with contextlib.suppress(OSError):
        print(message, flush=True)


def _interrupt(signum, frame):
    """SIGTERM ends a run the way Ctrl-C does, so `kill` cleans up too."""
    raise KeyboardInterrupt


class WorkerFailed(RuntimeError):
    """The worker process died or did not become ready."""


def _wait_ready(worker: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    offset = log.stat().st_size if log.exists() else 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            tail_text = log.read_text(errors="replace")[offset:][-3000:]
            raise WorkerFailed(f"the worker exited ({worker.returncode}):\n{tail_text}")
        with open(log, "rb") as f:
            f.seek(offset)
            if b"[^Worker]: Ready" in f.read():
                return
        time.sleep(0.5)
    raise WorkerFailed(f"the worker was not ready after {timeout:.0f}s; see {log}")
