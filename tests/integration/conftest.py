"""Integration fixtures: a real Apache Kafka broker and real worker processes.

The session starts its own local broker (``streams.localkafka``) on free ports with a
throw-away data dir, and stops it at the end; with ``NEWSWATCH_KAFKA_BROKER`` set it
uses that broker instead. Workers run as ``python -m streams worker`` subprocesses.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from streams.contracts import validate
from streams.localkafka import LocalKafka
from streams.settings import REPO_ROOT, Settings

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def kafka_settings(tmp_path_factory) -> Settings:
    external = os.environ.get("NEWSWATCH_KAFKA_BROKER")
    base = Settings.from_env({}, kafka_broker=external or "")
    if external:
        yield base
        return
    data = tmp_path_factory.mktemp("kafka")
    settings = base.replace(kafka_port=free_port(), kafka_controller_port=free_port(),
                            kafka_data_dir=data)
    broker = LocalKafka(settings, log=lambda m: print(f"[kafka] {m}", file=sys.stderr))
    broker.start()
    try:
        yield settings
    finally:
        broker.stop()


class Worker:
    """A ``newswatch worker`` subprocess with its own group, topics prefix-free, web port."""

    def __init__(self, settings: Settings, log_path: Path):
        self.settings = settings
        self.log_path = log_path
        env = {**os.environ, **_env_of(settings)}
        with open(log_path, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streams", "worker"], cwd=REPO_ROOT, env=env,
                stdout=out, stderr=subprocess.STDOUT,
            )

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited {self.proc.returncode}:\n{self.log()[-3000:]}")
            if "[^Worker]: Ready" in self.log():
                return
            time.sleep(0.5)
        raise TimeoutError(f"worker not ready in {timeout}s:\n{self.log()[-3000:]}")

    def metrics(self) -> str:
        url = f"http://127.0.0.1:{self.settings.web_port}/metrics"
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode()

    def metric(self, line_prefix: str) -> float:
        for line in self.metrics().splitlines():
            if line.startswith(line_prefix + " "):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def _env_of(settings: Settings) -> dict[str, str]:
    keys = ("kafka_broker", "kafka_port", "kafka_controller_port", "app_id", "web_port",
            "data_dir", "topic_raw", "topic_enriched", "topic_alerts", "topic_deadletter",
            "batch_seconds", "lag_seconds", "feed_state")
    return {f"NEWSWATCH_{k.upper()}": str(getattr(settings, k)) for k in keys}


@pytest.fixture(scope="session")
def pipeline_settings(kafka_settings, tmp_path_factory) -> Settings:
    """Settings of the session's pipeline: its own consumer group and data dir."""
    return kafka_settings.replace(
        app_id=f"newswatch-test-{uuid.uuid4().hex[:6]}", web_port=free_port(),
        data_dir=tmp_path_factory.mktemp("worker"), batch_seconds=0.2, lag_seconds=1.0,
        feed_state=tmp_path_factory.mktemp("feeder") / "state.sqlite",
    )


@pytest.fixture(scope="session")
def worker(pipeline_settings, tmp_path_factory):
    w = Worker(pipeline_settings, tmp_path_factory.mktemp("logs") / "worker.log")
    try:
        w.wait_ready()
        yield w
    finally:
        w.stop()


@pytest.fixture(scope="session")
def env_of():
    return _env_of


async def produce(settings: Settings, topic: str, items: list[tuple[bytes | None, bytes]]):
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all")
    await producer.start()
    try:
        for key, value in items:
            await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()


async def collect(settings: Settings, topic: str, predicate, *, want: int = 1,
                  timeout: float = 60, message_type: str | None = None) -> list[dict]:
    """Read ``topic`` from the beginning until ``want`` decoded values match ``predicate``.

    Every value read is validated against ``message_type``'s schema when given.
    """
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=settings.bootstrap_servers, group_id=None,
        auto_offset_reset="earliest", enable_auto_commit=False,
    )
    await consumer.start()
    found: list[dict] = []
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(found) < want:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    value = orjson.loads(record.value)
                    if message_type:
                        validate(message_type, value)
                    if predicate(value):
                        found.append(value)
    finally:
        await consumer.stop()
    return found


def run(coro):
    return asyncio.run(coro)


_WORDS = [line.strip() for line in (Path(__file__).parent.parent / "fixtures" / "words.fr.txt")
          .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def distinct_story(tag: str, i: int, tail: str) -> str:
    """A story no other test's story resembles: a random word walk seeded by (tag, i)."""
    import random

    rng = random.Random(f"{tag}-{i}")
    lead = " ".join(rng.choice(_WORDS) for _ in range(40))
    return f"{lead.capitalize()}.\n\n{tail}"


def iran_israel_articles(tag: str, n: int) -> list[tuple[bytes, bytes]]:
    """``n`` raw articles as (key, value), each its own story, each alerting on iran-israel."""
    out = []
    for i in range(n):
        article = {"id": f"{tag}-{i}", "source": f"feed-{i}", "fetched_at": "2025-06-01T00:00:00Z",
                   "body": distinct_story(tag, i, "Le gouvernement iranien a déclaré que la "
                                                  "réponse à Israël serait mesurée.")}
        out.append((article["id"].encode(), orjson.dumps(article)))
    return out
