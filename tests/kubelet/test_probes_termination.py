"""Probes, graceful termination, logs, kubectl wait, node heartbeats, determinism."""

from __future__ import annotations

import pytest
from kubelet_helpers import k8s, pod_yaml  # noqa: F401  (k8s is a fixture)
from reftables import CORPUS


def test_exec_liveness_example_from_the_corpus(k8s):
    k8s.place((CORPUS / "pods" / "probe" / "exec-liveness.yaml").read_text(), "liveness-exec")
    started = k8s.wait_until(lambda: k8s.row("liveness-exec")[2] == "Running", 30)
    assert started
    t0 = k8s.sim.now_ms
    k8s.run(seconds=29)
    assert not [e for e in k8s.events("liveness-exec") if e[1] == "Unhealthy"]
    k8s.run(seconds=16)          # probes at 30 s, 35 s, 40 s fail: /tmp/healthy was removed at 30 s
    events = k8s.events("liveness-exec")
    assert ("Warning", "Unhealthy", "Liveness probe failed: cat: can't open '/tmp/healthy': "
                                    "No such file or directory") in events
    assert ("Normal", "Killing", "Container liveness failed liveness probe, will be restarted") in events
    assert k8s.status("liveness-exec")["restartCount"] == 0
    # sleep ignores SIGTERM: SIGKILL after the 30 s grace period, exit 137, restart at once
    k8s.run(seconds=30)
    cs = k8s.status("liveness-exec")
    assert cs["restartCount"] == 1
    assert cs["lastState"]["terminated"]["exitCode"] == 137
    assert k8s.sim.now_ms - t0 < 80_000


