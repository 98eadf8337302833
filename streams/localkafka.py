"""Run a single-node Apache Kafka (KRaft, broker + controller) from its Maven Central jars.

This is what ``newswatch kafka start|stop|status`` does when no external broker is
configured. The jars are resolved once with Maven from ``ops/kafka/pom.xml`` into
``<cache_dir>/kafka-<version>/lib``; the broker's storage, pid file and log live in
``kafka_data_dir``. The JVM runs in its own session, so Ctrl-C in a terminal does not
kill it half-way: ``stop`` shuts it down (SIGTERM, controlled shutdown) and waits.
"""

from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from streams.settings import Settings

READY_LINE = "Kafka Server started"


class KafkaHarnessError(RuntimeError):
    """The local broker could not be fetched, started or stopped; the message says why."""


@dataclass(frozen=True)
class BrokerStatus:
    running: bool
    pid: int | None
    address: str
    data_dir: Path
    log_file: Path

    def describe(self) -> str:
        state = f"running (pid {self.pid})" if self.running else "not running"
        return f"local kafka {state} at {self.address}; data {self.data_dir}; log {self.log_file}"


class LocalKafka:
    """The local broker described by ``settings``; every method is safe to call twice."""

    def __init__(self, settings: Settings, log=print):
        self.s = settings
        self.log = log
        self.data_dir = Path(settings.kafka_data_dir)
        self.lib_dir = Path(settings.cache_dir) / f"kafka-{settings.kafka_version}" / "lib"
        self.pid_file = self.data_dir / "kafka.pid"
        self.log_file = self.data_dir / "kafka.log"
        self.config_file = self.data_dir / "server.properties"
        self.address = f"{settings.kafka_host}:{settings.kafka_port}"

    # -- jars ---------------------------------------------------------------------------

    def fetch(self) -> Path:
        """Resolve the broker jars with Maven into the cache (once per version)."""
        done = self.lib_dir.parent / ".complete"
        if done.exists():
            return self.lib_dir
        mvn = shutil.which("mvn")
        if not mvn:
            raise KafkaHarnessError(
                "Maven (mvn) is needed to fetch Apache Kafka from Maven Central; "
                "install it (apt-get install maven) or set NEWSWATCH_KAFKA_BROKER"
            )
        pom = Path(self.s.ops_dir) / "kafka" / "pom.xml"
        if not pom.exists():
            raise KafkaHarnessError(f"missing {pom}: set NEWSWATCH_OPS_DIR to the ops folder")
        staging = self.lib_dir.parent / "lib.partial"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        self.log(f"fetching Apache Kafka {self.s.kafka_version} jars from Maven Central ...")
        proc = subprocess.run(
            [mvn, "-B", "-q", "-f", str(pom), "dependency:copy-dependencies",
             f"-DoutputDirectory={staging}", f"-Dkafka.version={self.s.kafka_version}"],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
            raise KafkaHarnessError("mvn could not fetch Kafka jars:\n" + "\n".join(tail))
        shutil.rmtree(self.lib_dir, ignore_errors=True)
        staging.rename(self.lib_dir)
        done.touch()
        self.log(f"cached {len(list(self.lib_dir.glob('*.jar')))} jars in {self.lib_dir}")
        return self.lib_dir

    # -- lifecycle ------------------------------------------------------------------------

    def status(self) -> BrokerStatus:
        pid = self._live_pid()
        return BrokerStatus(pid is not None, pid, self.address, self.data_dir, self.log_file)

    def start(self, timeout: float = 90.0) -> BrokerStatus:
        """Start the broker unless it runs already; return once it accepts connections."""
        current = self.status()
        if current.running:
            self.log(f"local kafka already running (pid {current.pid}) at {self.address}")
            return current
        if _port_open(self.s.kafka_host, self.s.kafka_port):
            raise KafkaHarnessError(
                f"port {self.address} is taken by another process: stop it, choose another "
                "NEWSWATCH_KAFKA_PORT, or point NEWSWATCH_KAFKA_BROKER at that broker"
            )
        java = shutil.which("java")
        if not java:
            raise KafkaHarnessError("Java 17+ is needed: apt-get install openjdk-17-jre-headless")
        lib = self.fetch()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._write_config()
        classpath = f"{lib}/*"
        jvm = [java, f"-Xmx{self.s.kafka_heap}", f"-Xms{self.s.kafka_heap}",
               "-XX:+UseG1GC", "-Djava.awt.headless=true",
               f"-Dlog4j2.configurationFile={Path(self.s.ops_dir) / 'kafka' / 'log4j2.properties'}",
               "-cp", classpath]
        if not (self.data_dir / "logs" / "meta.properties").exists():
            cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
            fmt = subprocess.run(
                # "--cluster-id=" form: a base64url id may start with "-"
                [*jvm, "kafka.tools.StorageTool", "format", f"--cluster-id={cluster_id}",
                 f"--config={self.config_file}"],
                capture_output=True, text=True,
            )
            if fmt.returncode != 0:
                raise KafkaHarnessError("formatting KRaft storage failed:\n" + fmt.stderr[-2000:])
        offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with open(self.log_file, "ab") as out:
            proc = subprocess.Popen(
                [*jvm, "kafka.Kafka", str(self.config_file)],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.pid_file.write_text(str(proc.pid))
        self.log(f"starting local kafka {self.s.kafka_version} (pid {proc.pid}) at {self.address}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise KafkaHarnessError(
                    f"kafka exited with code {proc.returncode}; see {self.log_file}:\n"
                    + self._log_tail(offset)
                )
            if self._ready_since(offset) and _port_open(self.s.kafka_host, self.s.kafka_port):
                self.log(f"local kafka ready at {self.address} (log: {self.log_file})")
                return self.status()
            time.sleep(0.3)
        self.stop()
        raise KafkaHarnessError(
            f"kafka did not become ready in {timeout:.0f}s; see {self.log_file}:\n"
            + self._log_tail(offset)
        )

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the broker (controlled shutdown, then SIGKILL); False if it was not running."""
        pid = self._live_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            self.log(f"kafka (pid {pid}) ignored SIGTERM for {timeout:.0f}s: killing it")
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        self.log(f"local kafka stopped (pid {pid})")
        return True

    # -- helpers --------------------------------------------------------------------------

    def _write_config(self) -> None:
        s = self.s
        host = s.kafka_host
        self.config_file.write_text(
            "\n".join([
                "process.roles=broker,controller",
                "node.id=1",
                f"controller.quorum.voters=1@{host}:{s.kafka_controller_port}",
                f"listeners=PLAINTEXT://{host}:{s.kafka_port},"
                f"CONTROLLER://{host}:{s.kafka_controller_port}",
                f"advertised.listeners=PLAINTEXT://{host}:{s.kafka_port}",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                f"log.dirs={self.data_dir / 'logs'}",
                f"num.partitions={s.partitions}",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "",
            ])
        )

    def _live_pid(self) -> int | None:
        """The pid in the pid file, if that process is alive and is our broker."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        if not _alive(pid):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            return pid  # no /proc (macOS): trust the pid file
        return pid if str(self.config_file) in cmdline else None

    def _ready_since(self, offset: int) -> bool:
        try:
            with open(self.log_file, "rb") as f:
                f.seek(offset)
                return READY_LINE.encode() in f.read()
        except FileNotFoundError:
            return False

    def _log_tail(self, offset: int, lines: int = 20) -> str:
        try:
            with open(self.log_file, "rb") as f:
                f.seek(offset)
                text = f.read().decode(errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours still answers kill(0); reap it if it is ours.
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


def _port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0
