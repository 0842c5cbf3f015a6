"""Run a student's notebook where it can harm nothing: a child process in an unprivileged sandbox.

The batch grader never runs a submission in its own process or with its own rights. For each
submission it starts :mod:`.worker` (which executes the notebook with nbclient) as a child with:

* a **private temporary folder** holding a copy of that one notebook, and nothing else writable;
* a **scrubbed environment** (``PATH``, ``HOME`` = that folder, locale, Jupyter/IPython folders inside
  it, and the ``K8SCOURSE_*`` values the grader sets — nothing of the instructor's environment);
* **limits** on CPU time (``RLIMIT_CPU``), address space (``RLIMIT_AS``), the size of any file it
  writes (``RLIMIT_FSIZE``), no core files, the bytes of output the grader reads, and wall-clock
  time — after which, and in any case at the end, its **whole process group is killed**;
* where the machine has it, an **unprivileged sandbox** (:func:`mechanism`):

  ``bwrap``    bubblewrap (Debian's ``bubblewrap``): new user, PID, network, IPC and UTS
               namespaces; a read-only view of ``/usr``, ``/etc``, Python, the virtualenv, the
               package and the exercise specs (``solutions/`` hidden); a fresh ``/tmp``; no network
               but loopback; the folder of that one submission writable. Every process of the
               sandbox dies with it (a PID namespace whose first process dies takes all with it).
  ``unshare``  util-linux ``unshare``: new user, PID, mount and network namespaces (no network;
               processes that left the process group still die with the namespace), run as
               ``nobody`` when the grader is root. No read-only view: the hash check of
               :mod:`.integrity` catches writes to the package or the specs.
  ``process``  neither is usable: a plain child process in its own session, as ``nobody`` when
               the grader is root, with the limits above and the hash check.

``K8SCOURSE_SANDBOX=bwrap|unshare|process`` forces a mechanism (the tests use it); a forced one
that cannot run is an error, never a silent downgrade.

Only data comes back: the child's standard output, of which the grader reads at most
``output_bytes`` (then stops the child), and the tail of its standard error for the reason of a
failure — never shown in the middle of the grader's progress output.

>>> mechanism() in ("bwrap", "unshare", "process")
True
>>> import tempfile
>>> r = run([sys.executable, "-c", "print('hello')"], tempfile.mkdtemp(), Limits(wall_seconds=30))
>>> r.status, r.stdout
('ok', b'hello\\n')
"""

from __future__ import annotations

import os
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NOBODY = 65534                  # the unprivileged uid/gid a root grader drops to (Debian's nobody/nogroup)
MECHANISMS = ("bwrap", "unshare", "process")


@dataclass(frozen=True)
class Limits:
    wall_seconds: float
    memory_mb: int = 2048                  # RLIMIT_AS of every process in the sandbox (0: none)
    cpu_seconds: int | None = None         # RLIMIT_CPU of each process (default: wall time + 10 s)
    output_bytes: int = 32 * 1024 * 1024   # what the grader reads of the child's stdout
    file_bytes: int = 256 * 1024 * 1024    # RLIMIT_FSIZE: the largest file the child may write


@dataclass
class Run:
    status: str                 # ok | exit (non-zero status) | signal | timeout | output (too much)
    returncode: int | None
    stdout: bytes
    stderr_tail: str
    mechanism: str
    seconds: float

    @property
    def detail(self) -> str:
        if self.status == "signal":
            return _signal_name(-(self.returncode or 0))
        if self.status == "exit":
            return f"exit status {self.returncode}"
        return self.status


def _signal_name(num: int) -> str:
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


# ---------------------------------------------------------------------- choosing the mechanism
def _probe(argv: list[str], drop: bool = False) -> bool:
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=20,
                              preexec_fn=_drop_privileges if drop else None)
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


