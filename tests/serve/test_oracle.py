"""The oracle: the real kubectl 1.32 against the served cluster prints, byte for byte, what the
in-kernel ``Cluster.kubectl`` prints, with the same exit code.

Standard output and standard error are compared each on its own. Both read the same cluster at the same simulated instant. kubectl computes some ages on the client
side (``describe``'s events and pods, from its own wall clock), so those commands run with
simulated time levelled with the wall clock's current second (the cluster's epoch is set in the
wall clock's past). Commands that change the cluster run on two twin clusters built the same way
(same seed, same steps): the in-kernel kubectl on one, the real kubectl on the other, which is
served; afterwards both clusters must hold the same objects.

Any difference is a defect of the simulator (the in-kernel kubectl or the API server): none is
filtered here. ``cluster-info`` prints the server URL of the kubeconfig it uses, so the in-kernel
cluster is given the served URL as its own.
"""

from __future__ import annotations

import socket
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from serve_fixtures import level_with_wall_clock, same_output, shift_timestamps, wall_epoch
from realkubectl import drive_until_exit
from k8scourse import Cluster

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "kubectl-golden"

WORKLOAD = """
apiVersion: v1
kind: Pod
metadata: {name: nginx, labels: {app: nginx}}
spec:
  containers: [{name: nginx, image: "nginx:1.7.9", ports: [{containerPort: 8090}],
                resources: {requests: {cpu: 100m, memory: 64Mi}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers: [{name: crash, image: busybox, command: ["sh", "-c", "echo starting; exit 1"]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.7.9"}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""

READ_COMMANDS = [
    "get nodes", "get nodes -o wide", "get pods", "get pods -o wide", "get pods -A", "get all", "get all -A",
    "get deploy,rs,svc", "get pods --show-labels", "get pods -L app", "get pods -l app=web",
    "get pods -l app!=web", "get pods --field-selector status.phase=Running", "get pods -o name",
    "get pods -o jsonpath={.items[*].metadata.name}",
    "get pods -o custom-columns=NAME:.metadata.name,IP:.status.podIP,NODE:.spec.nodeName",
    "get pod nginx -o yaml", "get pod nginx -o json", "get pods -o yaml", "get deploy web -o yaml",
    "get svc web -o json", "get pod nope", "get podz", "get pods nope nginx", "get ns", "get events",
    "get rs", "get ep", "get endpointslices", "get cm -A", "get sa -A", "get leases -A", "get sc",
    "get pods --sort-by=.metadata.name", "get pods --no-headers", "get deploy web --show-kind",
    "get pods -n kube-system", "get nodes --no-headers -o name", "get pod nginx --ignore-not-found",
    "get pods --chunk-size=1", "top nodes", "top pods", "top pods -A", "top pod nginx --containers",
    "logs nginx", "logs crash", "logs crash --previous", "logs nginx --tail=1", "logs deploy/web",
    "logs nope", "rollout status deployment/web", "rollout history deployment/web", "api-resources",
    "api-resources --namespaced=false", "api-resources -o name", "api-resources --api-group=apps",
    "cluster-info", "logs deploy/nope", "logs nope -c x", "api-versions",
    # authorization: the served endpoint asks the same authorizer (RBAC) as the in-kernel kubectl
    "auth can-i create deployments", "auth can-i list secrets --as=system:serviceaccount:default:default",
    "auth can-i --list --as=system:serviceaccount:default:default", "auth can-i get /healthz --as=jane",
    "get pods --as=system:serviceaccount:default:default", "get nodes --as=jane --as-group=system:authenticated",
    "auth whoami --as=system:serviceaccount:default:default", "logs nginx --as=system:serviceaccount:default:default",
]
DESCRIBE_COMMANDS = [
    "describe pod nginx", "describe pod crash", "describe deployment web", "describe service web",
    "describe nodes", "describe rs", "describe ns default", "describe pod nope",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _in_kernel(cluster, command: str, stdin=None) -> tuple[str, str, int]:
    result = cluster.kubectl(command, stdin=stdin, echo=False)
    return result.stdout, result.stderr, result.exit_code


@pytest.fixture(scope="module")
def lively(tmp_path_factory):
    """A running cluster with pods (one crash-looping), a Deployment and a Service, served."""
    from serve_fixtures import RealKubectl
    port = _free_port()
    cluster = Cluster(nodes=2, seed=3, epoch=wall_epoch(), server_url=f"https://127.0.0.1:{port}", clock="manual")
    cluster.apply(WORKLOAD, echo=False)
    cluster.run(seconds=120)
    served = cluster.serve(clock="manual", port=port, kubeconfig=tmp_path_factory.mktemp("kc") / "config")
    real = RealKubectl(served)
    yield cluster, served, real
    served.stop()
    real.cleanup()


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_read_commands_print_the_same(lively, command):
    cluster, _served, real = lively
    assert same_output(real(command), _in_kernel(cluster, command))


@pytest.mark.parametrize("command", DESCRIBE_COMMANDS)
def test_describe_prints_the_same_at_the_same_instant(lively, command):
    cluster, served, real = lively
    for _attempt in range(3):
        second = level_with_wall_clock(cluster, served.lock)
        got = real(command)
        if int(datetime.now(timezone.utc).timestamp()) == second:      # kubectl read its clock in that second
            break
    assert same_output(got, _in_kernel(cluster, command))


# --------------------------------------------------------------------------- the recorded golden set
@pytest.fixture(scope="module")
def golden_cluster(tmp_path_factory):
    """The recorded state of reference/kubectl-golden, moved in time so that its "now" is the wall
    clock's, written into a node-less cluster and served."""
    from serve_fixtures import RealKubectl
    now = datetime.fromisoformat((GOLDEN / "NOW").read_text().strip()) + __import__("datetime").timedelta(seconds=1)
    start = int(datetime.now(timezone.utc).timestamp())
    shift = start - int(now.timestamp())
    port = _free_port()
    cluster = Cluster(nodes=0, seed=0, epoch=datetime.fromtimestamp(start, tz=timezone.utc)
                      .strftime("%Y-%m-%dT%H:%M:%SZ"), server_url=f"https://127.0.0.1:{port}", clock="manual")
    store = cluster.store
    events = 0
    for doc in yaml.safe_load_all((GOLDEN / "state.yaml").read_text()):
        if not doc:
            continue
        doc = shift_timestamps(doc, shift)
        if doc.get("apiVersion", "").startswith("metrics.k8s.io/"):
            cluster.metrics.put(doc)
            continue
        info = cluster.api.registry.for_kind(doc.get("apiVersion", ""), doc.get("kind", ""))
        if not info:
            continue
        md = doc["metadata"]
        if info.kind == "Event":
            # a real Event's name ends in its creation time (hex nanoseconds), so the API server lists an
            # object's events in creation order; the recording's names ("nginx.pulled293") do not
            first = datetime.strptime(doc["firstTimestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
            events += 1
            md["name"] = f"{doc['involvedObject']['name']}.{int(first.timestamp()) * 10**9 + events:x}"
        key = (info.group_resource, md.get("namespace", "") if info.namespaced else "", md["name"])
        if store.exists(key):
            store.delete(key, actor="test")
        store.create(key, doc, actor="test")
    served = cluster.serve(clock="manual", port=port, kubeconfig=tmp_path_factory.mktemp("kc") / "config")
    real = RealKubectl(served)
    yield cluster, served, real
    served.stop()
    real.cleanup()


def _golden_commands() -> list[str]:
    return [(GOLDEN / f"{n:02d}.txt").read_text().partition("\n")[0].removeprefix("$ kubectl ")
            for n in range(1, 20)]


@pytest.mark.parametrize("command", _golden_commands())
def test_golden_set_prints_the_same(golden_cluster, command):
    cluster, served, real = golden_cluster
    for _attempt in range(3):
        # only describe computes ages on the client side; the rest need no levelling
        second = level_with_wall_clock(cluster, served.lock) if command.startswith("describe") else None
        got = real(command)
        if second is None or int(datetime.now(timezone.utc).timestamp()) == second:
            break
    assert same_output(got, _in_kernel(cluster, command))


# --------------------------------------------------------------------------- commands that write
MANIFESTS = {
    "pod.yaml": """apiVersion: v1
kind: Pod
metadata: {name: p1, labels: {app: p}}
spec:
  containers: [{name: c, image: busybox, command: ["sh", "-c", "echo hello; sleep 3600"]}]
""",
    "pod2.yaml": """apiVersion: v1
kind: Pod
metadata: {name: p1, labels: {app: p, tier: x}}
spec:
  containers: [{name: c, image: busybox, command: ["sh", "-c", "echo hello; sleep 3600"]}]
""",
    "bad.yaml": """apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  containers: [{name: c, image: busybox, foo: 1}]
""",
    "invalid.yaml": """apiVersion: v1
kind: Pod
metadata: {name: Invalid_Name}
spec:
  containers: [{name: c, image: busybox}]
""",
    "cm.yaml": """apiVersion: v1
kind: ConfigMap
metadata: {name: cm1}
data: {a: "1", b: "2"}
""",
    "cm2.yaml": """apiVersion: v1
kind: ConfigMap
metadata: {name: cm1}
data: {a: "3"}
""",
    "multi.yaml": """apiVersion: v1
kind: Namespace
metadata: {name: team}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: team}
data: {mode: fast}
---
apiVersion: batch/v1beta1
kind: CronJob
metadata: {name: old}
spec: {}
""",
}

# (command, let this many simulated seconds pass afterwards); "-" reads stdin from pod.yaml
WRITE_COMMANDS = [
    ("apply -f pod.yaml", 10), ("apply -f pod.yaml", 0), ("get pods", 0), ("apply -f pod2.yaml", 0),
    ("get pod p1 --show-labels", 0), ("apply -f bad.yaml", 0), ("apply -f invalid.yaml", 0),
    ("create -f pod.yaml", 0), ("apply -f multi.yaml", 0), ("get cm -n team", 0),
    ("label pod p1 env=dev", 0), ("annotate pod p1 note=x", 0), ("label pod p1 env=prod", 0),
    ("label pod p1 env=prod --overwrite", 0), ("label pod p1 env-", 0), ("scale deployment web --replicas=3", 20),
    ("get pods", 0), ("set image deployment/web web=nginx:1.9", 60), ("rollout history deployment/web", 0),
    ("rollout undo deployment/web", 60), ("get rs", 0), ("patch deployment web -p '{\"spec\":{\"replicas\":1}}'", 30),
    ("patch deployment web --type=merge -p '{\"metadata\":{\"labels\":{\"a\":\"b\"}}}'", 0),
    ("patch deployment web --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]'", 30),
    ("patch deployment web --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/nope\"}]'", 0),
    ("create deployment d2 --image=nginx", 10), ("create namespace dev", 0),
    ("create configmap cm2 --from-literal=a=b", 0), ("create secret generic s1 --from-literal=k=v", 0),
    ("run r1 --image=nginx", 10), ("expose deployment web --port=80 --name=web2", 0),
    ("autoscale deployment web --max=5", 0), ("get hpa", 0),
    ("cordon aks-nodepool1-87103890-vmss000000", 0), ("get nodes", 0),
    ("uncordon aks-nodepool1-87103890-vmss000000", 0),
    ("taint nodes aks-nodepool1-87103890-vmss000000 k=v:NoSchedule", 0),
    ("taint nodes aks-nodepool1-87103890-vmss000000 k=v:NoSchedule-", 0),
    ("apply -f cm.yaml --server-side", 0), ("apply -f cm2.yaml --server-side --field-manager=other", 0),
    ("apply -f cm2.yaml --server-side --field-manager=other --force-conflicts", 0), ("get cm cm1 -o yaml", 0),
    ("apply -f cm.yaml --dry-run=server", 0), ("apply -f pod.yaml --dry-run=client -o yaml", 0),
    ("create -f cm.yaml", 0), ("delete configmap cm2", 0), ("delete pod p1 --wait=false", 40),
    ("delete deployment d2", 10), ("delete cm nope", 0), ("delete ns dev --wait=false", 10), ("get all", 0),
]


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    from serve_fixtures import RealKubectl
    folder = tmp_path_factory.mktemp("manifests")
    for name, text in MANIFESTS.items():
        (folder / name).write_text(text)
    port = _free_port()
    epoch = wall_epoch(7200)

    def build():
        c = Cluster(nodes=2, seed=5, epoch=epoch, server_url=f"https://127.0.0.1:{port}", clock="manual")
        c.kubectl("create deployment web --image=nginx:1.7.9 --replicas=2", echo=False)
        c.run(seconds=60)
        c._kubectl.cwd = str(folder)
        return c
    mine, theirs = build(), build()
    served = theirs.serve(clock="manual", port=port, kubeconfig=tmp_path_factory.mktemp("kc") / "config")
    real = RealKubectl(served, cwd=str(folder))
    yield mine, theirs, served, real
    served.stop()
    real.cleanup()


# Commands that wait for the cluster: the in-kernel kubectl lets simulated time pass itself; the real
# one waits on a watch while the test lets time pass (a second at a time) until it exits; then the
# twin whose clock is behind catches up.
WAITING_COMMANDS = [
    "run w1 --image=nginx", "wait --for=condition=Ready pod/w1 --timeout=60s", "delete pod w1",
    "set image deployment/web web=nginx:1.10", "rollout status deployment/web",
    "wait --for=delete pod/nope --timeout=5s",
]


def test_commands_that_write_print_the_same_and_leave_the_same_cluster(twins):
    mine, theirs, served, real = twins
    differences = []
    for command, seconds in WRITE_COMMANDS:
        expected = _in_kernel(mine, command)
        got = real(command)
        if not same_output(got, expected):
            differences.append(command)
        mine.run(seconds=seconds)
        with served.lock:
            theirs.run(seconds=seconds)
    assert differences == []
    for command in WAITING_COMMANDS:
        expected = _in_kernel(mine, command)
        proc = real.start(command)
        out = drive_until_exit(proc, theirs, served.lock, step_seconds=1.0)
        got = (out, "", proc.returncode)
        if not same_output(got, (expected[0] + expected[1], "", expected[2])):
            differences.append(command)
        behind = mine.sim.now_ms - theirs.sim.now_ms
        if behind > 0:
            with served.lock:
                theirs.run(seconds=behind / 1000)
        elif behind < 0:
            mine.run(seconds=-behind / 1000)
    assert differences == []
    for kind in ("pods", "deployments", "replicasets", "configmaps", "services", "namespaces", "nodes",
                 "horizontalpodautoscalers", "secrets"):
        ours, real_side = (yaml.safe_dump(_state(c, kind)) for c in (mine, theirs))
        assert same_output((real_side, "", 0), (ours, "", 0)), kind


def _state(cluster, kind):
    """The objects of a kind; their resourceVersions are left out, because how many writes the
    periodic components (leases, heartbeats) made depends on how the clock was stepped while the
    real kubectl waited (one second at a time) — the objects themselves must be the same."""
    objects = cluster.list(kind)
    for obj in objects:
        obj["metadata"].pop("resourceVersion", None)
        for entry in obj["metadata"].get("managedFields") or []:
            entry.pop("time", None)
    return objects
