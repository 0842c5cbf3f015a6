"""Chapter 6 — Controllers: RC, ReplicaSet, Deployment, blue/green, DaemonSet, Job, CronJob,
StatefulSet, HPA (notebooks/06-controllers.ipynb)."""

from __future__ import annotations

from _nb import code, md, write

WEB = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    kubernetes.io/change-cause: "{cause}"
spec:
  replicas: 6
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 2
      maxUnavailable: 1
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
        resources:
          requests:
            cpu: 100m
        readinessProbe:
          httpGet:
            path: /
            port: 80
          periodSeconds: 2
'''

CELLS = [
    md("""
# 06 · 컨트롤러 — Controllers

*"컨트롤러는 기본 오브젝트들을 생성하고 이를 관리하는 역할을 해준다."* A **controller** (컨트롤러)
creates the basic objects (pods) and keeps them the way you asked: it compares the *desired* state
with the *actual* state, again and again, and acts on the difference. The lecture's list:
ReplicationController (RC), ReplicaSet, Deployment, DaemonSet, Job, StatefulSet — plus CronJob and
the HorizontalPodAutoscaler, which build on them.

| Controller | Keeps | Typical use |
|---|---|---|
| ReplicationController / ReplicaSet | *N* identical pods | (used through a Deployment) |
| Deployment (디플로이먼트) | a ReplicaSet per version; rolling updates | stateless apps |
| DaemonSet | one pod per node | log and monitoring agents |
| Job / CronJob | pods that run to completion (on a schedule) | batch work |
| StatefulSet | pods with stable names and their own disks | databases |
| HorizontalPodAutoscaler | the replica count, from the load | scaling |
"""),
    code("""
%load_ext k8scourse
import pandas as pd
from collections import Counter
from k8scourse import Cluster, traffic
from k8scourse.widgets import plots, use_cluster

c = Cluster(nodes=3, vm_size="Standard_DS2_v2", seed=0)
use_cluster(c)
c
"""),
    md("""
## 1. ReplicationController

*"Replication Controller는 … 지정된 숫자로 Pod를 기동 시키고, 관리하는 역할을 한다."* Three parts:
the **replica count** (Replica의 수), the **pod selector** (Pod Selector) and the **pod template**
(Pod Template) to make new pods from:
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx-rc
spec:
  replicas: 3
  selector:
    app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.7.9
"""),
    code("""
c.run(seconds=20)
%kubectl get rc nginx-rc
%kubectl get pods -l app=nginx
"""),
    md("""
Fewer pods than the count — a new one is started; more — one is deleted. Delete one and watch it come
back; scale, and the count follows:
"""),
    code("""
victim = sorted(p["metadata"]["name"] for p in c.list("pods", selector="app=nginx"))[0]
%kubectl delete pod {victim}
%kubectl scale rc nginx-rc --replicas=4
c.run(seconds=10)
%kubectl get rc nginx-rc
"""),
    md("""
The RC's selector is a plain map: `app: nginx` means *label `app` **equals** `nginx`* — an
**equality-based** selector (Equality 기반 Selector). It cannot say "one of these values":
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx-rc-2
spec:
  replicas: 3
  selector:
    matchExpressions:
    - {key: app, operator: In, values: [nginx, nginx-canary]}
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.7.9
"""),
    code("""
%kubectl delete rc nginx-rc
"""),
    md("""
## 2. ReplicaSet

*"ReplicaSet은 Replication Controller 의 새버전 … Set 기반의 Selector를 이용한다."* The same job with a
**set-based** selector: `matchExpressions` with `In`, `NotIn`, `Exists`, `DoesNotExist`. This one
manages every pod whose `tier` is `frontend` **or** `canary`:
"""),
    code("""
%%kubectl apply
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 3
  selector:
    matchExpressions:
    - {key: tier, operator: In, values: [frontend, canary]}
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: nginx
        image: nginx:1.7.9
"""),
    code("""
c.run(seconds=20)
%kubectl get rs frontend -o wide
"""),
    md("""
The selector decides what the ReplicaSet *owns* — not who created the pod. A hand-made pod labelled
`tier=canary` matches, so the ReplicaSet now sees four pods for a count of three, and removes one
(it prefers a pod that is not ready yet — the newcomer):
"""),
    code("""
%kubectl run canary --image=nginx:1.9.2 --labels=tier=canary
c.run(seconds=5)
%kubectl get pods -l "tier in (frontend,canary)" --show-labels
%kubectl get events --field-selector involvedObject.name=frontend
"""),
    code("""
%kubectl delete rs frontend
"""),
    md("""
The same selector syntax works everywhere: `kubectl get pods -l "tier in (frontend,canary)"`,
Services, Deployments. *"실제 운영에서는 … 좀더 추상화된 Deployment를 사용하게 된다"* — in practice you
rarely write a ReplicaSet yourself: a Deployment makes them.

## 3. Deployment — rolling updates

A **Deployment** owns one ReplicaSet per version of the pod template. Changing the template (a new
image) makes a new ReplicaSet and moves the replicas over step by step:
**`maxSurge`** — how many pods *above* the desired count may exist during the update (here 2);
**`maxUnavailable`** — how many *below* it may be unready (here 1). Six replicas of nginx 1.7.9, with
a readiness probe so "ready" means "answers HTTP":
"""),
    code(f"""
WEB = '''{WEB}'''
c.apply(WEB.format(image="nginx:1.7.9", cause="first release: nginx 1.7.9"))
c.run(seconds=40)
%kubectl get deployment,replicaset -l app=web
"""),
    md("""
Now the update to nginx 1.9.2. The cell samples the Deployment and its ReplicaSets every 2 simulated
seconds and keeps each change:
"""),
    code("""
def sample():
    d = c.get("deployments", "web")
    new_rs = max(c.list("replicasets", "default", "app=web"),
                 key=lambda r: int(r["metadata"]["annotations"]["deployment.kubernetes.io/revision"]))
    old = sum(r["spec"]["replicas"] for r in c.list("replicasets", "default", "app=web")
              if r["metadata"]["name"] != new_rs["metadata"]["name"])
    st = d["status"]
    return {"desired": d["spec"]["replicas"], "updated": st.get("updatedReplicas", 0),
            "ready": st.get("readyReplicas", 0), "available": st.get("availableReplicas", 0),
            "old": old, "pods": st.get("replicas", 0)}

c.apply(WEB.format(image="nginx:1.9.2", cause="upgrade to nginx 1.9.2"))
start, rows = c.sim.clock.now_ms, []
for _ in range(30):
    row = {"time": (c.sim.clock.now_ms - start) // 1000, **sample()}
    if not rows or {k: v for k, v in row.items() if k != "time"} != {k: v for k, v in rows[-1].items() if k != "time"}:
        rows.append(row)
    c.run(seconds=2)
progress = pd.DataFrame(rows)
progress
"""),
    md("""
Read it row by row: the new ReplicaSet starts 3 pods at once (6 desired − 1 unavailable allowed = 5
must stay ready, 6 + 2 surge = 8 may exist), the old one drops to 5. As new pods become ready, old
ones go, until `updated = ready = 6` and `old = 0`. The total never exceeds 8, the ready count never
drops below 5:
"""),
    code("""
plots.rollout_progress(progress, figsize=(8, 4))
"""),
    md("""
Each template change is a **revision**; the old ReplicaSet is kept (scaled to 0) so you can go back.
The `kubernetes.io/change-cause` annotation is what `rollout history` lists:
"""),
    code("""
%kubectl rollout history deployment/web
%kubectl get rs -l app=web -o wide
"""),
    md("""
### A broken rollout — and undo

A typo in the image tag. The new pods cannot pull their image; because at most 1 pod may be
unavailable, the Deployment stops after the first new pods and keeps 5 old ones serving:
"""),
    code("""
c.apply(WEB.format(image="nginx:1.9.3-typo", cause="upgrade to nginx 1.9.3 (typo)"))
c.run(seconds=60)
%kubectl rollout status deployment/web --timeout=5s
%kubectl get deployment web
%kubectl get pods -l app=web --field-selector status.phase=Pending
"""),
    md("""
Stuck: `rollout status` times out, the new pods sit in `ErrImagePull`/`ImagePullBackOff`. After
`progressDeadlineSeconds` (600 s by default) the Deployment reports the failure in its conditions —
it does **not** roll back by itself. You do:
"""),
    code("""
%kubectl rollout undo deployment/web
%kubectl rollout status deployment/web
%kubectl rollout history deployment/web
"""),
    md("""
`undo` went back to the previous template (nginx 1.9.2): its ReplicaSet became the new revision 4, so
revision 2 disappears from the list. `kubectl rollout undo --to-revision=1` would pick an older one;
`kubectl rollout pause`/`resume` hold a rollout while you make several changes.

## 4. Blue/green deployment (블루/그린 배포)

Two complete versions run side by side — **blue** (current) and **green** (new). A Service sends all
traffic to one of them by its selector; switching is one change to the selector, and switching back
is just as fast. Two Deployments of a small echo server that answers with its version:
"""),
    code("""
BG = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-{color}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: shop, color: {color}}}
  template:
    metadata:
      labels: {{app: shop, color: {color}}}
    spec:
      containers:
      - name: app
        image: hashicorp/http-echo:1.0
        args: ["-listen=:8080", "-text=shop {version} ({color})"]
        readinessProbe:
          httpGet: {{path: /, port: 8080}}
'''
c.apply(BG.format(color="blue", version="v1"))
c.apply(BG.format(color="green", version="v2"))
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: shop
    color: blue
  ports:
  - port: 80
    targetPort: 8080
