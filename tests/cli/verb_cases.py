"""The kubectl verb cases recorded from the real kubectl 1.32 (``tests/data/kubectl-recorded/<verb>/``).

Each case names the cluster it runs against (a setup function), its command line, its standard
input, its environment and the files its folder holds. ``record_verbs.py`` runs the real kubectl
on them against the served cluster; ``test_kubectl_verbs.py`` runs the simulator's kubectl and
compares standard output, standard error and the exit code byte for byte.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from k8scourse import Cluster

RECORDED = Path(__file__).resolve().parent.parent / "data" / "kubectl-recorded"


def bare() -> Cluster:
    """One node, nothing applied."""
    return Cluster(nodes=1, seed=0)


@dataclass
class Case:
    verb: str
    name: str
    command: str
    cluster: Callable[[], Cluster] = bare
    stdin: str | None = None
    files: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)
    # kubectl computes ages from the wall clock: the recorder starts the cluster an hour back
    # (``cluster(epoch)``), brings simulated time level with the wall clock and notes the epoch and
    # how far it ran in ``<case>.clock``; the test replays both.
    level: bool = False

    def write_files(self, folder: str) -> None:
        for name, text in self.files.items():
            path = os.path.join(folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)


_DIFF_DIRS = re.compile(r"/tmp/(LIVE|MERGED)-\d+")
_DIFF_TIMES = re.compile(r"\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000$", re.M)


def normalise(text: str, folder: str) -> str:
    """Scratch folder paths replaced by ``$TMP`` (they differ on every run)."""
    return text.replace(os.path.realpath(folder), "$TMP").replace(folder, "$TMP")


def comparable(text: str) -> str:
    """What may differ between two runs of the same case: kubectl diff's random folder names and
    file times."""
    return _DIFF_TIMES.sub("\tTIME", _DIFF_DIRS.sub(r"/tmp/\1-N", text))


_EXPLAIN = """\
pods
pods.spec.containers.ports
deploy.spec.foo
pods.spec.containers.resources
svc.spec.ports.targetPort
pods.metadata.labels
deploy --api-version=apps/v1
hpa.spec --api-version=autoscaling/v1
podz
pods.spec.containers.image.foo
pods.spec.affinity --recursive
deployments.apps
pods foo
deploy --api-version=apps/v2
hpa
controllerrevision.data
crd.spec.versions.schema.openAPIV3Schema.properties
secret.data
pods.spec.containers.ports.containerPort
cm --recursive
pods.spec.containers.ports.containerPort.x
pods.spec.containers
pods.spec
deploy.spec.template.spec.containers.livenessProbe
pods --recursive
nodes.status
ingress.spec.rules
pvc.spec.resources
cronjob.spec.jobTemplate.spec
sts.spec.volumeClaimTemplates
crd --recursive
svc --recursive
networkpolicy.spec
sa
pods.spec.containers.ports.x
deployments.apps.spec.replicas
nodes.metrics
pods -o yaml
"""

CASES: list[Case] = [Case("explain", "e%02d" % i, "explain " + line)
                     for i, line in enumerate(_EXPLAIN.splitlines())]
CASES.append(Case("explain", "none", "explain"))

# ----------------------------------------------------------------------------- replace
_APP_CM = """apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
  colour: blue
"""
_APP_CM2 = _APP_CM.replace("blue", "green")
_WEB = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
"""
_WEB2 = _WEB.replace("nginx:1.25", "nginx:1.26").replace("replicas: 2", "replicas: 3")
_POD = """apiVersion: v1
kind: Pod
metadata:
  name: solo
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
"""


def with_app() -> Cluster:
    """One node with the ConfigMap ``app``, the Deployment ``web`` and the Pod ``solo`` running."""
    c = bare()
    for manifest in (_APP_CM, _WEB, _POD):
        c.kubectl(["apply", "-f", "-"], stdin=manifest, echo=False)
    c.run(seconds=30)
    return c