@lru_cache(maxsize=None)
def available(name: str) -> bool:
    """Whether the mechanism ``name`` works on this machine (tried once, with a harmless command)."""
    if name == "bwrap":
        exe = shutil.which("bwrap")
        return bool(exe) and _probe([exe, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/",
                                     "--proc", "/proc", "--dev", "/dev", "true"])
    if name == "unshare":
        exe = shutil.which("unshare")
        return bool(exe) and _probe(_unshare_prefix(exe) + ["--"] + _PYTHON_PROBE, drop=os.geteuid() == 0)
    return name == "process"


_PYTHON_PROBE = [sys.executable, "-c", "import k8scourse.grading"]


@lru_cache(maxsize=None)
def can_drop() -> bool:
    """A root grader runs plain children as nobody — when nobody can run this Python at all
    (a Python under ``/root`` cannot be: then the child keeps root's uid, and only the hash check and
    the limits hold)."""
    return os.geteuid() == 0 and _probe(_PYTHON_PROBE, drop=True)


def mechanism() -> str:
    """The strongest mechanism this machine offers (or the one ``K8SCOURSE_SANDBOX`` names)."""
    forced = os.environ.get("K8SCOURSE_SANDBOX")
    if forced:
        if forced not in MECHANISMS:
            raise ValueError(f"K8SCOURSE_SANDBOX must be one of {', '.join(MECHANISMS)}, not {forced!r}")
        if not available(forced):
            raise RuntimeError(f"K8SCOURSE_SANDBOX={forced} is not usable on this machine")
        return forced
    return next(m for m in MECHANISMS if available(m))


def _unshare_prefix(exe: str) -> list[str]:
    return [exe, "--user", "--map-root-user", "--mount", "--net", "--pid", "--fork", "--kill-child",
            "--mount-proc", "--ipc", "--uts"]


# ---------------------------------------------------------------------- what the child sees
def _readonly_paths() -> list[str]:
    """The folders a submission needs to read: system, Python, virtualenv, package, exercise specs."""
    from .spec import exercises_dir
    package = Path(__file__).resolve().parents[1]
    paths = ["/usr", "/etc", sys.base_prefix, sys.prefix, str(package), str(exercises_dir().resolve())]
    out: list[str] = []
    for p in paths:
        p = os.path.realpath(p)
        if os.path.isdir(p) and not any(p == q or p.startswith(q.rstrip("/") + "/") for q in out):
            out = [q for q in out if not q.startswith(p.rstrip("/") + "/")] + [p]
    return out


def _hidden_paths() -> list[str]:
    """Folders under the read-only ones that a submission must not read (the reference solutions)."""
    from .spec import exercises_dir
    solutions = exercises_dir().resolve() / "solutions"
    return [str(solutions)] if solutions.is_dir() else []


def bwrap_argv(workdir: str, env: dict) -> list[str]:
    argv = [shutil.which("bwrap") or "bwrap", "--unshare-all", "--die-with-parent", "--new-session",
            "--uid", str(NOBODY), "--gid", str(NOBODY)]
    argv += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]     # first: binds below /tmp go on top
    for link in ("bin", "lib", "lib64", "sbin"):
        path = f"/{link}"
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    for path in _readonly_paths():
        argv += ["--ro-bind", path, path]
    for path in _hidden_paths():
        argv += ["--tmpfs", path]
    argv += ["--bind", workdir, workdir, "--chdir", workdir, "--clearenv"]
    for key, value in sorted(env.items()):
        argv += ["--setenv", key, value]
    return argv + ["--"]


