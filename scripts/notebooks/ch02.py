"""Chapter 2 — Container orchestration and Kubernetes (notebooks/02-orchestration.ipynb)."""

from __future__ import annotations

from _nb import code, md, write

CELLS = [
    md("""
# 02 · 컨테이너 오케스트레이션 — Container orchestration

Running one container is easy; running hundreds of them on a fleet of machines, day and night, is
not. An **orchestrator** does that work. The lecture's *elements of orchestration*, and where this
notebook shows each one happening on a small simulated cluster:

| Element | What the orchestrator does | Section |
|---|---|---|
| **Scheduling** (스케줄링) | picks a machine with room for each container | 1 |
| **Affinity / anti-affinity** | keeps containers together, or apart | 2 |
| **Health monitoring** | watches every container and machine | 3, 4 |
| **Failover** | restarts or replaces what failed | 3, 4 |
| **Scaling** | adds and removes copies as the load changes | 5 |
| **Networking** and **service discovery** | one stable name and address for a changing set of copies | 6 |
| **Coordinated upgrades** | replaces the copies a few at a time, without downtime | 7 |

**Kubernetes** (쿠버네티스), *the de-facto orchestrator*, promises to be **portable** (public,
private, hybrid, multi-cloud), **extensible** (modular, pluggable, hookable, composable) and
**self-healing** — *auto-placement, auto-restart, auto-replication, auto-scaling*. Each promise is
watched below. Simulated time moves only with `c.run(seconds=…)`.
"""),
    code("""
%load_ext k8scourse
from k8scourse import Cluster, traffic
from k8scourse.widgets import Dashboard, use_cluster

c = Cluster(nodes=3, vm_size="Standard_DS2_v2", seed=0)
use_cluster(c)
c
"""),
    md("""
## 1. Scheduling — auto-placement

You say *what* to run — here a **Deployment** (디플로이먼트, chapter 6) of three copies of nginx, each
asking for a tenth of a CPU — and the **scheduler** (스케줄러) decides *where*:
"""),
    code("""
%%kubectl apply
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
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
        image: nginx:1.27
        resources:
          requests:
            cpu: 100m
"""),
    code("""
c.run(seconds=30)
%kubectl get pods -o wide
"""),
    md("""
One pod per node: nobody said so. `c.explain(pod)` shows the scheduler's reasoning for the first pod —
first the **filters** (can this node run the pod at all: enough CPU and memory, matching
affinity, tolerated taints …), then the **scores** (which of the passing nodes is best: least used,
pods of one Deployment spread out, image already present …); the highest total wins:
"""),
    code("""
first = sorted(p["metadata"]["name"] for p in c.list("pods", selector="app=web"))[0]
c.explain(first)
"""),
    md("""
## 2. Affinity and anti-affinity

Spreading is only a *preference* (a score). When copies **must** be apart — two replicas of a cache
on one machine would die together — say so with **pod anti-affinity**: no two `app=cache` pods on
the same host (`topologyKey: kubernetes.io/hostname`). Four replicas, three nodes:
"""),
    code("""
%%kubectl apply
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cache
spec:
  replicas: 4
  selector:
    matchLabels:
      app: cache
  template:
    metadata:
      labels:
        app: cache
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector:
              matchLabels:
                app: cache
            topologyKey: kubernetes.io/hostname
      containers:
      - name: redis
        image: busybox:1.36
        command: ["sleep", "86400"]
"""),
    code("""
c.run(seconds=20)
%kubectl get pods -l app=cache -o wide
"""),
    md("""
Three run, one per node; the fourth stays `Pending` — the rule cannot be met, and the scheduler does
not bend it. Its explanation names the filter that rejected every node:
"""),
    code("""
pending = [p["metadata"]["name"] for p in c.list("pods", selector="app=cache") if p["status"]["phase"] == "Pending"]
print(c.explain(pending[0], echo=False).splitlines()[2])
"""),
    md("""
**Affinity** is the opposite: `podAffinity` puts a pod *next to* others (a web server beside its
cache), `nodeAffinity` onto certain machines (GPUs, a zone). The cache is not needed further on:
"""),
    code("""
%kubectl delete deployment cache
"""),
    md("""
## 3. Health monitoring and auto-restart

On every node the **kubelet** watches its containers. A container whose process dies is restarted
at once; if it keeps dying, the restarts are spaced out — 10 s, 20 s, 40 s … up to 5 minutes — the
**back-off** (`CrashLoopBackOff`). A single pod `app`; the simulator's fault injector makes its
container crash (as if the program had hit a bug) four times in a row:
"""),
    code("""
%kubectl run app --image=nginx:1.27
c.run(seconds=20)
for crash in range(4):
    c.faults.crash_container("app")
    c.run(seconds=2)
    %kubectl get pod app --no-headers
    c.run(seconds=8)
"""),
    md("""
After the first crash the container is back within a second (`Running`, one restart). Crashing again
and again makes the kubelet wait longer each time: `CrashLoopBackOff` means *"waiting before the next
restart"*, not *"given up"*. The events tell the story:
"""),
    code("""
print("\\n".join(c.kubectl("describe pod app", echo=False).splitlines()[-5:]))
"""),
    code("""
c.run(seconds=60)
%kubectl get pod app
%kubectl delete pod app
"""),
    md("""
Left alone, the container was restarted after its back-off and now runs again. (A program that really
crashes on start keeps looping; the fix is then in the image or its configuration, not in Kubernetes.)

## 4. Failover — auto-replication

The Deployment promised three copies of `web`. Delete one, and its **ReplicaSet** notices the
shortfall and creates a replacement:
"""),
    code("""
%kubectl delete pod {first}
c.run(seconds=15)
%kubectl get deployment web
"""),
    md("""
Back to `3/3`, with a new pod (new name, new IP). Now a whole machine fails: the node running the
most `web` pods is switched off. A helper prints, for each node, its status and how many `web` pods
run there:
"""),
    code("""
def where():
    pods = [p for p in c.list("pods", selector="app=web") if not p["metadata"].get("deletionTimestamp")]
    for n in c.list("nodes"):
        ready = [x["status"] for x in n["status"]["conditions"] if x["type"] == "Ready"][0]
        here = sum(p["spec"].get("nodeName") == n["metadata"]["name"] for p in pods)
        print(f'  node {n["metadata"]["name"][-1]}  Ready={ready:<7} web pods: {here}')

victim = c.list("pods", selector="app=web")[0]["spec"]["nodeName"]
c.faults.stop_node(victim)
start = c.sim.clock.now_ms
for step in (0, 60, 300, 30):
    c.run(seconds=step)
    print(f"{(c.sim.clock.now_ms - start) // 1000} s after the node was switched off:")
    where()
"""),
    md("""
Nothing happens at once: the node's kubelet has stopped reporting, and after about 40 seconds without
a heartbeat the node controller marks the node `NotReady` (`Unknown`). Its pods are not moved yet — the
machine might be back in a moment — because every pod **tolerates** an unreachable node for 300
seconds (the API server adds these tolerations to every pod):
"""),
    code("""
%kubectl get pods -l app=web -o jsonpath="{range .items[0].spec.tolerations[*]}{.key} {.effect} for {.tolerationSeconds}s{'\\n'}{end}"
"""),
    md("""
Once the 300 s have passed, the pods on the dead node are evicted and the ReplicaSet re-creates them
on the nodes that are left: three `web` pods run again. (The evicted pod stays listed as
`Terminating` until its node comes back and confirms it is gone — the API server cannot know
whether it still runs.) Switch the node back on:
"""),
    code("""
c.faults.start_node(victim)
c.run(seconds=60)
where()
%kubectl get nodes
"""),
    md("""
The node is `Ready` again, but Kubernetes does not move pods back to it: the three copies run where
they were re-created. New pods will prefer the empty node.

## 5. Scaling — auto-scaling

*Scale your applications on the fly.* By hand, `kubectl scale deployment web --replicas=5`. Automatically, a
**HorizontalPodAutoscaler** (HPA) keeps the average CPU use of the pods near a target — here 50 % of
what each pod requests (100m), between 3 and 6 pods:
"""),
    code("""
%kubectl autoscale deployment web --cpu-percent=50 --min=3 --max=6
"""),
    md("""
Then visitors arrive. The simulator's `faults.load` puts CPU demand on the matching pods; the helper
`offer(total)` spreads a fixed total demand over the running pods, like a load balancer spreading
requests: 300m over three pods is 100m each — 100 % of the request, twice the target:
"""),
    code("""
def offer(total_m):
    running = [p for p in c.list("pods", selector="app=web") if p["status"].get("phase") == "Running"
               and not p["metadata"].get("deletionTimestamp")]
    c.faults.load("app=web", cpu_millicores=total_m / max(len(running), 1))

for minute in range(4):
    for _ in range(12):          # re-spread the load every 5 s, as pods come and go
        offer(300)
        c.run(seconds=5)
    print(c.kubectl("get hpa web --no-headers", echo=False).strip())
"""),
    md("""
The HPA controller reads the pods' CPU use from the **Metrics API** (what `kubectl top` shows) every
15 seconds and computes *desired = ⌈current × usage / target⌉* = ⌈3 × 100 % / 50 %⌉ = 6. With six
pods each uses 50m — on target — and the count stays at 6. `kubectl top` shows the spread load:
"""),
    code("""
%kubectl top pods -l app=web
"""),
    md("""
The visitors leave (`offer(0)`). The HPA does not shrink at once: it keeps the highest recommendation
of the last **5 minutes** (the scale-down stabilisation window), so a short dip does not throw away
pods that are needed a minute later:
"""),
    code("""
for minute in range(7):
    offer(0)
    c.run(seconds=60)
    print(c.kubectl("get hpa web --no-headers", echo=False).strip())
"""),
    md("""
Back to the minimum of 3, about five minutes after the load ended. (Why `cpu: 0%`: idle nginx uses
almost no CPU in this model.)

## 6. Networking and service discovery

Pods come and go with new names and IPs — the last sections replaced several. Clients should not care:
a **Service** (서비스) gives the set of `app=web` pods one stable virtual IP and one DNS name, and
load-balances across them. Expose the Deployment, and start a small client pod to look from inside
the cluster:
"""),
    code("""
%kubectl expose deployment web --port=80
%kubectl run client --image=busybox:1.36 -- sleep 3600
c.run(seconds=15)
%kubectl get service web
"""),
    md("""
**Service discovery**: the cluster's DNS (CoreDNS) answers the name `web` — short for
`web.default.svc.cluster.local` — with the Service's IP:
"""),
    code("""
%kubectl exec client -- nslookup web
"""),
    md("And **networking**: a request to `http://web` reaches one of the nginx pods through the Service:"),
    code("""
%kubectl exec client -- sh -c "wget -qO- http://web | grep title"
"""),
    md("""
Thirty requests, and which pod answered each one (`k8scourse.traffic` counts the answers per pod):
kube-proxy picks a pod at random for every new connection, so all three share the work.
"""),
    code("""
traffic.reset_hits(c)
for _ in range(30):
    traffic.request(c, "pod/client", "http://web")
h = traffic.hits(c)
print(f"{len(h)} pods answered {int(h['hits'].sum())} requests; the busiest answered {int(h['hits'].max())}")
"""),
    md("""
## 7. Coordinated upgrades — rolling out

*Roll out new features seamlessly.* A new version is a new image. The Deployment replaces the pods a
few at a time — start a new one, wait until it is ready, stop an old one — so the Service always has
pods to send traffic to. `kubectl rollout status` follows it until it is done:
"""),
    code("""
%kubectl set image deployment/web nginx=nginx:1.29
%kubectl rollout status deployment/web
"""),
    code("""
%kubectl get replicasets -l app=web -o wide
"""),
    md("""
Two ReplicaSets: the new one (image `nginx:1.29`) has all three pods, the old one (`nginx:1.27`) is
scaled to 0 but kept — it is what `kubectl rollout undo` would go back to (chapter 6). During the
rollout the Service kept answering:
"""),
    code("""
answers = [traffic.request(c, "pod/client", "http://web").status for _ in range(10)]
print(answers)
"""),
    md("""
## Kubernetes' promises, checked

| Promise (slide) | Seen here |
|---|---|
| **Self-healing**: auto-placement | §1 the scheduler placed every pod; §2 it refused to break a rule |
| auto-restart | §3 a crashing container restarted, with back-off |
| auto-replication | §4 a deleted pod and a dead node's pods re-created |
| auto-scaling | §5 3 → 6 → 3 pods following the load |
| *Deploy quickly and predictably* | one manifest, the same result every time |
| *Scale on the fly* | §5 (and `kubectl scale`) |
| *Roll out new features seamlessly* | §7 a rolling update without failed requests |
| *Limit hardware usage to required resources* | requests: pods are packed by what they ask for; the HPA gives pods back when idle |
| **Portable** | the same manifests run on AKS, another cloud or a laptop — the course's manifests are plain Kubernetes |
| **Extensible** | not shown here: custom resources, admission webhooks, scheduler and network plugins extend the API |

The whole cluster on one page — nodes, pods on them, requested CPU and memory:
"""),
    code("""
Dashboard(c)
"""),
    md("""
## Try it

1. Scale by hand: `%kubectl scale deployment web --replicas=5`, then `c.run(seconds=30)` and
   `%kubectl get hpa web`. Who wins, you or the HPA (the HPA still exists: min 3, max 6)?
2. Change the load in the cell below (`offer(600)`: how many pods does the HPA want? what if `--max`
   were lower?).
3. Crash a `web` pod's container with `c.faults.crash_container(name)`: does the Service keep
   answering?
"""),
    code("""
offer(600)
c.run(seconds=60)
%kubectl get hpa web
"""),
    md("""
## Self-check

1. Which component decides on which node a pod runs, and what are its two phases?
2. Four replicas with *required* pod anti-affinity per host on a three-node cluster: what happens to
   the fourth?
3. What does `CrashLoopBackOff` mean — has Kubernetes given up?
4. A node is switched off. Why are its pods not re-created elsewhere immediately?
5. 300m of CPU demand, pods requesting 100m, HPA target 50 %: how many pods?
6. Why do clients use the Service name `web` instead of pod IPs?
7. What keeps a rolling update from causing downtime?

<details><summary>Answers</summary>

1. The scheduler: it filters out nodes that cannot run the pod, then scores the rest and picks the
   highest total (`c.explain(pod)` shows both).
2. It stays `Pending` (`didn't match pod anti-affinity rules`) until a node is added or a pod removed.
3. No: the kubelet waits an increasing back-off (10 s, 20 s, 40 s … at most 5 min) before the next
   restart, and keeps trying.
4. The node controller first waits ~40 s without heartbeats before marking it `NotReady`, then each
   pod tolerates `not-ready`/`unreachable` for 300 s — the node may come back; only then are the pods
   evicted and replaced.
5. 300m / (50 % × 100m) = 6 pods.
6. Pods are replaced with new IPs all the time; the Service's name and virtual IP stay, DNS resolves
   the name, and kube-proxy spreads connections over the ready pods.
7. The Deployment replaces pods a few at a time (maxSurge/maxUnavailable) and only removes old pods
   when new ones are ready, so there are always ready endpoints behind the Service.
</details>
"""),
]


if __name__ == "__main__":
    write("02-orchestration", CELLS)
