"""Chapter 8 — Networking inside the cluster (notebooks/08-networking.ipynb)."""

from __future__ import annotations

from _nb import code, md, write

CELLS = [
    md("""
# 08 · K8s 네트워크 — Networking inside the cluster

The lecture names four kinds of communication (통신) in Kubernetes:

| # | Case | 강의 |
|---|---|---|
| 1 | container ↔ container inside one pod | 서로 결합된 컨테이너와 컨테이너 간 통신 |
| 2 | pod ↔ pod (one node, several nodes) | Pod와 Pod 간의 통신 |
| 3 | pod → Service | Pod와 Service간의 통신 |
| 4 | outside → Service (NodePort, LoadBalancer) | 외부와 Service간의 통신 |

We look at each on a simulated two-node AKS-like cluster (kubenet network plugin): the interfaces
a node has (`ip addr`), the `pause` container of every pod, routes, kube-proxy's rules, and finally
NetworkPolicy, which decides who may talk to whom. Nothing here needs root or a real cluster: the
commands answer from the simulated nodes.
""", """
# 08 · K8s 네트워크 — Networking inside the cluster

강의는 쿠버네티스 안의 통신을 네 가지로 나눕니다:

| # | 경우 | 강의 |
|---|---|---|
| 1 | 한 파드 안의 컨테이너 ↔ 컨테이너 | 서로 결합된 컨테이너와 컨테이너 간 통신 |
| 2 | 파드 ↔ 파드 (노드 하나, 노드 여럿) | Pod와 Pod 간의 통신 |
| 3 | 파드 → 서비스 | Pod와 Service간의 통신 |
| 4 | 외부 → 서비스 (NodePort, LoadBalancer) | 외부와 Service간의 통신 |

노드 두 개짜리 AKS 같은 시뮬레이션 클러스터(kubenet 네트워크 플러그인)에서 하나씩 살펴봅니다: 노드가 가진
인터페이스(`ip addr`), 모든 파드의 `pause` 컨테이너, 라우트, kube-proxy 의 규칙, 그리고 마지막으로 누가 누구와
통신할 수 있는지 정하는 네트워크 폴리시(NetworkPolicy). 여기서는 root 권한도 실제 클러스터도 필요 없습니다: 명령에
시뮬레이션된 노드가 답합니다.
"""),
    code("""
%load_ext k8scourse
from k8scourse import Cluster
from k8scourse.network import node_command, pod_command, docker_host, azure_routes, trace
from k8scourse.widgets import use_cluster

c = Cluster(nodes=2, seed=0, clock="manual")
use_cluster(c)
node0, node1 = sorted(n["metadata"]["name"] for n in c.list("nodes"))
c
"""),
    md("""
## 1. One Docker host: `docker0` and veths

*"Docker에서는 기본적으로 같은 노드(host) 내의 컨테이너 끼리의 통신은 docker0라는 가상 네트워크
인터페이스를 통해 가능"* — on a plain Docker host, containers hang off the **`docker0` bridge**
(172.17.0.1/16); each container gets its own **veth** (가상 네트워크 인터페이스) pair and an address
172.17.0.2, .3, …. This is the single-machine picture of the lecture's `ip addr`:
""", """
## 1. Docker 호스트 하나: `docker0` 와 veth

*"Docker에서는 기본적으로 같은 노드(host) 내의 컨테이너 끼리의 통신은 docker0라는 가상 네트워크
인터페이스를 통해 가능"* — 평범한 Docker 호스트에서 컨테이너들은 **`docker0` 브리지**(172.17.0.1/16)에
매달립니다. 컨테이너마다 자기 **veth** (가상 네트워크 인터페이스) 쌍과 172.17.0.2, .3, … 주소를 받습니다. 강의의
`ip addr` 가 보여 주는 머신 한 대의 모습입니다:
"""),
    code("""
host = docker_host(["web"])
print(host("sudo ip addr"))
host
"""),
    md("""
## 2. A Kubernetes node: `lo`, `eth0`, `cbr0` and one veth per pod

An AKS node with kubenet looks the same, with two differences: the bridge is called **`cbr0`** and
holds `.1` of the node's own **pod CIDR** (a /24 out of 10.244.0.0/16), and the node's `eth0` is on
the VNet subnet 10.224.0.0/16. Let us run two pods and look at node 0.
""", """
## 2. 쿠버네티스 노드: `lo`, `eth0`, `cbr0`, 그리고 파드마다 veth 하나

kubenet 을 쓰는 AKS 노드도 모습은 같고, 다른 점이 두 가지 있습니다: 브리지의 이름이 **`cbr0`** 이고 노드 자신의
**파드 CIDR**(10.244.0.0/16에서 떼어 낸 /24)의 `.1` 을 가집니다. 그리고 노드의 `eth0` 은 VNet 서브넷
10.224.0.0/16에 있습니다. 파드 두 개를 실행하고 노드 0을 봅시다.
"""),
    code("""
%%kubectl apply
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{name: http, containerPort: 80}]
"""),
    code("""
c.kubectl("run client --image=busybox:1.36 --labels=app=client -- sleep 3600", echo=False)
c.run(seconds=60)
%kubectl get pods -o wide
"""),
    code("""
_ = node_command(c, node0, "ip addr", echo=True)
"""),
    md("""
Each `vethXXXXXXXX@if3` line is the **host end** of a pod's veth pair, enslaved to `cbr0`
(`master cbr0`); `@if3` names the other end — interface 3 inside the pod's network namespace,
where it is called `eth0`. Inside a pod:
""", """
`vethXXXXXXXX@if3` 줄은 각각 파드 veth 쌍의 **호스트 쪽 끝**이며 `cbr0` 에 묶여 있습니다 (`master cbr0`).
`@if3` 은 반대쪽 끝을 가리킵니다 — 파드의 네트워크 네임스페이스 안에 있는 인터페이스 3번으로, 그 안에서는
`eth0` 이라고 불립니다. 파드 안에서 보면:
"""),
    code("""
print(pod_command(c, "client", "ip addr"))
print(pod_command(c, "client", "ip route"))
"""),
    md("""
## 3. The `pause` container — 네트워크 인터페이스를 제공하는 컨테이너

*"워커 노드에 들어가서 docker ps 명령어를 입력하면 … pause 라는 명령으로 실행된 컨테이너를 볼 수
있음"*. Every pod has one extra container, `pause`, whose only job is to **hold the pod's network
namespace**: the app containers join it, so they share one IP, one `localhost` and one set of ports.
The lecture's `docker ps` (names `k8s_POD_<pod>_<namespace>_<uid>_0`):
""", """
## 3. `pause` 컨테이너 — 네트워크 인터페이스를 제공하는 컨테이너

*"워커 노드에 들어가서 docker ps 명령어를 입력하면 … pause 라는 명령으로 실행된 컨테이너를 볼 수
있음"*. 모든 파드에는 컨테이너가 하나 더 있습니다. `pause` 의 유일한 일은 **파드의 네트워크 네임스페이스를 붙잡고
있는 것**입니다: 앱 컨테이너들이 거기에 합류하므로 IP 하나, `localhost` 하나, 포트 집합 하나를 공유합니다. 강의의
`docker ps` (이름은 `k8s_POD_<pod>_<namespace>_<uid>_0`):
"""),
    code("""
_ = node_command(c, node0, "docker ps", echo=True)
"""),
    md("""
AKS nodes today run **containerd**, not Docker — there you type `crictl pods` (one line per pod
sandbox, i.e. per pause container) and `crictl ps` (the app containers):
""", """
오늘날 AKS 노드는 Docker가 아니라 **containerd** 를 실행합니다 — 거기서는 `crictl pods` (파드 샌드박스, 즉
pause 컨테이너마다 한 줄)와 `crictl ps` (앱 컨테이너)를 입력합니다:
"""),
    code("""
_ = node_command(c, node0, "crictl pods", echo=True)
"""),
    md("""
## 4. Case 1 — container ↔ container: `localhost`, distinct ports

Two containers of one pod talk over `localhost`; since they share the network namespace, each must
use its own port (*"Pod 내에서 컨테이너는 각자 고유한 port 번호를 사용해야함"*).
""", """
## 4. 경우 1 — 컨테이너 ↔ 컨테이너: `localhost`, 서로 다른 포트

한 파드의 두 컨테이너는 `localhost` 로 통신합니다. 네트워크 네임스페이스를 공유하므로 각자 자기 포트를 써야
합니다 (*"Pod 내에서 컨테이너는 각자 고유한 port 번호를 사용해야함"*).
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: Pod
metadata: {name: duo}
spec:
  containers:
  - {name: web, image: "nginx:1.27"}
  - {name: sidecar, image: "hashicorp/http-echo:1.0", args: ["-listen=:5678", "-text=hello from the sidecar"]}
"""),
    code("""
c.run(seconds=30)
_ = c.trace("pod/duo", "localhost:5678")
"""),
    md("""
## 5. Case 2 — pod ↔ pod: one node (bridge) and across nodes (routes)

*싱글 노드 Pod 네트워크*: on one node a packet goes pod `eth0` → veth → `cbr0` → veth → pod.
*멀티 노드 Pod 네트워크*: *"각각 다른 노드에 존재하는 Pod가 서로 통신하려면 라우터를 거쳐서 통신"* —
the node only knows its own pod CIDR, so the packet leaves through `eth0` to Azure, whose **route
table** (kubenet's UDR) sends each node's pod CIDR to that node:
""", """
## 5. 경우 2 — 파드 ↔ 파드: 노드 하나(브리지)와 노드 사이(라우트)

*싱글 노드 Pod 네트워크*: 한 노드 안에서 패킷은 파드 `eth0` → veth → `cbr0` → veth → 파드로 갑니다.
*멀티 노드 Pod 네트워크*: *"각각 다른 노드에 존재하는 Pod가 서로 통신하려면 라우터를 거쳐서 통신"* —
노드는 자기 파드 CIDR만 알기 때문에 패킷은 `eth0` 을 통해 Azure로 나가고, Azure의 **라우트 테이블**(kubenet 의
UDR)이 노드마다의 파드 CIDR을 그 노드로 보냅니다:
"""),
    code("""
import pandas as pd
pd.DataFrame(azure_routes(c))[["addressPrefix", "nextHopType", "nextHopIpAddress"]]
"""),
    code("""
pods = {p["metadata"]["name"]: p["spec"]["nodeName"] for p in c.list("pods")}
client_node = pods["client"]
same = sorted(n for n, where in pods.items() if n.startswith("web-") and where == client_node)
other = sorted(n for n, where in pods.items() if n.startswith("web-") and where != client_node)
if same:
    c.trace("pod/client", f"pod/{same[0]}")
if other:
    c.trace("pod/client", f"pod/{other[0]}")
"""),
    md("""
## 6. Case 3 — pod → Service: DNS, then kube-proxy's DNAT

The client resolves the Service name with CoreDNS, connects to the **ClusterIP**, and the node's
iptables rules (written by kube-proxy) pick one endpoint at random and rewrite the destination
(DNAT). The trace names the chain that chose it:
""", """
## 6. 경우 3 — 파드 → 서비스: DNS, 그다음 kube-proxy 의 DNAT

클라이언트는 CoreDNS로 서비스 이름을 풀고, **ClusterIP** 에 연결합니다. 그러면 (kube-proxy 가 쓴) 노드의
iptables 규칙이 엔드포인트 하나를 무작위로 골라 목적지를 바꿉니다 (DNAT). 추적 결과에 그것을 고른 체인의 이름이
나옵니다:
"""),
    code("""
%kubectl expose deployment web --port=80 --type=LoadBalancer
c.run(seconds=90)
_ = c.trace("pod/client", "svc/web")
"""),
    md("""
## 7. Case 4 — outside → Service: NodePort and LoadBalancer

*외부와 서비스간 네트워크 – LB, NodePort*. A NodePort is open on **every** node; the node that got
the packet may forward it to a pod on another node, and (with `externalTrafficPolicy: Cluster`)
rewrites the source to its own address (SNAT/MASQUERADE) so the reply comes back through it. A
LoadBalancer puts Azure's load balancer in front of the NodePorts:
""", """
## 7. 경우 4 — 외부 → 서비스: NodePort와 LoadBalancer

*외부와 서비스간 네트워크 – LB, NodePort*. NodePort는 **모든** 노드에 열립니다. 패킷을 받은 노드는 다른 노드의
파드로 패킷을 넘길 수 있고, (`externalTrafficPolicy: Cluster` 에서는) 응답이 자기를 거쳐 돌아오도록 출발지를 자기
주소로 바꿉니다 (SNAT/MASQUERADE). LoadBalancer는 NodePort들 앞에 Azure의 로드밸런서를 둡니다:
"""),
    code("""
_ = c.trace("outside", "svc/web")
"""),
    code("""
from k8scourse.widgets import TraceView
TraceView(c, "outside", "svc/web")
"""),
    md("""
## 8. NetworkPolicy — who may talk to whom

By default every pod can reach every pod, **across namespaces too** (a namespace is not a network
boundary). A **NetworkPolicy** selects pods; once a pod is selected for `Ingress` (`Egress`), only
what some policy's rules allow gets in (out). Both the sender's egress and the receiver's ingress
must allow a connection. (Enforcement needs a policy engine — AKS `--network-policy azure|calico`;
this cluster enforces, `c.network_policy = "none"` would store policies without effect.)

**Deny all** ingress to the web pods, then **allow from a label**:
""", """
## 8. 네트워크 폴리시 — 누가 누구와 통신할 수 있나

기본적으로 모든 파드는 모든 파드에 닿을 수 있고, **네임스페이스를 넘어서도** 그렇습니다 (네임스페이스는 네트워크
경계가 아닙니다). **네트워크 폴리시**(NetworkPolicy)는 파드를 고릅니다. 어떤 파드가 `Ingress` (`Egress`) 대상으로
선택되면, 어느 폴리시의 규칙이 허용하는 것만 들어옵니다 (나갑니다). 연결이 되려면 보내는 쪽의 egress와 받는 쪽의
ingress가 모두 허용해야 합니다. (적용하려면 폴리시 엔진이 필요합니다 — AKS `--network-policy azure|calico`. 이
클러스터는 적용하며, `c.network_policy = "none"` 이면 폴리시를 저장만 하고 효과는 없습니다.)

웹 파드로 들어오는 것을 **모두 거부**하고, 그다음 **라벨로 허용**합니다:
"""),
    code("""
%%kubectl apply
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-deny-all}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: []
"""),
    code("""
t = c.trace("pod/client", "svc/web", echo=False)
print(t.outcome)
print([r["what"] for r in t.rows if r["where"] == "NetworkPolicy"][0])
"""),
    code("""
%%kubectl apply
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-allow-client}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: client}}
    ports: [{port: http}]
"""),
    code("""
print(c.trace("pod/client", "svc/web", echo=False).outcome)
"""),
    md("""
**DNS egress.** Lock the client's egress down and even name lookups fail — the DNS query is a
connection to a CoreDNS pod on UDP port 53 like any other:
""", """
**DNS egress.** 클라이언트의 egress를 막으면 이름 조회조차 실패합니다 — DNS 질의도 다른 것과 마찬가지로 UDP 포트
53의 CoreDNS 파드로 가는 연결입니다:
"""),
    code("""
%%kubectl apply
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: web}}}]
"""),
    code("""
%kubectl exec client -- nslookup web
"""),
    code("""
%%kubectl apply
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-allow-dns}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
      podSelector: {matchLabels: {k8s-app: kube-dns}}
    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
"""),
    code("""
print(c.trace("pod/client", "svc/web", echo=False).outcome)
"""),
    md("""
## Try it

* `node_command(c, node1, "ip route")` — which pod CIDR does node 1 route to `cbr0`?
* `node_command(c, node0, "iptables-save")` — find the `KUBE-SVC-…` chain of `web`.
* Delete `web-allow-client` (`%kubectl delete netpol web-allow-client`) and trace again.
* Build `Cluster(nodes=2, network_plugin="azure")` and compare its `ip addr` (no bridge: Azure CNI).

## Self-check

1. Why must two containers of one pod use different ports?
2. What does the `pause` container do?
3. How does a packet from a pod on node 0 reach a pod on node 1 with kubenet?
4. A NodePort Service's pod runs on node 1; a client connects to node 0's NodePort. What source
   address does the pod see with `externalTrafficPolicy: Cluster`?
5. A pod's egress is denied except to the web pods. Why does `nslookup web` time out?

<details><summary>Answers</summary>

1. They share the pod's network namespace (one IP, one set of ports): a second bind of a port fails
   with "address already in use".
2. It creates and holds the pod's network namespace; the app containers join it, so the pod keeps its
   IP while app containers restart.
3. veth → `cbr0` → the node's `eth0` → the default route to Azure, where the route table sends node
   1's pod CIDR to node 1's address → node 1's `eth0` → `cbr0` → veth → pod.
4. Node 0's address: kube-proxy masquerades (SNAT) so that the reply returns through node 0.
5. The DNS query is itself a connection (UDP 53 to a CoreDNS pod) and egress to it is not allowed;
   allow DNS egress explicitly.
</details>
""", """
## 직접 해 보기

* `node_command(c, node1, "ip route")` — 노드 1은 어떤 파드 CIDR을 `cbr0` 으로 라우팅하나요?
* `node_command(c, node0, "iptables-save")` — `web` 의 `KUBE-SVC-…` 체인을 찾아보세요.
* `web-allow-client` 를 지우고 (`%kubectl delete netpol web-allow-client`) 다시 추적해 보세요.
* `Cluster(nodes=2, network_plugin="azure")` 를 만들고 그 `ip addr` 와 비교해 보세요 (브리지 없음: Azure CNI).

## 스스로 점검하기

1. 한 파드의 두 컨테이너는 왜 서로 다른 포트를 써야 하나요?
2. `pause` 컨테이너는 무엇을 하나요?
3. kubenet 에서 노드 0의 파드가 보낸 패킷은 어떻게 노드 1의 파드에 닿나요?
4. NodePort 서비스의 파드가 노드 1에서 실행되고, 클라이언트는 노드 0의 NodePort에 연결합니다.
   `externalTrafficPolicy: Cluster` 에서 파드에 보이는 출발지 주소는 무엇인가요?
5. 어떤 파드의 egress가 웹 파드로 가는 것 말고는 모두 거부됩니다. `nslookup web` 은 왜 시간 초과로 끝나나요?

<details><summary>답</summary>

1. 파드의 네트워크 네임스페이스(IP 하나, 포트 집합 하나)를 공유하기 때문입니다: 같은 포트에 두 번째로 바인딩하면
   "address already in use" 로 실패합니다.
2. 파드의 네트워크 네임스페이스를 만들고 붙잡고 있습니다. 앱 컨테이너가 거기에 합류하므로, 앱 컨테이너가
   재시작해도 파드의 IP는 그대로입니다.
3. veth → `cbr0` → 노드의 `eth0` → Azure로 가는 기본 라우트. Azure의 라우트 테이블이 노드 1의 파드 CIDR을 노드
   1의 주소로 보내고 → 노드 1의 `eth0` → `cbr0` → veth → 파드.
4. 노드 0의 주소입니다: 응답이 노드 0을 거쳐 돌아오도록 kube-proxy 가 마스커레이드(SNAT)합니다.
5. DNS 질의 자체가 연결(CoreDNS 파드로 가는 UDP 53)인데 그곳으로의 egress가 허용되지 않았기 때문입니다. DNS
   egress를 명시적으로 허용하세요.
</details>
"""),
]


if __name__ == "__main__":
    write("08-networking", CELLS)
