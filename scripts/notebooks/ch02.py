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
""", """
# 02 · 컨테이너 오케스트레이션 — Container orchestration

컨테이너 하나를 실행하기는 쉽습니다. 수백 개를 여러 대의 머신에서 밤낮없이 돌리기는 쉽지 않습니다. 그 일을
**오케스트레이터**가 합니다. 강의의 *오케스트레이션 요소(elements of orchestration)* 와, 이 노트북이 작은
시뮬레이션 클러스터에서 각 요소를 보여 주는 곳:

| 요소 | 오케스트레이터가 하는 일 | 절 |
|---|---|---|
| **스케줄링** (Scheduling) | 컨테이너마다 자리가 있는 머신을 고름 | 1 |
| **어피니티 / 안티 어피니티** (Affinity / anti-affinity) | 컨테이너를 함께 두거나 떼어 놓음 | 2 |
| **상태 모니터링** (Health monitoring) | 모든 컨테이너와 머신을 지켜봄 | 3, 4 |
| **장애 조치** (Failover) | 실패한 것을 재시작하거나 교체함 | 3, 4 |
| **스케일링** (Scaling) | 부하에 따라 복제본을 늘리고 줄임 | 5 |
| **네트워킹**과 **서비스 디스커버리** | 바뀌는 복제본 집합에 변하지 않는 이름과 주소 하나 | 6 |
| **조율된 업그레이드** (Coordinated upgrades) | 복제본을 몇 개씩 바꿔 서비스 중단이 없음 | 7 |

*사실상의 표준 오케스트레이터* 인 **쿠버네티스**(Kubernetes)는 **이식성**(퍼블릭, 프라이빗, 하이브리드,
멀티 클라우드), **확장성**(모듈화, 플러그인, 훅, 조합 가능), **자가 치유**(self-healing) — *자동 배치,
자동 재시작, 자동 복제, 자동 확장* — 을 약속합니다. 아래에서 약속 하나하나를 확인합니다. 시뮬레이션 시간은
`c.run(seconds=…)` 로만 흐릅니다.
"""),
    code("""
%load_ext k8scourse
from k8scourse import Cluster, traffic
from k8scourse.widgets import Dashboard, use_cluster

c = Cluster(nodes=3, vm_size="Standard_DS2_v2", seed=0, clock="manual")
use_cluster(c)
c
"""),
    md("""
## 1. Scheduling — auto-placement

You say *what* to run — here a **Deployment** (디플로이먼트, chapter 6) of three copies of nginx, each
asking for a tenth of a CPU — and the **scheduler** (스케줄러) decides *where*:
""", """
## 1. 스케줄링 — 자동 배치

여러분은 *무엇을* 실행할지 말합니다 — 여기서는 nginx 복제본 세 개로 된 **디플로이먼트**(Deployment, 6장)이며
복제본마다 CPU 0.1개를 요청합니다 — 그러면 **스케줄러**가 *어디서* 실행할지 정합니다:
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
""", """
노드마다 파드 하나: 아무도 그렇게 하라고 하지 않았습니다. `c.explain(pod)` 는 첫 번째 파드에 대한 스케줄러의
판단 과정을 보여 줍니다. 먼저 **필터**(이 노드가 파드를 아예 실행할 수 있는가: CPU와 메모리가 충분한가,
어피니티가 맞는가, 테인트를 용인하는가 …), 다음으로 **점수**(통과한 노드 중 어디가 가장 좋은가: 덜 쓰였는가,
같은 디플로이먼트의 파드가 퍼져 있는가, 이미지가 이미 있는가 …). 총점이 가장 높은 노드가 고릅니다:
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
""", """
## 2. 어피니티와 안티 어피니티

분산은 *선호*(점수)일 뿐입니다. 복제본들이 **반드시** 떨어져 있어야 한다면 — 캐시 복제본 두 개가 한 머신에
있으면 함께 죽습니다 — **파드 안티 어피니티**(pod anti-affinity)로 그렇게 말합니다: 같은 호스트에
`app=cache` 파드가 두 개 있으면 안 됨 (`topologyKey: kubernetes.io/hostname`). 레플리카 4개, 노드 3개:
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
""", """
노드마다 하나씩 셋이 실행되고 네 번째는 `Pending` 으로 남습니다 — 규칙을 지킬 수 없고, 스케줄러는 규칙을
굽히지 않습니다. 설명을 보면 모든 노드를 탈락시킨 필터가 나옵니다:
"""),
    code("""
pending = [p["metadata"]["name"] for p in c.list("pods", selector="app=cache") if p["status"]["phase"] == "Pending"]
print(c.explain(pending[0], echo=False).splitlines()[2])
"""),
    md("""