_FILES = {"cm.yaml": _APP_CM, "cm2.yaml": _APP_CM2, "web.yaml": _WEB, "web2.yaml": _WEB2, "pod.yaml": _POD,
          "other.yaml": _APP_CM.replace("name: app", "name: other"),
          "bad.yaml": _APP_CM2.replace("\ndata:", "\ndta:"),
          "multi.yaml": _APP_CM2 + "---\n" + _WEB2,
          "ns.yaml": _APP_CM2.replace("name: app", "name: app\n  namespace: kube-system")}

_REPLACE = [
    ("cm", "replace -f cm2.yaml"),
    ("same", "replace -f cm.yaml"),
    ("missing", "replace -f other.yaml"),
    ("force", "replace --force -f cm2.yaml"),
    ("force-missing", "replace --force -f other.yaml"),
    ("deploy", "replace -f web2.yaml"),
    ("multi", "replace -f multi.yaml"),
    ("stdin", "replace -f -"),
    ("nofile", "replace"),
    ("args", "replace configmap app"),
    ("dry-client", "replace -f cm2.yaml --dry-run=client"),
    ("dry-server", "replace -f cm2.yaml --dry-run=server"),
    ("name", "replace -f cm2.yaml -o name"),
    ("bad", "replace -f bad.yaml"),
    ("nsmismatch", "replace -f ns.yaml -n default"),
    ("nofile2", "replace -f nothere.yaml"),
    ("pod", "replace -f pod.yaml"),
]
CASES += [Case("replace", name, command, with_app, stdin=_APP_CM2 if name == "stdin" else None, files=_FILES)
          for name, command in _REPLACE]

# ----------------------------------------------------------------------------- diff
_DIFF = [
    ("changed", "diff -f cm2.yaml"),
    ("same", "diff -f cm.yaml"),
    ("new", "diff -f other.yaml"),
    ("deploy", "diff -f web2.yaml"),
    ("deploy-same", "diff -f web.yaml"),
    ("multi", "diff -f multi.yaml"),
    ("nofile", "diff"),
    ("bad", "diff -f bad.yaml"),
    ("nofile2", "diff -f nothere.yaml"),
    ("server-side", "diff --server-side -f cm2.yaml"),
    ("stdin", "diff -f -"),
]
CASES += [Case("diff", name, command, with_app, stdin=_APP_CM2 if name == "stdin" else None, files=_FILES)
          for name, command in _DIFF]


# ----------------------------------------------------------------------------- events
def with_events(epoch: str = "2026-03-02T09:00:00Z") -> Cluster:
    """The app of :func:`with_app` plus a pod whose image does not exist, two minutes on."""
    c = Cluster(nodes=1, seed=0, epoch=epoch)
    for manifest in (_WEB, _POD, _POD.replace("solo", "broken").replace("busybox:1.36", "busybox:nope-404")):
        c.kubectl(["apply", "-f", "-"], stdin=manifest, echo=False)
    c.run(seconds=120)
    return c


_EVENTS = [
    ("for-pod", "events --for pod/broken"),
    ("for-deploy", "events --for deploy/web"),
    ("for-solo", "events --for pod/solo"),
    ("warnings", "events --types=Warning"),
    ("warnings-A", "events -A --types=Warning"),
    ("types-bad", "events --types=Foo"),
    ("for-unknown", "events --for nope/x"),
    ("for-missing", "events --for pod/nothere"),
    ("wide", "events -o wide"),
    ("none-ns", "events -n kube-public"),
    ("none-for-A", "events -A --for pod/nothere"),
    ("name", "events --for pod/solo -o name"),
    ("no-headers", "events --for pod/broken --no-headers"),
    ("types-both", "events --for pod/solo --types=Normal,Warning"),
    ("for-A", "events -A --for pod/broken"),
    ("yaml", "events --for deploy/web -o yaml"),
    ("json-none", "events --for pod/nothere -o json"),
]
CASES += [Case("events", name, command, with_events, level=True) for name, command in _EVENTS]
