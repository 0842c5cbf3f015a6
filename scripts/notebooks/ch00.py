"""Chapter 0 — welcome: a first cluster and the map of the course (notebooks/00-welcome.ipynb)."""

from __future__ import annotations

from _nb import code, md, write

CELLS = [
    md("""
# Welcome — a Kubernetes cluster in your notebook

This course simulates a Kubernetes cluster (and later Azure) inside the notebook's kernel. You type the
same commands as on a real cluster and get the same answers, and the simulation is deterministic: every
run of this notebook prints the same thing.

**Map of the course** — one notebook per chapter of the lecture:

| Notebook | Chapter |
|---|---|
| `00-welcome` | this page: a first cluster |
| `01-containers-vs-vms` | why containers; containers vs VMs; packing, density and cost; consolidating an estate |
| `02-orchestration` | container orchestration (오케스트레이션): scheduling, affinity, self-healing, auto-scaling, service discovery, rolling upgrades |
| `03-aks` | Azure Kubernetes Service: create, credentials, upgrade, scale; the portal form; ACS Engine; the managed control plane |
| `04-aci-acr-virtual-nodes` | Azure Container Instances, Azure Container Registry, virtual nodes, Open Service Broker |
| `05-objects` | Kubernetes objects (오브젝트): Pod, Volume, Service, Namespace |
| `06-controllers` | controllers (컨트롤러): ReplicationController, ReplicaSet, Deployment, blue/green, DaemonSet, Job, CronJob, StatefulSet, HPA |
| `07-architecture` | architecture (쿠버네티스 구조): master and node components, each at work and each stopped |
| `08-networking` | networking (K8s 네트워크): pause containers, bridges, routes, Services, NodePort/LoadBalancer, NetworkPolicy |

Every notebook is also in Korean, in `notebooks/ko/` (모든 노트북은 `notebooks/ko/` 에 한국어로도 있습니다).

**Resetting a cluster**: run the cell that creates it again — `Cluster(...)` always starts from scratch,
with the same seed giving the same names.
""", """
# 환영합니다 — 노트북 안의 쿠버네티스 클러스터

이 과정은 노트북의 커널 안에서 쿠버네티스 클러스터(그리고 뒤에서는 Azure)를 시뮬레이션합니다. 실제 클러스터에서와
같은 명령을 입력하면 같은 답을 받고, 시뮬레이션은 결정적(deterministic)이어서 이 노트북은 몇 번을 실행해도
똑같은 내용을 출력합니다.

**과정 안내** — 강의의 장마다 노트북 하나:

| 노트북 | 장 |
|---|---|
| `00-welcome` | 이 페이지: 첫 클러스터 |
| `01-containers-vs-vms` | 왜 컨테이너인가; 컨테이너와 VM; 배치, 밀도, 비용; 환경 통합 |
| `02-orchestration` | 컨테이너 오케스트레이션: 스케줄링, 어피니티, 자가 치유, 자동 확장, 서비스 디스커버리, 롤링 업그레이드 |
| `03-aks` | Azure Kubernetes Service: 만들기, 자격 증명, 업그레이드, 스케일; 포털 양식; ACS Engine; 관리형 컨트롤 플레인 |
| `04-aci-acr-virtual-nodes` | Azure Container Instances, Azure Container Registry, 가상 노드, Open Service Broker |
| `05-objects` | 쿠버네티스 오브젝트: 파드(Pod), 볼륨(Volume), 서비스(Service), 네임스페이스(Namespace) |
| `06-controllers` | 컨트롤러: ReplicationController, ReplicaSet, Deployment, 블루/그린, DaemonSet, Job, CronJob, StatefulSet, HPA |
| `07-architecture` | 쿠버네티스 구조: 마스터와 노드의 구성 요소, 각각 일하는 모습과 멈춘 모습 |
| `08-networking` | K8s 네트워크: pause 컨테이너, 브리지, 라우트, 서비스, NodePort/LoadBalancer, 네트워크 폴리시 |

이 노트북들은 `notebooks/ko/` 에 있는 한국어판이며, 영어판은 `notebooks/` 에 같은 이름으로 있습니다. 용어는 `docs/glossary.md` 의 용어집을 따릅니다.
`kubectl` 과 `az` 의 출력은 실제 도구가 출력하는 그대로 영어입니다.

**클러스터 초기화**: 클러스터를 만드는 셀을 다시 실행하세요 — `Cluster(...)` 는 언제나 처음부터 시작하며, 같은
시드(seed)는 같은 이름을 만듭니다.
"""),
    code("""
from k8scourse import Cluster

cluster = Cluster(nodes=3, vm_size="Standard_DS2_v2", seed=0, clock="paced")
cluster
"""),
    md("""
Three worker nodes (노드), named the way AKS names the machines of a node pool. `kubectl get nodes` lists
them:
""", """
워커 노드 세 개이며, AKS가 노드 풀의 머신에 이름을 붙이는 방식으로 이름이 붙어 있습니다. `kubectl get nodes` 가
이 노드들을 나열합니다:
"""),
    code("""
cluster.kubectl("get nodes")
"""),
    md("""
## How time passes

The cluster has its own clock. This one is **paced** (`clock="paced"`, the default for clusters made
after `%load_ext k8scourse`): before each command you type, five simulated seconds pass — about the time a person takes to read an answer and type the next command —
so the nodes above are already `5s` old. You can also let time pass yourself: here, five minutes, and
the AGE column moves:
""", """
## 시간이 흐르는 방식

클러스터에는 자기만의 시계가 있습니다. 이 클러스터는 **paced** 방식입니다 (`clock="paced"`; `%load_ext k8scourse`
다음에 만드는 클러스터의 기본값): 여러분이 명령을 입력할 때마다 그 전에
시뮬레이션 시간 5초가 흐릅니다 — 사람이 답을 읽고 다음 명령을 입력하는 데 걸리는 정도의 시간입니다 — 그래서 위의
노드들은 이미 `5s` 가 되었습니다. 시간을 직접 흐르게 할 수도 있습니다: 여기서는 5분을 흘려보내니 AGE 열이 바뀝니다:
"""),
    code("""
cluster.run(seconds=300)
cluster.kubectl("get nodes -o wide")
"""),
    md("""
Because seconds pass between commands, a pod you create is `ContainerCreating` at your next command
(its image is being pulled) and `Running` a command later — as on a real cluster:
""", """
명령과 명령 사이에 시간이 흐르므로, 파드를 만들면 다음 명령 때는 `ContainerCreating`(이미지를 받는 중)이고, 그다음
명령 때는 `Running` 입니다 — 실제 클러스터와 같습니다:
"""),
    code("""
cluster.kubectl("run web --image=nginx:1.7.9")
cluster.kubectl("get pods")
cluster.kubectl("get pods")
"""),
    md("""
The clock has three modes, chosen per cluster: `Cluster(..., clock="paced")` (`think_seconds=` sets
the pause), `clock="manual"` (time moves only with `cluster.run(seconds=…)`, `cluster.settle()` and
commands that wait; the default in scripts and tests, and the chapter notebooks use it so that every
second is explained), and `clock="live"` (simulated time follows the wall clock, for a real
terminal). `cluster.clock.set_mode("manual")` switches an existing cluster.
""", """
시계에는 세 가지 방식이 있고 클러스터마다 고릅니다: `Cluster(..., clock="paced")` (`think_seconds=` 로 쉬는
시간을 정합니다), `clock="manual"` (시간은 `cluster.run(seconds=…)`, `cluster.settle()` 그리고 기다리는 명령으로만
흐릅니다; 스크립트와 테스트의 기본값이며, 각 장의 노트북은 모든 1초를 설명하기 위해 이 방식을 씁니다), 그리고
`clock="live"` (시뮬레이션 시간이 실제 시계를 따라갑니다; 실제 터미널용). 이미 만든 클러스터는
`cluster.clock.set_mode("manual")` 로 바꿉니다.
"""),
    md("Every cluster starts with four namespaces (네임스페이스):",
       "모든 클러스터는 네임스페이스 네 개로 시작합니다:"),
    code("""
cluster.kubectl("get namespaces")
"""),
    md("Mistakes get the same answers a real cluster gives — no Python tracebacks:",
       "실수하면 실제 클러스터와 똑같은 답을 받습니다 — 파이썬 트레이스백은 나오지 않습니다:"),
    code("""
cluster.kubectl("get podz")
cluster.kubectl("get pod web")
"""),
    md("""
## Try it

* `cluster.kubectl("api-resources")` — every kind of object the API server knows.
* `cluster.kubectl("describe node <name>")` with a name from the list above.
""", """
## 직접 해 보기

* `cluster.kubectl("api-resources")` — API 서버가 아는 모든 오브젝트 종류.
* 위 목록의 이름으로 `cluster.kubectl("describe node <name>")`.
"""),
]


if __name__ == "__main__":
    write("00-welcome", CELLS)