**Affinity** is the opposite: `podAffinity` puts a pod *next to* others (a web server beside its
cache), `nodeAffinity` onto certain machines (GPUs, a zone). The cache is not needed further on:
""", """
**어피니티**는 그 반대입니다. `podAffinity` 는 파드를 다른 파드 *옆에* 두고 (캐시 옆의 웹 서버),
`nodeAffinity` 는 특정 머신(GPU, 특정 영역)에 둡니다. 캐시는 이후에 필요 없으니 지웁니다:
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
""", """
## 3. 상태 모니터링과 자동 재시작

노드마다 **kubelet** 이 자기 컨테이너들을 지켜봅니다. 프로세스가 죽은 컨테이너는 곧바로 재시작되고, 계속
죽으면 재시작 간격이 벌어집니다 — 10초, 20초, 40초 … 최대 5분까지 — 이것이 **백오프**(back-off,
`CrashLoopBackOff`)입니다. 파드 `app` 하나를 만들고, 시뮬레이터의 장애 주입기로 컨테이너를 네 번 연달아
죽입니다 (프로그램이 버그를 만난 것처럼):
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
""", """
첫 번째 충돌 뒤 컨테이너는 1초 안에 돌아옵니다 (`Running`, 재시작 1회). 거듭 죽으면 kubelet 은 매번 더 오래
기다립니다. `CrashLoopBackOff` 는 *"다음 재시작 전에 기다리는 중"* 이라는 뜻이지 *"포기함"* 이 아닙니다.
이벤트가 그 과정을 보여 줍니다:
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
""", """
그대로 두었더니 컨테이너는 백오프 뒤에 재시작되어 다시 실행 중입니다. (시작하자마자 정말로 죽는 프로그램은
계속 반복합니다. 그때 고칠 곳은 Kubernetes가 아니라 이미지나 그 설정입니다.)

## 4. 장애 조치 — 자동 복제

디플로이먼트는 `web` 복제본 세 개를 약속했습니다. 하나를 지우면 그 **레플리카셋**(ReplicaSet)이 부족함을
알아채고 대신할 파드를 만듭니다:
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
""", """
다시 `3/3` 이고, 새 파드(새 이름, 새 IP)가 생겼습니다. 이번에는 머신 하나가 통째로 고장 납니다: `web` 파드가
가장 많은 노드의 전원을 끕니다. 도우미 함수가 노드마다 상태와 그 노드에서 도는 `web` 파드 수를 출력합니다:
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
""", """
당장은 아무 일도 일어나지 않습니다. 노드의 kubelet 이 보고를 멈췄고, 하트비트 없이 약 40초가 지나면 노드
컨트롤러가 노드를 `NotReady` (`Unknown`)로 표시합니다. 그 노드의 파드는 아직 옮겨지지 않습니다 — 머신이 곧
돌아올 수도 있으니까요. 모든 파드가 연결할 수 없는(unreachable) 노드를 300초 동안 **용인(toleration)** 하기
때문입니다 (API 서버가 모든 파드에 이 톨러레이션을 붙입니다):
"""),
    code("""
%kubectl get pods -l app=web -o jsonpath="{range .items[0].spec.tolerations[*]}{.key} {.effect} for {.tolerationSeconds}s{'\\n'}{end}"
"""),
    md("""
Once the 300 s have passed, the pods on the dead node are evicted and the ReplicaSet re-creates them
on the nodes that are left: three `web` pods run again. (The evicted pod stays listed as
`Terminating` until its node comes back and confirms it is gone — the API server cannot know
whether it still runs.) Switch the node back on:
""", """
300초가 지나면 죽은 노드의 파드는 축출되고, 레플리카셋이 남은 노드에 다시 만듭니다: `web` 파드 세 개가 다시
실행됩니다. (축출된 파드는 노드가 돌아와 없어졌음을 확인해 줄 때까지 `Terminating` 으로 목록에 남습니다 —
API 서버로서는 그 파드가 아직 돌고 있는지 알 수 없기 때문입니다.) 노드를 다시 켭니다:
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
""", """
노드는 다시 `Ready` 이지만 Kubernetes는 파드를 그 노드로 되돌리지 않습니다: 세 복제본은 다시 만들어진 곳에서
계속 실행됩니다. 새 파드는 비어 있는 노드를 선호할 것입니다.

## 5. 스케일링 — 자동 확장

*Scale your applications on the fly* (애플리케이션을 즉석에서 확장). 손으로 하면
`kubectl scale deployment web --replicas=5` 입니다. 자동으로는 **HorizontalPodAutoscaler**(HPA)가 파드들의
평균 CPU 사용량을 목표 근처로 유지합니다 — 여기서는 파드마다 요청한 양(100m)의 50 %, 파드 3개에서 6개 사이:
"""),
    code("""
%kubectl autoscale deployment web --cpu-percent=50 --min=3 --max=6
"""),
    md("""
