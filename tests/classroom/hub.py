"""A real JupyterHub classroom on loopback, for the tests and ``bench/classroom_hub.py``.

The standard hub: ``jupyterhub`` from PyPI, ``configurable-http-proxy`` from npm (installed here into
the virtualenv with ``npm`` when missing), the ``DummyAuthenticator`` and the
``SimpleLocalProcessSpawner`` (one local ``jupyterhub-singleuser`` process per student, each in a home
folder of its own holding a copy of the course made by ``k8scourse release``). Everything listens on
127.0.0.1 only. The hub's configuration is :func:`hub_config` — the same values docs/classroom.md
documents.

Students are driven only through HTTP, as a browser would: the hub's REST API creates them and starts
their servers (a service token with admin scopes); through the proxy, each student's server opens a
notebook of the course copy (contents API), starts a kernel (sessions API) and runs the notebook's
code cells over the kernel's websocket (Jupyter messaging protocol).
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROXY_VERSION = "5"          # configurable-http-proxy major version


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_proxy() -> str:
    """The ``configurable-http-proxy`` executable, installed from npm into the virtualenv when missing."""
    found = shutil.which("configurable-http-proxy")
    prefix = Path(sys.prefix) / "node"
    local = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    if found:
        return found
    if not local.exists():
        npm = shutil.which("npm")
        if npm is None and shutil.which("apt-get"):          # a clean machine: Debian's npm, as for chromium
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "npm"]):
                subprocess.run(cmd, capture_output=True, env=env, timeout=900)
            npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is missing and could not be installed: it installs configurable-http-proxy")
        proc = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-fund", "--no-audit",
                               f"configurable-http-proxy@{PROXY_VERSION}"], capture_output=True, text=True,
                              timeout=600)
        if proc.returncode:
            raise RuntimeError(f"npm install configurable-http-proxy failed: {proc.stderr[-500:]}")
    return str(local)


def hub_config(work: Path, port: int, hub_port: int, token: str, bundle: Path, proxy: str) -> str:
    """``jupyterhub_config.py`` for a classroom on this machine (see docs/classroom.md)."""
    singleuser = Path(sys.prefix) / "bin" / "jupyterhub-singleuser"
    args = ["--allow-root"] if os.geteuid() == 0 else []
    return f'''# A k8scourse classroom: one single-user server per student, each with its own course copy.
import shutil
from pathlib import Path

c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{work}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{work}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{work}/jupyterhub.pid"
c.ConfigurableHTTPProxy.command = ["{proxy}"]
c.ConfigurableHTTPProxy.pid_file = "{work}/proxy.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{work}/home/{{username}}"
c.Spawner.cmd = ["{singleuser}"]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab/tree/course.ipynb"
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.JupyterHub.services = [{{"name": "classroom", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [{{"name": "classroom", "services": ["classroom"],
                            "scopes": ["admin:users", "admin:servers", "access:servers", "read:hub"]}}]


def copy_course(spawner):
    """Each student starts from their own copy of the course (k8scourse release)."""
    home = Path(spawner.home_dir_template.format(username=spawner.user.name))
    if not (home / "course.ipynb").exists():
        shutil.copytree("{bundle}", home, dirs_exist_ok=True)
    spawner.environment["K8SCOURSE_EXERCISES"] = str(home / "exercises")


c.Spawner.pre_spawn_hook = copy_course
'''


class Hub:
    def __init__(self, work: Path):
        self.work = Path(work)
        self.port, self.hub_port = _free_port(), _free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.ready_seconds = None

    # ------------------------------------------------------------------ lifecycle
    def start(self, timeout: float = 300) -> float:
        """Start the hub and its proxy; seconds from launch until the hub's API answers through the proxy."""
        bundle = self.work / "bundle"
        if not bundle.exists():
            subprocess.run([sys.executable, "-m", "k8scourse", "release", "--out", str(bundle)], check=True,
                           capture_output=True)
        proxy = ensure_proxy()
        (self.work / "home").mkdir(parents=True, exist_ok=True)
        config = self.work / "jupyterhub_config.py"
        config.write_text(hub_config(self.work, self.port, self.hub_port, self.token, bundle, proxy))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "K8SCOURSE"))}
        env["PATH"] = os.pathsep.join([str(Path(sys.prefix) / "bin"), env.get("PATH", "")])
        self.log = open(self.work / "hub.log", "w")
        started = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=self.work, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError("jupyterhub exited:\n" + self.log_tail())
            try:
                self.api("GET", "/hub/api/")
                self.ready_seconds = time.monotonic() - started
                return self.ready_seconds
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise RuntimeError("jupyterhub did not answer in time:\n" + self.log_tail())

    def log_tail(self, n: int = 3000) -> str:
        if not self.log.closed:
            self.log.flush()
        return (self.work / "hub.log").read_text(errors="replace")[-n:]

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        for pid in users_processes(None, self.work):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.log.close()

    # ------------------------------------------------------------------ HTTP
    def api(self, method: str, path: str, body=None, timeout: float = 30):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read().decode()
        return json.loads(text) if text.strip() else None

    def add_users(self, names: list[str]) -> None:
        self.api("POST", "/hub/api/users", {"usernames": names})

    def spawn(self, names: list[str], timeout: float = 900) -> dict[str, float]:
        """Start every student's server through the hub's API; seconds until each was ready."""
        started = time.monotonic()
        for name in names:
            self.api("POST", f"/hub/api/users/{name}/server")
        ready: dict[str, float] = {}
        while len(ready) < len(names):
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"servers not ready: {sorted(set(names) - set(ready))}\n" + self.log_tail())
            for name in names:
                if name not in ready:
                    server = (self.api("GET", f"/hub/api/users/{name}").get("servers") or {}).get("")
                    if server and server.get("ready"):
                        ready[name] = time.monotonic() - started
            time.sleep(0.5)
        return ready

    # ------------------------------------------------------------------ a student's notebook
    def open_notebook(self, user: str, path: str) -> dict:
        return self.api("GET", f"/user/{user}/api/contents/{path}?content=1")["content"]

    def run_notebook(self, user: str, path: str, timeout: float = 300) -> list[dict]:
        """Open ``path`` in ``user``'s server, start a kernel, run every code cell; the outputs per cell."""
        nb = self.open_notebook(user, path)
        session = self.api("POST", f"/user/{user}/api/sessions",
                           {"path": path, "type": "notebook", "name": path, "kernel": {"name": "python3"}})
        kernel = session["kernel"]["id"]
        codes = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                 for c in nb["cells"] if c["cell_type"] == "code"]
        return asyncio.run(self._execute(user, kernel, codes, timeout))

    async def _execute(self, user: str, kernel: str, codes: list[str], timeout: float) -> list[dict]:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect
        url = f"ws://127.0.0.1:{self.port}/user/{user}/api/kernels/{kernel}/channels"
        conn = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.token}"},
                                                   connect_timeout=60))
        session = uuid.uuid4().hex
        results = []
        deadline = time.monotonic() + timeout
        for code in codes:
            msg_id = uuid.uuid4().hex
            conn.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": user, "session": session, "msg_type": "execute_request",
                           "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            outputs, status, idle = [], None, False
            while status is None or not idle:          # the reply and the kernel going idle, in either order
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{user}: cell did not finish")
                raw = await asyncio.wait_for(conn.read_message(), timeout=left)
                if raw is None:
                    raise RuntimeError(f"{user}: the kernel's websocket closed")
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind in ("stream", "execute_result", "display_data", "error"):
                    outputs.append({"type": kind, **msg["content"]})
                elif kind == "execute_reply":
                    status = msg["content"]["status"]
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
            results.append({"status": status, "outputs": outputs})
        conn.close()
        return results


def users_processes(user: str | None, work: Path) -> list[int]:
    """PIDs of the single-user servers and kernels of ``user`` (any student when None) of this hub."""
    marker = f"JUPYTERHUB_USER={user}".encode() if user else b"JUPYTERHUB_USER="
    home = str(work / "home").encode()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            env = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        fields = env.split(b"\0")
        if any(f == marker or (user is None and f.startswith(marker)) for f in fields) and home in env:
            found.append(int(pid))
    return found


def memory_of(pids: list[int]) -> dict[str, float]:
    """Resident (RSS) and proportional (PSS: shared pages divided among their users) MiB of ``pids``."""
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return {"rss_mib": rss / 1024, "pss_mib": pss / 1024}