def test_http_liveness_failure_restarts_nginx(k8s):
    k8s.place(pod_yaml("live", "nginx:1.25", container_extra=(
        "    livenessProbe:\n      httpGet: {path: /healthz, port: 80}\n      periodSeconds: 5\n")), "live")
    k8s.run(seconds=40)
    events = k8s.events("live")
    assert ("Warning", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 404") in events
    assert ("Normal", "Killing", "Container live failed liveness probe, will be restarted") in events
    cs = k8s.status("live")
    assert cs["restartCount"] >= 1
    assert cs["lastState"]["terminated"]["reason"] == "Completed"      # nginx exits 0 on its stop signal


def test_readiness_gates_ready_column(k8s):
    k8s.place(pod_yaml("wrongport", "nginx:1.25", container_extra=(
        "    readinessProbe:\n      httpGet: {path: /, port: 8090}\n")), "wrongport")
    k8s.place(pod_yaml("rightport", "nginx:1.25", container_extra=(
        "    readinessProbe:\n      tcpSocket: {port: 80}\n")), "rightport")
    k8s.run(seconds=40)
    assert k8s.row("wrongport")[1:3] == ["0/1", "Running"]
    assert k8s.row("rightport")[1:3] == ["1/1", "Running"]
    ip = k8s.pod("wrongport")["status"]["podIP"]
    assert ("Warning", "Unhealthy", f'Readiness probe failed: Get "http://{ip}:8090/": dial tcp {ip}:8090: '
                                    f'connect: connection refused') in k8s.events("wrongport")
    ready = next(c for c in k8s.pod("wrongport")["status"]["conditions"] if c["type"] == "Ready")
    assert ready["reason"] == "ContainersNotReady"
    assert ready["message"] == "containers with unready status: [wrongport]"
    assert k8s.status("wrongport")["restartCount"] == 0


def test_graceful_deletion_timing(k8s):
    k8s.place(pod_yaml("web", "nginx:1.25"), "web")
    k8s.place(pod_yaml("sleeper", "busybox:1.36", command=["sleep", "3600"]), "sleeper")
    k8s.place(pod_yaml("forced", "busybox:1.36", command=["sleep", "3600"]), "forced")
    k8s.run(seconds=20)
    t0 = k8s.sim.now_ms
    assert k8s.k("delete pod web") == 'pod "web" deleted\n'
    assert k8s.sim.now_ms - t0 <= 1000
    assert ("Normal", "Killing", "Stopping container web") in k8s.events("web")
    t0 = k8s.sim.now_ms
    k8s.c.kubectl("delete pod sleeper --wait=false", echo=False)
    k8s.run(seconds=5)
    assert k8s.row("sleeper")[2] == "Terminating"
    k8s.wait_until(lambda: k8s.c.api.peek("pods", "sleeper", "default") is None, 60)
    assert 30_000 <= k8s.sim.now_ms - t0 <= 31_000
    t0 = k8s.sim.now_ms
    out = k8s.c.kubectl("delete pod forced --grace-period=0 --force", echo=False)
    assert out.exit_code == 0 and k8s.sim.now_ms == t0
    k8s.run(seconds=1)
    assert all(r.pod["metadata"]["name"] != "forced" for kl in k8s.kubelets.values() for r in kl.running_containers())


def test_pod_ips_are_reused_round_robin(k8s):
    node = k8s.node0
    ips = []
    for i in range(3):
        k8s.place(pod_yaml(f"p{i}", "busybox:1.36", command=["sleep", "3600"],
                           extra=f"  nodeName: {node}\n"), f"p{i}")
        k8s.run(seconds=2)
        ips.append(k8s.pod(f"p{i}")["status"]["podIP"])
    base = k8s.get("nodes", node)["spec"]["podCIDR"].rsplit(".", 1)[0]
    assert ips == [f"{base}.2", f"{base}.3", f"{base}.4"]
    k8s.c.kubectl("delete pod p0 --grace-period=0 --force", echo=False)
    k8s.place(pod_yaml("p3", "busybox:1.36", command=["sleep", "3600"], extra=f"  nodeName: {node}\n"), "p3")
    k8s.run(seconds=2)
    assert k8s.pod("p3")["status"]["podIP"] == f"{base}.5"


def test_logs_previous_tail_timestamps_and_errors(k8s):
    k8s.place(pod_yaml("talk", "busybox:1.36", command=["sh", "-c",
                                                         "i=0; while [ $i -lt 3 ]; do echo line $i; i=$((i+1)); "
                                                         "sleep 1; done; exit 2"]), "talk")
    out = k8s.c.kubectl("logs talk", echo=False)
    assert out.exit_code == 1
    assert str(out) == ('Error from server (BadRequest): container "talk" in pod "talk" is waiting to start: '
                        'ContainerCreating\n')
    assert str(k8s.c.kubectl("logs talk --previous", echo=False)).startswith(
        'Error from server (BadRequest): previous terminated container "talk" in pod "talk" not found')
    assert k8s.wait_until(lambda: k8s.row("talk")[2] == "Running", 30)
    k8s.run(seconds=2.5)
    assert k8s.k("logs talk") == "line 0\nline 1\nline 2\n"
    assert k8s.k("logs talk --tail 1") == "line 2\n"
    stamped = k8s.k("logs talk --timestamps").splitlines()
    assert stamped[0].endswith("Z line 0") and stamped[0].startswith("2026-")
    k8s.run(seconds=5)                    # restarted once: the previous instance's output stays readable
    assert k8s.status("talk")["restartCount"] >= 1
    assert k8s.k("logs talk -p") == "line 0\nline 1\nline 2\n"
    # kubectl looks the container up in the pod itself (recorded: tests/data/kubectl-recorded/audit/)
    assert str(k8s.c.kubectl("logs talk -c nope", echo=False)) == "error: container nope is not valid for pod talk\n"
    followed = k8s.c.kubectl("logs talk -f", echo=False)       # to the end of the running instance
    assert followed.exit_code == 0 and followed.startswith("line 0\n")
    # kubectl logs finds the pod through its resource builder, which words a missing one so (tests/serve oracle)
    assert str(k8s.c.kubectl("logs ghost", echo=False)) == \
        'error: error from server (NotFound): pods "ghost" not found in namespace "default"\n'


def test_logs_of_nginx_and_multi_container_default(k8s):
    k8s.place("""apiVersion: v1
kind: Pod
metadata: {name: duo}
spec:
  containers:
  - {name: web, image: nginx:1.25}
  - {name: side, image: busybox:1.36, command: [sh, -c, "echo side started; sleep 3600"]}
""", "duo")
    k8s.run(seconds=20)
    out = k8s.c.kubectl("logs duo", echo=False)
    assert out.stderr == 'Defaulted container "web" out of: web, side\n'
    assert "nginx/1.25.5" in out.stdout and "Configuration complete; ready for start up" in out.stdout
    assert k8s.k("logs duo -c side") == "side started\n"
    kubelet = k8s.kubelet_of("duo")
    assert kubelet.logs("default", "duo", "side") == ["side started"]
    from k8scourse.errors import APIError
    with pytest.raises(APIError, match=r"a container name must be specified for pod duo, choose one of: \[web side\]"):
        kubelet.logs("default", "duo")


def test_kubectl_wait(k8s):
    k8s.place(pod_yaml("w", "nginx:1.25"), "w")
    t0 = k8s.sim.now_ms
    assert k8s.k("wait --for=condition=Ready pod/w --timeout=60s") == "pod/w condition met\n"
    assert 5_000 < k8s.sim.now_ms - t0 < 20_000
    assert k8s.pod("w")["status"]["phase"] == "Running"
    k8s.place(pod_yaml("never-ready", "nginx:1.25", container_extra=(
        "    readinessProbe:\n      httpGet: {path: /, port: 9999}\n")), "never-ready")
    t0 = k8s.sim.now_ms
    out = k8s.c.kubectl("wait --for=condition=Ready pod/never-ready --timeout=30s", echo=False)
    assert out.exit_code == 1
    assert out.stderr == "error: timed out waiting for the condition on pods/never-ready\n"
    assert k8s.sim.now_ms - t0 == 30_000
    k8s.c.kubectl("delete pod w --wait=false", echo=False)
    assert k8s.k("wait --for=delete pod/w --timeout=10s") == "pod/w condition met\n"
    assert k8s.k("wait --for=jsonpath={.status.phase}=Running pod/never-ready") == \
        "pod/never-ready condition met\n"


def test_node_lease_status_and_images(k8s):
    node = k8s.node0
    lease = k8s.get("leases", node, "kube-node-lease")
    assert lease["spec"]["holderIdentity"] == node and lease["spec"]["leaseDurationSeconds"] == 40
    first = lease["spec"]["renewTime"]
    k8s.run(seconds=10)
    renewed = k8s.get("leases", node, "kube-node-lease")["spec"]["renewTime"]
    assert renewed > first and renewed.endswith(".000000Z")
    k8s.place(pod_yaml("img", "nginx:1.7.9", extra=f"  nodeName: {node}\n"), "img")
    k8s.run(seconds=20)
    images = k8s.get("nodes", node)["status"]["images"]
    assert {"names": [images[0]["names"][0], "docker.io/library/nginx:1.7.9"], "sizeBytes": 39947825} in images
    kubelet = k8s.kubelets[node]
    kubelet.set_node_condition("MemoryPressure", "True", "KubeletHasInsufficientMemory",
                               "kubelet has insufficient memory available")
    cond = next(c for c in k8s.get("nodes", node)["status"]["conditions"] if c["type"] == "MemoryPressure")
    assert cond["status"] == "True" and cond["reason"] == "KubeletHasInsufficientMemory"


def test_stopped_kubelet_stops_heartbeat_and_acting(k8s):
    node = k8s.node0
    kubelet = k8s.kubelets[node]
    kubelet.stop()
    before = k8s.get("leases", node, "kube-node-lease")["spec"]["renewTime"]
    k8s.place(pod_yaml("orphan", "nginx:1.25", extra=f"  nodeName: {node}\n"), "orphan")
    k8s.run(seconds=60)
    assert k8s.get("leases", node, "kube-node-lease")["spec"]["renewTime"] == before
    assert k8s.pod("orphan")["status"]["phase"] == "Pending"
    assert kubelet.start() is kubelet
    k8s.run(seconds=20)
    assert k8s.row("orphan")[1:3] == ["1/1", "Running"]


def _scenario() -> list:
    from k8scourse import Cluster
    c = Cluster(nodes=2, seed=3)
    c.apply(pod_yaml("a", "nginx:1.25", container_extra="    readinessProbe: {httpGet: {path: /, port: 80}}\n")
            + "---\n" + pod_yaml("b", "busybox:1.36", command=["sh", "-c", "date; exit 1"]), echo=False)
    if c.scheduler is None:
        nodes = [n["metadata"]["name"] for n in c.list("nodes")]
        c.api.bind("default", "a", nodes[0])
        c.api.bind("default", "b", nodes[1])
    c.run(seconds=120)
    return [(h["revision"], h["time"], h["verb"], h["resource"], h["name"]) for h in c.history()] + \
        [(e["reason"], e["message"], e.get("count"), e.get("series")) for e in c.list("events", "default")] + \
        [p["status"] for p in c.list("pods")]


def test_deterministic():
    first = _scenario()
    assert first == _scenario()                 # a second, independent run
    assert len(first) > 100                         # the runs did something to compare
