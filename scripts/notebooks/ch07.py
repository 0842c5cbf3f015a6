"""Chapter 7 — Architecture: master and node components, each at work and each stopped
(notebooks/07-architecture.ipynb)."""

from __future__ import annotations

from _nb import code, md, write

CELLS = [
    md("""
# 07 · 쿠버네티스 구조 — Architecture

*"쿠버네티스는 크게 마스터(Master)와 노드(Node) 두 개의 컴포넌트로 분리된다."*

| | Component | Job (lecture) |
|---|---|---|
| **Master** (마스터) | **API server** (API 서버) | every command and all communication: the REST API |
| | **etcd** | the cluster's database — configuration and state (분산형 키/밸류 스토어) |
| | **Controller manager** (컨트롤러 매니저) | runs the controllers (replica, service, volume, node …) |
| | **Scheduler** (스케줄러) | assigns pods to nodes |
| | **DNS** | maps Services and pods to names (service discovery) |
| **Node** (노드) | **kubelet** | the agent: takes orders from the API server, reports the node's state |
| | **kube-proxy** | routes and load-balances traffic to the right containers |
| | **cAdvisor** | collects containers' resource use for monitoring |
| | **Container runtime** (컨테이너 런타임) | runs the containers (containerd, Docker, rkt …) |

This notebook follows one command through all of them, then stops each in turn to see what breaks
and what heals. On AKS the master is managed by Azure and invisible as nodes; the simulator lets you
stop its parts anyway.
""", """
# 07 · 쿠버네티스 구조 — Architecture

*"쿠버네티스는 크게 마스터(Master)와 노드(Node) 두 개의 컴포넌트로 분리된다."*

| | 구성 요소 | 하는 일 (강의) |
|---|---|---|
| **마스터** (Master) | **API 서버** (API server) | 모든 명령과 통신: REST API |
| | **etcd** | 클러스터의 데이터베이스 — 설정과 상태 (분산형 키/밸류 스토어) |
| | **컨트롤러 매니저** (Controller manager) | 컨트롤러들을 실행 (레플리카, 서비스, 볼륨, 노드 …) |
| | **스케줄러** (Scheduler) | 파드를 노드에 배정 |
| | **DNS** | 서비스와 파드를 이름에 연결 (서비스 디스커버리) |
| **노드** (Node) | **kubelet** | 에이전트: API 서버의 지시를 받고 노드 상태를 보고 |
| | **kube-proxy** | 트래픽을 알맞은 컨테이너로 라우팅하고 부하 분산 |
| | **cAdvisor** | 모니터링을 위해 컨테이너의 자원 사용량을 수집 |
| | **컨테이너 런타임** (Container runtime) | 컨테이너를 실행 (containerd, Docker, rkt …) |

이 노트북은 명령 하나가 이 모든 구성 요소를 거쳐 가는 과정을 따라간 다음, 구성 요소를 하나씩 멈춰 무엇이 고장
나고 무엇이 회복되는지 봅니다. AKS에서는 마스터를 Azure가 관리하며 노드로 보이지 않지만, 시뮬레이터에서는 그
구성 요소들도 멈춰 볼 수 있습니다.
"""),
    code("""
%load_ext k8scourse
import pandas as pd
from k8scourse import Cluster
from k8scourse.proxy import iptables_save
from k8scourse.widgets import EventTimeline, use_cluster

c = Cluster(nodes=3, vm_size="Standard_DS2_v2", seed=0, clock="manual")
use_cluster(c)
c.run(seconds=10)
c
"""),
    md("""
## 1. The path of one `kubectl apply`

Every component writes what it does into the simulator's trace (`c.sim.trace`). Apply a
Deployment of two pods and keep the trace of the next 20 seconds:
""", """
## 1. `kubectl apply` 하나가 지나가는 길

모든 구성 요소는 자기가 한 일을 시뮬레이터의 추적 기록(`c.sim.trace`)에 남깁니다. 파드 두 개짜리 디플로이먼트를
적용하고 다음 20초의 추적 기록을 모아 둡니다:
"""),
    code("""
mark = len(c.sim.trace)
%kubectl create deployment web --image=nginx:1.27 --replicas=2
c.run(seconds=20)
entries = list(c.sim.trace)[mark:]
"""),
    md("""
Without the noise (events, node heartbeats, kube-proxy syncs, status updates), the chain of cause and
effect — who created what, who placed it, who started it:
""", """
잡음(이벤트, 노드 하트비트, kube-proxy 동기화, 상태 갱신)을 걷어 낸 인과의 사슬 — 누가 무엇을 만들고, 누가
배치하고, 누가 시작했는지:
"""),
    code("""
rows = []
for e in entries:
    kind = e.target.split("/")[0]
    if e.component == "kube-apiserver" and e.action == "create" and kind in ("deployments", "replicasets", "pods"):
        rows.append((e.component, f"create {kind[:-1]} (stored in etcd)", "requested by " + e.detail.split(":")[-1].removeprefix("by ")))
    elif e.component == "default-scheduler" and e.action == "bind":
        rows.append((e.component, "bind pod to a node", "to node " + e.detail[-1]))
    elif e.component == "kubelet" and e.detail.startswith(("Pulling:", "Started:")):
        rows.append((e.component, e.detail.split(":")[0].lower(), "container runtime"))
    else:
        continue
    rows[-1] = (e.time_ms / 1000,) + rows[-1]
pd.DataFrame(rows, columns=["t (s)", "component", "what", "detail"])
"""),
    md("""
1. **kubectl → API server**: `create deployments/default/web` — a REST call (`POST
   /apis/apps/v1/namespaces/default/deployments`); the API server authenticates, validates, defaults
   and stores it in **etcd**.
2. **Deployment controller** (in the controller manager) watches Deployments, sees a new one, and
   creates a ReplicaSet — through the API server, like everyone else.
3. **ReplicaSet controller** sees a ReplicaSet with 0 of 2 pods and creates two Pods (no node yet).
4. **Scheduler** sees pods without a node, picks one for each and writes a **binding**.
5. **kubelet** on each chosen node sees a pod bound to its node, asks the **container runtime** to
   pull the image and start the container, and reports the pod's status back.

Nobody calls anybody directly: every component *watches* the API server and *writes* to it. The same
story, with the Events, in the timeline widget (filter by component, interactive in JupyterLab):
""", """
1. **kubectl → API 서버**: `create deployments/default/web` — REST 호출 (`POST
   /apis/apps/v1/namespaces/default/deployments`). API 서버는 인증하고, 검증하고, 기본값을 채우고, **etcd** 에
   저장합니다.
2. (컨트롤러 매니저 안의) **디플로이먼트 컨트롤러**가 디플로이먼트를 지켜보다가 새것을 보고 레플리카셋을
   만듭니다 — 다른 모두와 마찬가지로 API 서버를 통해서.
3. **레플리카셋 컨트롤러**가 파드 2개 중 0개인 레플리카셋을 보고 파드 두 개를 만듭니다 (아직 노드 없음).
4. **스케줄러**가 노드 없는 파드를 보고 각각 노드를 골라 **바인딩**(binding)을 씁니다.
5. 선택된 노드마다 **kubelet** 이 자기 노드에 바인딩된 파드를 보고, **컨테이너 런타임**에 이미지를 가져와
   컨테이너를 시작하라고 요청한 뒤, 파드의 상태를 보고합니다.

누구도 누구를 직접 호출하지 않습니다: 모든 구성 요소가 API 서버를 *지켜보고(watch)* API 서버에 *씁니다*. 같은
이야기를 이벤트와 함께 타임라인 위젯에서 볼 수 있습니다 (구성 요소로 거르기, JupyterLab에서 대화형):
"""),
    code("""
EventTimeline(c, limit=40)
"""),
    md("""
## 2. API server and etcd

Every write the API server makes lands in etcd with a new, cluster-wide **revision** number — the
`resourceVersion` of the object. `c.history()` lists etcd's writes; the last ones for the Deployment:
""", """
## 2. API 서버와 etcd

API 서버가 하는 모든 쓰기는 클러스터 전체에서 새로운 **리비전**(revision) 번호와 함께 etcd에 기록됩니다 —
오브젝트의 `resourceVersion` 입니다. `c.history()` 는 etcd의 쓰기를 나열합니다. 디플로이먼트에 대한 마지막
쓰기들:
"""),
    code("""
h = pd.DataFrame(c.history())
print(len(h), "writes so far; the Deployment's:")
h["by"] = h.actor.str.split(":").str[-1]
h[(h.resource == "deployments.apps") & (h.name == "web")][["revision", "verb", "by"]]
"""),
    code("""
%kubectl get deployment web -o jsonpath="resourceVersion={.metadata.resourceVersion} generation={.metadata.generation}{'\\n'}"
"""),
    md("""
The resourceVersion is the revision of the object's last write. Writes carry it back
(*optimistic concurrency*): an update based on an old version is refused with `Conflict`, so two
controllers never silently overwrite each other.

### etcd stopped

Without its database the API server can answer nothing — reads and writes fail alike:
""", """
resourceVersion 은 오브젝트의 마지막 쓰기의 리비전입니다. 쓰기는 이 값을 다시 실어 보냅니다 (*낙관적 동시성
제어*, optimistic concurrency): 옛 버전을 바탕으로 한 업데이트는 `Conflict` 로 거부되므로, 두 컨트롤러가 서로의
쓰기를 조용히 덮어쓰는 일이 없습니다.

### etcd가 멈추면

데이터베이스가 없으면 API 서버는 아무것도 답할 수 없습니다 — 읽기와 쓰기가 똑같이 실패합니다:
"""),
    code("""
c.faults.stop("etcd")
%kubectl get pods
%kubectl scale deployment web --replicas=3
c.run(seconds=20)
%kubectl get deployment web
"""),
    md("""
Twenty simulated seconds pass with etcd down: still nothing can be read or written. The running pods
are not affected — the kubelets keep their containers running; only changes are impossible
(controllers and kubelets retry until etcd is back). Start etcd again: everything that was stored is
still there.
""", """
etcd가 멈춘 채로 시뮬레이션 시간 20초가 흐릅니다: 여전히 아무것도 읽거나 쓸 수 없습니다. 실행 중인 파드는 영향을
받지 않습니다 — kubelet 이 컨테이너를 계속 실행합니다. 변경만 불가능합니다 (컨트롤러와 kubelet 은 etcd가 돌아올
때까지 재시도합니다). etcd를 다시 시작하면 저장되어 있던 것이 모두 그대로 있습니다.
"""),
    code("""
c.faults.start("etcd")
%kubectl get deployment web
"""),
    md("""
## 3. Scheduler stopped

New pods are created (by the ReplicaSet controller) but nobody assigns them a node:
""", """
## 3. 스케줄러가 멈추면

새 파드는 (레플리카셋 컨트롤러가) 만들지만 아무도 노드를 배정하지 않습니다:
"""),
    code("""
c.faults.stop("scheduler")
%kubectl scale deployment web --replicas=4
c.run(seconds=30)
%kubectl get pods -l app=web --field-selector status.phase=Pending
"""),
    code("""
c.faults.start("scheduler")
c.run(seconds=20)
%kubectl get deployment web
"""),
    md("""
The moment the scheduler is back (it writes a `LeaderElection` event), it finds the waiting pods and
binds them; they start.

## 4. Controller manager stopped

Now the controllers are gone. Delete a pod: nothing replaces it.
""", """
스케줄러가 돌아오는 순간 (`LeaderElection` 이벤트를 씁니다) 기다리던 파드를 찾아 바인딩하고, 파드들이
시작합니다.

## 4. 컨트롤러 매니저가 멈추면

이제 컨트롤러들이 없습니다. 파드를 지워도 아무것도 대신하지 않습니다.
"""),
    code("""
c.faults.stop("controller-manager")
gone = sorted(p["metadata"]["name"] for p in c.list("pods", "default", "app=web"))[0]
%kubectl delete pod {gone}
c.run(seconds=60)
%kubectl get deployment web
print(len(c.list("pods", "default", "app=web")), "web pods exist")
"""),
    md("""
Look closely: the Deployment still *says* `4/4` — its status is written by the deployment
controller, which is stopped, so nobody updates it. Only three pods exist. Start the controller
manager:
""", """
잘 보세요: 디플로이먼트는 여전히 `4/4` 라고 *말합니다* — 그 상태는 디플로이먼트 컨트롤러가 쓰는데, 멈춰 있으니
아무도 갱신하지 않습니다. 파드는 셋뿐입니다. 컨트롤러 매니저를 시작합니다:
"""),
    code("""
c.faults.start("controller-manager")
c.run(seconds=20)
%kubectl get deployment web
print(len(c.list("pods", "default", "app=web")), "web pods exist")
"""),
    md("""
Started again, the ReplicaSet controller re-lists everything, sees 3 of 4 and creates the missing
pod. Controllers are *level-triggered*: they act on the state as it is now, not on events they
missed.

## 5. A node's kubelet stopped

The kubelet reports its node's state every 10 seconds (heartbeats, a `Lease`). Stop the kubelet of
the node running the most `web` pods (its containers keep running; only the agent is gone):
""", """
다시 시작된 레플리카셋 컨트롤러는 모든 것을 다시 목록으로 받아(re-list) 4개 중 3개를 보고 모자란 파드를
만듭니다. 컨트롤러는 *레벨 기반(level-triggered)* 입니다: 놓친 이벤트가 아니라 지금 있는 그대로의 상태에 따라
움직입니다.

## 5. 노드의 kubelet 이 멈추면

kubelet 은 10초마다 노드의 상태를 보고합니다 (하트비트, `Lease`). `web` 파드가 가장 많은 노드의 kubelet 을
멈춥니다 (컨테이너는 계속 실행되고, 에이전트만 없어집니다):
"""),
    code("""
def summary():
    pods = [p for p in c.list("pods", "default", "app=web") if not p["metadata"].get("deletionTimestamp")]
    for n in c.list("nodes"):
        ready = [x["status"] for x in n["status"]["conditions"] if x["type"] == "Ready"][0]
        here = sum(p["spec"].get("nodeName") == n["metadata"]["name"] for p in pods)
        print(f'  node {n["metadata"]["name"][-1]}  Ready={ready:<7} web pods: {here}')

nodes = [p["spec"]["nodeName"] for p in c.list("pods", "default", "app=web")]
target = max(sorted(set(nodes)), key=nodes.count)
c.faults.stop_kubelet(target)
start = c.sim.clock.now_ms
for step in (30, 30, 300):
    c.run(seconds=step)
    print(f"{(c.sim.clock.now_ms - start) // 1000} s later:")
    summary()
"""),
    md("""
After the grace period (about 40 s without a heartbeat) the node controller marks the node
`NotReady`/`Unknown` and taints it; after the pods' 300 s toleration it evicts them and the
ReplicaSet re-creates them on healthy nodes. Start the kubelet again: it learns that its pods were
deleted, stops their containers, and the node is `Ready`:
""", """
유예 기간(하트비트 없이 약 40초)이 지나면 노드 컨트롤러가 노드를 `NotReady`/`Unknown` 으로 표시하고 테인트를
겁니다. 파드의 300초 톨러레이션이 지나면 파드를 축출하고, 레플리카셋이 건강한 노드에 다시 만듭니다. kubelet 을
다시 시작하면 자기 파드가 지워졌음을 알고 그 컨테이너를 멈추며, 노드는 `Ready` 가 됩니다:
"""),
    code("""
c.faults.start_kubelet(target)
c.run(seconds=30)
%kubectl get nodes
"""),
    md("""
## 6. kube-proxy

A Service's virtual IP belongs to no machine. kube-proxy on every node writes **iptables** rules that
rewrite a packet for the Service IP to one of the pods' IPs (DNAT), choosing at random. kube-proxy is
itself a workload of the cluster: the `kube-proxy` **DaemonSet** in `kube-system` runs one pod per
node, on the node's own network (`hostNetwork`, so its IP is the node's). Then expose `web` and look
at the rules for it on one node:
""", """
## 6. kube-proxy

서비스의 가상 IP는 어떤 머신의 것도 아닙니다. 노드마다 kube-proxy 가 **iptables** 규칙을 써서, 서비스 IP로 가는
패킷을 파드 IP 중 하나로 무작위로 골라 바꿉니다 (DNAT). kube-proxy 자체도 클러스터의 워크로드입니다:
`kube-system` 의 `kube-proxy` **데몬셋** 이 노드마다 파드 하나를 노드 자신의 네트워크(`hostNetwork`, 그래서 IP가
노드의 IP)에서 실행합니다. 그다음 `web` 을 노출하고 한 노드에서 그 규칙을 봅니다:
"""),
    code("""
%kubectl get daemonset kube-proxy -n kube-system
%kubectl get pods -n kube-system -l k8s-app=kube-proxy -o wide
"""),
    code("""
%kubectl expose deployment web --port=80
%kubectl run client --image=busybox:1.36 -- sleep 3600
c.run(seconds=15)
rules = iptables_save(c, c.list("nodes")[0]["metadata"]["name"])
print("\\n".join(l for l in rules.splitlines() if "default/web" in l and l.startswith("-A KUBE-SVC")))
"""),
    md("""
One `KUBE-SVC-…` chain for the Service; one rule per pod, with probabilities 1/4, 1/3, 1/2 and the
rest, so each of the four pods gets a quarter of the connections. Add or remove a pod and
kube-proxy rewrites the chain.

## 7. cAdvisor and the container runtime

**cAdvisor** (built into the kubelet) measures each container's CPU and memory; metrics-server
collects it every 15 s for `kubectl top` and the HPA:
""", """
서비스마다 `KUBE-SVC-…` 체인 하나, 파드마다 규칙 하나이며, 확률 1/4, 1/3, 1/2, 나머지로 네 파드가 연결을 4분의
1씩 받습니다. 파드를 더하거나 빼면 kube-proxy 가 체인을 다시 씁니다.

## 7. cAdvisor와 컨테이너 런타임

(kubelet 에 내장된) **cAdvisor** 는 컨테이너마다 CPU와 메모리를 측정하고, metrics-server 가 15초마다 그것을
모아 `kubectl top` 과 HPA에 줍니다:
"""),
    code("""
%kubectl top nodes
"""),
    md("""
The **container runtime** is what actually runs the containers; every node reports which one
(AKS uses containerd):
""", """
**컨테이너 런타임**은 컨테이너를 실제로 실행하는 것입니다. 노드마다 어느 런타임인지 보고합니다 (AKS는
containerd를 씁니다):
"""),
    code("""
%kubectl get nodes -o custom-columns=NODE:.metadata.name,RUNTIME:.status.nodeInfo.containerRuntimeVersion,KUBELET:.status.nodeInfo.kubeletVersion
"""),
    md("""
## 8. DNS down

Service discovery needs CoreDNS — itself just a Deployment of two pods in `kube-system`.
`c.faults.stop("dns")` scales it to 0 (what an outage of the DNS pods looks like); look the Service
up from the client pod:
""", """
## 8. DNS가 멈추면

서비스 디스커버리에는 CoreDNS가 필요합니다 — CoreDNS 자체도 `kube-system` 에 있는 파드 두 개짜리 디플로이먼트일
뿐입니다. `c.faults.stop("dns")` 는 이것을 0으로 줄입니다 (DNS 파드 장애가 이런 모습입니다). 클라이언트 파드에서
서비스를 조회해 봅니다:
"""),
    code("""
c.faults.stop("dns")
c.run(seconds=10)
%kubectl get deployment coredns -n kube-system
%kubectl exec client -- nslookup web
%kubectl exec client -- wget -qO- -T 3 http://web
"""),
    md("""
Names no longer resolve — but the Service itself still works: by its **IP**, kube-proxy's rules still
route to the pods:
""", """
이름은 더 이상 풀리지 않지만 서비스 자체는 여전히 동작합니다: **IP** 로 보내면 kube-proxy 의 규칙이 여전히 파드로
라우팅합니다:
"""),
    code("""
ip = c.get("services", "web")["spec"]["clusterIP"]
page = c.kubectl(f"exec client -- wget -qO- http://{ip}", echo=False)
print([line for line in page.splitlines() if "<title>" in line])
"""),
    code("""
c.faults.start("dns")
c.run(seconds=30)
%kubectl get deployment coredns -n kube-system
%kubectl exec client -- sh -c "nslookup web | tail -2"
"""),
    md("""
## What breaks, what heals

| Stopped | What breaks | What keeps working | When it is back |
|---|---|---|---|
| etcd | every API read and write | running containers | nothing was lost |
| scheduler | new pods stay `Pending` | everything already placed | pending pods are bound |
| controller manager | nothing is replaced, scaled or cleaned up | running pods, Services | controllers re-list and fix the difference |
| kubelet / node | the node goes `NotReady`; after 300 s its pods are moved | the rest of the cluster | the node rejoins, stale pods are removed |
| DNS | names (`web`) do not resolve | Services by IP, running pods | lookups work again |

## Try it

1. Stop the API server itself: `c.faults.stop("apiserver")`, then `%kubectl get nodes`; start it with
   `c.faults.start("apiserver")`.
2. In the timeline widget above, pick the component `default-scheduler`: which pods did it bind, when?
3. Stop the scheduler **and** the controller manager, scale `web` to 6, start only the scheduler: how
   many pods run? (cell below)
""", """
## 무엇이 고장 나고, 무엇이 회복되나

| 멈춘 것 | 고장 나는 것 | 계속 동작하는 것 | 돌아오면 |
|---|---|---|---|
| etcd | 모든 API 읽기와 쓰기 | 실행 중인 컨테이너 | 잃은 것이 없음 |
| 스케줄러 | 새 파드가 `Pending` 에 머묾 | 이미 배치된 모든 것 | 대기 중인 파드가 바인딩됨 |
| 컨트롤러 매니저 | 아무것도 교체·확장·정리되지 않음 | 실행 중인 파드, 서비스 | 컨트롤러가 다시 목록을 받아 차이를 고침 |
| kubelet / 노드 | 노드가 `NotReady` 가 되고, 300초 뒤 파드가 옮겨짐 | 클러스터의 나머지 | 노드가 다시 합류하고, 낡은 파드가 지워짐 |
| DNS | 이름(`web`)이 풀리지 않음 | IP로 접근하는 서비스, 실행 중인 파드 | 조회가 다시 됨 |

## 직접 해 보기

1. API 서버 자체를 멈춰 보세요: `c.faults.stop("apiserver")`, 그다음 `%kubectl get nodes`.
   `c.faults.start("apiserver")` 로 다시 시작합니다.
2. 위의 타임라인 위젯에서 구성 요소 `default-scheduler` 를 고르세요: 어떤 파드를 언제 바인딩했나요?
3. 스케줄러**와** 컨트롤러 매니저를 멈추고, `web` 을 6으로 확장한 뒤, 스케줄러만 시작해 보세요: 파드가 몇 개
   실행되나요? (아래 셀)
"""),
    code("""
c.faults.stop("scheduler"); c.faults.stop("controller-manager")
%kubectl scale deployment web --replicas=6
c.run(seconds=30)
c.faults.start("scheduler")
c.run(seconds=30)
%kubectl get deployment web
c.faults.recover()
"""),
    md("""
## Self-check

1. Which component is the only one that talks to etcd?
2. What is a resourceVersion, and what is it used for?
3. Scheduler down: which new pods are affected, and which are not?
4. Controller manager down and a pod is deleted. What happens, and what happens when it comes back?
5. What does a node's kubelet report, and what happens when it stops?
6. DNS is down. Can a pod still reach a Service? How?
7. Which component turns a Service's virtual IP into a pod's IP?

<details><summary>Answers</summary>

1. The API server; all other components go through it (watch and write).
2. The etcd revision of an object's last write; used for optimistic concurrency (stale updates get
   `Conflict`) and to resume watches.
3. New pods without a node stay `Pending`; running pods and pods already bound are unaffected.
4. Nothing replaces it while the controller manager is down; when it is back, the ReplicaSet
   controller sees the shortfall and creates a pod.
5. Node status and heartbeats, pod status; without them the node becomes `NotReady` after ~40 s and
   its pods are evicted after the 300 s toleration.
6. Yes, by the Service's cluster IP — kube-proxy's rules still work; only names fail.
7. kube-proxy (its iptables DNAT rules on every node).
</details>
""", """
## 스스로 점검하기

1. etcd와 통신하는 유일한 구성 요소는 무엇인가요?
2. resourceVersion 은 무엇이고, 무엇에 쓰이나요?
3. 스케줄러가 멈추면 어떤 새 파드가 영향을 받고, 어떤 파드는 받지 않나요?
4. 컨트롤러 매니저가 멈춘 상태에서 파드 하나를 지웁니다. 어떻게 되고, 컨트롤러 매니저가 돌아오면 어떻게 되나요?
5. 노드의 kubelet 은 무엇을 보고하고, kubelet 이 멈추면 어떻게 되나요?
6. DNS가 멈췄습니다. 파드가 여전히 서비스에 닿을 수 있나요? 어떻게요?
7. 서비스의 가상 IP를 파드의 IP로 바꾸는 구성 요소는 무엇인가요?

<details><summary>답</summary>

1. API 서버입니다. 다른 모든 구성 요소는 API 서버를 거칩니다 (watch와 쓰기).
2. 오브젝트의 마지막 쓰기에 대한 etcd 리비전입니다. 낙관적 동시성 제어(낡은 업데이트는 `Conflict`)와 watch를
   이어서 받는 데 쓰입니다.
3. 노드가 없는 새 파드는 `Pending` 에 머뭅니다. 실행 중인 파드와 이미 바인딩된 파드는 영향이 없습니다.
4. 컨트롤러 매니저가 멈춰 있는 동안에는 아무것도 대신하지 않습니다. 돌아오면 레플리카셋 컨트롤러가 모자람을
   보고 파드를 만듭니다.
5. 노드 상태와 하트비트, 파드 상태입니다. 이것들이 없으면 ~40초 뒤 노드가 `NotReady` 가 되고, 300초
   톨러레이션이 지나면 파드가 축출됩니다.
6. 예, 서비스의 클러스터 IP로 닿을 수 있습니다 — kube-proxy 의 규칙은 여전히 동작하고, 이름만 실패합니다.
7. kube-proxy (노드마다 있는 iptables DNAT 규칙).
</details>
"""),
]


if __name__ == "__main__":
    write("07-architecture", CELLS)
