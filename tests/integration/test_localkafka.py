"""The local broker harness: start, idempotent start, stop with no JVM left behind."""

from __future__ import annotations

import os

import pytest

from streams.localkafka import LocalKafka, _port_open
from tests.integration.conftest import free_port

pytestmark = pytest.mark.integration


def test_start_status_stop_leaves_no_process(kafka_settings, tmp_path):
    settings = kafka_settings.replace(kafka_broker="", kafka_port=free_port(),
                                      kafka_controller_port=free_port(),
                                      kafka_data_dir=tmp_path / "k2")
    broker = LocalKafka(settings, log=lambda m: None)
    assert not broker.status().running
    status = broker.start()
    try:
        assert status.running and _port_open(settings.kafka_host, settings.kafka_port)
        assert broker.start().pid == status.pid  # already running: no second JVM
        assert "Kafka Server started" in broker.log_file.read_text()
    finally:
        assert broker.stop() is True
    with pytest.raises(ProcessLookupError):
        os.kill(status.pid, 0)
    assert not _port_open(settings.kafka_host, settings.kafka_port)
    assert broker.stop() is False
