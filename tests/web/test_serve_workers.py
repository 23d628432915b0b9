"""`svodka serve --workers 2`: two processes answer on one socket, and SIGTERM stops them all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

SVODKA = [sys.executable, "-c", "from svodka.cli import main; raise SystemExit(main())"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.add(int(entry.name))
    return found


def test_two_processes_share_the_socket_and_stop_together(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "SVODKA_DATA_DIR": str(tmp_path)}
    env.pop("SVODKA_DATABASE_URL", None)
    proc = subprocess.Popen([*SVODKA, "serve", "--port", str(port), "--workers", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        assert "(2 processes)" in proc.stdout.readline()
        children = _children(proc.pid)
        assert len(children) == 2
        with httpx.Client(trust_env=False, timeout=30) as http:
            deadline = time.monotonic() + 60
            while True:
                try:
                    r = http.get(f"http://127.0.0.1:{port}/healthz")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "no answer in 60 s"
                    time.sleep(0.2)
            assert r.status_code == 200 and r.json()["status"] == "ok"
            assert http.get(f"http://127.0.0.1:{port}/").status_code == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]  # reaped
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