Then visitors arrive. The simulator's `faults.load` puts CPU demand on the matching pods; the helper
`offer(total)` spreads a fixed total demand over the running pods, like a load balancer spreading
requests: 300m over three pods is 100m each — 100 % of the request, twice the target:
""", """
이제 방문자가 옵니다. 시뮬레이터의 `faults.load` 는 해당 파드들에 CPU 수요를 줍니다. 도우미 `offer(total)` 는
로드밸런서가 요청을 나누듯 정해진 총수요를 실행 중인 파드들에 나눕니다. 파드 세 개에 300m이면 각각 100m —
요청량의 100 %, 목표의 두 배입니다:
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
""", """
HPA 컨트롤러는 15초마다 **Metrics API**(`kubectl top` 이 보여 주는 것)에서 파드들의 CPU 사용량을 읽어
*desired = ⌈현재 수 × 사용률 / 목표⌉* = ⌈3 × 100 % / 50 %⌉ = 6 을 계산합니다. 파드가 여섯이면 각각 50m을
쓰므로 — 목표와 같습니다 — 수는 6에 머뭅니다. `kubectl top` 에서 나뉜 부하를 볼 수 있습니다:
"""),
    code("""
%kubectl top pods -l app=web
"""),
    md("""
The visitors leave (`offer(0)`). The HPA does not shrink at once: it keeps the highest recommendation
of the last **5 minutes** (the scale-down stabilisation window), so a short dip does not throw away
pods that are needed a minute later:
""", """
방문자가 떠납니다 (`offer(0)`). HPA는 바로 줄이지 않습니다: 최근 **5분** 동안의 가장 높은 권장값을
유지하므로 (축소 안정화 윈도우, scale-down stabilisation window), 잠깐 부하가 줄었다고 1분 뒤에 필요할 파드를
버리지 않습니다:
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
""", """
부하가 끝나고 약 5분 뒤, 최솟값 3으로 돌아왔습니다. (`cpu: 0%` 인 이유: 이 모델에서 쉬고 있는 nginx는 CPU를
거의 쓰지 않습니다.)

## 6. 네트워킹과 서비스 디스커버리

파드는 새 이름과 새 IP로 생겼다 사라집니다 — 앞 절들에서 여러 개가 교체되었습니다. 클라이언트는 신경 쓰지
않아야 합니다. **서비스**(Service)는 `app=web` 파드 집합에 변하지 않는 가상 IP 하나와 DNS 이름 하나를 주고,
그 파드들 사이에 부하를 분산합니다. 디플로이먼트를 노출(expose)하고, 클러스터 안에서 살펴볼 작은 클라이언트
파드를 띄웁니다:
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
""", """
**서비스 디스커버리**: 클러스터의 DNS(CoreDNS)가 이름 `web` — `web.default.svc.cluster.local` 의 줄임 —
에 서비스의 IP로 답합니다:
"""),
    code("""
%kubectl exec client -- nslookup web
"""),
    md("And **networking**: a request to `http://web` reaches one of the nginx pods through the Service:", "그리고 **네트워킹**: `http://web` 으로 보낸 요청이 서비스를 거쳐 nginx 파드 중 하나에 닿습니다:"),
    code("""
%kubectl exec client -- sh -c "wget -qO- http://web | grep title"
"""),
    md("""
Thirty requests, and which pod answered each one (`k8scourse.traffic` counts the answers per pod):
kube-proxy picks a pod at random for every new connection, so all three share the work.
""", """
요청 서른 번과, 각 요청에 어느 파드가 답했는지입니다 (`k8scourse.traffic` 이 파드별 응답 수를 셉니다).
kube-proxy 는 새 연결마다 파드를 무작위로 고르므로 세 파드가 일을 나눠 맡습니다.
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
""", """
## 7. 조율된 업그레이드 — 롤아웃

*Roll out new features seamlessly* (새 기능을 매끄럽게 출시). 새 버전은 새 이미지입니다. 디플로이먼트는 파드를
몇 개씩 바꿉니다 — 새 파드를 시작하고, 준비될 때까지 기다린 뒤, 옛 파드를 멈춥니다 — 그래서 서비스에는 늘
트래픽을 보낼 파드가 있습니다. `kubectl rollout status` 가 끝날 때까지 따라갑니다:
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
""", """
레플리카셋이 둘입니다. 새 레플리카셋(이미지 `nginx:1.29`)에 파드 세 개가 모두 있고, 옛 레플리카셋
(`nginx:1.27`)은 0으로 줄었지만 남아 있습니다 — `kubectl rollout undo` 가 되돌아갈 곳입니다 (6장). 롤아웃
동안에도 서비스는 계속 응답했습니다:
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
""", """
## 쿠버네티스의 약속, 확인 결과

