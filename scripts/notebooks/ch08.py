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
"""),
    code("""
%load_ext k8scourse
from k8scourse import Cluster
from k8scourse.network import node_command, pod_command, docker_host, azure_routes, trace
from k8scourse.widgets import use_cluster

c = Cluster(nodes=2, seed=0)
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
"""),
    code("""
_ = node_command(c, node0, "docker ps", echo=True)
"""),
    md("""
AKS nodes today run **containerd**, not Docker — there you type `crictl pods` (one line per pod
sandbox, i.e. per pause container) and `crictl ps` (the app containers):
"""),
    code("""
_ = node_command(c, node0, "crictl pods", echo=True)
"""),
    md("""
## 4. Case 1 — container ↔ container: `localhost`, distinct ports

Two containers of one pod talk over `localhost`; since they share the network namespace, each must
use its own port (*"Pod 내에서 컨테이너는 각자 고유한 port 번호를 사용해야함"*).
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
"""),
]


if __name__ == "__main__":
    write("08-networking", CELLS)