"""),
    code("""
%kubectl run client --image=busybox:1.36 -- sleep 3600
c.run(seconds=30)
%kubectl get pods -l app=shop -L color
"""),
    md("""
A client sends a request every half second — 40 in all; after the 20th, the Service's selector is
switched to green. Every answer is counted:
"""),
    code("""
answers = Counter()
for i in range(40):
    if i == 20:
        c.kubectl(["patch", "service", "shop", "-p", '{"spec":{"selector":{"app":"shop","color":"green"}}}'])
    r = traffic.request(c, "pod/client", "http://shop")
    answers[("before" if i < 20 else "after", r.status, r.body.strip())] += 1
    c.run(seconds=0.5)
for key, n in sorted(answers.items()):
    print(*key, n, sep=" | ")
"""),
    md("""
No request failed (all `200`). Right after the switch a few answers still came from blue: the
endpoints controller and then each node's kube-proxy take a moment to update — and existing
connections to blue pods finish normally. Then everything is green. Blue is still running, so rolling
back is one more `patch`; once green is trusted, blue is deleted:
"""),
    code("""
%kubectl delete deployment shop-blue
"""),
    md("""
## 5. DaemonSet

One pod on **every** node (or every node matching a selector) — for agents that must run
everywhere: log collectors, monitoring, the network plugin. No replica count:
"""),
    code("""