| 약속 (슬라이드) | 여기서 본 것 |
|---|---|
| **자가 치유**: 자동 배치 | §1 스케줄러가 모든 파드를 배치함; §2 규칙을 어기기를 거부함 |
| 자동 재시작 | §3 죽은 컨테이너가 백오프와 함께 재시작됨 |
| 자동 복제 | §4 지운 파드와 죽은 노드의 파드가 다시 만들어짐 |
| 자동 확장 | §5 부하를 따라 파드 3 → 6 → 3 |
| *Deploy quickly and predictably* (빠르고 예측 가능한 배포) | 매니페스트 하나, 매번 같은 결과 |
| *Scale on the fly* (즉석 확장) | §5 (그리고 `kubectl scale`) |
| *Roll out new features seamlessly* (매끄러운 출시) | §7 실패한 요청 없는 롤링 업데이트 |
| *Limit hardware usage to required resources* (필요한 만큼만 하드웨어 사용) | 요청(requests): 파드는 요청한 양으로 배치되고, HPA는 한가할 때 파드를 돌려줌 |
| **이식성** | 같은 매니페스트가 AKS, 다른 클라우드, 노트북에서 실행됨 — 이 과정의 매니페스트는 평범한 Kubernetes |
| **확장성** | 여기서는 보이지 않음: 커스텀 리소스, 어드미션 웹훅, 스케줄러와 네트워크 플러그인이 API를 확장 |

클러스터 전체를 한 화면에 — 노드, 그 위의 파드, 요청한 CPU와 메모리:
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
""", """
## 직접 해 보기

1. 손으로 확장하기: `%kubectl scale deployment web --replicas=5`, 그다음 `c.run(seconds=30)` 과
   `%kubectl get hpa web`. 누가 이길까요, 여러분일까요 HPA일까요 (HPA는 아직 있습니다: 최소 3, 최대 6)?
2. 아래 셀에서 부하를 바꿔 보세요 (`offer(600)`: HPA는 파드를 몇 개 원할까요? `--max` 가 더 낮았다면?).
3. `c.faults.crash_container(name)` 으로 `web` 파드의 컨테이너를 죽여 보세요: 서비스는 계속 응답하나요?
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
""", """
## 스스로 점검하기

1. 파드가 어느 노드에서 실행될지 정하는 구성 요소는 무엇이고, 그 두 단계는 무엇인가요?
2. 노드 세 개짜리 클러스터에서 호스트별 *필수(required)* 파드 안티 어피니티를 가진 레플리카 4개: 네 번째는
   어떻게 될까요?
3. `CrashLoopBackOff` 는 무슨 뜻인가요 — Kubernetes가 포기한 것인가요?
4. 노드의 전원이 꺼졌습니다. 그 노드의 파드가 왜 곧바로 다른 곳에 다시 만들어지지 않을까요?
5. CPU 수요 300m, 파드 요청 100m, HPA 목표 50 %: 파드는 몇 개일까요?
6. 클라이언트는 왜 파드 IP 대신 서비스 이름 `web` 을 쓸까요?
7. 롤링 업데이트가 서비스 중단을 일으키지 않게 하는 것은 무엇인가요?

<details><summary>답</summary>

1. 스케줄러입니다. 파드를 실행할 수 없는 노드를 걸러 내고(필터), 나머지에 점수를 매겨 총점이 가장 높은
   노드를 고릅니다 (`c.explain(pod)` 가 둘 다 보여 줍니다).
2. 노드가 추가되거나 파드가 지워질 때까지 `Pending` 으로 남습니다 (`didn't match pod anti-affinity rules`).
3. 아닙니다. kubelet 은 다음 재시작 전에 점점 길어지는 백오프(10초, 20초, 40초 … 최대 5분)만큼 기다리고,
   계속 시도합니다.
4. 노드 컨트롤러가 먼저 하트비트 없이 ~40초를 기다린 뒤 노드를 `NotReady` 로 표시하고, 그다음 파드마다
   `not-ready`/`unreachable` 을 300초 동안 용인합니다 — 노드가 돌아올 수도 있으니까요. 그 뒤에야 파드가
   축출되고 교체됩니다.
5. 300m / (50 % × 100m) = 파드 6개.
6. 파드는 늘 새 IP로 교체되지만, 서비스의 이름과 가상 IP는 그대로입니다. DNS가 이름을 풀어 주고, kube-proxy 가
   연결을 준비된 파드들에 나눕니다.
7. 디플로이먼트가 파드를 몇 개씩(maxSurge/maxUnavailable) 바꾸고, 새 파드가 준비된 뒤에야 옛 파드를 지우므로
   서비스 뒤에 늘 준비된 엔드포인트가 있습니다.
</details>
"""),
]


if __name__ == "__main__":
    write("02-orchestration", CELLS)
