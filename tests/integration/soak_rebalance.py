"""Soak test: a second worker joins and leaves, again and again, while articles are produced.

    make soak                                   # 8 rounds, about 8 minutes
    .venv/bin/python -m tests.integration.soak_rebalance --rounds 20

Each round starts a second worker, produces 10 articles while it joins, 10 once it is
ready (still in flight when it stops), stops it, and produces 10 more during the leave.
At the end every article must have alerted exactly as ``iran-israel``; the command prints
the ones that did not and exits 1. It starts its own local Kafka (as the integration tests
do) and keeps the logs in a temporary folder, printed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import uuid
from pathlib import Path

from streams.localkafka import LocalKafka
from streams.settings import Settings
from tests.integration.conftest import (
    Worker,
    collect,
    free_port,
    iran_israel_articles,
    produce,
)


async def soak(settings: Settings, root: Path, rounds: int, per_batch: int = 10) -> list[str]:
    first = Worker(settings, root / "worker-1.log")
    first.wait_ready()
    tags = []
    try:
        for r in range(rounds):
            second = Worker(settings.replace(web_port=free_port(), data_dir=root / f"w2-{r}"),
                            root / f"worker-2-round-{r}.log")
            await asyncio.sleep(1)
            for phase in ("joining", "in-flight", "leaving"):
                if phase == "in-flight":
                    second.wait_ready()
                tag = f"r{r}{phase[0]}{uuid.uuid4().hex[:4]}"
                tags.append(tag)
                await produce(settings, settings.topic_raw, iran_israel_articles(tag, per_batch))
                if phase == "in-flight":
                    second.stop()
            print(f"round {r + 1}/{rounds} done", flush=True)
        want = {f"{t}-{i}" for t in tags for i in range(per_batch)}
        alerts = await collect(settings, settings.topic_alerts,
                               lambda v: v["watchlist"] == "iran-israel"
                               and v["article_id"] in want,
                               want=len(want), timeout=180, message_type="Alert")
        return sorted(want - {a["article_id"] for a in alerts})
    finally:
        first.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=8, help="join/leave rounds (default 8)")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="newswatch-soak-"))
    base = Settings.from_env({}, kafka_broker="")
    kafka = base.replace(kafka_port=free_port(), kafka_controller_port=free_port(),
                         kafka_data_dir=root / "kafka")
    broker = LocalKafka(kafka, log=lambda m: print(f"[kafka] {m}", flush=True))
    broker.start()
    settings = kafka.replace(app_id=f"newswatch-soak-{uuid.uuid4().hex[:6]}",
                             web_port=free_port(), data_dir=root / "w1", batch_seconds=0.2,
                             lag_seconds=1.0, feed_state=root / "feed-state.sqlite")
    try:
        missing = asyncio.run(soak(settings, root, args.rounds))
    finally:
        broker.stop()
    total = args.rounds * 30
    print(f"{total - len(missing)}/{total} articles alerted; missing: {missing or 'none'}")
    print(f"logs: {root}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
