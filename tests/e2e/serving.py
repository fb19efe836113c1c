"""Processes the serving tests start and stop by their PIDs besides the app (eval/serving.py): `python -m ingest`
and a Chroma server."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eval.serving import ENV, ROOT, free_port, stop, wait_for

CHROMA = Path(sys.executable).with_name("chroma")


@contextmanager
def chroma_server(path: Path, log: Path, port: int | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = port or free_port()
    with log.open("ab") as out:
        process = subprocess.Popen([str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1",
                                    "--port", str(port)], cwd=path.parent, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/api/v2/heartbeat", process, log, 60)
        yield url, process
    finally:
        stop(process)


def run_cli(module: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=ENV, capture_output=True, text=True,
                          timeout=timeout, check=False)
