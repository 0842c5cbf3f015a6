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
    # kubectl logs -l reads the pods in Go map order (random): compare the lines, not their order
    unordered: bool = False
    # recorded against a live clock (kubectl waits for the pod: time must pass while it waits)
    live: bool = False

    def write_files(self, folder: str) -> None:
        for name, text in self.files.items():
            path = os.path.join(folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)


_DIFF_DIRS = re.compile(r"/tmp/(LIVE|MERGED)-\d+")
_EDIT_FILE = re.compile(r'[^\s"`]*/kubectl-edit-\w+\.yaml')
_DIFF_TIMES = re.compile(r"\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000$", re.M)
_KLOG_HEADER = re.compile(r"^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", re.M)


def normalise(text: str, folder: str) -> str:
    """Scratch folder paths replaced by ``$TMP`` (they differ on every run)."""
    return text.replace(os.path.realpath(folder), "$TMP").replace(folder, "$TMP")


def comparable(text: str) -> str:
    """What may differ between two runs of the same case: kubectl diff's random folder names and
    file times, kubectl edit's temporary file, the wall-clock time and process id of a klog line."""
    text = _KLOG_HEADER.sub(r"\1MMDD hh:mm:ss.micros PID ", _EDIT_FILE.sub("TMPDIR/kubectl-edit-N.yaml", text))
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
    # -w: each row flushed on its own by a tab writer that remembers widths; nothing while there is
    # no event; the stream ends quietly at --request-timeout (short: the recorder needs kubectl to
    # start and end within one wall-clock second)
    ("watch-for", "events --for pod/solo -w --request-timeout=500ms"),
    ("watch-none", "events -w --types=Warning -n kube-public --request-timeout=500ms"),
    ("watch-A-for", "events -A -w --for deploy/web --request-timeout=500ms"),
    ("watch-no-headers", "events --for pod/solo -w --no-headers --request-timeout=500ms"),
]
CASES += [Case("events", name, command, with_events, level=True) for name, command in _EVENTS]


# ----------------------------------------------------------------------------- create generators
_TLS_CRT = (Path(__file__).resolve().parent.parent / "data" / "kubectl-recorded" / "create" / "tls.crt.txt")
_TLS_KEY = (Path(__file__).resolve().parent.parent / "data" / "kubectl-recorded" / "create" / "tls.key.txt")
_CREATE_FILES = {"app.env": "# settings\nCOLOUR=blue\n  SIZE=large \n\nEMPTY=\nQUOTED=\"x y\"\n",
                 "spaced.env": "SIZE = large\n",
                 "bad.env": "not a pair\n", "config.txt": "a: 1\nb: 2\n", "dir/one.txt": "one\n",
                 "dir/two.txt": "two\n"}
_D = "--dry-run=client -o yaml"
_CREATE = [
    ("secret-literal", f"create secret generic s1 --from-literal=user=admin --from-literal=pass=s3cr3t {_D}"),
    ("secret-file", f"create secret generic s2 --from-file=config.txt --from-file=key=config.txt {_D}"),
    ("secret-env", f"create secret generic s3 --from-env-file=app.env {_D}"),
    ("secret-env-bad", f"create secret generic s3 --from-env-file=bad.env {_D}"),
    ("secret-dir", f"create secret generic s4 --from-file=dir {_D}"),
    ("secret-type", f"create secret generic s5 --type=Opaque --from-literal=a=b {_D}"),
    ("secret-tls", f"create secret tls t1 --cert=tls.crt --key=tls.key {_D}"),
    ("secret-tls-missing", f"create secret tls t1 --cert=tls.crt {_D}"),
    ("secret-tls-nofile", f"create secret tls t1 --cert=nope.crt --key=tls.key {_D}"),
    ("secret-docker", f"create secret docker-registry d1 --docker-server=registry.example.com "
                      f"--docker-username=me --docker-password=pw --docker-email=me@example.com {_D}"),
    ("secret-docker-missing", f"create secret docker-registry d1 --docker-password=pw {_D}"),
    ("secret-unknown", f"create secret foo x {_D}"),
    ("secret-none", "create secret"),
    ("cm-env", f"create configmap c1 --from-env-file=app.env {_D}"),
    ("cm-file", f"create configmap c2 --from-file=config.txt {_D}"),
    ("cm-literal", f"create configmap c3 --from-literal=a=1 --from-literal=b=two {_D}"),
    ("ingress-rule", f"create ingress web --rule=example.com/=web:80 {_D}"),
    ("ingress-class", f"create ingress web --class=nginx --rule=example.com/api*=api:8080 {_D}"),
    ("ingress-tls", f"create ingress web --rule=example.com/=web:80,tls=web-tls {_D}"),
    ("ingress-tls-default", f"create ingress web --rule=foo.com/=svc:https,tls {_D}"),
    ("ingress-default", f"create ingress web --default-backend=web:80 {_D}"),
    ("ingress-annot", f"create ingress web --rule=/path=svc:80 --annotation=a=b {_D}"),
    ("ingress-none", f"create ingress web {_D}"),
    ("ingress-bad", f"create ingress web --rule=example.com {_D}"),
    ("ingress-two", f"create ingress web --rule=a.com/=a:80 --rule=b.com/x=b:81 {_D}"),
    ("deploy-cmd", f"create deployment web --image=busybox {_D} -- sleep 3600"),
    ("deploy-replicas", f"create deployment web --image=nginx --replicas=3 --port=80 {_D}"),
    ("deploy-two", f"create deployment web --image=nginx --image=redis {_D}"),
    ("job", f"create job j1 --image=busybox {_D} -- echo hi"),
    ("cronjob", f"create cronjob c1 --image=busybox --schedule='*/5 * * * *' {_D} -- echo hi"),
    ("pdb-min", f"create pdb p1 --selector=app=web --min-available=1 {_D}"),
    ("pdb-max", f"create pdb p1 --selector=app=web --max-unavailable=50% {_D}"),
    ("pdb-both", f"create pdb p1 --selector=app=web --min-available=1 --max-unavailable=1 {_D}"),
    ("pdb-none", f"create pdb p1 --selector=app=web {_D}"),
    ("pdb-nosel", f"create pdb p1 --min-available=1 {_D}"),
    ("pc", f"create priorityclass high --value=1000 --description='high priority' {_D}"),
    ("pc-default", f"create priorityclass low --value=10 --global-default --preemption-policy=Never {_D}"),
    ("pc-novalue", f"create priorityclass high {_D}"),
    ("quota", f"create quota q1 --hard=cpu=1,memory=1G,pods=2 --scopes=BestEffort {_D}"),
    ("quota-bad", f"create quota q1 --hard=cpu {_D}"),
    ("ns", f"create namespace dev {_D}"),
    ("svc-np", f"create service nodeport web --tcp=80:8080 {_D}"),
    ("sa", f"create serviceaccount bot {_D}"),
    ("unknown", "create widget x"),
    ("secret-real", "create secret generic s1 --from-literal=a=b"),
    ("pdb-real", "create pdb p1 --selector=app=web --min-available=1"),
    ("pc-real", "create priorityclass high --value=1000"),
    ("secret-env-spaced", f"create secret generic s3 --from-env-file=spaced.env {_D}"),
    ("cm-env-two", f"create configmap c1 --from-env-file=app.env --from-env-file=spaced.env {_D}"),
    ("secret-file-missing", f"create secret generic s2 --from-file=nope.txt {_D}"),
    ("secret-literal-bad", f"create secret generic s2 --from-literal=novalue {_D}"),
    ("secret-env-and-file", f"create secret generic s2 --from-env-file=app.env --from-literal=a=b {_D}"),
]


def _create_files() -> dict:
    files = dict(_CREATE_FILES)
    files["tls.crt"], files["tls.key"] = _TLS_CRT.read_text(), _TLS_KEY.read_text()
    return files


CASES += [Case("create", name, command, bare, files=_create_files()) for name, command in _CREATE]


# ----------------------------------------------------------------------------- run
_RUN = [
    ("basic", f"run web --image=nginx {_D}"),
    ("port", f"run web --image=nginx --port=80 {_D}"),
    ("env", f"run web --image=nginx --env=A=1 --env=B=two {_D}"),
    ("labels", f"run web --image=nginx --labels=app=web,tier=front {_D}"),
    ("restart", f"run web --image=nginx --restart=Never {_D}"),
    ("restart-bad", f"run web --image=nginx --restart=Sometimes {_D}"),
    ("args", f"run web --image=busybox {_D} -- sleep 10"),
    ("command", f"run web --image=busybox --command {_D} -- sleep 10"),
    ("expose", f"run web --image=nginx --port=80 --expose {_D}"),
    ("expose-noport", f"run web --image=nginx --expose {_D}"),
    ("server", "run web --image=nginx --dry-run=server -o yaml"),
    ("real", "run web --image=nginx"),
    ("real-expose", "run web --image=nginx --port=80 --expose"),
    ("noname", "run --image=nginx"),
    ("annotations", f"run web --image=nginx --annotations=a=b {_D}"),
    ("pull", f"run web --image=nginx --image-pull-policy=Always {_D}"),
    ("rm-noi", "run tmp --image=busybox --rm --restart=Never -- echo hi"),
    ("bad-image", f"run web --image=NGINX {_D}"),
    ("name", "run web --image=nginx --dry-run=client -o name"),
    ("env-bad", f"run web --image=nginx --env=NOVALUE {_D}"),
    ("labels-bad", f"run web --image=nginx --labels=bad {_D}"),
    ("privileged", f"run web --image=nginx --privileged {_D}"),
]
CASES += [Case("run", name, command, bare) for name, command in _RUN]


# ----------------------------------------------------------------------------- logs
_TICKER = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: ticker
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ticker
  template:
    metadata:
      labels:
        app: ticker
    spec:
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 10; done"]
      - name: side
        image: busybox:1.36
        command: ["sh", "-c", "echo side up; sleep 3600"]
