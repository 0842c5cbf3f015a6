"""The sandbox a submission runs in (k8scourse/grading/sandbox.py), piece by piece: the environment,
the file system, the network, the limits, the process group — and, where no sandbox protects the
grader's files, the hash check that refuses to grade."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from helpers import EXERCISES, REPO, ensure_bubblewrap

from k8scourse.grading import sandbox


@pytest.fixture(scope="module", autouse=True)
def bwrap():
    ensure_bubblewrap()


def run(code: str, **limits) -> sandbox.Run:
    work = tempfile.mkdtemp(prefix="k8scourse-sbx-test-")
    try:
        return sandbox.run([sys.executable, "-c", code], work, sandbox.Limits(**{"wall_seconds": 30, **limits}),
                           kind="bwrap")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_environment_is_scrubbed(monkeypatch):
    monkeypatch.setenv("INSTRUCTOR_SECRET", "s3cret")
    r = run("import os, json; print(json.dumps(dict(os.environ)))")
    assert r.status == "ok" and b"s3cret" not in r.stdout and b"INSTRUCTOR_SECRET" not in r.stdout
    assert b'"K8SCOURSE_GRADING": "1"' in r.stdout


def test_the_system_is_read_only_and_the_rest_invisible():
    code = f"""
import os
for path in ({str(REPO / 'k8scourse' / 'x.py')!r}, "/usr/x", {str(EXERCISES / 'x.check.yaml')!r}):
    try:
        open(path, "w"); print("WROTE", path)
    except OSError as exc:
        print("refused", exc.errno)
print(os.path.exists({str(EXERCISES / 'solutions')!r}) and os.listdir({str(EXERCISES / 'solutions')!r}))
print(os.path.exists({str(REPO / 'tests')!r}), os.path.exists({str(REPO / '.git')!r}), os.getuid())
open("mine.txt", "w").write("ok"); print("own folder writable")
"""
    r = run(code)
    out = r.stdout.decode()
    assert "WROTE" not in out and out.count("refused 30") + out.count("refused 2") == 3, out
    assert "[]" in out.splitlines()[3] and out.splitlines()[4] == f"False False {sandbox.NOBODY}"
    assert "own folder writable" in out


def test_no_network_but_its_own_loopback():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        code = f"""
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=3); print("REACHED the grader's machine")
except OSError as exc:
    print("unreachable", type(exc).__name__)
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1); print("own loopback ok")
"""
        r = run(code)
    assert b"unreachable" in r.stdout and b"REACHED" not in r.stdout and b"own loopback ok" in r.stdout


def test_output_is_read_up_to_its_limit_and_the_child_stopped():
    r = run("import sys\nwhile True: sys.stdout.write('x' * 65536)", output_bytes=1 << 20)
    assert r.status == "output" and len(r.stdout) == 1 << 20


def test_memory_and_file_size_are_capped():
    r = run("x = bytearray(3 * 2**30)", memory_mb=1024)
    assert r.status == "exit" and "MemoryError" in r.stderr_tail
    r = run("open('big', 'wb').write(b'x' * (8 * 2**20))", file_bytes=2**20)
    assert r.status == "exit" and "File too large" in r.stderr_tail      # Python ignores SIGXFSZ: EFBIG


def test_a_timeout_kills_every_process_including_escaped_daemons():
    marker = f"k8scourse-sbx-{os.getpid()}-{time.monotonic_ns()}"
    code = f"""
import os, time, sys
if os.fork() == 0:
    os.setsid()
    while True: time.sleep(0.1)
while True: pass
"""
    started = time.monotonic()
    r = run(code + f"\n# {marker}", wall_seconds=3)
    assert r.status == "timeout" and time.monotonic() - started < 15
    time.sleep(0.5)
    alive = [pid for pid in os.listdir("/proc") if pid.isdigit() and marker.encode() in
             _cmdline(pid)]
    assert not alive


def _cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_without_a_sandbox_the_hash_check_refuses_to_grade_a_submission_that_changed_the_specs(tmp_path):
    """The plain-process fallback cannot stop a write to the specs; the fingerprint catches it."""
    exercises = tmp_path / "exercises"
    shutil.copytree(EXERCISES, exercises, ignore=shutil.ignore_patterns("solutions"))
    base = nbformat.read(str(EXERCISES / "ex04-fix-service.ipynb"), as_version=4)
    spec = exercises / "ex04-fix-service.check.yaml"
    attack = f"open({str(spec)!r}, 'a').write('\\n# changed\\n')"
    nb = nbformat.v4.new_notebook(cells=[*base.cells, nbformat.v4.new_code_cell(attack)], metadata=base.metadata)
    sub = tmp_path / "subs" / "mallory" / "ex04-fix-service.ipynb"
    sub.parent.mkdir(parents=True)
    nbformat.write(nb, str(sub))
    env = {**os.environ, "K8SCOURSE_EXERCISES": str(exercises), "K8SCOURSE_SANDBOX": "process"}
    proc = subprocess.run([sys.executable, "-m", "k8scourse", "grade", str(tmp_path / "subs"), "--out",
                           str(tmp_path / "out"), "--timeout", "60", "--quiet"], capture_output=True, text=True,
                          env=env, timeout=600)
    if os.geteuid() == 0 and sandbox.can_drop():
        assert "# changed" not in spec.read_text()         # as nobody, the write itself was refused
        assert proc.returncode == 0, proc.stdout
    else:
        assert "# changed" in spec.read_text()             # the plain child could write: the check saw it
        assert proc.returncode == 1
        assert ("error    mallory ex04-fix-service: Not graded: the grader's own files changed while this "
                "notebook ran (exercises/ex04-fix-service.check.yaml)") in proc.stdout


def test_a_grading_process_that_dies_is_an_error_row_for_that_submission_only(tmp_path):
    from k8scourse.grading import batch
    sub = batch.Submission("zed", str(tmp_path / "zed.ipynb"), "zed.ipynb")
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"],
                            stdout=out, stderr=err, start_new_session=True)
    proc.wait()
    row = batch._finish(batch._Running(sub, "ex04-fix-service", proc, out, err, time.monotonic() + 60), False)
    from k8scourse.grading.result import ExerciseResult
    result = ExerciseResult.from_json(row)
    assert result.status == "error" and result.points == 0 and result.max_points == 10
    assert result.reason == ("grading.reason.worker", {"detail": "killed by SIGKILL (out of memory?)"})