def scrubbed_env(workdir: str, extra: dict | None = None) -> dict:
    """The whole environment of a submission: nothing of the grader's own."""
    home = workdir
    env = {
        "PATH": os.pathsep.join([os.path.join(sys.prefix, "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": home, "USER": "student", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TMPDIR": os.path.join(home, ".tmp"),
        "JUPYTER_RUNTIME_DIR": os.path.join(home, ".jupyter", "runtime"),
        "JUPYTER_CONFIG_DIR": os.path.join(home, ".jupyter"), "JUPYTER_DATA_DIR": os.path.join(home, ".jupyter", "data"),
        "JUPYTER_PLATFORM_DIRS": "1", "IPYTHONDIR": os.path.join(home, ".ipython"),
        "MPLCONFIGDIR": os.path.join(home, ".matplotlib"), "PYTHONDONTWRITEBYTECODE": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1", "K8SCOURSE_GRADING": "1",
    }
    if os.environ.get("K8SCOURSE_EXERCISES"):
        env["K8SCOURSE_EXERCISES"] = str(Path(os.environ["K8SCOURSE_EXERCISES"]).resolve())
    env.update(extra or {})
    return env


# ---------------------------------------------------------------------- limits (in the child, before exec)
def _drop_privileges() -> None:
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)


def _die_with_parent() -> None:
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)          # PR_SET_PDEATHSIG: the grader's death ends the child
    except (OSError, AttributeError):
        pass


def _limiter(limits: Limits, drop: bool):
    cpu = limits.cpu_seconds if limits.cpu_seconds is not None else int(limits.wall_seconds) + 10

    def apply() -> None:
        _die_with_parent()
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
        if limits.memory_mb:
            cap = int(limits.memory_mb) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        if drop:
            _drop_privileges()
    return apply


def prepare_workdir(workdir: str, kind: str) -> None:
    """Make the private folder usable by the child (owned by nobody when a root grader drops to it)."""
    for sub in (".tmp", ".jupyter/runtime", ".ipython", ".matplotlib"):
        os.makedirs(os.path.join(workdir, sub), exist_ok=True)
    os.chmod(workdir, 0o700)
    if os.geteuid() == 0 and (kind == "unshare" or (kind == "process" and can_drop())):
        for root, dirs, files in os.walk(workdir):
            for name in [root] + [os.path.join(root, n) for n in dirs + files]:
                os.chown(name, NOBODY, NOBODY)


def command(argv: list[str], workdir: str, env: dict, kind: str) -> list[str]:
    if kind == "bwrap":
        return bwrap_argv(workdir, env) + argv
    if kind == "unshare":
        return _unshare_prefix(shutil.which("unshare") or "unshare") + ["--"] + argv
    return argv


# ---------------------------------------------------------------------- running
def run(argv: list[str], workdir: str, limits: Limits, env_extra: dict | None = None,
        kind: str | None = None) -> Run:
    """Run ``argv`` in ``workdir`` under ``kind`` (default :func:`mechanism`) with ``limits``."""
    kind = kind or mechanism()
    env = scrubbed_env(workdir, env_extra)
    prepare_workdir(workdir, kind)
    started = time.monotonic()
    proc = subprocess.Popen(command(argv, workdir, env, kind), cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_limiter(limits, drop=kind == "unshare" or (kind == "process" and can_drop())))
    out, err, status = bytearray(), bytearray(), None
    sel = selectors.DefaultSelector()
    for stream in (proc.stdout, proc.stderr):
        os.set_blocking(stream.fileno(), False)
        sel.register(stream, selectors.EVENT_READ)
    deadline = started + limits.wall_seconds
    try:
        while sel.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                status = "timeout"
                break
            for key, _ in sel.select(timeout=min(left, 0.2)):
                chunk = key.fileobj.read(65536)
                if not chunk:
                    sel.unregister(key.fileobj)
                    continue
                if key.fileobj is proc.stdout:
                    out += chunk
                    if len(out) > limits.output_bytes:
                        status = "output"
                else:
                    err = (err + chunk)[-8192:]
            if status:
                break
            if proc.poll() is not None and not sel.select(timeout=0):
                break                       # exited; descendants holding the pipes open do not count
    finally:
        _kill_group(proc)
        sel.close()
        proc.stdout.close()
        proc.stderr.close()
    code = proc.returncode
    if status is None:
        status = "ok" if code == 0 else ("signal" if code is not None and code < 0 else "exit")
    if kind in ("bwrap", "unshare") and status == "exit" and code is not None and code > 128:
        status, code = "signal", -(code - 128)      # both report a killed child as 128 + signal
    return Run(status, code, bytes(out[:limits.output_bytes]), err.decode("utf-8", "replace"), kind,
               round(time.monotonic() - started, 3))


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the child's whole process group (and so the sandbox), then reap the child."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