"""


def with_ticker() -> Cluster:
    """The two-container Deployment ``ticker`` (one line every ten seconds) and the Pod ``solo``, two minutes on."""
    c = bare()
    for manifest in (_TICKER, _POD.replace("command: [\"sleep\", \"3600\"]",
                                           "command: [\"sh\", \"-c\", \"echo one; echo two; sleep 3600\"]")):
        c.kubectl(["apply", "-f", "-"], stdin=manifest, echo=False)
    c.run(seconds=120)
    return c


_LOGS = [
    ("pod", "logs solo"),
    ("selector", "logs -l app=ticker"),
    ("selector-c", "logs -l app=ticker -c side"),
    ("selector-all", "logs -l app=ticker --all-containers"),
    ("selector-prefix", "logs -l app=ticker --prefix --tail=2"),
    ("selector-none", "logs -l app=nothing"),
    ("selector-and-name", "logs solo -l app=ticker"),
    ("tail", "logs deploy/ticker -c main --tail=3"),
    ("since", "logs deploy/ticker -c main --since=30s"),
    ("since-bad", "logs solo --since=abc"),
    ("since-both", "logs solo --since=1m --since-time=2026-03-02T09:00:00Z"),
    ("all-prefix", "logs deploy/ticker --all-containers --prefix --tail=1"),
    ("previous", "logs solo --previous"),
    ("timestamps", "logs solo --timestamps"),
    ("default-c", "logs deploy/ticker --tail=1"),
    ("tail-selector-default", "logs -l app=ticker -c main"),
    ("max-requests", "logs -l app=ticker -c main --tail=1 --max-log-requests=1"),
    ("missing", "logs nothere"),
    ("follow-too-many", "logs -f -l app=ticker --max-log-requests=1"),
    ("follow-all-too-many", "logs -f deploy/ticker --all-containers --max-log-requests=1"),
]
CASES += [Case("logs", name, command, with_ticker, unordered=name.startswith(("selector", "tail-selector",
                                                                               "max-requests")))
          for name, command in _LOGS]


# ----------------------------------------------------------------------------- edit
_EDIT = [
    ("replicas", "edit deploy/web", {"KUBE_EDITOR": "sed -i 's/replicas: 2/replicas: 3/'"}),
    ("cm", "edit configmap app", {"KUBE_EDITOR": "sed -i 's/colour: blue/colour: red/'"}),
    ("editor-var", "edit configmap app", {"EDITOR": "sed -i 's/colour: blue/colour: red/'"}),
    ("unchanged", "edit deploy/web", {"KUBE_EDITOR": "true"}),
    ("emptied", "edit cm/app", {"KUBE_EDITOR": "truncate -s 0"}),
    ("rename", "edit cm/app", {"KUBE_EDITOR": "sed -i 's/^  name: app/  name: other/'"}),
    ("syntax", "edit cm/app", {"KUBE_EDITOR": "sed -i 's/colour: blue/colour: [blue/'"}),
    ("invalid", "edit deploy/web", {"KUBE_EDITOR": "sed -i 's/replicas: 2/replicas: -1/'"}),
    ("missing", "edit deploy/nothere", {"KUBE_EDITOR": "true"}),
    ("noargs", "edit", {"KUBE_EDITOR": "true"}),
    ("editor-fails", "edit cm/app", {"KUBE_EDITOR": "false"}),
    ("comment-only", "edit cm/app", {"KUBE_EDITOR": "sed -i 's/^\\([a-z]\\)/# \\1/'"}),
    ("output-name", "edit cm/app -o name", {"KUBE_EDITOR": "sed -i 's/colour: blue/colour: red/'"}),
    ("two", "edit cm/app deploy/web", {"KUBE_EDITOR": "sed -i 's/colour: blue/colour: red/'"}),
    ("type-change", "edit deploy/web", {"KUBE_EDITOR": "sed -i 's/replicas: 2/replicas: two/'"}),
]
CASES += [Case("edit", name, command, with_app, env=env) for name, command, env in _EDIT]

# -f names the objects to edit; the editor gets their live state (cm2.yaml says green, the cluster blue)
_EDIT_FILES = [
    ("file", "edit -f cm2.yaml", {"KUBE_EDITOR": "sed -i 's/colour: blue/colour: red/'"}),
    ("file-multi", "edit -f multi.yaml", {"KUBE_EDITOR": "true"}),
    ("file-missing", "edit -f nothere.yaml", {"KUBE_EDITOR": "true"}),
    ("file-and-args", "edit -f cm2.yaml deploy/web", {"KUBE_EDITOR": "true"}),
    ("file-not-found", "edit -f other.yaml", {"KUBE_EDITOR": "true"}),
    ("file-ns", "edit -f ns.yaml", {"KUBE_EDITOR": "true"}),
]
CASES += [Case("edit", name, command, with_app, env=env, files=_FILES) for name, command, env in _EDIT_FILES]


# ----------------------------------------------------------------------------- cp, debug, port-forward
_CP = [
    ("noargs", "cp"),
    ("one", "cp solo:/etc/hostname"),
    ("both-local", "cp a.txt b.txt"),
    ("missing-pod", "cp nothere:/etc/hostname out.txt"),
    ("missing-local", "cp nothere.txt solo:/tmp/x"),
    ("three", "cp a b c"),
]
CASES += [Case("cp", name, command, with_app, files={"a.txt": "hello\n"}) for name, command in _CP]

_DEBUG = [
    ("noargs", "debug"),
    ("missing-pod", "debug nothere -it --image=busybox"),
    ("noimage-copy", "debug solo --copy-to=solo-debug"),
]
CASES += [Case("debug", name, command, with_app) for name, command in _DEBUG]

_PORT_FORWARD = [
    ("noargs", "port-forward"),
    ("noport", "port-forward pod/solo"),
    ("missing-pod", "port-forward pod/nothere 8080:80"),
    ("bad-port", "port-forward pod/solo abc"),
    ("missing-svc", "port-forward svc/nothere 8080:80"),
]
CASES += [Case("port-forward", name, command, with_app) for name, command in _PORT_FORWARD]


_RUN_LIVE = [
    ("rm-i", "run tmp --rm -i --image=busybox --restart=Never -- echo hello"),
    ("rm-it", "run tmp --rm -it --image=busybox --restart=Never -- echo hello"),
    ("rm-i-fails", "run tmp --rm -i --image=busybox --restart=Never -- sh -c 'echo out; exit 3'"),
    ("rm-i-false", "run tmp --rm -i --image=busybox --restart=Never --command -- false"),
    ("i", "run tmp -i --image=busybox --restart=Never -- echo hi"),
    ("rm-i-always", "run tmp --rm -i --image=busybox -- echo hello"),
    ("rm-i-badimage", "run tmp --rm -i --image=busybox:nope-404 --restart=Never -- echo hi"),
]
CASES += [Case("run", name, command, bare, live=True) for name, command in _RUN_LIVE]


_CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    metadata:
      labels:
        team: ops
    spec:
      backoffLimit: 2
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: busybox:1.36
            command: ["sh", "-c", "echo backup"]
"""


def with_cronjob() -> Cluster:
    """One node with the CronJob ``nightly``."""
    c = bare()
    c.kubectl(["apply", "-f", "-"], stdin=_CRONJOB, echo=False)
    c.run(seconds=5)
    return c


_CREATE_FROM = [
    ("job-from", f"create job manual-1 --from=cronjob/nightly {_D}"),
    ("job-from-real", "create job manual-1 --from=cronjob/nightly"),
    ("job-from-missing", "create job manual-1 --from=cronjob/nothere"),
    ("job-from-deploy", "create job manual-1 --from=deployment/web"),
    ("job-from-and-image", "create job manual-1 --from=cronjob/nightly --image=busybox"),
    ("job-noimage", "create job manual-1"),
    ("job-from-cmd", f"create job manual-1 --from=cronjob/nightly {_D} -- echo hi"),
]
CASES += [Case("create", name, command, with_cronjob) for name, command in _CREATE_FROM]


# ----------------------------------------------------------------------------- typed objects
# What kubectl prints for objects it holds in Go structs (generators, autoscale, events, whoami):
# JSON fields in the structs' declaration order, and the fields Go writes although nothing set them
# (``status: {loadBalancer: {}}``, ``creationTimestamp: null``); the API server's answer to a create
# carries its kind's empty status too.
_TYPED = [
    ("deploy-client-json", "create deployment x --image=nginx --dry-run=client -o json"),
    ("deploy-server-json", "create deployment x --image=nginx --dry-run=server -o json"),
    ("deploy-create-yaml", "create deployment x --image=nginx -o yaml"),
    ("cm-client-json", "create configmap y --from-literal=b=2 --from-literal=a=1 --dry-run=client -o json"),
    ("cm-create-json", "create configmap y --from-literal=a=b -o json"),
    ("job-client-json", "create job j --image=busybox --dry-run=client -o json"),
    ("cronjob-client-json", "create cronjob c --image=busybox --schedule='*/5 * * * *' --dry-run=client -o json"),
    ("role-client-json", "create role r --verb=get --resource=pods --dry-run=client -o json"),
    ("svc-create-yaml", "create service clusterip s --tcp=80:8080 -o yaml"),
    ("svc-client-json", "create service nodeport s --tcp=80:8080 --dry-run=client -o json"),
    ("run-client-json", "run t --image=nginx --port=80 --env=A=1 --dry-run=client -o json"),
    ("run-server-json", "run t --image=nginx --dry-run=server -o json"),
    ("expose-client-json", "expose deploy web --port=80 --dry-run=client -o json"),
    ("expose-client-ns-yaml", "expose deploy web --port=80 -n default --dry-run=client -o yaml"),
    ("expose-create-yaml", "expose deploy web --port=80 -o yaml"),
    ("autoscale-client-json", "autoscale deploy web --max=3 --dry-run=client -o json"),
    ("autoscale-server-json", "autoscale deploy web --min=2 --max=3 --cpu-percent=50 --dry-run=server -o json"),
    ("autoscale-create-yaml", "autoscale deploy web --max=3 --cpu-percent=50 -o yaml"),
    ("events-json", "events -o json"),
]
CASES += [Case("typed", name, command, with_app) for name, command in _TYPED]


# ----------------------------------------------------------------------------- apply --prune
_TIERED = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}
  labels: {{tier: x}}
data:
  k: v
"""
_TIERED_SVC = """apiVersion: v1
kind: Service
metadata:
  name: stale-svc
  labels: {tier: x}
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""


def with_prunable() -> Cluster:
    """:func:`with_app` plus objects labelled ``tier=x`` applied earlier (ConfigMaps ``keep`` and
    ``stale``, the Service ``stale-svc``), one created without apply (``made``), and a ConfigMap
    ``elsewhere`` in kube-public."""
    c = with_app()
    for manifest in (_TIERED.format(name="keep"), _TIERED.format(name="stale"), _TIERED_SVC,
                     _TIERED.format(name="elsewhere").replace("metadata:", "metadata:\n  namespace: kube-public")):
        c.kubectl(["apply", "-f", "-"], stdin=manifest, echo=False)
    c.kubectl(["create", "-f", "-"], stdin=_TIERED.format(name="made"), echo=False)
    c.run(seconds=5)
    return c


_PRUNE_FILES = {"keep.yaml": _TIERED.format(name="keep"),
                "keep-public.yaml": _TIERED.format(name="keep").replace("metadata:", "metadata:\n  namespace: kube-public")}
_PRUNE = [
    ("no-selector", "apply --prune -f keep.yaml"),
    ("selector", "apply --prune -l tier=x -f keep.yaml"),
    ("dry-client", "apply --prune -l tier=x -f keep.yaml --dry-run=client"),
    ("dry-server", "apply --prune -l tier=x -f keep.yaml --dry-run=server"),
    ("allowlist", "apply --prune -l tier=x -f keep.yaml --prune-allowlist=core/v1/ConfigMap"),
    ("allowlist-bad", "apply --prune -l tier=x -f keep.yaml --prune-allowlist=ConfigMap"),
    ("output-name", "apply --prune -l tier=x -f keep.yaml -o name"),
    ("all", "apply --prune --all -f keep.yaml"),
    ("all-and-selector", "apply --prune --all -l tier=x -f keep.yaml"),
    ("other-namespace", "apply --prune -l tier=x -f keep-public.yaml"),
    ("namespace-flag", "apply --prune -l tier=x -f keep.yaml -n default"),
]
CASES += [Case("prune", name, command, with_prunable, files=_PRUNE_FILES) for name, command in _PRUNE]

# ----------------------------------------------------------------------------- flags of one verb only
# apply's --prune/--all/--wait are not create's, nor create's --save-config apply's; a flag error is
# cobra's, with a capital "Error:"
_FLAGS = [
    ("create-prune", "create --prune -f cm2.yaml"),
    ("create-all", "create --all -f other.yaml"),
    ("create-wait", "create --wait -f other.yaml"),
    ("apply-save-config", "apply --save-config -f other.yaml"),
    ("get-unknown", "get pods --foo"),
    ("get-shorthand", "get pods -z"),
    ("get-needs-argument", "get pods --output"),
    ("scale-not-int", "scale deploy/web --replicas=x"),
]
CASES += [Case("flags", name, command, with_app, files=_FILES) for name, command in _FLAGS]


# ----------------------------------------------------------------------------- rollout
def with_history() -> Cluster:
    """:func:`with_app` after a second revision of ``web`` (nginx:1.26) rolled out."""
    c = with_app()
    c.kubectl(["set", "image", "deployment/web", "nginx=nginx:1.26"], echo=False)
    c.run(seconds=60)
    return c


_ROLLOUT = [
    ("history-type", "rollout history deployment"),
    ("status-type", "rollout status deployment"),
    ("status-none", "rollout status statefulset"),
    ("undo-type", "rollout undo deployment --dry-run=server"),
    ("history-yaml", "rollout history deploy/web -o yaml"),
    ("history-name", "rollout history deploy/web -o name"),
    ("history-type-name", "rollout history deployment -o name"),
    ("history-revision-yaml", "rollout history deploy/web --revision=1 -o yaml"),
    ("history-revision-json", "rollout history deploy/web --revision=2 -o json"),
    ("history-jsonpath", "rollout history deploy/web -o jsonpath={.metadata.name}"),
]
CASES += [Case("rollout", name, command, with_history) for name, command in _ROLLOUT]


