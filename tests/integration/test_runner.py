"""`newswatch run` (what `make run` runs): alerts appear, and Ctrl-C leaves no process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from streams.settings import REPO_ROOT
from tests.integration.conftest import free_port

pytestmark = pytest.mark.integration


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_run_shows_seed_alert_and_ctrl_c_stops_everything(tmp_path):
    env = {**os.environ,
           "NEWSWATCH_KAFKA_BROKER": "",
           "NEWSWATCH_KAFKA_PORT": str(free_port()),
           "NEWSWATCH_KAFKA_CONTROLLER_PORT": str(free_port()),
           "NEWSWATCH_KAFKA_DATA_DIR": str(tmp_path / "kafka"),
           "NEWSWATCH_DATA_DIR": str(tmp_path / "worker"),
           "NEWSWATCH_WEB_PORT": str(free_port()),
           "NEWSWATCH_APP_ID": f"newswatch-run-{uuid.uuid4().hex[:6]}",
           "NO_COLOR": "1"}
    out_path = tmp_path / "run.out"
    with open(out_path, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streams", "run"], cwd=REPO_ROOT,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while "Iran (Q794), Israel (Q801)" not in out_path.read_text():
            assert proc.poll() is None, out_path.read_text()[-3000:]
            assert time.monotonic() < deadline, out_path.read_text()[-3000:]
            time.sleep(0.5)
        broker_pid = int((tmp_path / "kafka" / "kafka.pid").read_text())
        worker_pids = subprocess.run(["pgrep", "-f", "streams worker", "-P", str(proc.pid)],
                                     capture_output=True, text=True).stdout.split()
        assert worker_pids and _alive(broker_pid)
        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert proc.wait(timeout=120) == 0, out_path.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
    output = out_path.read_text()
    assert "worker stopped" in output and "local kafka stopped" in output
    assert not _alive(broker_pid)
    assert not any(_alive(int(pid)) for pid in worker_pids)
