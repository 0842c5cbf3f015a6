"""Pod lifecycle through the public surface: start, crash loops, completion, image errors, init."""

from __future__ import annotations

from kubelet_helpers import k8s, pod_yaml  # noqa: F401  (k8s is a fixture)

LECTURE_POD = """apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.7.9
    ports:
    - containerPort: 8090
"""


def test_lecture_pod_runs_with_upstream_events(k8s):
    k8s.place(LECTURE_POD, "nginx")
    assert k8s.row("nginx")[1:3] == ["0/1", "ContainerCreating"]
    k8s.run(seconds=10)
    assert k8s.row("nginx")[1:4] == ["1/1", "Running", "0"]
    reasons = [r for _, r, _ in k8s.events("nginx")]
    expected = ["Pulling", "Pulled", "Created", "Started"]
    if k8s.scheduler is not None:
        expected = ["Scheduled"] + expected
    assert reasons == expected
    messages = [m for _, _, m in k8s.events("nginx")]
    assert 'Pulling image "nginx:1.7.9"' in messages
    assert ('Successfully pulled image "nginx:1.7.9" in 6.2s (6.2s including waiting). '
            'Image size: 39947825 bytes.') in messages
    assert "Created container: nginx" in messages and "Started container nginx" in messages
    pod = k8s.pod("nginx")
    st = pod["status"]
    node = k8s.get("nodes", pod["spec"]["nodeName"])
    assert st["phase"] == "Running" and st["qosClass"] == "BestEffort"
    assert st["podIP"].startswith(node["spec"]["podCIDR"].rsplit(".", 1)[0] + ".")
    assert st["podIP"].endswith(".2") and st["podIPs"] == [{"ip": st["podIP"]}]
    assert st["hostIP"] == node["status"]["addresses"][0]["address"]
    assert [c["type"] for c in st["conditions"]] == [
        "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
    assert all(c["status"] == "True" for c in st["conditions"])
    cs = st["containerStatuses"][0]
    assert cs["containerID"].startswith("containerd://") and len(cs["containerID"]) == 13 + 64
    assert cs["imageID"].startswith("docker.io/library/nginx@sha256:")
    assert cs["ready"] and cs["started"] and cs["restartCount"] == 0 and "running" in cs["state"]
    # nginx 1.7.9 logs nothing at start-up; the kubelet never writes an unchanged status
    history = [h for h in k8s.history() if h["resource"] == "pods" and h["name"] == "nginx"]
    before = len(history)
    k8s.run(seconds=60)
    assert len([h for h in k8s.history() if h["resource"] == "pods" and h["name"] == "nginx"]) == before


def test_crash_loop_backoff_doubles(k8s):
    k8s.place(pod_yaml("crash", "busybox:1.36", command=["sh", "-c", "echo boom; exit 1"]), "crash")
    kubelet = k8s.kubelet_of("crash")
    uid = k8s.pod("crash")["metadata"]["uid"]
    instances = []                       # (started, finished) of every container instance
    inner = kubelet.runtime.on_exit

    def spy(rec):
        instances.append((rec.started_ms, rec.finished_ms))
        inner(rec)
    kubelet.runtime.on_exit = spy
    k8s.wait_until(lambda: len(instances) == 9, 3600)
    k8s.run(seconds=1)
    starts = [s for s, _ in instances]
    finishes = [f for _, f in instances]
    gaps = [s - f for f, s in zip(finishes, starts[1:])]
    # the first restart is immediate, then 10 s, 20 s, 40 s ... capped at 300 s (+ create/start 0.5 s)
    assert gaps == [500, 10_500, 20_500, 40_500, 80_500, 160_500, 300_500, 300_500]
    ready, status, restarts, _ = k8s.row("crash")[1:]
    assert (ready, status) == ("0/1", "CrashLoopBackOff") and restarts.startswith("8 (")
    cs = k8s.status("crash")
    assert cs["state"]["waiting"]["message"].startswith("back-off 5m0s restarting failed container=crash pod=crash_default(")
    assert cs["lastState"]["terminated"]["exitCode"] == 1 and cs["lastState"]["terminated"]["reason"] == "Error"
    assert k8s.pod("crash")["status"]["phase"] == "Running"
    backoff = [m for _, r, m in k8s.events("crash") if r == "BackOff"]
    assert backoff == [f"Back-off restarting failed container crash in pod crash_default({uid})"]


def test_completed_with_restart_policy_never(k8s):
    k8s.place(pod_yaml("hello", "busybox:1.36", command=["echo", "hello world"], restart="Never"), "hello")
    k8s.run(seconds=5)
    assert k8s.row("hello")[1:4] == ["0/1", "Completed", "0"]
    pod = k8s.pod("hello")
    assert pod["status"]["phase"] == "Succeeded"
    term = pod["status"]["containerStatuses"][0]["state"]["terminated"]
    assert term["reason"] == "Completed" and term["exitCode"] == 0
    ready = next(c for c in pod["status"]["conditions"] if c["type"] == "Ready")
    assert ready["status"] == "False" and ready["reason"] == "PodCompleted"
    assert k8s.k("logs hello") == "hello world\n"


def test_failed_with_restart_policy_never(k8s):
    k8s.place(pod_yaml("fail", "busybox:1.36", command=["sh", "-c", "exit 3"], restart="Never"), "fail")
    k8s.run(seconds=5)
    assert k8s.row("fail")[2] == "Error"
    assert k8s.pod("fail")["status"]["phase"] == "Failed"


def test_err_image_pull_then_image_pull_backoff(k8s):
    k8s.place(pod_yaml("bad", "nginx:nope"), "bad")
    k8s.run(seconds=2)
    statuses = []
    for _ in range(8):
        statuses.append(k8s.row("bad")[2])
        k8s.run(seconds=0.5)
    assert "ErrImagePull" in statuses and statuses[-1] == "ImagePullBackOff"
    events = k8s.events("bad")
    assert ("Warning", "Failed", 'Failed to pull image "nginx:nope": rpc error: code = NotFound desc = failed to '
            'pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference '
            '"docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found') in events
    assert ("Warning", "Failed", "Error: ErrImagePull") in events
    assert ("Normal", "BackOff", 'Back-off pulling image "nginx:nope"') in events
    assert ("Warning", "Failed", "Error: ImagePullBackOff") in events
    assert k8s.pod("bad")["status"]["phase"] == "Pending"
    out = k8s.c.kubectl("logs bad", echo=False)
    assert out.exit_code == 1 and str(out) == ('Error from server (BadRequest): container "bad" in pod "bad" is '
                                               'waiting to start: trying and failing to pull image\n')


def test_image_pull_policy_never(k8s):
    k8s.place(pod_yaml("never", "nginx:1.25", container_extra="    imagePullPolicy: Never\n"), "never")
    k8s.run(seconds=5)
    assert k8s.row("never")[2] == "ErrImageNeverPull"
    assert ("Warning", "ErrImageNeverPull", 'Container image "nginx:1.25" is not present with pull policy of '
                                            'Never') in k8s.events("never")


def test_init_container_then_running(k8s):
    k8s.place("""apiVersion: v1
kind: Pod
metadata: {name: init}
spec:
  initContainers:
  - name: wait
    image: busybox:1.28
    command: ['sh', '-c', 'echo waiting; sleep 5']
  containers:
  - name: web
    image: nginx:1.25
""", "init")
    k8s.run(seconds=3)
    assert k8s.row("init")[1:3] == ["0/1", "Init:0/1"]
    init = k8s.pod("init")["status"]["initContainerStatuses"][0]
    assert "running" in init["state"]
    k8s.run(seconds=5)
    assert k8s.row("init")[2] == "PodInitializing"
    k8s.run(seconds=15)
    assert k8s.row("init")[1:3] == ["1/1", "Running"]
    assert k8s.k("logs init -c wait") == "waiting\n"


def test_init_failure_with_never_is_init_error(k8s):
    k8s.place("""apiVersion: v1
kind: Pod
metadata: {name: initfail}
spec:
  restartPolicy: Never
  initContainers:
  - {name: check, image: busybox:1.36, command: [sh, -c, "exit 2"]}
  containers:
  - {name: web, image: nginx:1.25}
""", "initfail")
    k8s.run(seconds=5)
    assert k8s.row("initfail")[2] == "Init:Error"
    assert k8s.pod("initfail")["status"]["phase"] == "Failed"


def test_init_crash_loop(k8s):
    k8s.place("""apiVersion: v1
kind: Pod
metadata: {name: initloop}
spec:
  initContainers:
  - {name: check, image: busybox:1.36, command: [sh, -c, "exit 2"]}
  containers:
  - {name: web, image: nginx:1.25}
""", "initloop")
    k8s.run(seconds=8)
    assert k8s.row("initloop")[2] == "Init:CrashLoopBackOff"


def test_kubelet_rejects_a_pod_that_does_not_fit(k8s):
    k8s.place(f"""apiVersion: v1
kind: Pod
metadata: {{name: huge}}
spec:
  nodeName: {k8s.node0}
  containers:
  - name: huge
    image: nginx:1.25
    resources: {{requests: {{cpu: "100"}}}}
""", "huge")
    k8s.run(seconds=1)
    st = k8s.pod("huge")["status"]
    assert st["phase"] == "Failed" and st["reason"] == "OutOfcpu"
    assert st["message"].startswith("Pod was rejected: Node didn't have enough resource: cpu, requested: 100000, used: ")
    assert k8s.row("huge")[2] == "OutOfcpu"


def test_oom_kill_then_crash_loop(k8s):
    k8s.place(pod_yaml("hog", "polinux/stress", command=["stress"], args=["--vm", "1", "--vm-bytes", "150M",
                                                                         "--vm-hang", "1"]), "hog")
    k8s.run(seconds=5)
    kubelet = k8s.kubelet_of("hog")
    (rc,) = [r for r in kubelet.running_containers() if r.pod["metadata"]["name"] == "hog"]
    assert rc.container["name"] == "hog" and rc.record.program.demand(k8s.sim.now_ms)[1] > 150 * 2**20
    assert kubelet.kill_container("default", "hog", "hog")
    k8s.run(seconds=0.1)
    assert k8s.row("hog")[2] == "OOMKilled"
    k8s.run(seconds=1)
    assert kubelet.kill_container("default", "hog", "hog")
    k8s.run(seconds=1)
    assert k8s.row("hog")[2] == "CrashLoopBackOff"
    last = k8s.status("hog")["lastState"]["terminated"]
    assert (last["reason"], last["exitCode"]) == ("OOMKilled", 137)


def test_eviction(k8s):
    k8s.place(pod_yaml("victim", "nginx:1.25"), "victim")
    k8s.run(seconds=15)
    kubelet = k8s.kubelet_of("victim")
    assert kubelet.evict_pod("default", "victim", "The node was low on resource: memory.")
    k8s.run(seconds=1)
    st = k8s.pod("victim")["status"]
    assert (st["phase"], st["reason"], st["message"]) == ("Failed", "Evicted", "The node was low on resource: memory.")
    assert k8s.row("victim")[2] == "Evicted"
    assert ("Warning", "Evicted", "The node was low on resource: memory.") in k8s.events("victim")
    assert kubelet.running_containers() == [] or all(r.pod["metadata"]["name"] != "victim"
                                                     for r in kubelet.running_containers())