# ----------------------------------------------------------------------------- set env / set selector
def with_env() -> Cluster:
    """:func:`with_app` with ``LEVEL=debug`` and ``MODE`` (from the ConfigMap) set on ``web``, and a
    Secret ``creds``."""
    c = with_app()
    c.kubectl(["create", "secret", "generic", "creds", "--from-literal=user-name=admin",
               "--from-literal=pass=s3cret"], echo=False)
    c.kubectl(["patch", "deployment/web", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"nginx",'
               '"env":[{"name":"LEVEL","value":"debug"},{"name":"MODE","valueFrom":{"configMapKeyRef":'
               '{"name":"app","key":"colour"}}}]}]}}}}'], echo=False)
    c.kubectl(["apply", "-f", "-"], stdin=_RICH_ENV, echo=False)
    c.run(seconds=30)
    return c


_RICH_ENV = """apiVersion: v1
kind: Pod
metadata: {name: rich}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources: {limits: {memory: 64Mi}}
    envFrom:
    - configMapRef: {name: app}
      prefix: CFG_
    - secretRef: {name: creds}
    env:
    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: creds, key: pass}}}
    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory}}}
    - {name: EMPTY, value: ""}
"""

_SET_ENV = [
    ("add", "set env deploy/web A=1"),
    ("list", "set env deploy/web --list"),
    ("list-all-pods", "set env pods --all --list"),
    ("remove", "set env deploy/web LEVEL-"),
    ("same", "set env deploy/web LEVEL=debug"),
    ("no-overwrite", "set env deploy/web LEVEL=info --overwrite=false"),
    ("flag-e", "set env deploy/web -e B=2 -e C=3 --dry-run=client -o yaml"),
    ("container", "set env deploy/web -c nginx D=4 --dry-run=server -o name"),
    ("container-missing", "set env deploy/web -c nope D=4"),
    ("from-cm", "set env deploy/web --from=configmap/app --dry-run=client -o yaml"),
    ("from-secret-prefix", "set env deploy/web --from=secret/creds --prefix=DB_ --dry-run=client -o yaml"),
    ("from-keys", "set env deploy/web --from=secret/creds --keys=pass --dry-run=client -o yaml"),
    ("invalid-name", "set env deploy/web 1A=x"),
    ("no-change-arg", "set env deploy/web"),
    ("missing", "set env deploy/nothere A=1"),
    ("cm-resource", "set env configmap/app A=1"),
    ("list-resolve", "set env deploy/web --list --resolve"),
    ("list-rich", "set env pod/rich --list"),
    ("list-rich-resolve", "set env pod/rich --list --resolve"),
    ("selector-missing-svc", "set selector svc/nothere app=y"),
    ("selector", "set selector deploy/web app=web --dry-run=client -o yaml"),
]
CASES += [Case("setenv", name, command, with_env, unordered=name == "from-secret-prefix")
          for name, command in _SET_ENV]         # kubectl reads a Secret's keys in Go map order
_SET_SELECTOR_SVC = """apiVersion: v1
kind: Service
metadata: {name: front}
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""


def with_service() -> Cluster:
    """:func:`with_env` plus the Service ``front`` selecting ``app=web``."""
    c = with_env()
    c.kubectl(["apply", "-f", "-"], stdin=_SET_SELECTOR_SVC, echo=False)
    return c


CASES += [Case("setenv", name, command, with_service) for name, command in [
    ("selector-svc", "set selector svc/front app=web,tier=front"),
    ("selector-svc-yaml", "set selector svc/front app=other --dry-run=client -o yaml"),
    ("json", "set env deploy/web Z=1 --dry-run=client -o json"),
]]


# ----------------------------------------------------------------------------- drain
_DS = """apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: busybox:1.36, command: ["sleep", "3600"]}]
"""
_SCRATCH = """apiVersion: v1
kind: Pod
metadata: {name: scratch, labels: {app: scratch}}
spec:
  volumes: [{name: tmp, emptyDir: {}}]
  containers: [{name: app, image: busybox:1.36, command: ["sleep", "3600"], volumeMounts: [{name: tmp, mountPath: /tmp}]}]
"""


def with_drainable() -> Cluster:
    """:func:`with_app` plus the DaemonSet ``agent`` and the Pod ``scratch`` with an emptyDir."""
    c = with_app()
    for manifest in (_DS, _SCRATCH):
        c.kubectl(["apply", "-f", "-"], stdin=manifest, echo=False)
    c.run(seconds=30)
    return c


_NODE = "aks-nodepool1-78300211-vmss000000"
_DRAIN = [
    # (one blocking reason per case: kubectl joins several in Go map order)
    ("ds-blocked", f"drain {_NODE} --pod-selector=app=agent --dry-run=client"),
    ("no-controller", f"drain {_NODE} --ignore-daemonsets --delete-emptydir-data --dry-run=client"),
    ("force-local", f"drain {_NODE} --ignore-daemonsets --force --dry-run=client"),
    # (one pod: kubectl evicts concurrently and groups its warnings in Go map order)
    ("everything", f"drain {_NODE} --pod-selector=app=scratch --force --delete-emptydir-data --dry-run=server"),
    ("selector", f"drain {_NODE} --pod-selector=app=web --dry-run=client"),
]
CASES += [Case("drain", name, command, with_drainable) for name, command in _DRAIN]
CASES += [Case("drain", name, command, with_drainable) for name, command in [
    ("taint-name", f"taint node {_NODE} a=b:NoSchedule --dry-run=server -o name"),
    ("taint-yaml", f"taint node {_NODE} a=b:NoSchedule --dry-run=client -o yaml"),
    ("taint-json", f"taint node {_NODE} a=b:NoSchedule -o json"),
    ("expose-unlabelled", "expose pod solo --port=80"),
    ("expose-labelled", "expose pod scratch --port=80 --dry-run=client -o yaml"),
]]


# ----------------------------------------------------------------------------- create token (the TokenRequest)
CASES += [Case("create", name, command, with_app) for name, command in [
    ("token-yaml", "create token default --duration=10m -o yaml"),
    ("token-json", "create token default -o json"),
    ("token-bound-yaml", "create token default --bound-object-kind=Pod --bound-object-name=solo -o yaml"),
    ("token-missing", "create token nothere"),
]]


# ----------------------------------------------------------------------------- get --raw
CASES += [Case("raw", name, command, with_app) for name, command in [
    ("healthz", "get --raw /healthz"),
    ("readyz-verbose", "get --raw /readyz?verbose"),
    ("version", "get --raw /version"),
    ("api", "get --raw /api"),
    ("configmaps-limit", "get --raw /api/v1/namespaces/default/configmaps?limit=1"),
    ("pod-missing", "get --raw /api/v1/namespaces/default/pods/nothere"),
    ("no-path", "get --raw /nope"),
    ("node-metrics", "get --raw /apis/metrics.k8s.io/v1beta1/nodes"),
    ("with-args", "get pods --raw /healthz"),
    ("relative", "get --raw healthz"),
    ("with-output", "get --raw /healthz -o yaml"),
]]


# ----------------------------------------------------------------------------- version, api-resources
# (kubectl version -o's clientVersion is the binary's own build: only the server part and the layout
# are compared, through --client-less cases whose client fields the simulator cannot know)
CASES += [Case("misc", name, command, with_app) for name, command in [
    ("api-resources-wide", "api-resources -o wide"),
    ("api-resources-sort-name", "api-resources --sort-by=name"),
    ("api-resources-sort-bad", "api-resources --sort-by=foo"),
    ("api-resources-verbs", "api-resources -o name --verbs=list,watch --namespaced=true"),
]]


# ----------------------------------------------------------------------------- describe, every kind
_ZOO = """apiVersion: v1
kind: Service
metadata: {name: front, labels: {app: web}}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 80}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: front}
spec:
  rules:
  - host: shop.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: front, port: {number: 80}}}}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: pi, image: busybox:1.36, command: ["sh", "-c", "echo 3.14"]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: tick, image: busybox:1.36, command: ["date"]}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: busybox:1.36, command: ["sleep", "3600"]}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: redis:7}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: quota}
