"""The container runtime on its own: image references, pull times, the shell subset, programs."""

from __future__ import annotations

import pytest

from k8scourse.runtime import images
from k8scourse.runtime.launch import StartError, make_program
from k8scourse.runtime.shell import Shell


def run_script(script: str, limit: int = 50):
    sh = Shell(env={}, now_unix_ms=lambda: 1772442000000)
    steps = []
    for i, step in enumerate(sh.run(script)):
        steps.append(step)
        if step[0] == "fs":
            if step[2] is None:
                sh.files.pop(step[1], None)
            else:
                sh.files[step[1]] = step[2]
        if i > limit:
            break
    return steps, sh.status


@pytest.mark.parametrize("ref,norm", [
    ("nginx", "docker.io/library/nginx:latest"),
    ("nginx:1.14.2", "docker.io/library/nginx:1.14.2"),
    ("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"),
    ("localhost:5000/app", "localhost:5000/app:latest"),
])
def test_normalize(ref, norm):
    assert images.normalize(ref) == norm


def test_catalogue_covers_the_lecture_and_corpus():
    for ref in ("nginx:1.7.9", "nginx:1.14.2", "nginx:1.16.1", "nginx:1.25", "nginx", "busybox:1.28",
                "busybox:1.36", "busybox", "httpd:2.4", "redis", "mysql:5.7", "postgres", "microsoft/aci-helloworld",
                "mcr.microsoft.com/azuredocs/aci-helloworld", "polinux/stress", "registry.k8s.io/pause:3.10",
                "k8s.gcr.io/echoserver:1.4", "hashicorp/http-echo", "perl", "python:3", "ubuntu", "debian", "alpine",
                "gcr.io/google-samples/hello-app:1.0", "registry.k8s.io/e2e-test-images/agnhost:2.40",
                "registry.k8s.io/busybox:1.27.2"):
        assert images.lookup(ref) is not None, ref


def test_pull_time_model_and_errors():
    assert images.pull_ms(39947825) == 6200
    store = images.ImageStore()
    first = store.schedule_pull("nginx:1.7.9", 0)
    second = store.schedule_pull("busybox:1.36", 0)          # serialised behind the first pull
    assert first[:2] == (6200, 6200) and second[0] == 6200 + second[1]
    assert images.pull_error("nope").endswith("insufficient_scope: authorization failed")     # no official "nope"
    assert images.pull_error("nope/nope") == ""                # another namespace: assumed to exist


def test_shell_subset():
    steps, status = run_script('i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done', 6)
    assert steps[:3] == [("out", "0: Mon Mar  2 09:00:00 UTC 2026"), ("sleep", 1000),
                         ("out", "1: Mon Mar  2 09:00:00 UTC 2026")]
    steps, status = run_script("echo a && false || echo b; foo; echo $?; exit 4")
    assert steps == [("out", "a"), ("out", "b"), ("err", "sh: foo: not found"), ("out", "127")] and status == 4
    steps, status = run_script("echo hi > /tmp/x; cat /tmp/x; if [ -f /tmp/x ]; then echo yes; fi; cat /nope")
    assert steps[1:] == [("out", "hi"), ("out", "yes"), ("err", "cat: can't open '/nope': No such file or directory")]
    assert status == 1
    steps, status = run_script("for i in 1 2 3; do echo n$i; done | tail -n 1")
    assert steps == [("out", "n3")]
    steps, status = run_script("if then")
    assert status == 2 and steps[0] == ("err", 'sh: syntax error: unexpected "then"')     # BusyBox 1.36.1


def test_programs_and_signals():
    bb = images.lookup("busybox:1.36")
    p = make_program(bb, ["sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"], None)
    p.run_until(60_000)
    assert p.exec(["cat", "/tmp/healthy"], 10_000, 1000)[0] == 0
    code, out = p.exec(["cat", "/tmp/healthy"], 31_000, 1000)
    assert code == 1 and out == "cat: can't open '/tmp/healthy': No such file or directory"
    assert p.sigterm is None                  # sh as PID 1 ignores SIGTERM
    nginx = make_program(images.lookup("nginx:1.25"), None, None)
    assert nginx.sigterm == (100, 0) and nginx.http_get(80, "/", 0) == 200
    assert make_program(bb, None, None).steps is not None
    with pytest.raises(StartError, match='exec: "foo": executable file not found in \\$PATH'):
        make_program(bb, ["foo"], None)
    mysql = make_program(images.lookup("mysql:8.0"), None, None)
    mysql.run_until(10_000)
    assert mysql.exit_code == 1 and "password option is not specified" in mysql.lines(0)[1][1]


def test_set_load_adds_to_demand():
    from k8scourse.runtime import ContainerRuntime
    from k8scourse.sim import Simulation
    sim = Simulation(seed=0)
    rt = ContainerRuntime(sim, "n")
    sb = rt.run_pod_sandbox("u", "10.244.0.2")
    rec = rt.create_container(sb, {"name": "web"}, images.lookup("nginx:1.25"))
    rt.start_container(rec)
    base = rec.program.demand(sim.now_ms)
    rt.set_load("u", "web", cpu_millicores=250, memory_bytes=10 * 2**20)
    assert rec.program.demand(sim.now_ms) == (base[0] + 250, base[1] + 10 * 2**20)
    assert rec.container_id.startswith("containerd://") and len(rec.container_id) == 77