%%kubectl apply
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-agent
spec:
  selector:
    matchLabels:
      app: log-agent
  template:
    metadata:
      labels:
        app: log-agent
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: ["sleep", "86400"]
"""),
    code("""
c.run(seconds=20)
%kubectl get daemonset log-agent
"""),
    md("A fourth node joins the cluster (as `az aks scale` would add one); the DaemonSet follows:"),
    code("""
new_node = c.add_node()["metadata"]["name"]
c.run(seconds=20)
%kubectl get daemonset log-agent
print(sum(p["spec"]["nodeName"] == new_node for p in c.list("pods", selector="app=log-agent")), "log-agent pod on the new node")
"""),
    md("""
## 6. Job

A **Job** runs pods until a number of them **complete** successfully, instead of keeping them
running. The classic example computes π to 2000 digits:
"""),
    code("""
%%kubectl apply
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  backoffLimit: 4
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
"""),
    code("""
%kubectl wait --for=condition=complete job/pi --timeout=300s
%kubectl get job pi
digits = c.kubectl("logs job/pi", echo=False).strip()
print(digits[:50] + "…", f"({len(digits) - 2} decimals)")
"""),
    md("""
`completions` (how many successes are needed) and `parallelism` (how many pods at once): six work
items of 10 seconds, two at a time:
"""),
    code("""