spec: {hard: {pods: "20", requests.cpu: "4"}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: limits}
spec: {limits: [{type: Container, default: {cpu: 500m}, defaultRequest: {cpu: 100m}}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader}
subjects: [{kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {user: admin}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
description: important
"""


def with_zoo(epoch: str = "2026-03-02T09:00:00Z") -> Cluster:
    """One object of most kinds (and the app of :func:`with_app`), two minutes on."""
    c = Cluster(nodes=1, seed=0, epoch=epoch)
    for manifest in (_APP_CM, _WEB, _POD, _ZOO):
        c.kubectl(["apply", "-f", "-"], stdin=manifest, echo=False)
    c.run(seconds=120)
    return c


_DESCRIBE = [(kind.replace("/", "-"), f"describe {kind}") for kind in (
    "svc/front", "ingress/front", "hpa/web", "job/pi", "cronjob/tick", "ds/agent", "sts/db", "pdb/web",
    "quota/quota", "limits/limits", "role/reader", "rolebinding/reader", "netpol/deny", "secret/creds",
    "sa/robot", "priorityclass/high", "cm/app", "ns/default", "ep/front", "pvc", "sc", "lease -n kube-node-lease",
    "endpointslices -l kubernetes.io/service-name=front", "clusterrole/view", "pod/solo", "deploy/web", "rs")]
CASES += [Case("describe", name, command, with_zoo, level=True) for name, command in _DESCRIBE]

_GET_WIDE = [(f"wide-{kind}", f"get {kind} -o wide") for kind in (
    "svc", "ingress", "hpa", "job", "cronjob", "ds", "sts", "pdb", "quota", "limits", "role", "rolebinding",
    "netpol", "secret", "sa", "priorityclass", "cm", "ns", "ep", "endpointslices", "sc", "lease -A", "pods",
    "deploy", "rs", "nodes", "all", "events", "clusterrolebinding", "csidrivers", "pv", "pvc",
    "controllerrevisions", "podtemplates", "apiservices", "crd", "mutatingwebhookconfigurations")]
CASES += [Case("getkinds", name.replace(" ", ""), command, with_zoo, level=True) for name, command in _GET_WIDE]


# ----------------------------------------------------------------------------- label / annotate removals
# (solo has no labels at all: kubectl's before/after comparison then sees a change)
CASES += [Case("label", name, command, with_app) for name, command in [
    ("remove-missing-nolabels", "label pod solo nope-"),
    ("remove-two-missing", "label pod solo nope- other-"),
    ("remove-missing-labelled", "label deploy web nope-"),
    ("remove-missing-and-set", "label pod solo nope- app=x"),
    ("remove-missing-name", "label pod solo nope- -o name"),
    ("annotate-remove-missing", "annotate pod solo nope-"),
    ("remove-all-pods", "label pods --all nope-"),
]]


# ----------------------------------------------------------------------------- delete
CASES += [Case("delete", name, command, with_app, files=_FILES) for name, command in [
    ("force-grace-0", "delete pod solo --grace-period=0 --force"),
    ("force", "delete pod solo --force"),
    ("force-dry-server", "delete pod solo --force --dry-run=server"),
    ("file", "delete -f cm2.yaml"),
    ("now-nowait", "delete pod solo --now --wait=false"),
    ("selector-name", "delete pods -l app=web -o name --wait=false"),
    ("mixed-missing", "delete cm app web"),
    ("no-name", "delete pod"),
    ("ns-missing", "delete ns nothere"),
    ("all-dry-server", "delete pods --all --dry-run=server"),
]]


# ----------------------------------------------------------------------------- expose, create service, scale
CASES += [Case("services", name, command, with_app) for name, command in [
    ("expose-two-ports", "expose deploy web --port=80,443 --dry-run=client -o yaml"),
    ("expose-nodeport", "expose deploy web --type=NodePort --port=80 --dry-run=client -o yaml"),
    ("expose-lb-target", "expose deploy web --type=LoadBalancer --port=80 --target-port=8080 --name=lb -o yaml"),
    ("expose-udp", "expose deploy web --port=80 --protocol=UDP --dry-run=client -o yaml"),
    ("expose-selector-labels", "expose deploy web --port=80 --selector=a=b --labels=x=y --dry-run=client -o yaml"),
    ("lb-port-only", "create service loadbalancer s --tcp=80 --dry-run=client -o yaml"),
    ("clusterip-pairs", "create service clusterip s --tcp=80:8080,443 --dry-run=client -o yaml"),
    ("nodeport-fixed", "create service nodeport s --tcp=80:80 --node-port=30080 -o yaml"),
    ("externalname", "create service externalname s --external-name=example.com -o yaml"),
    ("headless", "create service clusterip s --clusterip=None --dry-run=server -o yaml"),
    ("scale-yaml", "scale deploy web --replicas=3 -o yaml"),
    ("scale-name", "scale deploy web --replicas=3 -o name"),
]]


# ----------------------------------------------------------------------------- -o jsonpath-as-json
CASES += [Case("jsonpath", name, command, with_app) for name, command in [
    ("as-json-names", "get deploy -o jsonpath-as-json={.items[*].metadata.name}"),
    ("as-json-two-actions", "get pods -o jsonpath-as-json={.items[*].metadata.name}{.items[*].kind}"),
    ("as-json-number", "get deploy web -o jsonpath-as-json={.spec.replicas}"),
    ("as-json-missing", "get deploy web -o jsonpath-as-json={.nope}"),
]]


# ----------------------------------------------------------------------------- --help / -h
# (the texts come from scripts/record_kubectl_help.py; these check which one a command line gets)
CASES += [Case("help", name, command, bare) for name, command in [
    ("get", "get --help"),
    ("get-pods-h", "get pods -h"),
    ("create-deployment", "create deployment --help"),
    ("create-deployment-args", "create deployment web --image=nginx -h"),
    ("rollout-status", "rollout status deploy/web --help"),
    ("set-env", "set env --help"),
    ("create-secret-generic", "create secret generic --help"),
    ("config-view", "config view -h"),
    ("help-command", "help get"),
    ("help-subcommand", "help create deployment"),
    ("unknown-command", "nonexistent"),
    ("unknown-command-help", "nonexistent --help"),
    ("unknown-rollout", "rollout nope a b"),
    ("unknown-top", "top nope"),
    ("unknown-config", "config nope x"),
    ("unknown-auth", "auth nope"),
    ("unknown-set", "set nope"),
    ("unknown-create-service", "create service nope x"),
    ("unknown-create-secret", "create secret nope"),
    ("api-versions-args", "api-versions x y"),
]]


# ----------------------------------------------------------------------------- kube-system's add-ons
CASES += [Case("kubesystem", name, command, with_zoo, level=True) for name, command in [
    ("describe-node", "describe node"),
    ("get-pods-A-wide", "get pods -A -o wide"),
    ("top-pods-A", "top pods -A"),
    ("get-all-A", "get all -A"),
    ("describe-ds-kube-proxy", "describe ds kube-proxy -n kube-system"),
    ("get-ds-A-wide", "get ds -A -o wide"),
    ("describe-deploy-metrics-server", "describe deploy metrics-server -n kube-system"),
    ("events-A", "get events -A"),
    ("events-wide", "get events -o wide"),
    ("kubectl-events-A", "events -A"),
    ("describe-pods-coredns", "describe pods -n kube-system -l k8s-app=kube-dns"),
    ("get-lease-A", "get lease -A"),
    ("get-sa-A", "get sa -A"),
    ("get-cm-A", "get cm -A"),
    ("get-ep-A", "get ep -A"),
    ("get-svc-A-wide", "get svc -A -o wide"),
    ("get-nodes-wide", "get nodes -o wide"),
    ("get-pods-A-labels", "get pods -A --show-labels"),
    ("get-rs-A-wide", "get rs -A -o wide"),
]]
CASES += [Case("prune", "apply-fails", "apply --prune -l tier=x -f keep.yaml -f bad-tier.yaml", with_prunable,
               files={**_PRUNE_FILES, "bad-tier.yaml": _TIERED.format(name="Bad_Name")})]


# ----------------------------------------------------------------------------- events.k8s.io/v1
_NEW_EVENT = """apiVersion: events.k8s.io/v1
kind: Event
metadata:
  name: {name}
eventTime: "{time}"
reportingController: example.com/teacher
reportingInstance: teacher-1
action: Greet
reason: Hello
regarding:
  kind: Pod
  name: solo
  namespace: default
note: Hello from the new API
type: Normal
"""
_EVENT_FILES = {
    "bad.yaml": "apiVersion: events.k8s.io/v1\nkind: Event\nmetadata:\n  name: Bad_Name\ntype: Fatal\n"
                "deprecatedCount: 3\ndeprecatedSource:\n  component: me\nseries:\n  count: 1\n",
    "old-style.yaml": "apiVersion: v1\nkind: Event\nmetadata:\n  name: old-style\ninvolvedObject:\n  kind: Pod\n"
                      "  name: solo\n  namespace: other\nreason: Hi\nmessage: old style\n",
    "no-controller.yaml": "apiVersion: events.k8s.io/v1\nkind: Event\nmetadata:\n  name: quiet\n"
                          "eventTime: \"2026-03-02T09:00:30.000000Z\"\nreportingInstance: i\naction: A\n"
                          "reason: R\ntype: Normal\nregarding:\n  kind: Node\n  name: n1\n",
}


def with_new_event(epoch: str = "2026-03-02T09:00:00Z") -> Cluster:
    """:func:`with_events` plus an Event created through events.k8s.io/v1 (``hello``)."""
    from k8scourse.sim.clock import format_rfc3339_micro
    c = with_events(epoch)
    c.kubectl(["create", "-f", "-"], stdin=_NEW_EVENT.format(
        name="hello", time=format_rfc3339_micro(c.sim.clock.unix_ms() - 1500)), echo=False)
    c.run(seconds=2)
    return c


CASES += [Case("events-api", name, command, with_new_event, level=True, files=_EVENT_FILES) for name, command in [
    ("get", "get events.events.k8s.io"),
    ("get-wide", "get events.events.k8s.io -o wide"),
    ("get-yaml", "get events.events.k8s.io -o yaml"),
    ("get-one-json", "get events.events.k8s.io hello -o json"),
    ("get-one-core", "get event hello -o yaml"),
    ("short-name-group", "get ev.events.k8s.io -o name"),
    ("short-name-warning", "get ev"),
    ("short-name-warning-delete", "delete ev nothere"),
    ("versioned", "get events.v1.events.k8s.io --field-selector type=Warning"),
    ("selector", "get events.events.k8s.io --field-selector regarding.name=broken,type=Warning"),
    ("selector-core-label", "get events.events.k8s.io --field-selector involvedObject.name=broken"),
    ("selector-controller", "get events.events.k8s.io -A --field-selector reportingController=default-scheduler -o name"),
    ("selector-source", "get events.events.k8s.io --field-selector source=kubelet -o name"),
    ("chunks", "get events.events.k8s.io --chunk-size=2 -o name"),
    ("custom-columns", "get events.events.k8s.io -o custom-columns=REASON:.reason,NOTE:.note,COUNT:.deprecatedCount"),
    ("describe", "describe events.events.k8s.io hello"),
    ("describe-core", "describe event hello"),
    ("explain", "explain events.events.k8s.io"),
    ("explain-field", "explain events.events.k8s.io.regarding"),
    ("explain-api-version", "explain events.regarding --api-version=events.k8s.io/v1"),
    ("explain-short-api-version", "explain ev --api-version=events.k8s.io/v1"),
    ("explain-deep-missing", "explain pods.spec.foo.bar"),
    ("api-resources", "api-resources --api-group=events.k8s.io"),
    ("api-resources-wide", "api-resources -o wide"),
    ("create-invalid", "create -f bad.yaml"),
    ("create-no-controller", "create -f no-controller.yaml"),
    ("create-old-style-mismatch", "create -f old-style.yaml"),
    ("patch-immutable", """patch events.events.k8s.io hello --type=merge -p '{"note":"changed"}'"""),
    ("patch-series-bad", """patch events.events.k8s.io hello --type=merge -p '{"series":{"count":1}}'"""),
    ("label", "label events.events.k8s.io hello audience=class"),
    ("delete", "delete events.events.k8s.io hello"),
    ("delete-missing", "delete events.events.k8s.io nothere"),
    ("list-error-fields", "get pods --field-selector foo=bar"),
    ("list-error-labels", "get pods -l 'a in (b'"),
    ("deploy-apps", "get deploy.apps"),
    ("hpa-autoscaling", "get hpa.autoscaling"),
    ("can-i-short-name", "auth can-i create ev"),
    ("create-role-short-name", "create role reader --verb=get --resource=ev"),
    ("raw-discovery", "get --raw /apis/events.k8s.io/v1"),
    ("raw-list", "get --raw /apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=regarding.name%3Dhello"),
]]

# ----------------------------------------------------------------------------- run --overrides
# kubectl run --overrides/--override-type: merge, json and strategic patches of the generated Pod,
# their errors (invalid JSON, bad type, failing operations) and the decoded result
_OVERRIDES = [
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":"x"}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"web","image":"busybox","args":["sleep","1"]}]}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"web","args":["sleep","1"]}]}}\' --override-type=strategic --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"other","args":["sleep","1"]}]}}\' --override-type=strategic --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"add","path":"/spec/nodeName","value":"n1"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"replace","path":"/spec/nodeName","value":"n1"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"remove","path":"/metadata/labels"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":\' --override-type=strategic --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{}}\' --override-type=bogus --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{}}\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"metadata":{"labels":null}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"foo":1}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"apiVersion":"v2"}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"kind":"Service"}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":"x"}}\' --dry-run=client -o json',
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":"x"}}\' --dry-run=client',
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":"x"}}\' --port=80 --expose --dry-run=client -o yaml',
    'run web --image=nginx --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --override-type=bogus --dry-run=client -o yaml',
    "run web --image=nginx --overrides='' --dry-run=client -o yaml",
    "run web --image=nginx --overrides='null' --dry-run=client -o yaml",
    "run web --image=nginx --overrides='[]' --dry-run=client -o yaml",
    'run web --image=nginx --overrides=\'"x"\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":"x"}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":"x"}}\'',
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":5}}\'',
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":"x"}}\' --dry-run=server -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"test","path":"/spec/nodeName","value":"n1"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"remove","path":"/spec/nodeName"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"bad","path":"/spec"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"web","resources":{"limits":{"memory":"1024Mi"}}}]}}\' --override-type=strategic --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"restartPolicy":"Never"}}\' --dry-run=client -o yaml --restart=Never',
    'run web --image=nginx --overrides=\'{"metadata":{"name":"other","namespace":"x"}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"metadata":{"name":"other"}}\'',
    "run web --image=nginx --port=80 --expose --overrides='{bad'",
    'run web --image=nginx --overrides=\'{"kind":"Foo"}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"kind":null}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"apiVersion":null}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"apiVersion":"apps/v1","kind":"Deployment"}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"kind":"Service"}\'',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"web","resources":{"limits":{"cpu":"0.5","memory":"1024Mi"}}}]}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"web","resources":{"limits":{"cpu":"abc"}}}]}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"web","ports":[{"containerPort":"80"}]}]}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"web","image":"x","foo":"y"}],"hostNetwork":false,"nodeSelector":{}}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"metadata":{"annotations":{"b":"1","a":"2"}},"spec":{"tolerations":[{"key":"k","operator":"Exists"}]}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"web","$patch":"delete"}]}}\' --override-type=strategic --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"$patch":"replace","containers":[{"name":"x","image":"y"}]}}\' --override-type=strategic --dry-run=client -o yaml',
    "run web --image=nginx --overrides='null' --override-type=strategic --dry-run=client -o yaml",
    "run web --image=nginx --overrides='[]' --override-type=strategic --dry-run=client -o yaml",
    'run web --image=nginx --overrides=\'{"spec":{"containers":"x"}}\' --override-type=strategic --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":5}}\' --override-type=strategic --dry-run=client -o yaml',
    "run web --image=nginx --overrides='null' --override-type=json --dry-run=client -o yaml",
    'run web --image=nginx --overrides=\'[{"op":"add","path":"/spec/x/y","value":1}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"add","path":"/spec/containers/-","value":{"name":"side","image":"busybox"}}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"path":"/spec"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"add","value":1}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"replace","path":"/spec/nope","value":1}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"move","from":"/metadata/labels","path":"/metadata/annotations"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"copy","from":"/metadata/labels","path":"/spec/nodeSelector"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":"x"}}\' --overrides=\'{"spec":{"hostname":"h"}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides',
    'run web --image=nginx --override-type',
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":"x"}}\' -o yaml --dry-run=client --rm -i',
    "run tmp --rm -i --image=busybox --restart=Never --overrides='{bad' -- echo hi",
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":"x"}}\' -o name',
    'run web --image=nginx --overrides=\'{"status":{"phase":"Running"}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"web","image":"nginx","env":[{"name":"A","value":"1"}]}]}}\' --env=B=2 --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"apiVersion":"apps/v1","kind":"Deployment"}\'',
    'run web --image=nginx --overrides=\'{"apiVersion":"apps/v1","kind":"Deployment"}\' --dry-run=server -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"replace","path":"/spec/x/y","value":1}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"remove","path":"/spec/x/y"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"remove"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"move","from":"/spec/nope","path":"/spec/nodeName"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"copy","from":"/spec/nope","path":"/spec/nodeName"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"copy","from":"/x/y","path":"/spec/nodeName"}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"test","path":"/x/y","value":1}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"test","path":"/kind","value":"Pod"}]\' --override-type=json --dry-run=client -o name',
    'run web --image=nginx --overrides=\'[{"op":"replace","path":"/spec/containers/3","value":1}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"add","path":"/spec/containers/3","value":{}}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"add","path":"/spec/containers/x","value":{}}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"remove","path":"/spec/containers/5"}]\' --override-type=json --dry-run=client -o yaml',
    "run web --image=nginx --overrides='[1]' --override-type=json --dry-run=client -o yaml",
    'run web --image=nginx --overrides=\'"x"\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"a":1} x\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":1}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"add","path":5,"value":1}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'[{"op":"replace","path":"","value":{"kind":"Pod","apiVersion":"v1"}}]\' --override-type=json --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80.5}]}]}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"containers":[{"name":"web","resources":{"limits":{"memory":"1x"}}}]}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"metadata":{"labels":{"a":1}}}\' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"spec":{"nodeName":"x"},"spec2":1} \' --dry-run=client -o yaml',
    'run web --image=nginx --overrides=\'{"metadata":{"labels":{"a":"1"}}}\' --dry-run=client -o yaml',
]
CASES += [Case("overrides", "o%02d" % i, command, bare) for i, command in enumerate(_OVERRIDES)]
CASES += [Case("overrides", name, command, bare, live=True) for name, command in [
    ("rm-i-strategic", "run tmp --rm -i --image=busybox --restart=Never --override-type=strategic "
                       "--overrides='{\"spec\":{\"containers\":[{\"name\":\"tmp\",\"args\":[\"echo\",\"overridden\"]}]}}' -- echo hi"),
    ("rm-i-merge-name", "run tmp --rm -i --image=busybox --restart=Never "
                        "--overrides='{\"metadata\":{\"labels\":{\"job\":\"once\"}}}' -- echo hi"),
]]


# ----------------------------------------------------------------------------- run, as students get it wrong
# the order of kubectl run's checks, its flags (the delete flags of --rm, --save-config, --template…)
_RUN_MISTAKES = [
    'run web --image=nginx -t',
    'run web --image=nginx -t --dry-run=client',
    'run web --image=nginx -i --dry-run=client -o yaml',
    'run web --image=nginx --attach --dry-run=client',
    'run web --image=nginx --rm --dry-run=client',
    'run web --image=nginx --expose --restart=Bad',
    'run web --image=nginx --rm --restart=Bad',
    'run web --image=nginx --rm --expose',
    'run web --image=nginx --image-pull-policy=Sometimes --dry-run=client',
    'run web --image=nginx --image-pull-policy=Sometimes -i',
    'run web --image=nginx --pod-running-timeout=abc',
    'run web --image=nginx --pod-running-timeout=0 --dry-run=client -o name',
    'run --image=nginx -- echo',
    'run web',
    'run web --image=NGINX --restart=Bad',
    'run web --image=nginx --restart=Bad -i --dry-run=client',
    'run web web2 --image=nginx --dry-run=client -o name',
    'run web --image=nginx --dry-run=bogus',
    'run web --image=nginx -o foo',
    'run web --image=nginx --dry-run=client -o foo',
    'run web --image=nginx --port=abc --dry-run=client',
    'run web --image=nginx --port=80 --expose --dry-run=client',
    'run web --image=nginx --port=80 --expose --dry-run=client -o name',
    'run web --image=nginx --port=80 --expose --dry-run=client -o json',
    'run web --image=nginx --imge=nginx',
    'run web --image nginx --dryrun=client',
    'run web --image=nginx --restart=never --dry-run=client -o name',
    'run Web --image=nginx',
    'run web_1 --image=nginx',
    'run web --image=nginx -n nope',
    'run web --image=nginx --env=A --dry-run=client',
    'run web --image=nginx --env A=1 --env=B=2 --dry-run=client -o name',
    'run web --image=nginx --limits=cpu=1',
    'run web --image=nginx --requests=cpu=1 --dry-run=client -o yaml',
    'run web --image=nginx --serviceaccount=x --dry-run=client',
    'run web --image=nginx --hostport=80',
    'run web --image=nginx --replicas=2',
    'run web --image=nginx --generator=run-pod/v1',
    'run web --image=nginx --schedule="* * * * *"',
    'run web --image=nginx --quiet --dry-run=client -o name',
    'run web --image=nginx --leave-stdin-open --dry-run=client -o name',
    'run web --image=nginx --field-manager=me --dry-run=client -o name',
    'run web --image=nginx --save-config --dry-run=client -o yaml',
    'run web --image=nginx --show-managed-fields --dry-run=client -o name',
    "run web --image=nginx --template='{{.metadata.name}}' -o go-template --dry-run=client",
    'run web --image=nginx --cascade=foreground --dry-run=client -o name',
    'run web --image=nginx -l app=x,tier=y --dry-run=client -o name',
    'run web --image=nginx --filename=x.yaml',
    'run web --image=nginx --force --dry-run=client -o name',
    'run web --image=nginx --grace-period=5 --dry-run=client -o name',
    'run web --image=nginx --timeout=5s --dry-run=client -o name',
    'run web --image=nginx --wait --dry-run=client -o name',
    'run web --image=nginx --kustomize=x',
    'run web --image=nginx --privileged=false --dry-run=client -o yaml',
    'run web --image=nginx --dry-run -o name',
    'run --image=nginx -o foo',
    'run web --image=NGINX -o foo',
    'run --image=nginx --dry-run=bogus',
    'run web --image=nginx --dry-run=bogus -o foo',
    'run --image=nginx --pod-running-timeout=0',
    'run web --image=NGINX --pod-running-timeout=0',
    'run web --image=nginx --port=abc --expose',
    'run web --image=nginx --restart=Bad --image-pull-policy=Bad',
    'run web --image=nginx -i --restart=Bad',
    'run web --image=nginx --timeout=abc',
    'run web --image=nginx --timeout=5',
    'run web --image=nginx --timeout=5x',
    'run web --image=nginx --grace-period=abc',
    'run web --image=nginx --save-config -o yaml',
    'run web --image=nginx --show-managed-fields -o yaml',
    'run web --image=nginx -o yaml',
    "run web --image=nginx --template='{{.metadata.name}}' --dry-run=client",
    'run web --image=nginx -o template --dry-run=client',
]
CASES += [Case("run-mistakes", "m%02d" % i, command, bare) for i, command in enumerate(_RUN_MISTAKES)]


# ----------------------------------------------------------------------------- -o of the commands that print objects
# only get has the table printers (wide, custom-columns); a bare --dry-run is client, with a warning
CASES += [Case("printers", name, command, with_app, files=_FILES) for name, command in [
    ('create-deploy-foo', 'create deployment x --image=nginx -o foo'),
    ('create-cm-foo', 'create configmap x -o foo'),
    ('apply-foo', 'apply -f cm.yaml -o foo'),
    ('expose-foo', 'expose deployment web --port=80 -o foo'),
    ('replace-foo', 'replace -f cm.yaml -o foo'),
    ('autoscale-foo', 'autoscale deployment web --max=3 -o foo'),
    ('create-columns', 'create deployment x --image=nginx -o custom-columns=NAME:.metadata.name'),
    ('run-columns', 'run x --image=nginx -o custom-columns=NAME:.metadata.name'),
    ('apply-bare-dry-run', 'apply -f cm.yaml --dry-run'),
    ('create-bare-dry-run', 'create deployment x --image=nginx --dry-run -o name'),
    ('get-foo', 'get pods -o foo'),
    ('run-template-flag', 'run web --image=nginx --template={{.metadata.name}} --dry-run=client'),
    ('run-template-none', 'run web --image=nginx -o template --dry-run=client'),
]]


# ----------------------------------------------------------------------------- a student's session
# the verbs of issue 15 as a student types them, right and wrong (unknown flags of a subcommand, missing
# arguments, wrong names, group commands without a subcommand, dry runs, -o)
_AUDIT = [
    'get pod',
    'get pods web',
    'get deploy web -o wide',
    'get deployments.apps',
    'get deploymnet',
    'get po,svc',
    'get all',
    'get pods --show-labels',
    'get pods -l app=web',
    "get pods -l 'app in (web)'",
    'get pods -l app==',
    'get pods --selector',
    "get pods -o jsonpath='{.items[*].metadata.name}'",
    "get pods -o jsonpath='{.items[0].metadata.name'",
    'get pods --sort-by=.metadata.name',
    'get pods --sort-by=metadata.name',
    'get pods --field-selector=status.phase=Running',
    'get pods --field-selector=foo=bar',
    'get cm app -o yaml',
    'get cm app -o json',
    'get cm nope',
    'get cm app nope',
    'get ns',
    'get nodes',
    'get events',
    'get svc -A',
    'get pods --all-namespaces -o name',
    'get pods -n',
    'get',
    'get pods -o custom-columns=NAME:.metadata.name,IMG:.spec.containers[0].image',
    'get pods --no-headers',
    'get deploy web -o custom-columns=N:.metadata.name --no-headers',
    "get cm app -o go-template='{{.data.colour}}'",
    'get api-resources',
    'get pods/web',
    'get deploy/web',
    'get foo/bar',
    'describe cm app',
    'describe cm nope',
    'describe nope',
    'describe',
    'delete cm nope',
    'delete cm',
    'delete cm app',
    'delete cm app --dry-run=client',
    'delete cm --all --dry-run=client',
    'delete pods -l app=web --dry-run=client',
    'delete cm app --grace-period=abc',
    'delete cm app --now --force',
    'label cm app tier=front',
    'label cm app tier=front --dry-run=client',
    'label cm app colour-',
    'label cm app tier',
    'label cm app app=web',
    'annotate cm app note=hello',
    'annotate cm app note-',
    'scale deploy web --replicas=5',
    'scale deploy web',
    'scale deploy web --replicas=-1',
    'scale cm app --replicas=2',
    'scale deploy nope --replicas=2',
    'set image deploy/web nginx=nginx:1.27',
    'set image deploy/web nope=nginx:1.27',
    'set image deploy/web nginx',
    'set image deploy web nginx=nginx:1.27',
    'rollout status deploy/web',
    'rollout history deploy/web',
    'rollout undo deploy/web',
    'rollout restart deploy/web',
    'rollout pause deploy/web',
    'rollout resume deploy/web',
    'rollout status cm/app',
    'rollout foo deploy/web',
    'rollout',
    'expose deploy web --port=80',
    'expose deploy web',
    'expose cm app --port=80',
    'expose deploy web --port=80 --type=Foo',
    'create deploy x --image=nginx',
    'create deploy x',
    'create cm x --from-literal=a=b',
    'create cm x --from-literal=ab',
    'create secret generic s --from-literal=a=b',
    'create secret s --from-literal=a=b',
    'create ns dev',
    'create ns Dev',
    'create svc clusterip x --tcp=80:8080',
    'create svc x --tcp=80',
    'create job j --image=busybox -- echo hi',
    'create cronjob c --image=busybox --schedule="*/1 * * * *"',
    'create cronjob c --image=busybox --schedule="bad"',
    'create cronjob c --image=busybox',
    'create sa x',
    'create role r --verb=get --resource=pods',
    'create role r --verb=foo --resource=pods',
    'create rolebinding rb --role=r --user=bob',
    'create quota q --hard=pods=2',
    'create pdb p --selector=app=web --min-available=1',
    'create priorityclass pc --value=1000',
    'create ingress i --rule=foo.com/=web:80',
    'create ingress i --rule=bad',
    'logs web',
    'logs deploy/web',
    'logs deploy/web --tail=1',
    'logs nope',
    'logs',
    'logs -l app=web --tail=1',
    'logs deploy/web -c nope',
    'logs deploy/web --since=abc',
    'logs deploy/web --previous',
    'exec deploy/web -- ls',
    'exec deploy/web ls',
    'exec nope -- ls',
    'exec deploy/web',
    'api-versions',
    'api-resources --namespaced=true',
    'api-resources --api-group=apps',
    'api-resources -o name',
    'api-resources -o foo',
    'explain deploy.spec.replicas',
    'explain deployment.spec.foo',
    'top nodes',
    'top pods',
    'config get-contexts',
    'config current-context',
    'config use-context nope',
    'wait --for=condition=Available deploy/web --timeout=5s',
    'wait --for=condition=Ready pod --all --timeout=1s',
    'wait deploy/web',
    'wait --for=foo deploy/web',
    'autoscale deploy web --max=5 --cpu-percent=50',
    'autoscale deploy web --min=3 --max=2',
    'autoscale deploy web',
    'patch deploy web -p \'{"spec":{"replicas":3}}\'',
    'patch deploy web -p \'{"spec":{"replicas":"x"}}\'',
    "patch deploy web -p '{bad'",
    'patch deploy web --type=json -p \'[{"op":"replace","path":"/spec/replicas","value":4}]\'',
    "patch deploy web --type=foo -p '{}'",
    'patch deploy web',
    'patch cm app -p \'{"data":{"colour":"red"}}\' --dry-run=client -o yaml',
    'cordon nope',
    'taint nodes --all foo=bar:NoSchedule --dry-run=client',
    'taint nodes foo',
    'describe pods -l app=nope',
    'describe svc',
    'edit cm nope',
    'annotate cm app a=b --overwrite',
    'label pods --all x=y --dry-run=client',
    'replace -f cm2.yaml',
    'replace -f nope.yaml',
    'apply -f nope.yaml',
    'apply -f bad.yaml',
    'apply',
    'create -f cm.yaml',
    'create -f cm.yaml --save-config',
    'delete -f cm.yaml',
    'get -f cm.yaml',
    'exec cm/app -- ls',
    'exec -- ls',
    'exec job/nope -- ls',
    'exec svc/web -- ls',
    'exec deploy/web -- echo hi',
    'exec deploy/web -c nope -- ls',
    'patch cm app -p \'{"data":{"colour":"red"}}\' --dry-run=client',
    'patch cm app --type=json -p \'[{"op":"replace","path":"/data/colour","value":"red"}]\' --dry-run=client -o yaml',
    "patch cm app -p 'data: {colour: red}' --dry-run=client -o json",
    'taint nodes --all foo=bar:NoSchedule --dry-run=server',
    'set image deploy/web',
    'set image deploy/nope',
    'set image deploy web',
    'set image deploy/web =x',
    'set image deploy/web nginx=x nope=y',
    'set image',
    'set image deploy/web nginx- foo-',
    'set image deploy/web nginx=x web2',
    'set image -f web.yaml nginx=x --local -o yaml',
    'set image deploy/web nginx=x --local',
    'set image -f web.yaml nope=x --local -o name',
    'set image deploy/web nginx=x -o yaml',
    'set image deploy/web nginx=x --dry-run=server -o json',
    'set image deploy/web nginx=x --dry-run=client -o json',
    'create deployment x --image=nginx --foo',
    'rollout status deploy/web --foo',
    'set image deploy/web --foo',
    'config view --foo',
    'auth can-i --foo',
    'create secret generic x --foo',
    'top pod --foo',
    'create deployment x -z',
    'create svc clusterip x --foo',
    'create cm x --image=nginx',
    'create deployment x --image=nginx --from-literal=a=b',
    'rollout status deploy/web --to-revision=1',
    'rollout history deploy/web --timeout=1s',
    'get pods --replicas=1',
    'logs --replicas=1',
    'create secret x -q',
    'create deploy x --image=nginx --from-literal=a',
    'create -n default deployment x --image=nginx --foo',
    'scale deploy web --replicas -1',
    'create ns x --dry-run',
    'set',
    'config',
    'auth',
    'create service',
    'create secret foo',
    'create svc foo',
    'create cronjob c',
    'create cronjob c --schedule=x',
    'create cronjob',
    'scale',
    'create job',
    'create cronjob --image=x --schedule=x',
    "create cronjob a b --image=x --schedule='* * * * *'",
    'create job a b --image=x',
    'create deployment a b --image=x',
    'create pdb',
    'delete cm app --now --grace-period=5',
    'delete cm app --grace-period=5 --force',
    'delete cm app --now --grace-period=-1',
    'delete cm app --grace-period=0 --force --now',
    'patch cm app -p \'{"a":\'',
    'patch cm app -p \'{"data":{"colour":"blue"}}\' --dry-run=client',
    'taint nodes --all foo- --dry-run=client',
    'cordon aks-nodepool1-78300211-vmss000000 --dry-run=client',
    'label cm app a=b --dry-run=server',
]
CASES += [Case("audit", "a%03d" % i, command, with_app, files=_FILES) for i, command in enumerate(_AUDIT)]
_AUDIT2 = [
    'get pods -o wide --show-labels',
    'get po -L app',
    'get pods -l',
    'get pod web-x',
    'get deployment web -o yaml --show-managed-fields',
    "get deploy -o jsonpath='{.items[*].spec.replicas}'",
    "get svc kubernetes -o jsonpath='{.spec.clusterIP}'",
    'get nodes -o wide',
    'get rs',
    'get ep',
    'get endpointslices',
    'get cm -A -l app=web',
    'get all -A',
    'logs deploy/web --timestamps --tail=1',
    'logs deploy/web --all-containers --prefix --tail=1',
    'logs deploy/web --since-time=2020-01-01T00:00:00Z --tail=1',
    'logs deploy/web --limit-bytes=10',
    'logs deploy/web --tail=abc',
    'logs -l app=web --max-log-requests=1 --tail=1',
    'rollout undo deploy/web --to-revision=5',
    'rollout history deploy/web --revision=5',
    'rollout history deploy/web --revision=1',
    'rollout status deploy/web --watch=false',
    'rollout restart deploy/web --dry-run=client',
    'rollout pause cm/app',
    'rollout undo deploy',
    'rollout history',
    'describe po -l app=nope',
    'label cm app app=web --overwrite',
    "label cm app 'bad key=x'",
    'label cm app a=b c-',
    'label nope/app a=b',
    "annotate cm app 'a=b c'",
    'delete deploy web --cascade=bogus',
    'delete deploy web --cascade=orphan --dry-run=client',
    'delete pods --all --dry-run=server',
    'delete all --all --dry-run=client',
    'scale deploy/web --replicas=3 --current-replicas=1',
    'scale deploy/web --replicas=3 --current-replicas=2',
    'scale --replicas=1 -f web.yaml --dry-run=client',
    'create deployment web --image=nginx',
    'create deployment x --image=nginx --replicas=3 --port=80 --dry-run=client -o yaml',
    'create deployment x --image=nginx --image=busybox --dry-run=client -o yaml',
    'create cm x --from-file=nope.txt',
    'create cm x --from-env-file=cm.yaml --dry-run=client -o yaml',
    'create secret generic s --from-literal=a --dry-run=client',
    'create secret generic s --type=kubernetes.io/tls --from-literal=a=b --dry-run=client -o yaml',
    'create ingress x --rule="foo.com/bar*=web:80,tls" --class=nginx --dry-run=client -o yaml',
    'create ingress x --default-backend=web:80 --dry-run=client -o yaml',
    'create job j --from=cronjob/nope',
    'create quota q --hard=cpu=1,memory=1G,pods=x --dry-run=client',
    'create pdb p --selector=app=web --min-available=1 --max-unavailable=1',
    'create priorityclass pc --value=10 --global-default --description="x" --dry-run=client -o yaml',
    'create token nope',
    'explain pods.spec.containers.imagePullPolicy',
    'api-resources --verbs=list --namespaced -o wide',
    'api-resources --sort-by=name',
    'api-resources --sort-by=foo',
    'auth can-i create pods',
    'auth can-i create pods --as=bob',
    "auth can-i '*' '*'",
    'auth can-i list secrets -n kube-system --as=system:serviceaccount:default:default',
    'events --types=Warning',
    'events --types=Bad',
    'top pod --containers',
    'top node --sort-by=cpu',
    'top pod --sort-by=foo',
    'rollout resume cm/app',
    'rollout restart cm/app',
    'rollout undo cm/app',
    'rollout history cm/app',
    'rollout pause svc/kubernetes',
    'rollout undo',
    'rollout status',
    'rollout history pod/solo',
    'rollout undo pod/solo',
    'rollout history rs',
    'rollout restart pod/solo',
    'rollout history deploy',
    'label cm app a=b=c',
    "label cm app 'a=bad value'",
    "label cm app 'Bad_Key!=x'",
    'replace -f cm.yaml --force --cascade=bogus',
    'create quota q --hard=pods=x --dry-run=client',
    'create quota q --hard=pods --dry-run=client',
    'create quota q --hard=memory=1024Mi,cpu=0.5,pods=10 --dry-run=client -o yaml',
    'expose deploy web --port=80 --type=nodeport --dry-run=client -o yaml',
    'expose deploy web --port=80 --type=Foo --dry-run=client -o name',
    'expose deploy web --port=80 --type=nodeport',
]
CASES += [Case("audit", "b%03d" % i, command, with_app, files=_FILES) for i, command in enumerate(_AUDIT2)]


# ----------------------------------------------------------------------------- --record
# the deprecated --record is hidden from --help but still taken by some commands (with pflag's warning)
CASES += [Case("record-flag", "r%02d" % i, command, with_app, files=_FILES) for i, command in enumerate([
    'scale deploy/web --replicas=2 --record',
    'autoscale deploy web --max=3 --record',
    'set image deploy/web nginx=x --record',
    'annotate cm app a=b --record',
    'label cm app a=b --record',
    'set env deploy/web A=1 --record',
    'set image deploy/web nginx=y --record=false',
    'run x --image=nginx --record --dry-run=client -o name',
    'create deployment x --image=nginx --record',
    'label cm app a=b --record --foo',
    'expose deploy web --port=80 --record --dry-run=client -o name',
    "patch cm app -p '{}' --record",
    # the change cause each writing verb records: the command line as kubectl rebuilds it
    'label cm app a=b --record -o jsonpath={.metadata.annotations}',
    'annotate cm app a=b --record -o jsonpath={.metadata.annotations}',
    'patch cm app -p \'{"data":{"x":"1"}}\' --record -o jsonpath={.metadata.annotations}',
    "patch cm app -p '{}' --record --dry-run=server -o jsonpath={.metadata.annotations}",
    'apply -f cm2.yaml --record -o jsonpath={.metadata.annotations}',
    'apply --server-side -f cm2.yaml --record -o jsonpath={.metadata.annotations}',
    'expose deploy web --port=80 --record -o jsonpath={.metadata.annotations}',
    'run x --image=nginx --record -o jsonpath={.metadata.annotations}',
    'run y --image=nginx --expose --port=80 --record -o yaml',
    'run y --image=nginx --expose --port=80 --record --dry-run=client -o yaml',
    'create -f other.yaml --record -o jsonpath={.metadata.annotations}',
    'label cm app zz- --record -o jsonpath={.metadata.annotations}',
    'label deploy web app=web --record',
    'label cm app a=b -n default --record=true --overwrite -o jsonpath={.metadata.annotations}',
    'label cm app a=b c=d -l x!=y --record=true',
    'autoscale deploy web --max=3 --record -o jsonpath={.metadata.annotations}',
    'set image deploy/web nginx=nginx:1.27 --record -ojsonpath={.metadata.annotations}',
    'annotate -n default cm app a=b --record --overwrite=false -o jsonpath={.metadata.annotations}',
])]


# ----------------------------------------------------------------------------- --save-config
# create (generators: the Go encoder's JSON; -f: the manifest as apply writes it), run, expose
CASES += [Case("save-config", "s%02d" % i, command, with_app, files=_FILES) for i, command in enumerate([
    'create deployment x --image=nginx --save-config -o jsonpath={.metadata.annotations}',
    'create -f other.yaml --save-config -o jsonpath={.metadata.annotations}',
    'create cm x --from-literal=a=b --save-config -o jsonpath={.metadata.annotations}',
    'run x --image=nginx --save-config -o jsonpath={.metadata.annotations}',
    'expose deploy web --port=80 --save-config -o jsonpath={.metadata.annotations}',
    'create -f other.yaml --save-config -n default -o jsonpath={.metadata.annotations}',
    'create -f multi.yaml --save-config -o name',
    'create cm x --from-literal=a=b --save-config --dry-run=server -o jsonpath={.metadata.annotations}',
    'expose deploy web --port=80 --save-config --dry-run=client -o jsonpath={.metadata.annotations}',
    'create ns dev --save-config -o jsonpath={.metadata.annotations}',
    'create secret generic s --from-literal=a=b --save-config -o jsonpath={.metadata.annotations}',
])]


# ----------------------------------------------------------------------------- --raw writes
# create/replace/delete --raw send the file's bytes as they are: the API server's decoder judges them
_CMS = "/api/v1/namespaces/default/configmaps"
_RAW_FILES = {**_FILES, "x.json": '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"1"}}',
              "app.json": '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app"},"data":{"colour":"red"}}',
              "broken.json": '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"',
              "bad.json": "{bad", "list.json": "[1, 2]", "number.json": '{"apiVersion":"v1","kind":"ConfigMap",'
              '"metadata":{"name":"n"},"data":{"a":1}}', "dir/x.json": "{}",
              "evict.json": '{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"solo"}}',
              "empty.json": ""}
CASES += [Case("raw", "w%02d" % i, command, with_app, files=_RAW_FILES, stdin=stdin) for i, (command, stdin) in
          enumerate([
              (f"create --raw {_CMS} -f x.json", None),
              (f"create --raw {_CMS} -f bad.json", None),
              (f"create --raw {_CMS} -f broken.json", None),
              (f"create --raw {_CMS} -f list.json", None),
              (f"create --raw {_CMS} -f number.json", None),
              (f"create --raw {_CMS} -f cm.yaml", None),
              (f"create --raw {_CMS} -f app.json", None),
              (f"create --raw {_CMS} -f -", '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s"}}'),
              (f"create --raw {_CMS}/x -f x.json", None),
              (f"create --raw {_CMS}", None),
              (f"create --raw {_CMS} -f x.json -f app.json", None),
              (f"create --raw {_CMS} -f x.json -o yaml", None),
              (f"create --raw {_CMS} -f x.json -R", None),
              (f"create --raw {_CMS} -f x.json --edit", None),
              (f"create --raw {_CMS} -f x.json -l a=b", None),
              (f"create --raw {_CMS} -f https://example.com/x.json", None),
              (f"create --raw {_CMS} -f nothere.json", None),
              (f"create --raw {_CMS} -f dir", None),
              ("create --raw api/v1/namespaces/default/configmaps -f x.json", None),
              ("create --raw '' -f other.yaml", None),
              (f"create cm q --raw {_CMS} -f x.json", None),
              ("create --raw /api/v1/namespaces/default/pods/solo/eviction -f evict.json", None),
              (f"replace --raw {_CMS}/app -f app.json", None),
              (f"replace --raw {_CMS}/app -f x.json", None),
              (f"replace --raw {_CMS}/nothere -f x.json", None),
              (f"replace --raw {_CMS}/app -f bad.json", None),
              (f"replace --raw {_CMS}/app", None),
              (f"replace --raw {_CMS}/app -f app.json -o name", None),
              ("replace --raw bad -f app.json", None),
              (f"delete --raw {_CMS}/app", None),
              (f"delete --raw {_CMS}/nothere", None),
              (f"delete --raw {_CMS}/app -o name", None),
              (f"delete --raw {_CMS}/app -f x.json -f app.json", None),
              ("delete --raw bad", None),
              (f"delete cm app --raw {_CMS}/app", None),
              (f"get --raw {_CMS}/app -f x.json", None),
              (f"create --raw {_CMS} -f empty.json", None),
              (f"replace --raw {_CMS}/app -f empty.json", None),
          ])]


# ----------------------------------------------------------------------------- describe, nothing found
# describe names the namespace in "No resources found" even for a cluster-scoped kind (get does not)
CASES += [Case("describe-empty", "e%02d" % i, command, with_app) for i, command in enumerate([
    "describe csidriver", "describe node -l a=b", "describe pv -A", "describe po -l x=y -A",
    "describe po -l x=y -n kube-system", "describe clusterrole -l x=y", "get clusterrole -l x=y",
    "describe runtimeclass", "get runtimeclass",
])]


# ----------------------------------------------------------------------------- certificates
# CertificateSigningRequests (kubernetes.io "Certificate Signing Requests" and its normal-user
# walkthrough): requests made from the committed keys of tests/data/certificates (csr_requests.py)
def with_csrs() -> Cluster:
    """One node and six requests, created by the cluster's admin (``masterclient``) and left 90
    seconds to the controllers: ``myuser`` and ``serving-node1`` approved and issued,
    ``node-csr-node1`` auto-approved and issued, ``bad`` approved and failed (a server usage for a
    client signer), ``carol`` denied, ``dave`` pending (no requested duration). ``jane`` may update
    approvals but not approve for any signer; ``sam`` may also approve for
    ``kubernetes.io/kube-apiserver-client``."""
    import csr_requests as csrs
    cluster = Cluster(nodes=1, seed=0, clock="manual")
    for manifest in (csrs.myuser(), csrs.kubelet_client(), csrs.kubelet_serving(),
                     csrs.myuser("bad", usages=("server auth",)), csrs.myuser("carol"),
                     csrs.myuser("dave", expiration=None)):
        cluster.kubectl(["create", "-f", "-"], stdin=manifest, echo=False)
    cluster.kubectl("certificate approve myuser serving-node1 bad", echo=False)
    cluster.kubectl("certificate deny carol", echo=False)
    cluster.kubectl(["apply", "-f", "-"], stdin=_CSR_RBAC, echo=False)
    cluster.run(seconds=90)
    return cluster


_CSR_RBAC = """apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: csr-approval
rules:
- apiGroups: [certificates.k8s.io]
  resources: [certificatesigningrequests]
  verbs: [get, list]
- apiGroups: [certificates.k8s.io]
  resources: [certificatesigningrequests/approval]
  verbs: [update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: client-signer
rules:
- apiGroups: [certificates.k8s.io]
  resources: [signers]
  resourceNames: [kubernetes.io/kube-apiserver-client]
  verbs: [approve]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: csr-approval
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: csr-approval}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: sam}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: client-signer
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: client-signer}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: sam}
"""


def _csr_files() -> dict:
    import base64

    import csr_requests as csrs
    bad_pem = base64.b64encode(b"hello\n").decode()
    return {
        "dave.yaml": csrs.myuser("dave", expiration=None),
        "eve.yaml": csrs.myuser("eve"),
        "bad-pem.yaml": csrs.manifest("broken", bad_pem),
        "short.yaml": csrs.myuser("short", expiration=60),
        "no-signer.yaml": csrs.myuser("nosigner").replace("  signerName: kubernetes.io/kube-apiserver-client\n", ""),
        "legacy.yaml": csrs.myuser("legacy", signer="kubernetes.io/legacy-unknown"),
        "bad-signer.yaml": csrs.myuser("badsigner", signer="kubernetes"),
        "usages.yaml": csrs.myuser("usages", usages=("client auth", "client auth", "flying")),
        "no-usages.yaml": csrs.manifest("nousages", csrs.request_b64("nousages"), usages=()).replace("  usages:\n", ""),
        "masters.yaml": csrs.manifest("root", csrs.request_b64("root", ("system:masters",))),
    }


try:
    _CSR_FILES = _csr_files()
except ImportError:         # the cryptography package is a dev dependency
    _CSR_FILES = {}

CASES += [Case("certificates", "c%02d" % i, command, with_csrs, files=_CSR_FILES) for i, command in enumerate([
    "get csr",
    "get csr -o wide",
    "describe csr myuser",
    "describe csr serving-node1",
    "describe csr dave",
    "describe csr carol",
    "describe csr",
    "certificate approve dave",
    "certificate approve myuser",
    "certificate approve carol",
    "certificate deny dave",
    "certificate deny carol",
    "certificate deny myuser",
    "certificate approve nope",
    "certificate approve",
    "certificate approve dave nope carol myuser",
    "certificate approve dave -o name",
    "certificate approve dave -o yaml",
    "certificate deny dave -o json",
    "certificate approve myuser --force",
    "certificate approve -f dave.yaml",
    "certificate",
    "certificate approve dave -o wide",
    "certificate approve dave --as=jane",
    "certificate approve dave --as=sam",
    "certificate approve serving-node1 node-csr-node1 --as=sam --force",
    "certificate approve dave --as=nobody",
    "get csr myuser -o jsonpath={.status.certificate}",
    "get csr bad -o jsonpath={.status.conditions[1]}",
    "create -f eve.yaml",
    "create -f bad-pem.yaml",
    "create -f short.yaml",
    "create -f no-signer.yaml",
    "create -f legacy.yaml",
    "create -f bad-signer.yaml",
    "create -f usages.yaml",
    "create -f no-usages.yaml",
    "create -f masters.yaml",
    "certificate deny -f eve.yaml",
    "certificate approve dave --foo",
])]


def with_applied_csrs() -> Cluster:
    """:func:`with_csrs` plus ``walk`` applied with a label (its last-applied annotation is shown by
    describe), left pending."""
    import csr_requests as csrs
    cluster = with_csrs()
    walk = csrs.myuser("walk").replace("  name: walk\n", "  name: walk\n  labels:\n    team: blue\n")
    cluster.kubectl(["apply", "-f", "-"], stdin=walk, echo=False)
    return cluster


_CSR_FILES_2 = dict(_CSR_FILES)
if _CSR_FILES:
    _CSR_FILES_2["two.yaml"] = _CSR_FILES["dave.yaml"] + "---\n" + _CSR_FILES["eve.yaml"].replace("name: eve", "name: walk")
CASES += [Case("certificates", "d%02d" % i, command, with_applied_csrs, files=_CSR_FILES_2)
          for i, command in enumerate([
              "describe csr walk",
              "get csr walk -o yaml",
              "get csr myuser -o yaml",
              "get csr -l team=blue",
              "certificate approve -f two.yaml",
              "certificate deny myuser --force",
              "describe csr -l team=blue",
              "get csr --sort-by=.spec.signerName",
          ])]

# what kubectl's resource builder refuses or finds nothing in
_CSR_FILES_3 = dict(_CSR_FILES, **{
    "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: dave\nspec:\n  containers:\n  - name: a\n    image: nginx\n",
    "empty.yaml": "",
    "noname.yaml": "apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: {}\n"})
CASES += [Case("certificates", "e%02d" % i, command, with_csrs, files=_CSR_FILES_3) for i, command in enumerate([
    "certificate approve -f pod.yaml",
    "certificate approve -f empty.yaml",
    "certificate approve -f noname.yaml",
    "certificate approve a/b",
    "certificate approve ''",
    "certificate approve csr/dave",
    "certificate deny dave dave",
    "certificate approve -f nope.yaml",
    "certificate approve dave -f pod.yaml",
    "certificate approve pod/dave",
    "certificate approve ns/default",
    "certificate approve csr/nope csr/dave",
    "certificate approve certificatesigningrequests.certificates.k8s.io/dave",
    "certificate approve -f empty.yaml -o name",
])]


# ----------------------------------------------------------------------------- managed-fields
# metadata.managedFields as the API server records them for every write (Update entries of
# kubectl-create, kubectl-label, ..., kube-controller-manager, kubelet; Apply entries) and server-side
# apply's conflicts with them; the command's own output shows what its write recorded.
_MF_WEB = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
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
        image: {image}
"""
_MF_APPLIED = """apiVersion: v1
kind: ConfigMap
metadata:
  name: applied
data:
  colour: {colour}
"""
_MF_FILES = {"web1.yaml": _MF_WEB.format(replicas=1, image="nginx"),
             "web3.yaml": _MF_WEB.format(replicas=3, image="nginx"),
             "web3-img.yaml": _MF_WEB.format(replicas=3, image="nginx:1.27"),
             "app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: \"2\"\n",
             "app-same.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: \"1\"\n",
             "applied-green.yaml": _MF_APPLIED.format(colour="green"),
             "new.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: new\ndata:\n  k: v\n",
             "replace.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: \"1\"\n  z: \"9\"\n"}


