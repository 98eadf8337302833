from pathlib import Path

import pytest

from streams.settings import Settings


def test_env_prefix_and_types():
    s = Settings.from_env({"NEWSWATCH_PARTITIONS": "8", "NEWSWATCH_BATCH_SECONDS": "0.2",
                           "NEWSWATCH_DATA_DIR": "/tmp/x", "NEWSWATCH_KAFKA_BROKER": "b:9092"})
    assert (s.partitions, s.batch_seconds, s.data_dir) == (8, 0.2, Path("/tmp/x"))
    assert s.bootstrap_servers == "b:9092" and not s.uses_local_kafka


def test_local_broker_by_default():
    s = Settings.from_env({})
    assert s.bootstrap_servers == "127.0.0.1:9092" and s.uses_local_kafka
    assert s.alert_topic("iran") == "news.alerts.iran"


def test_bad_value_is_a_clear_error():
    with pytest.raises(ValueError, match="NEWSWATCH_PARTITIONS='four' is not a valid int"):
        Settings.from_env({"NEWSWATCH_PARTITIONS": "four"})


def test_every_field_is_documented():
    for env, _value, doc in Settings().describe():
        assert env.startswith("NEWSWATCH_") and doc, env
