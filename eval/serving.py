"""The app as a process of its own, started and stopped by its PID: what the load benchmark measures through HTTP
(and what the serving tests start). Its memory and CPU time, with its engine process's, are read from /proc."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 120
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = STARTUP_SECONDS) -> None:
    """Until `url` answers 200; an AssertionError with the end of the log when the process exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode} before serving:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"nothing answered on {url} within {seconds} s:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop one process we started, by its PID: politely, then for good."""
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)  # a stopped process cannot act on SIGTERM
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextmanager
def running_app(data: Path, log: Path, *args: str,
                env: Mapping[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`python app.py` on `data` (no sample ingest) on a free port, with `env` added to its environment; yields its
    URL and process once it answers, and stops it afterwards."""
    with running_server(["app.py", "--data", str(data), "--samples", str(data / "no-samples"), *args], log,
                        env) as served:
        yield served


@contextmanager
def running_server(command: list[str], log: Path,
                   env: Mapping[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`python COMMAND --port N` on a free port, with `env` added to its environment; yields its URL and process once
    it answers, and stops it afterwards."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, *command, "--port", str(port)],
                                   cwd=ROOT, env={**ENV, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url, process, log)
        yield url, process
    finally:
        stop(process)


def _stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat after the command name (which may hold spaces): state, ppid, …"""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def process_tree(pid: int) -> list[int]:
    """The process and every process it started (the app's engine process), alive now."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                children.setdefault(int(_stat_fields(int(entry.name))[1]), []).append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
    tree, pending = [], [pid]
    while pending:
        tree.append(current := pending.pop())
        pending += children.get(current, [])
    return tree


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for {pid}")


def rss_bytes(pid: int) -> int:
    """Resident memory of the process and its children, added up: pages a forked child still shares with the app
    count twice, so the figure errs high."""
    return sum(_rss(p) for p in process_tree(pid))


def pss_bytes(pid: int) -> int:
    """Proportional memory of the process and its children: each shared page split among those sharing it, so the
    sum is what they use together."""
    total = 0
    for p in process_tree(pid):
        with contextlib.suppress(OSError):  # a worker that ended meanwhile
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
    return total


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process and its children have used so far (all their threads)."""
    total = 0
    for p in process_tree(pid):
        fields = _stat_fields(p)
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")
