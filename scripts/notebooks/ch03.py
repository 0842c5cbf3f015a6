"""Chapter 3 — Azure Kubernetes Service (notebooks/03-aks.ipynb)."""

from __future__ import annotations

from _nb import code, md, write

CELLS = [
    md("""
# 03 · Azure Kubernetes Service (AKS)

The lecture's AKS slide: *"A fully managed Kubernetes cluster — managed control plane; automated
upgrades, patches; easy cluster scaling; self-healing; cost savings."* This notebook types the
lecture's command sequence into a **simulated Azure subscription** — `%az` is the Azure CLI,
`%kubectl` talks to the cluster `az aks get-credentials` points it at — and then looks at the
portal's way to create a cluster, at ACS Engine (the do-it-yourself alternative), and at what
"managed" means.

Long operations take **simulated** time: `az aks create` lets about four simulated minutes pass,
`az aks upgrade` about twenty, and the notebook runs in a few seconds.
""", """
# 03 · Azure Kubernetes Service (AKS)

강의의 AKS 슬라이드: *"A fully managed Kubernetes cluster — managed control plane; automated
upgrades, patches; easy cluster scaling; self-healing; cost savings."* (완전 관리형 Kubernetes 클러스터 —
관리형 컨트롤 플레인, 자동 업그레이드와 패치, 쉬운 클러스터 확장, 자가 치유, 비용 절감.) 이 노트북은 강의의
명령들을 **시뮬레이션된 Azure 구독**에 차례로 입력합니다 — `%az` 는 Azure CLI이고, `%kubectl` 은
`az aks get-credentials` 가 가리키게 한 클러스터와 통신합니다 — 그다음 포털에서 클러스터를 만드는 방법, 직접
구성하는 대안인 ACS Engine, 그리고 "관리형"이 무엇을 뜻하는지 살펴봅니다.

오래 걸리는 작업은 **시뮬레이션** 시간을 씁니다: `az aks create` 는 시뮬레이션 시간 약 4분,
`az aks upgrade` 는 약 20분이 흐르게 하지만, 노트북은 몇 초 만에 실행됩니다.
"""),
    code("""
%load_ext k8scourse
import pandas as pd
from k8scourse.cloud import Azure, pricing
from k8scourse.cloud.acs_engine import build_cluster
from k8scourse.widgets import AKSPortalForm, use_azure

pd.set_option("display.width", 200)
az = Azure(seed=0)          # a fresh subscription; the same seed prints the same names every run
use_azure(az)               # %az and %kubectl now work on it
az.now                      # the subscription's simulated clock
"""),
    md("""
## 1. Create a cluster

A resource group first — the folder every Azure resource lives in:
""", """
## 1. 클러스터 만들기

먼저 리소스 그룹을 만듭니다 — 모든 Azure 리소스가 들어가는 폴더입니다:
"""),
    code("""
%az group create --name myResourceGroup --location eastus
"""),
    md("""
The lecture's command. `--generate-ssh-keys` creates `~/.ssh/id_rsa(.pub)` for the node VMs if you
have none (the warning says where). `-o table` keeps the answer short; without it `az` prints the
whole managed-cluster resource as JSON (try `%az aks show -g myResourceGroup -n myCluster`).
`- Running ..` is the CLI's progress line while Azure works:
""", """
강의의 명령입니다. `--generate-ssh-keys` 는 노드 VM용 `~/.ssh/id_rsa(.pub)` 가 없으면 만들어 줍니다 (경고가
위치를 알려 줍니다). `-o table` 은 답을 짧게 보여 줍니다. 이것이 없으면 `az` 는 관리형 클러스터 리소스 전체를
JSON으로 출력합니다 (`%az aks show -g myResourceGroup -n myCluster` 를 해 보세요). `- Running ..` 은 Azure가
작업하는 동안 CLI가 보여 주는 진행 표시 줄입니다:
"""),
    code("""
start = az.sim.now_ms
%az aks create -g myResourceGroup -n myCluster --generate-ssh-keys -o table
print(f"simulated minutes that passed: {(az.sim.now_ms - start) / 60000:.1f}")
"""),
    md("""
`az aks install-cli` downloads `kubectl` (and `kubelogin`) — in Azure Cloud Shell it is already
installed (*Azure Cloud Shell에서는 불필요*). Here the simulator only prints what the CLI prints:
""", """
`az aks install-cli` 는 `kubectl` (과 `kubelogin`)을 내려받습니다 — Azure Cloud Shell에는 이미 설치되어
있습니다 (*Azure Cloud Shell에서는 불필요*). 여기서 시뮬레이터는 CLI가 출력하는 내용만 보여 줍니다:
"""),
    code("""
%az aks install-cli
"""),
    md("""
`get-credentials` merges the cluster's address and a user certificate into `~/.kube/config` and makes
it the current context, so `kubectl` now talks to `myCluster`:
""", """
`get-credentials` 는 클러스터의 주소와 사용자 인증서를 `~/.kube/config` 에 병합하고 그것을 현재 컨텍스트로
만듭니다. 이제 `kubectl` 은 `myCluster` 와 통신합니다:
"""),
    code("""
%az aks get-credentials -g myResourceGroup -n myCluster
"""),
    code("""
%kubectl get nodes
"""),
    md("""
Three **Ready** worker nodes (노드) of the default node pool, `nodepool1`, each a VM of a virtual
machine scale set (`…-vmss00000N`). No master node is listed: the control plane is Azure's (section 5).

What the cluster runs for itself is in the `kube-system` namespace, and AKS puts more there than a bare
cluster has: on every node (DaemonSets) kube-proxy, `azure-ip-masq-agent`, `cloud-node-manager` and the
node plugins of the Azure Disk and Azure Files CSI drivers; as Deployments CoreDNS and its autoscaler,
`konnectivity-agent` (the tunnel from the nodes to Azure's control plane) and its autoscaler, and
metrics-server. They are ordinary pods: each takes its share of a node's CPU and memory
(`kubectl describe node` lists them under *Non-terminated Pods*):
""", """
기본 노드 풀 `nodepool1` 의 **Ready** 워커 노드 세 개이며, 각각 가상 머신 확장 집합(VM scale set)의 VM입니다
(`…-vmss00000N`). 마스터 노드는 목록에 없습니다: 컨트롤 플레인은 Azure의 몫입니다 (5절).

클러스터가 자기 자신을 위해 실행하는 것은 `kube-system` 네임스페이스에 있고, AKS는 빈 클러스터보다 더 많은 것을
둡니다: 노드마다(데몬셋) kube-proxy, `azure-ip-masq-agent`, `cloud-node-manager`, Azure Disk 와 Azure Files CSI
드라이버의 노드 플러그인; 디플로이먼트로 CoreDNS와 그 오토스케일러, `konnectivity-agent`(노드에서 Azure의 컨트롤
플레인으로 가는 터널)와 그 오토스케일러, 그리고 metrics-server. 모두 평범한 파드라서 각자 노드의 CPU와 메모리를
나눠 씁니다 (`kubectl describe node` 의 *Non-terminated Pods* 에 나옵니다):
"""),
    code("""
%kubectl get daemonsets,deployments -n kube-system
"""),
    md("""
## 2. Upgrade

Which Kubernetes versions can this cluster move to, in this region
(*해당 Region에서 지원되는 K8s버전 확인*)?
""", """
## 2. 업그레이드

이 리전에서 이 클러스터는 어떤 Kubernetes 버전으로 옮겨 갈 수 있을까요
(*해당 Region에서 지원되는 K8s버전 확인*)?
"""),
    code("""
%az aks get-upgrades --resource-group myResourceGroup --name myCluster -o table
"""),
    md("""
The upgrade. `--yes` answers the confirmation prompt (a notebook has no terminal to ask on). On real
Azure this command blocks for roughly **20 minutes** (*대략 20분 소요*) for three nodes; here the
same simulated minutes pass in a moment:
""", """
업그레이드입니다. `--yes` 는 확인 질문에 답합니다 (노트북에는 질문할 터미널이 없습니다). 실제 Azure에서 이
명령은 노드 세 개에 대략 **20분** 동안 멈춰 있습니다 (*대략 20분 소요*). 여기서는 같은 시뮬레이션 시간이
순식간에 지나갑니다:
"""),
    code("""
start = az.sim.now_ms
%az aks upgrade -g myResourceGroup -n myCluster --kubernetes-version 1.33.1 --yes -o table
print(f"simulated minutes that passed: {(az.sim.now_ms - start) / 60000:.1f}")
"""),
    code("""
%kubectl get nodes
"""),
    md("""
Same node names, new version — and different **AGE**s, as on the lecture's slide (12m, 8m, 3m): AKS
upgraded the control plane first, then added one extra *surge* node on the new version, and then,
one node at a time, **cordoned** it (no new pods), **drained** it (its pods evicted to the other
nodes), and **reimaged** it on the new version; finally it removed the surge node. Section 4 watches
this happen on a second cluster.

## 3. Scale
""", """
노드 이름은 같고 버전은 새것입니다 — 그리고 강의 슬라이드처럼 **AGE** 가 서로 다릅니다 (12m, 8m, 3m). AKS는
먼저 컨트롤 플레인을 업그레이드하고, 새 버전으로 *서지(surge)* 노드 하나를 더 만든 다음, 노드를 하나씩
**cordon**(새 파드를 받지 않음)하고, **drain**(파드를 다른 노드로 축출)하고, 새 버전으로 **재이미징(reimage)**
했습니다. 마지막으로 서지 노드를 지웠습니다. 4절에서 두 번째 클러스터로 이 과정을 지켜봅니다.

## 3. 스케일
"""),
    code("""
%az aks scale -g myResourceGroup -n myCluster --node-count 4 -o table
"""),
    code("""
%kubectl get nodes
"""),
    md("""
The new node is `…vmss000004`, not `…000003`: the scale set does not reuse the instance number the
upgrade's surge node had.

## 4. Creating a cluster through the portal

The Azure portal's *Create Kubernetes cluster* form asks for the same things as `az aks create`:
resource group, cluster name, region, Kubernetes version, node size, node count, networking.
Behind *Review + create* it calls the same Azure Resource Manager API as the CLI. The form below
shows the `az` command line it is equivalent to; its button runs it on the simulated subscription.
(The widget is interactive in JupyterLab; its text form, shown in plain viewers, is one line.)
""", """
새 노드는 `…000003` 이 아니라 `…vmss000004` 입니다: 확장 집합은 업그레이드의 서지 노드가 썼던 인스턴스 번호를
다시 쓰지 않습니다.

## 4. 포털에서 클러스터 만들기

Azure 포털의 *Kubernetes 클러스터 만들기(Create Kubernetes cluster)* 양식은 `az aks create` 와 같은 것을
묻습니다: 리소스 그룹, 클러스터 이름, 리전, Kubernetes 버전, 노드 크기, 노드 수, 네트워킹. *검토 + 만들기(Review
+ create)* 뒤에서는 CLI와 같은 Azure Resource Manager API를 호출합니다. 아래 양식은 그에 해당하는 `az` 명령줄을
보여 주고, 버튼을 누르면 시뮬레이션 구독에서 그 명령을 실행합니다. (위젯은 JupyterLab에서 대화형이고, 일반
뷰어에서 보이는 텍스트 형태는 한 줄입니다.)
"""),
    code("""
form = AKSPortalForm(az, name="myAKSCluster", group="myResourceGroup", new_group=False, count=3)
form
"""),
    code("""
for line in form.commands():
    print(line)
"""),
    md("Pressing **Create** does this (the button calls the same method):", "**만들기**를 누르면 이렇게 됩니다 (버튼이 같은 메서드를 호출합니다):"),
    code("""
results = form.create()
print(f"{form!r}\\nexit codes: {[r.exit_code for r in results]}")
"""),
    code("""
%az aks list -o table
"""),
    md("""
### Watching a rolling upgrade

`--no-wait` returns at once while Azure keeps working (with `-o none`: print nothing, which is what
the real CLI prints for `--no-wait`). Then look every three simulated minutes. For the first five
minutes or so nothing changes on the nodes: the control plane is upgraded first.
""", """
### 롤링 업그레이드 지켜보기

`--no-wait` 는 Azure가 일을 계속하는 동안 곧바로 돌아옵니다 (`-o none`: 아무것도 출력하지 않음. 실제 CLI도
`--no-wait` 에서는 그렇게 합니다). 그다음 시뮬레이션 시간 3분마다 살펴봅니다. 처음 5분 정도는 노드에 아무
변화가 없습니다: 컨트롤 플레인을 먼저 업그레이드하기 때문입니다.
"""),
    code("""
%az aks get-credentials -g myResourceGroup -n myAKSCluster
%az aks upgrade -g myResourceGroup -n myAKSCluster --kubernetes-version 1.33.1 --yes --no-wait -o none
for _ in range(7):
    az.run(seconds=180)
    state = az("aks show -g myResourceGroup -n myAKSCluster --query provisioningState -o tsv", echo=False).strip()
    print(f"--- {az.now}  provisioningState={state}")
    az.kubectl("get nodes")
"""),
    md("""
The surge node `…000003` appears on the new version; each old node disappears while it is reimaged
and comes back under its old name on v1.33.1; at the end the surge node is gone and the state is
`Succeeded`. At no point were fewer than three nodes serving — that is how AKS upgrades without
taking your applications down (if they run more than one replica — chapter 6).

## 5. The managed control plane: what AKS runs for you

| AKS (Azure) manages | You manage |
|---|---|
| the **control plane**: API server, etcd, scheduler, controller manager — run, patched, backed up, made available by Azure, not visible as nodes | your **node pools**: how many nodes, which VM size, when to upgrade (AKS performs it when you ask, or on an auto-upgrade channel you choose) |
| upgrade orchestration (surge, cordon, drain, reimage) and node OS image updates | your workloads: manifests, replicas, resource requests, disruption budgets |
| the node VMs' provisioning, in a resource group of its own (`MC_…`) | networking choices, access control, registries, secrets |

What the simulated cluster shows of this (first pointing `kubectl` back at `myCluster`; both
clusters' contexts are in `~/.kube/config` now):
""", """
서지 노드 `…000003` 이 새 버전으로 나타나고, 옛 노드는 하나씩 재이미징되는 동안 사라졌다가 v1.33.1 에서 옛
이름으로 돌아옵니다. 끝에는 서지 노드가 없어지고 상태는 `Succeeded` 입니다. 일하는 노드가 세 개보다 적었던
순간은 한 번도 없습니다 — AKS가 애플리케이션을 멈추지 않고 업그레이드하는 방법입니다 (애플리케이션이 레플리카를
둘 이상 실행한다면 — 6장).

## 5. 관리형 컨트롤 플레인: AKS가 대신 운영하는 것

| AKS(Azure)가 관리 | 여러분이 관리 |
|---|---|
| **컨트롤 플레인**: API 서버, etcd, 스케줄러, 컨트롤러 매니저 — Azure가 실행하고 패치하고 백업하고 가용성을 보장하며, 노드로 보이지 않음 | **노드 풀**: 노드 수, VM 크기, 업그레이드 시점 (요청하면 AKS가 수행하거나, 고른 자동 업그레이드 채널에 따라 수행) |
| 업그레이드 조율(서지, cordon, drain, 재이미징)과 노드 OS 이미지 업데이트 | 워크로드: 매니페스트, 레플리카, 리소스 요청, 중단 예산(disruption budget) |
| 별도 리소스 그룹(`MC_…`)에서 노드 VM 프로비저닝 | 네트워킹 선택, 접근 제어, 레지스트리, 시크릿 |

시뮬레이션 클러스터가 이 중 무엇을 보여 주는지 봅니다 (먼저 `kubectl` 이 다시 `myCluster` 를 가리키게 합니다.
이제 두 클러스터의 컨텍스트가 모두 `~/.kube/config` 에 있습니다):
"""),
    code("""
%kubectl config get-contexts
%kubectl config use-context myCluster
"""),
    code("""
%kubectl cluster-info
%az aks show -g myResourceGroup -n myCluster --query "{tier:sku.tier, version:currentKubernetesVersion, nodeResourceGroup:nodeResourceGroup, nodes:agentPoolProfiles[0].count}"
"""),
    md("""
The API server lives at an Azure-hosted address (`…hcp.eastus.azmk8s.io`, *hcp* = hosted control
plane). You pay for the node VMs; on the **Free** tier the control plane's management costs nothing
(the Standard tier, with an uptime SLA, costs a fixed amount per cluster-hour). Prices from the
simulator's dated price table (`pricing.AS_OF`):
""", """
API 서버는 Azure가 호스팅하는 주소(`…hcp.eastus.azmk8s.io`, *hcp* = hosted control plane)에 있습니다.
비용은 노드 VM에 대해 냅니다. **Free** 티어에서는 컨트롤 플레인 관리 비용이 없습니다 (가동 시간 SLA가 있는
Standard 티어는 클러스터 시간당 정해진 금액). 시뮬레이터의 날짜가 적힌 가격표(`pricing.AS_OF`)에서 가져온
가격입니다:
"""),
    code("""
nodes_monthly = pricing.monthly(0.146, count=4)            # Standard_DS2_v2 list price per hour, 4 nodes
print(f"prices as of {pricing.AS_OF}")
pd.DataFrame([
    {"item": "4 × Standard_DS2_v2 nodes", "USD per month": nodes_monthly},
    {"item": "control plane, Free tier", "USD per month": pricing.monthly(pricing.AKS_TIER_PER_HOUR["Free"])},
    {"item": "control plane, Standard tier", "USD per month": pricing.monthly(pricing.AKS_TIER_PER_HOUR["Standard"])},
])
"""),
    md("""
## 6. ACS Engine: a cluster you define (and run) yourself

*"Azure Container Service Engine — enables custom deployments; available on GitHub."* Instead of
asking AKS for a managed cluster, you describe the whole cluster — **including the masters** — in a
cluster-definition (*apimodel*) JSON file; the engine generates the VMs and configuration. You then
own everything AKS would have managed: master VMs, etcd, upgrades, certificates.

Status today: ACS Engine became **AKS Engine**, which is deprecated and archived; for self-managed
Kubernetes on Azure Microsoft points to **Cluster API Provider Azure (CAPZ)**. The simulator models
the lecture's idea with `k8scourse.cloud.acs_engine.build_cluster`:
""", """
## 6. ACS Engine: 직접 정의하고 (직접 운영하는) 클러스터

*"Azure Container Service Engine — enables custom deployments; available on GitHub."* (사용자 정의 배포를
가능하게 함, GitHub에 공개.) AKS에 관리형 클러스터를 요청하는 대신, 클러스터 전체를 — **마스터까지 포함해** —
클러스터 정의(*apimodel*) JSON 파일로 기술하면 엔진이 VM과 설정을 만들어 냅니다. 그러면 AKS가 관리했을 모든
것을 여러분이 맡습니다: 마스터 VM, etcd, 업그레이드, 인증서.

현재 상황: ACS Engine은 **AKS Engine** 이 되었고, AKS Engine은 지원 중단되어 보관(archive)되었습니다. Azure에서
직접 관리하는 Kubernetes에 대해 Microsoft는 **Cluster API Provider Azure (CAPZ)** 를 안내합니다. 시뮬레이터는
강의의 개념을 `k8scourse.cloud.acs_engine.build_cluster` 로 모델링합니다:
"""),
    code("""
definition = '''{
  "apiVersion": "vlabs",
  "properties": {
    "orchestratorProfile": {"orchestratorType": "Kubernetes", "orchestratorVersion": "1.32.4"},
    "masterProfile": {"count": 1, "dnsPrefix": "mycustomk8s", "vmSize": "Standard_D2s_v3"},
    "agentPoolProfiles": [
      {"name": "linuxpool", "count": 2, "vmSize": "Standard_D4s_v3"},
      {"name": "bigpool", "count": 1, "vmSize": "Standard_D8s_v3"}
    ]
  }
}'''
custom = build_cluster(definition, seed=3, clock="manual")
custom.kubectl("get nodes -L agentpool,node.kubernetes.io/instance-type")
"""),
    md("""
Here the **master is a node you can see** (ROLES `control-plane,master`), tainted so ordinary pods
stay off it — it is your VM to patch and keep alive:
""", """
여기서는 **마스터가 눈에 보이는 노드**(ROLES `control-plane,master`)이고, 일반 파드가 올라가지 않도록 테인트가
걸려 있습니다 — 여러분이 패치하고 살려 두어야 할 여러분의 VM입니다:
"""),
    code("""
custom.kubectl("get nodes -l kubernetes.io/role=master -o jsonpath={.items[0].spec.taints}")
print()
"""),
    md("""
A bad definition is rejected naming the field (the simulator's check, in the spirit of the engine's
own validation):
""", """
잘못된 정의는 필드 이름을 대며 거부됩니다 (엔진 자체의 검증을 본뜬 시뮬레이터의 검사):
"""),
    code("""
from k8scourse.cloud.acs_engine import ClusterDefinitionError
try:
    build_cluster(definition.replace('"count": 1', '"count": 2'))
except ClusterDefinitionError as err:
    print(f"error: {err}")
"""),
    md("""
Simulator differences to keep in mind: node names follow the AKS pattern (`aks-<pool>-<id>-vmss…`;
aks-engine used `k8s-<pool>-<id>-<n>`), and the simulated control plane is one process whatever
`masterProfile.count` says.

## Try it

* Scale `myCluster` down to 2 nodes and back to 4; which node names disappear and come back?
* Ask for a version that is not offered: `--kubernetes-version 1.30.0` — read the error.
* In the portal form, set the node count to 5 and the network to `azure`, press **Create** (or call
  `form.create()`), then compare `%az aks show -g myResourceGroup -n myAKSCluster --query
  networkProfile`.
""", """
기억해 둘 시뮬레이터의 차이: 노드 이름은 AKS 방식(`aks-<pool>-<id>-vmss…`)을 따릅니다 (aks-engine 은
`k8s-<pool>-<id>-<n>` 을 썼습니다). 또 시뮬레이션된 컨트롤 플레인은 `masterProfile.count` 가 얼마든 프로세스
하나입니다.

## 직접 해 보기

* `myCluster` 를 노드 2개로 줄였다가 4개로 되돌려 보세요. 어떤 노드 이름이 사라지고 다시 나타나나요?
* 제공되지 않는 버전을 요청해 보세요: `--kubernetes-version 1.30.0` — 오류를 읽어 보세요.
* 포털 양식에서 노드 수를 5, 네트워크를 `azure` 로 정하고 **만들기**를 누른 뒤 (또는 `form.create()` 를 호출한
  뒤) `%az aks show -g myResourceGroup -n myAKSCluster --query networkProfile` 과 비교해 보세요.
"""),
    code("""
%az aks scale -g myResourceGroup -n myCluster --node-count 2 -o none
%kubectl get nodes
"""),
    code("""
%az aks upgrade -g myResourceGroup -n myCluster --kubernetes-version 1.30.0 --yes
"""),
    md("""
## Self-check

1. Which command makes `kubectl` talk to a new AKS cluster, and what does it change on your machine?
2. Why did `kubectl get nodes` never list a master node for `myCluster`, but did for the ACS Engine
   cluster?
3. During an AKS upgrade, in what order are the nodes handled, and why is a surge node added first?
4. The upgrade took about 20 simulated minutes. What decides that time on a real cluster?
5. What does the portal's *Create* do that `az aks create` does not?
6. What is the successor of ACS Engine for self-managed clusters on Azure?

<details><summary>Answers</summary>

1. `az aks get-credentials -g <group> -n <name>`: it merges the cluster, a user and a context into
   `~/.kube/config` and makes that context current.
2. AKS runs the control plane for you outside your subscription's VMs; with ACS Engine the master
   VMs are yours and register as (tainted) nodes.
3. The control plane first; then per node: cordon, drain (evict pods, respecting disruption budgets),
   reimage on the new version — one (surge count) at a time. The surge node keeps capacity while a
   node is out.
4. The number of nodes and the surge setting, how long draining takes (pods' grace periods,
   disruption budgets) and how long a VM takes to reimage and rejoin.
5. Nothing different: it is a form over the same Resource Manager API; the form above prints the
   equivalent `az` command.
6. Cluster API Provider Azure (CAPZ); ACS Engine's successor AKS Engine is deprecated.
</details>
""", """
## 스스로 점검하기

1. `kubectl` 이 새 AKS 클러스터와 통신하게 하는 명령은 무엇이고, 그 명령은 여러분의 컴퓨터에서 무엇을 바꾸나요?
2. `kubectl get nodes` 가 `myCluster` 에서는 마스터 노드를 보여 주지 않았는데 ACS Engine 클러스터에서는 왜
   보여 주었을까요?
3. AKS 업그레이드 중 노드는 어떤 순서로 처리되고, 왜 서지 노드를 먼저 추가할까요?
4. 업그레이드는 시뮬레이션 시간으로 약 20분 걸렸습니다. 실제 클러스터에서 그 시간을 결정하는 것은 무엇인가요?
5. 포털의 *만들기* 는 `az aks create` 가 하지 않는 무엇을 하나요?
6. Azure에서 직접 관리하는 클러스터를 위한 ACS Engine의 후속은 무엇인가요?

<details><summary>답</summary>

1. `az aks get-credentials -g <group> -n <name>`: 클러스터, 사용자, 컨텍스트를 `~/.kube/config` 에 병합하고
   그 컨텍스트를 현재 컨텍스트로 만듭니다.
2. AKS는 컨트롤 플레인을 여러분 구독의 VM 바깥에서 대신 실행합니다. ACS Engine에서는 마스터 VM이 여러분의
   것이며 (테인트가 걸린) 노드로 등록됩니다.
3. 컨트롤 플레인이 먼저이고, 그다음 노드마다 cordon, drain (중단 예산을 지키며 파드 축출), 새 버전으로
   재이미징 — 한 번에 하나씩(서지 수만큼). 서지 노드는 노드 하나가 빠져 있는 동안 용량을 유지해 줍니다.
4. 노드 수와 서지 설정, drain에 걸리는 시간 (파드의 종료 유예 시간, 중단 예산), VM을 재이미징하고 다시
   합류시키는 데 걸리는 시간.
5. 다를 것이 없습니다: 같은 Resource Manager API 위의 양식일 뿐이고, 위 양식은 그에 해당하는 `az` 명령을
   보여 줍니다.
6. Cluster API Provider Azure (CAPZ). ACS Engine의 후속인 AKS Engine은 지원 중단되었습니다.
</details>
"""),
]


if __name__ == "__main__":
    write("03-aks", CELLS)