%%kubectl apply
apiVersion: batch/v1
kind: Job
metadata:
  name: batch
spec:
  completions: 6
  parallelism: 2
  template:
    spec:
      containers:
      - name: work
        image: busybox:1.36
        command: ["sh", "-c", "sleep 10"]
      restartPolicy: Never
"""),
    code("""
for _ in range(5):
    c.run(seconds=8)
    print(c.kubectl("get job batch --no-headers", echo=False).strip())
"""),
    md("""
Two at a time, six in all, about three rounds of 10 s. A failed pod would be retried up to
`backoffLimit` times.

## 7. CronJob

A **CronJob** creates a Job on a schedule (cron syntax). `* * * * *` — every minute:
"""),
    code("""
%%kubectl apply
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.36
            command: ["sh", "-c", "date; echo Hello from the Kubernetes cluster"]
          restartPolicy: OnFailure
"""),
    code("""
print("now:", c.now)
c.run(seconds=60 - (c.sim.clock.now_ms // 1000) % 60 + 5)     # just past the next full minute
%kubectl get cronjob hello
job = [j["metadata"]["name"] for j in c.list("jobs", "default") if j["metadata"]["name"].startswith("hello-")][0]
%kubectl logs job/{job}
%kubectl delete cronjob hello
"""),
    md("""
It fired at the full minute (the Job's name ends in the scheduled time, in minutes since 1970); the pod
printed the date and its greeting.

## 8. StatefulSet

For pods that are **not** interchangeable — the members of a database cluster. A **StatefulSet**
gives each pod a fixed **ordinal name** (`db-0`, `db-1`, `db-2`), starts them **in order** (each
waits for the previous one to be ready), gives each a **stable DNS name** through a *headless*
Service (`clusterIP: None`), and a **disk of its own** from `volumeClaimTemplates`:
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: postgres
        image: postgres:16
        env:
        - name: POSTGRES_PASSWORD
          value: example
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
"""),
    code("""
for _ in range(6):
    c.run(seconds=15)
    pods = sorted(c.list("pods", "default", "app=db"), key=lambda p: p["metadata"]["name"])
    print(f'{(c.sim.clock.now_ms // 1000)}s', "  ".join(f'{p["metadata"]["name"]}:{p["status"]["phase"]}' for p in pods))
"""),
    md("`db-1` was created only after `db-0` was running, `db-2` after `db-1`. Each pod has its own claim:"),
    code("""
%kubectl get pvc -o custom-columns=NAME:.metadata.name,STATUS:.status.phase,CAPACITY:.status.capacity.storage
"""),
    md("Each pod has a DNS name of its own, `<pod>.<service>`; the headless Service's name lists them all:"),
    code("""
%kubectl exec client -- nslookup db-0.db
"""),
    md("""
Delete `db-1`: it comes back with the **same name** and the **same claim** (`data-db-1`) — its data
would still be there. Scale down to 1: the pods go in reverse order, and the claims are **kept**:
"""),
    code("""
%kubectl delete pod db-1
c.run(seconds=30)
%kubectl get pod db-1 -o jsonpath="{.metadata.name} uses claim {.spec.volumes[0].persistentVolumeClaim.claimName}{'\\n'}"
%kubectl scale statefulset db --replicas=1
c.run(seconds=60)
%kubectl get pods -l app=db
%kubectl get pvc -o custom-columns=NAME:.metadata.name,STATUS:.status.phase
"""),
    md("""
## 9. HorizontalPodAutoscaler

The HPA controller sets a Deployment's replica count from a metric — here average CPU use against a
target of 50 % of the requested 100m, between 6 and 12 pods:
"""),
    code("""
%kubectl autoscale deployment web --cpu-percent=50 --min=6 --max=12
"""),
    md("""
Load: a total of 900m of CPU demand spread over the running `web` pods (the simulator's
`faults.load`; `offer` re-spreads it every 5 s as pods come and go). 900m over 6 pods is 150m each
— 150 %, three times the target:
"""),
    code("""
def offer(total_m):
    running = [p for p in c.list("pods", "default", "app=web")
               if p["status"].get("phase") == "Running" and not p["metadata"].get("deletionTimestamp")]
    c.faults.load("app=web", cpu_millicores=total_m / max(len(running), 1))

def watch(total_m, minutes, every=60):
    for _ in range(minutes * 60 // every):
        for _ in range(every // 5):
            offer(total_m)
            c.run(seconds=5)
        print(c.kubectl("get hpa web --no-headers", echo=False).strip())

watch(900, 3)
"""),
    md("""
⌈6 × 150 % / 50 %⌉ = 18, capped at `--max` 12; 900m over 12 pods is 75m each — 75 %: still above the
target, but the HPA may not go higher. The load stops:
"""),
    code("""
watch(0, 7)
"""),
    md("""
For 5 minutes nothing happens — the **stabilisation window**: the HPA scales down only to the
highest count it recommended in the last 5 minutes, so a short dip does not remove pods that will be
needed again. Then it drops to the minimum, 6.

## Try it

1. Change `maxSurge`/`maxUnavailable` in `WEB` (e.g. `maxSurge: 0`, `maxUnavailable: 2`), apply a new
   image (`nginx:1.14.2`) and re-run the sampling cell: how does the table change?
2. Blue/green: switch `shop` back to blue with the `patch` line — does any request fail?
3. Scale the DaemonSet? Try `%kubectl scale daemonset log-agent --replicas=5` and read the answer.
"""),
    code("""
%kubectl scale daemonset log-agent --replicas=5
"""),
    md("""
## Self-check

1. Name the three parts of a ReplicationController.
2. Write a selector an RC cannot express but a ReplicaSet can.
3. `replicas: 6`, `maxSurge: 2`, `maxUnavailable: 1`: at most how many pods exist during an update,
   and at least how many are ready?
4. A rollout is stuck on a bad image. Does Kubernetes roll back by itself? What do you run?
5. In blue/green, what exactly changes at the switch, and why were no requests lost?
6. Which controller would you use for: a log agent on every node; a nightly report; a three-member
   database; a stateless web front end?
7. Why does a StatefulSet need a headless Service?
8. The load stopped, yet the HPA kept 12 pods for 5 minutes. Why?

<details><summary>Answers</summary>

1. The replica count, the pod selector, the pod template.
2. `matchExpressions: [{key: tier, operator: In, values: [frontend, canary]}]` (or `NotIn`,
   `Exists`, `DoesNotExist`); an RC selector is only `key: value` equality.
3. 6 + 2 = 8 pods at most; 6 − 1 = 5 ready at least.
4. No — it stops and, after `progressDeadlineSeconds`, marks the Deployment `ProgressDeadlineExceeded`.
   Run `kubectl rollout undo deployment/web` (or fix the image).
5. Only the Service's selector (`color: blue` → `green`); both versions were running and ready before
   the switch, so every request found a ready pod.
6. DaemonSet; CronJob; StatefulSet; Deployment.
7. To give each pod a stable DNS name (`db-0.db`) — a headless Service's DNS answers with the pods'
   own addresses instead of one virtual IP.
8. The scale-down stabilisation window (5 minutes by default): it only scales down to the highest
   recommendation of the last 5 minutes.
</details>
"""),
]


if __name__ == "__main__":
    write("06-controllers", CELLS)