def with_owners() -> Cluster:
    """A Deployment and a ConfigMap made by ``kubectl create``, a ConfigMap by ``kubectl apply``, 30 s run."""
    c = bare()
    c.kubectl(["create", "deployment", "web", "--image=nginx"], echo=False)
    c.kubectl(["create", "configmap", "app", "--from-literal=a=1"], echo=False)
    c.kubectl(["apply", "-f", "-"], stdin=_MF_APPLIED.format(colour="blue"), echo=False)
    c.run(seconds=30)
    return c


def with_scaled() -> Cluster:
    """:func:`with_owners` after ``kubectl scale deploy web --replicas=2`` (the scale subresource)."""
    c = with_owners()
    c.kubectl(["scale", "deploy", "web", "--replicas=2"], echo=False)
    c.run(seconds=5)
    return c


# Not here (the simulator's kubectl differs elsewhere): label -o yaml prints the object it sent, not
# the server's answer; rollout restart -o and edit -o print the object. apply --server-side over a
# client-side-applied object (kubectl's csaupgrade): the csa-upgrade group.
_SMF = "-o yaml --show-managed-fields"
_MANAGED_FIELDS = [
    ("get-deploy", f"get deploy web {_SMF}"),
    ("get-deploy-json", "get deploy web -o json --show-managed-fields"),
    ("get-hidden", "get deploy web -o yaml"),
    ("get-raw", "get --raw /api/v1/namespaces/default/configmaps/app"),
    ("get-pods", f"get pods {_SMF}"),
    ("get-applied", f"get cm applied {_SMF}"),
    ("get-kubernetes-svc", f"get svc kubernetes {_SMF}"),
    ("get-lease", "get lease -n kube-node-lease -o jsonpath={.items[*].metadata.managedFields}"),
    ("managers", "get deploy,rs,pods -o jsonpath='{range .items[*]}{.metadata.name}{range .metadata.managedFields[*]}"
                 " {.manager}/{.operation}/{.subresource}{end}{\"\\n\"}{end}'"),
    ("create-cm", f"create configmap x --from-literal=k=v {_SMF}"),
    ("create-deploy", f"create deployment d2 --image=nginx --replicas=2 {_SMF}"),
    ("create-manager", f"create deployment d3 --image=nginx --field-manager=me {_SMF}"),
    ("create-file", f"create -f new.yaml {_SMF}"),
    ("create-dry-server", f"create -f new.yaml --dry-run=server {_SMF}"),
    ("annotate", f"annotate cm app note=x {_SMF}"),
    ("patch", f"patch cm app -p '{{\"data\":{{\"a\":\"2\"}}}}' {_SMF}"),
    ("patch-merge-json", "patch cm app --type=merge -p '{\"data\":{\"b\":\"3\"}}' -o json --show-managed-fields"),
    ("patch-status", f"patch deploy web --subresource=status --type=merge -p '{{\"status\":{{\"replicas\":5}}}}' {_SMF}"),
    ("set-image", f"set image deploy/web nginx=nginx:1.27 {_SMF}"),
    ("set-env", f"set env deploy/web A=1 {_SMF}"),
    ("expose", f"expose deploy web --port=80 {_SMF}"),
    ("run", f"run p --image=nginx {_SMF}"),
    ("autoscale", f"autoscale deploy web --max=3 {_SMF}"),
    ("replace", f"replace -f replace.yaml {_SMF}"),
    ("csa-apply", f"apply -f applied-green.yaml {_SMF}"),
    ("ssa-conflict", "apply --server-side -f web3.yaml"),
    ("ssa-conflicts", "apply --server-side -f web3-img.yaml"),
    ("ssa-force", f"apply --server-side --force-conflicts -f web3.yaml {_SMF}"),
    ("ssa-shared", f"apply --server-side -f web1.yaml {_SMF}"),
    ("ssa-cm-conflict", "apply --server-side -f app.yaml"),
    ("ssa-cm-manager", "apply --server-side --field-manager=alice -f app.yaml"),
    ("ssa-cm-same", f"apply --server-side -f app-same.yaml {_SMF}"),
    ("ssa-dry-run", f"apply --server-side --dry-run=server -f web1.yaml {_SMF}"),
]
CASES += [Case("managed-fields", name, command, with_owners, files=_MF_FILES) for name, command in _MANAGED_FIELDS]
CASES += [Case("managed-fields", name, command, with_scaled, files=_MF_FILES) for name, command in [
    ("scaled-get", f"get deploy web {_SMF}"),
    ("scaled-ssa-conflict", "apply --server-side -f web3.yaml"),
    ("scaled-ssa-same", "apply --server-side -f web1.yaml -o name"),
]]


