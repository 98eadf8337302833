"""A real Prometheus server scrapes a real worker; every dashboard and rule expression works.

Prometheus is Debian's package (`.ci/run` installs it). The test feeds articles (and a
malformed message) through the real broker so that every series exists, lets Prometheus
scrape the worker every second, then runs each PromQL expression of the Grafana
dashboard and checks it returns data, and checks every rule evaluates without error.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
import uuid

import orjson
import pytest

from streams.settings import REPO_ROOT
from tests.integration.conftest import collect, distinct_story, free_port, produce

pytestmark = pytest.mark.integration
OPS = REPO_ROOT / "ops"
DASHBOARD = OPS / "grafana" / "dashboards" / "newswatch.json"
RULES = OPS / "prometheus" / "rules" / "newswatch.rules.yml"
GRAFANA_VARS = {"$__rate_interval": "1m", "$__range": "1h", "$worker": ".*", "$watchlist": ".*"}


def _prometheus_binary() -> str:
    path = shutil.which("prometheus")
    if not path:
        pytest.fail("Debian's prometheus package is needed: apt-get install prometheus")
    return path


def _get(port: int, path: str, **params) -> dict:
    url = f"http://127.0.0.1:{port}{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.load(resp)


def dashboard_expressions() -> list[str]:
    board = json.loads(DASHBOARD.read_text())
    exprs = [t["expr"] for p in board["panels"] for t in p["targets"]]
    for var, value in GRAFANA_VARS.items():
        exprs = [e.replace(var, value) for e in exprs]
    assert not any("$" in e for e in exprs), "an unknown Grafana variable is left"
    return exprs


@pytest.fixture(scope="module")
def prometheus(worker, pipeline_settings, tmp_path_factory):
    work = tmp_path_factory.mktemp("prometheus")
    port = free_port()
    (work / "rules").mkdir()
    shutil.copy(RULES, work / "rules" / RULES.name)
    (work / "prometheus.yml").write_text(f"""
global: {{scrape_interval: 1s, evaluation_interval: 1s}}
rule_files: [rules/{RULES.name}]
scrape_configs:
  - job_name: newswatch
    static_configs: [{{targets: ["127.0.0.1:{pipeline_settings.web_port}"]}}]
""")
    log = open(work / "prometheus.log", "wb")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [_prometheus_binary(), f"--config.file={work / 'prometheus.yml'}",
         f"--storage.tsdb.path={work / 'data'}", f"--web.listen-address=127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (work / "prometheus.log").read_text()[-2000:]
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "prometheus not ready"
                time.sleep(0.5)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


async def test_dashboard_and_rule_expressions_return_data(prometheus, worker, pipeline_settings):
    s = pipeline_settings
    tag = uuid.uuid4().hex[:8]
    articles = [{"id": f"prom-{tag}-{i}", "source": "test", "fetched_at": "2025-06-01T00:00:00Z",
                 "body": distinct_story(tag, i, "Le président iranien a déclaré que Téhéran "
                                                "répondrait à Israël.")}
                for i in range(4)]
    await produce(s, s.topic_raw, [(f"bad-{tag}".encode(), b"not json")])
    await produce(s, s.topic_raw, [(a["id"].encode(), orjson.dumps(a)) for a in articles])
    assert len(await collect(s, s.topic_alerts, lambda v: v["article_id"].startswith(f"prom-{tag}")
                             and v["watchlist"] == "iran-israel",
                             want=4)) == 4
    time.sleep(6)  # several scrapes after the alerts, so rate() has two samples

    pending = dashboard_expressions()
    deadline = time.monotonic() + 60
    while pending and time.monotonic() < deadline:
        for expr in list(pending):
            answer = _get(prometheus, "/api/v1/query", query=expr)
            assert answer["status"] == "success", (expr, answer)
            if answer["data"]["result"]:
                pending.remove(expr)
        time.sleep(1)
    assert not pending, f"dashboard expressions without data: {pending}"

    for var in ('up{job="newswatch"}', "newswatch_alerts_total"):
        series = _get(prometheus, "/api/v1/series", **{"match[]": var})["data"]
        assert series, f"dashboard variable source {var} has no series"

    rules = _get(prometheus, "/api/v1/rules")["data"]["groups"]
    evaluated = [r for g in rules for r in g["rules"]]
    assert len(evaluated) == len(re.findall(r"^\s+- (record|alert):", RULES.read_text(), re.M))
    assert all(r["health"] == "ok" for r in evaluated), [
        (r["name"], r.get("lastError")) for r in evaluated if r["health"] != "ok"]
    records = [r["name"] for r in evaluated if r["type"] == "recording"]
    for name in records:
        assert _get(prometheus, "/api/v1/query", query=name)["data"]["result"], name
    assert _get(prometheus, "/api/v1/query", query='up{job="newswatch"} == 1')["data"]["result"]
