"""A JupyterHub classroom on this machine: hub start-to-ready time and memory per student.

The hub of tests/classroom/hub.py (jupyterhub, configurable-http-proxy, DummyAuthenticator,
SimpleLocalProcessSpawner, each student with their own course copy) with 10 students. Each student's
server opens ``notebooks/00-welcome.ipynb`` and runs it (a 3-node cluster, commands, 5 simulated
minutes) through the hub's API; one more student — the baseline, measured in the same run — starts a
kernel that runs only ``1 + 1``.

Figures:
* hub start-to-ready: from launching ``jupyterhub`` until its API answers through the proxy, and the
  same for one bare ``jupyter server`` started in this run (the baseline: the start-up cost every
  Jupyter server has on this machine);
* spawn-to-ready of the 10 servers started together through the hub's API (median and last);
* memory per student with the course loaded: RSS and PSS (shared pages divided among the processes
  that share them — what each student really adds) of their server and kernel, against the baseline
  student's.

Run: ``.venv/bin/python bench/classroom_hub.py`` (part of ``make bench``).
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "classroom"))

from hub import Hub, memory_of, users_processes  # noqa: E402

STUDENTS = [f"student{i:02d}" for i in range(1, 11)]


def bare_server_seconds(work: Path) -> float:
    """Start-to-ready of one plain ``jupyter server`` (no hub, no proxy): the baseline."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = [sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
            "--ServerApp.token=t", f"--ServerApp.root_dir={work}"] + (["--allow-root"] if os.geteuid() == 0 else [])
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(work / "cfg"))
    started = time.monotonic()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token=t", timeout=1).read()
                return time.monotonic() - started
            except OSError:
                time.sleep(0.1)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="k8scourse-hub-bench-"))
    bare = bare_server_seconds(work)
    hub = Hub(work / "hub")
    hub.work.mkdir()
    try:
        ready = hub.start()
        hub.add_users(STUDENTS + ["baseline"])
        spawned = hub.spawn(STUDENTS + ["baseline"])
        for name in STUDENTS:
            cells = hub.run_notebook(name, "notebooks/00-welcome.ipynb")
            assert all(c["status"] == "ok" for c in cells), name
        session = hub.api("POST", "/user/baseline/api/sessions",
                          {"path": "b.ipynb", "type": "notebook", "name": "b.ipynb", "kernel": {"name": "python3"}})
        import asyncio
        asyncio.run(hub._execute("baseline", session["kernel"]["id"], ["1 + 1"], 120))
        load = os.getloadavg()[0]
        per_user = [memory_of(users_processes(name, hub.work)) for name in STUDENTS]
        base = memory_of(users_processes("baseline", hub.work))
    finally:
        hub.stop()
    pss = statistics.median(m["pss_mib"] for m in per_user)
    rss = statistics.median(m["rss_mib"] for m in per_user)
    waits = sorted(spawned[n] for n in STUDENTS)
    print(f"load average at the end: {load:.1f}")
    print("| figure | value | × baseline |\n|---|---:|---:|")
    print(f"| bare `jupyter server` start-to-ready (baseline) | {bare:.1f} s | 1.00 |")
    print(f"| hub start-to-ready (hub + proxy, API through the proxy) | {ready:.1f} s | {ready / bare:.2f} |")
    print(f"| 10 servers spawned together: median / last ready | {statistics.median(waits):.1f} s / "
          f"{waits[-1]:.1f} s | {waits[-1] / bare:.2f} (last) |")
    print(f"| memory per student, bare kernel (baseline): PSS / RSS | {base['pss_mib']:.0f} / "
          f"{base['rss_mib']:.0f} MiB | 1.00 |")
    print(f"| memory per student, course notebook run (median of 10): PSS / RSS | {pss:.0f} / {rss:.0f} MiB | "
          f"{pss / base['pss_mib']:.2f} (PSS) |")
    print(f"| max PSS of a student | {max(m['pss_mib'] for m in per_user):.0f} MiB | |")


if __name__ == "__main__":
    main()