# ----------------------------------------------------------------------------- label/annotate -o
# label -o prints its own changed copy (the resourceVersion it read); annotate prints the server's answer
CASES += [Case("label-output", "o%02d" % i, command, with_app) for i, command in enumerate([
    "label cm app a=b -o yaml", "label cm app a=b -o json --record", "label cm app a=b --dry-run=server -o yaml",
    "label deploy web app- -o yaml", "label cm app a=b -o name", "annotate cm app a=b -o yaml",
])]

# rollout pause/resume/restart -o print the server's answer instead of the verb line
CASES += [Case("label-output", "r%02d" % i, command, with_app) for i, command in enumerate([
    "rollout restart deploy/web -o name", "rollout pause deploy/web -o jsonpath={.metadata.resourceVersion}{.spec.paused}",
    "rollout pause deploy/web -o yaml", "rollout restart deploy/web -o wide", "rollout pause deploy/web -o badfmt",
])]

# edit with an explicit -o prints each object (edited: the server's answer; unchanged: as read)
CASES += [Case("label-output", name, command, with_app, env=env, files=_FILES) for name, command, env in [
    ("edit-yaml", "edit deploy/web -o yaml", {"KUBE_EDITOR": "sed -i 's/replicas: 2/replicas: 3/'"}),
    ("edit-json", "edit cm app --output=json", {"KUBE_EDITOR": "sed -i 's/\"colour\": \"blue\"/\"colour\": \"red\"/'"}),
    ("edit-multi", "edit -f multi.yaml -o yaml", {"KUBE_EDITOR": "sed -i 's/replicas: 2/replicas: 3/'"}),
]]


# ----------------------------------------------------------------------------- csa-upgrade
# kubectl apply --server-side over objects that kubectl apply (client side) or create --save-config
# made: kubectl then applies the last-applied annotation as kubectl-last-applied, moves the
# client-side managers' fields to its applier with a JSON patch of managedFields and applies again.
_CSA_CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n{data}"
_CSA_FILES = {
    "colours.yaml": _CSA_CM.format(name="colours", data="  colour: green\n"),
    "colours-same.yaml": _CSA_CM.format(name="colours", data="  colour: blue\n  size: big\n"),
    "saved.yaml": _CSA_CM.format(name="saved", data="  k: w\n"),
    "web2.yaml": _MF_WEB.format(replicas=2, image="nginx"),
    "migrated.yaml": _CSA_CM.format(name="migrated", data="  x: \"2\"\n"),
    "plain.yaml": _CSA_CM.format(name="plain", data="  p: \"2\"\n"),
}


def with_client_side_applied() -> Cluster:
    """A ConfigMap and a Deployment made by ``kubectl apply``, a ConfigMap by ``create --save-config``,
    a ConfigMap client-side then server-side applied (already migrated); 30 s run."""
    c = bare()
    c.kubectl(["apply", "-f", "-"], stdin=_CSA_CM.format(name="colours", data="  colour: blue\n  size: big\n"),
              echo=False)
    c.kubectl(["apply", "-f", "-"], stdin=_MF_WEB.format(replicas=1, image="nginx"), echo=False)
    c.kubectl(["create", "configmap", "saved", "--from-literal=k=v", "--save-config"], echo=False)
    c.kubectl(["apply", "-f", "-"], stdin=_CSA_CM.format(name="migrated", data="  x: \"1\"\n  y: \"1\"\n"), echo=False)
    c.kubectl(["apply", "--server-side", "-f", "-"], stdin=_CSA_CM.format(name="migrated", data="  x: \"1\"\n"),
              echo=False)
    c.kubectl(["apply", "-f", "-"], stdin=_CSA_CM.format(name="plain", data="  p: \"1\"\n  q: \"1\"\n"), echo=False)
    c.kubectl(["annotate", "cm", "plain", "kubectl.kubernetes.io/last-applied-configuration-"], echo=False)
    c.run(seconds=30)
    return c


CASES += [Case("csa-upgrade", name, command, with_client_side_applied, files=_CSA_FILES) for name, command in [
    ("cm", f"apply --server-side -f colours.yaml {_SMF}"),
    ("cm-same", f"apply --server-side -f colours-same.yaml {_SMF}"),
    ("cm-name", "apply --server-side -f colours.yaml -o name"),
    ("cm-manager", f"apply --server-side --field-manager=alice -f colours.yaml {_SMF}"),
    ("cm-dry-run", f"apply --server-side --dry-run=server -f colours.yaml {_SMF}"),
    ("cm-force", f"apply --server-side --force-conflicts -f colours.yaml {_SMF}"),
    ("deploy", f"apply --server-side -f web2.yaml {_SMF}"),
    ("save-config", f"apply --server-side -f saved.yaml {_SMF}"),
    ("migrated", f"apply --server-side -f migrated.yaml {_SMF}"),
    ("migrated-get", f"get cm migrated {_SMF}"),
    ("get-before", f"get cm colours {_SMF}"),
    ("cm-manager-force", f"apply --server-side --field-manager=alice --force-conflicts -f colours.yaml {_SMF}"),
    ("cm-manager-kubectl", f"apply --server-side --field-manager=kubectl -f colours.yaml {_SMF}"),
    ("no-annotation", f"apply --server-side --force-conflicts -f plain.yaml {_SMF}"),
    ("deploy-json", "apply --server-side -f web2.yaml -o json --show-managed-fields"),
    ("two-files", "apply --server-side -f colours.yaml -f saved.yaml -o jsonpath='{range .items[*]}{.metadata.name}"
                  "{range .metadata.managedFields[*]} {.manager}/{.operation}{end}{\"\\n\"}{end}'"),
]]


def with_client_side_applied_and_scaled() -> Cluster:
    """:func:`with_client_side_applied` after ``kubectl scale deploy web --replicas=3`` and a label
    by ``kubectl label`` on the ConfigMap colours."""
    c = with_client_side_applied()
    c.kubectl(["scale", "deploy", "web", "--replicas=3"], echo=False)
    c.kubectl(["label", "cm", "colours", "team=a"], echo=False)
    c.run(seconds=5)
    return c


CASES += [Case("csa-upgrade", name, command, with_client_side_applied_and_scaled, files=_CSA_FILES)
          for name, command in [
    ("scaled-deploy", "apply --server-side -f web2.yaml"),
    ("scaled-deploy-force", f"apply --server-side --force-conflicts -f web2.yaml {_SMF}"),
    ("labelled-cm", f"apply --server-side -f colours.yaml {_SMF}"),
]]
