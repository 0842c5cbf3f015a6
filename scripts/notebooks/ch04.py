"""Chapter 4 — ACI, ACR, virtual nodes and the service broker (notebooks/04-aci-acr-virtual-nodes.ipynb)."""

from __future__ import annotations

from _nb import code, md, write

VIRTUAL_NODE_DEPLOYMENT = """
%%kubectl apply
apiVersion: apps/v1
kind: Deployment
metadata:
  name: aci-helloworld
spec:
  replicas: 1
  selector:
    matchLabels:
      app: aci-helloworld
  template:
    metadata:
      labels:
        app: aci-helloworld
    spec:
      containers:
      - name: aci-helloworld
        image: mcr.microsoft.com/azuredocs/aci-helloworld
        ports:
        - containerPort: 80
      nodeSelector:
        kubernetes.io/role: agent
        kubernetes.io/os: linux
        type: virtual-kubelet
      tolerations:
      - key: virtual-kubelet.io/provider
        operator: Exists
      - key: azure.com/aci
        effect: NoSchedule
"""

CELLS = [
    md("""
# 04 · Azure Container Instances, Azure Container Registry, virtual nodes

Three more of the lecture's Azure container services, and the service broker:

* **ACI** — *"Easily run containers on Azure with a single command"*, *"cloud-scale container
  capacity"*, *"hypervisor isolation"*, billed per second;
* **ACR** — *"Manage a Docker private registry as a first-class Azure resource"*, with the Docker CLI
  you know, geo-replication, and builds in the registry;
* **virtual nodes** (the ACI Connector / Virtual Kubelet) — Kubernetes bursting pods into ACI;
* **Open Service Broker for Azure** — provisioning Azure services from the cluster.

All of it runs on a simulated subscription: `%az`, `%docker` and `az.curl(...)` answer as the real
tools would, and time is simulated.
""", """
# 04 · Azure Container Instances, Azure Container Registry, 가상 노드

강의의 Azure 컨테이너 서비스 세 가지와 서비스 브로커를 더 살펴봅니다:

* **ACI** — *"Easily run containers on Azure with a single command"* (명령 하나로 Azure에서 컨테이너 실행),
  *"cloud-scale container capacity"* (클라우드 규모의 컨테이너 용량), *"hypervisor isolation"* (하이퍼바이저
  격리), 초 단위 과금;
* **ACR** — *"Manage a Docker private registry as a first-class Azure resource"* (Docker 프라이빗
  레지스트리를 정식 Azure 리소스로 관리), 익숙한 Docker CLI, 지역 복제(geo-replication), 레지스트리 안에서의
  빌드;
* **가상 노드**(virtual nodes: ACI Connector / Virtual Kubelet) — Kubernetes가 파드를 ACI로 넘쳐 보내기(burst);
* **Open Service Broker for Azure** — 클러스터에서 Azure 서비스를 프로비저닝하기.

모두 시뮬레이션된 구독에서 실행됩니다: `%az`, `%docker`, `az.curl(...)` 은 실제 도구처럼 답하고, 시간은
시뮬레이션 시간입니다.
"""),
    code("""
%load_ext k8scourse
import pandas as pd
from k8scourse.cloud import Azure
from k8scourse.cloud.pricing import aci_costs, AS_OF
from k8scourse.widgets import use_azure, current_cluster

pd.set_option("display.width", 200)
az = Azure(seed=0)
use_azure(az)
%az group create --name myResourceGroup --location eastus -o none
"""),
    md("""
## 1. ACI: a container with one command

The lecture's command. `--query` picks the fields the slide shows (without it `az` prints the whole
container group as JSON):
""", """
## 1. ACI: 명령 하나로 컨테이너 실행

강의의 명령입니다. `--query` 는 슬라이드에 나온 필드만 고릅니다 (없으면 `az` 는 컨테이너 그룹 전체를 JSON으로
출력합니다):
"""),
    code("""
%az container create --name mycontainer --image microsoft/aci-helloworld --resource-group myResourceGroup --ip-address public --query "{ipAddress:ipAddress, location:location, name:name, osType:osType, provisioningState:provisioningState}"
"""),
    md("""
(`microsoft/aci-helloworld` is the lecture's Docker Hub name; Microsoft's current documentation uses
`mcr.microsoft.com/azuredocs/aci-helloworld`, the same app.)

No cluster, no VM to manage: ACI allocated a place to run, pulled the image, started the container
and gave it a public IP. The container group as a table, and what happened inside it:
""", """
(`microsoft/aci-helloworld` 는 강의에 나온 Docker Hub 이름이고, Microsoft의 현재 문서는 같은 앱인
`mcr.microsoft.com/azuredocs/aci-helloworld` 를 씁니다.)

클러스터도, 관리할 VM도 없습니다: ACI가 실행할 자리를 할당하고, 이미지를 내려받고, 컨테이너를 시작하고, 공인
IP를 주었습니다. 컨테이너 그룹을 표로, 그리고 그 안에서 일어난 일을 봅니다:
"""),
    code("""
%az container list -o table
%az container show -g myResourceGroup -n mycontainer --query "containers[0].instanceView.events[].{name:name, message:message}" -o table
"""),
    md("What the app printed so far — its container log:", "앱이 지금까지 출력한 것 — 컨테이너 로그:"),
    code("""
%az container logs --resource-group myResourceGroup --name mycontainer
"""),
    md("Now `curl` the public IP, as on the slide:", "이제 슬라이드처럼 공인 IP에 `curl` 을 보냅니다:"),
    code("""
ip = az("container show -g myResourceGroup -n mycontainer --query ipAddress.ip -o tsv", echo=False).strip()
az.curl(ip);
"""),
    md("""
**Hypervisor isolation**: each container group runs in its own hypervisor-isolated environment, so
containers of different customers never share a kernel — the Hyper-V-container idea of chapter 1,
offered as a service. (The simulator does not model the isolation itself, only its consequences for
you: a separate IP, per-group resources.)

### Per-second billing

ACI bills the group's requested vCPUs and GBs of memory **per second** while it runs — nothing for
idle VMs, because there are none. Let an hour pass, delete the group, let another hour pass:
""", """
**하이퍼바이저 격리**: 컨테이너 그룹마다 하이퍼바이저로 격리된 자기 환경에서 실행되므로 서로 다른 고객의
컨테이너가 커널을 공유하는 일이 없습니다 — 1장의 Hyper-V 컨테이너 개념을 서비스로 제공하는 셈입니다.
(시뮬레이터는 격리 자체가 아니라 여러분에게 보이는 결과만 모델링합니다: 별도의 IP, 그룹별 자원.)

### 초 단위 과금

ACI는 그룹이 실행되는 동안 요청한 vCPU와 메모리 GB에 대해 **초 단위로** 과금합니다 — 놀고 있는 VM이 아예
없으니 그 비용도 없습니다. 한 시간을 흘려보내고, 그룹을 지우고, 다시 한 시간을 흘려보냅니다:
"""),
    code("""
az.run(seconds=3600)
%az container delete -g myResourceGroup -n mycontainer --yes -o none
az.run(seconds=3600)
print(f"prices as of {AS_OF}")
aci_costs(az)[["name", "cpu", "memory_gb", "seconds", "vcpu_seconds", "gb_seconds", "running", "cost_usd"]]
"""),
    md("""
Billed seconds stop at the delete; the second hour cost nothing. (Difference from real ACI: real
billing starts when the image pull starts; the simulator starts the meter when the group is created,
about 8 seconds earlier.)

## 2. ACR: your private registry

Registry names are global DNS names (`<name>.azurecr.io`), so they have rules. A name with a dash is
refused — the real error:
""", """
과금 시간은 삭제에서 멈추고, 두 번째 한 시간은 비용이 없습니다. (실제 ACI와의 차이: 실제 과금은 이미지 풀이
시작될 때 시작하고, 시뮬레이터는 그룹을 만들 때 — 약 8초 먼저 — 미터를 시작합니다.)

## 2. ACR: 나만의 프라이빗 레지스트리

레지스트리 이름은 전역 DNS 이름(`<name>.azurecr.io`)이므로 규칙이 있습니다. 대시가 들어간 이름은 거부됩니다 —
실제 오류 그대로:
"""),
    code("""
%az acr create --resource-group myResourceGroup --name my-registry --sku Basic
"""),
    code("""
%az acr create --resource-group myResourceGroup --name k8scourseacr --sku Basic -o table
"""),
    md("""
(On real Azure pick your own name: `k8scourseacr` is taken the moment the first student creates it.)

An image to push: a Dockerfile that starts from the ACI hello-world image and replaces its page.
The files go into the simulated home directory, `az.files` — the `docker` and `az acr build` front
ends read build contexts from there (or from real files next to the notebook):
""", """
(실제 Azure에서는 자기만의 이름을 고르세요: `k8scourseacr` 은 첫 번째 학생이 만드는 순간 주인이 생깁니다.)

푸시할 이미지: ACI hello-world 이미지에서 시작해 페이지를 바꾸는 Dockerfile입니다. 파일은 시뮬레이션된 홈
디렉터리 `az.files` 에 들어갑니다 — `docker` 와 `az acr build` 는 빌드 컨텍스트를 거기서 (또는 노트북 옆의
실제 파일에서) 읽습니다:
"""),
    code("""
az.files["hello/Dockerfile"] = '''FROM mcr.microsoft.com/azuredocs/aci-helloworld
COPY index.html /usr/src/app/index.html
'''
az.files["hello/index.html"] = "<h1>Hello from my private registry</h1>\\n"
%docker build -t hello:v1 hello
"""),
    md("""
To push to ACR, the image's name must start with the registry's login server. A push without
logging in first is refused:
""", """
ACR에 푸시하려면 이미지 이름이 레지스트리의 로그인 서버로 시작해야 합니다. 먼저 로그인하지 않은 푸시는
거부됩니다:
"""),
    code("""
%docker tag hello:v1 k8scourseacr.azurecr.io/hello:v1
%docker push k8scourseacr.azurecr.io/hello:v1
"""),
    md("`az acr login` stores a token for the registry in `~/.docker/config.json`; then the push works:", "`az acr login` 은 레지스트리용 토큰을 `~/.docker/config.json` 에 저장합니다. 그러면 푸시가 됩니다:"),
    code("""
%az acr login --name k8scourseacr
%docker push k8scourseacr.azurecr.io/hello:v1
"""),
    code("""
%az acr repository list --name k8scourseacr -o table
"""),
    md("""
**Building in the registry**: `az acr build` sends the build context to ACR, which builds and pushes
the image itself — no Docker engine needed on your machine. Layers the registry already has are not
stored again:
""", """
**레지스트리 안에서 빌드하기**: `az acr build` 는 빌드 컨텍스트를 ACR로 보내고, ACR이 직접 이미지를 빌드해
푸시합니다 — 여러분의 컴퓨터에는 Docker 엔진이 필요 없습니다. 레지스트리에 이미 있는 레이어는 다시 저장하지
않습니다:
"""),
    code("""
%az acr build --registry k8scourseacr --image hello:v2 hello
"""),
    code("""
%az acr repository show-tags --name k8scourseacr --repository hello -o table
"""),
    md("""
**Geo-replication** (one registry, replicas in several regions, pulls served nearby) needs the
Premium SKU:
""", """
**지역 복제**(geo-replication: 레지스트리 하나, 여러 리전의 복제본, 가까운 곳에서 풀)에는 Premium SKU가
필요합니다:
"""),
    code("""
%az acr replication create --registry k8scourseacr --location westus
"""),
    md("""
### Running the private image

ACI pulls from a private registry when given credentials. With the registry's admin user enabled
(fine for a demo; in production use a service principal or managed identity):
""", """
### 프라이빗 이미지 실행하기

ACI는 자격 증명을 주면 프라이빗 레지스트리에서 이미지를 가져옵니다. 레지스트리의 관리자 사용자를 켜서
(데모로는 괜찮지만, 운영에서는 서비스 주체나 관리 ID를 쓰세요):
"""),
    code("""
%az acr update -n k8scourseacr --admin-enabled true -o none
password = az("acr credential show -n k8scourseacr --query passwords[0].value -o tsv", echo=False).strip()
az(f"container create -g myResourceGroup -n hello --image k8scourseacr.azurecr.io/hello:v2 --ip-address public "
   f"--registry-login-server k8scourseacr.azurecr.io --registry-username k8scourseacr "
   f"--registry-password {password} -o none")
az.curl(az("container show -g myResourceGroup -n hello --query ipAddress.ip -o tsv", echo=False).strip());
"""),
    md("""
### AKS and ACR

On real Azure, `az aks create … --attach-acr k8scourseacr` (or `az aks update --attach-acr`) gives the
cluster's kubelet identity the **AcrPull** role on the registry, so pods can use
`k8scourseacr.azurecr.io/hello:v2` with no `imagePullSecret`; without it, pulls fail with
`401 Unauthorized` and the pod ends in `ImagePullBackOff`.

**Simulator status — said plainly:** the simulator accepts and records `--attach-acr`, but its nodes
cannot pull images from a simulated ACR yet, attached or not, so this notebook does not run a
private image on AKS. The cluster below is created with `--attach-acr` for realism; its pods use
public images.

## 3. Virtual nodes: bursting from AKS into ACI

*"Kubernetes provides rich orchestration capabilities; ACI provides infinite container-based scale;
the ACI Connector for K8s brings them together."* The **Virtual Kubelet** registers itself as a
*node*, but instead of running containers on a VM it implements the pod operations with ACI: a pod
scheduled there becomes a container group.

AKS's *virtual nodes* add-on is that, managed. It needs the **Azure CNI** network plugin — with the
default, kubenet, Azure refuses it before creating anything:
""", """
### AKS와 ACR

실제 Azure에서 `az aks create … --attach-acr k8scourseacr` (또는 `az aks update --attach-acr`)는 클러스터의
kubelet ID에 레지스트리의 **AcrPull** 역할을 주므로, 파드가 `imagePullSecret` 없이
`k8scourseacr.azurecr.io/hello:v2` 를 쓸 수 있습니다. 이것이 없으면 풀이 `401 Unauthorized` 로 실패하고
파드는 `ImagePullBackOff` 에 빠집니다.

**시뮬레이터의 현재 상태 — 솔직하게:** 시뮬레이터는 `--attach-acr` 를 받아 기록하지만, 연결 여부와 상관없이
노드가 아직 시뮬레이션된 ACR에서 이미지를 가져오지 못합니다. 그래서 이 노트북은 AKS에서 프라이빗 이미지를
실행하지 않습니다. 아래 클러스터는 현실감을 위해 `--attach-acr` 로 만들고, 파드는 공개 이미지를 씁니다.

## 3. 가상 노드: AKS에서 ACI로 넘쳐 보내기

*"Kubernetes provides rich orchestration capabilities; ACI provides infinite container-based scale;
the ACI Connector for K8s brings them together."* (Kubernetes는 풍부한 오케스트레이션을, ACI는 무한한 컨테이너
규모를 제공하고, ACI Connector가 둘을 잇는다.) **Virtual Kubelet** 은 자신을 *노드*로 등록하지만, VM에서
컨테이너를 실행하는 대신 ACI로 파드 작업을 수행합니다: 그곳에 스케줄된 파드는 컨테이너 그룹이 됩니다.

AKS의 *가상 노드(virtual nodes)* 애드온이 바로 그것을 관리형으로 제공합니다. 이 애드온에는 **Azure CNI**
네트워크 플러그인이 필요합니다 — 기본값인 kubenet 에서는 Azure가 아무것도 만들기 전에 거부합니다:
"""),
    code("""
%az aks create -g myResourceGroup -n kubenetCluster --generate-ssh-keys --enable-addons virtual-node --aci-subnet-name myVirtualNodeSubnet --vnet-subnet-id /subscriptions/0/resourceGroups/myResourceGroup/providers/Microsoft.Network/virtualNetworks/myVnet/subnets/myAKSSubnet
"""),
    md("""
So: a cluster with `--network-plugin azure`, then the add-on. (The real walkthrough first creates a
virtual network with one subnet for the nodes and one for ACI, `myVirtualNodeSubnet`; the simulator
does not model the virtual network, only the subnet's name.)
""", """
그래서: `--network-plugin azure` 로 클러스터를 만들고, 그다음 애드온을 켭니다. (실제 안내서는 먼저 노드용
서브넷과 ACI용 서브넷 `myVirtualNodeSubnet` 이 있는 가상 네트워크를 만듭니다. 시뮬레이터는 가상 네트워크는
모델링하지 않고 서브넷 이름만 씁니다.)
"""),
    code("""
%az aks create -g myResourceGroup -n myAKSCluster --network-plugin azure --attach-acr k8scourseacr --generate-ssh-keys -o none
%az aks enable-addons -g myResourceGroup -n myAKSCluster --addons virtual-node --subnet-name myVirtualNodeSubnet --query addonProfiles.aciConnectorLinux.enabled
%az aks get-credentials -g myResourceGroup -n myAKSCluster
%kubectl get nodes
"""),
    md("""
A fourth node, `virtual-node-aci-linux`, with a huge capacity (ACI's) and a taint, so pods land there
only when they ask to:
""", """
네 번째 노드 `virtual-node-aci-linux` 는 (ACI의) 엄청난 용량과 테인트를 가지므로, 파드는 요청할 때만 그곳에
놓입니다:
"""),
    code("""
%kubectl get node virtual-node-aci-linux -o jsonpath="{.metadata.labels.type} {.spec.taints} {.status.capacity}"
print()
"""),
    md("""
The Deployment from Microsoft's virtual-node walkthrough: the `nodeSelector` picks the virtual
kubelet, the `tolerations` accept its taints:
""", """
Microsoft의 가상 노드 안내서에 나오는 디플로이먼트입니다. `nodeSelector` 는 가상 kubelet 을 고르고,
`tolerations` 는 그 테인트를 받아들입니다:
"""),
    code(VIRTUAL_NODE_DEPLOYMENT),
    md("And an ordinary Deployment next to it, without them:", "그리고 그 옆에 이것들이 없는 평범한 디플로이먼트:"),
    code("""
%kubectl create deployment web --image=nginx --replicas=2
az.run(seconds=60)
%kubectl get pods -o wide
"""),
    md("""
The `aci-helloworld` pod runs on `virtual-node-aci-linux` — in ACI, on no VM of yours — while the
ordinary pods stay on the VM nodes. Bursting is scaling that Deployment: ACI takes the extra pods
without new VMs being added to the cluster:
""", """
`aci-helloworld` 파드는 `virtual-node-aci-linux` 에서 — 여러분의 어떤 VM도 아닌 ACI에서 — 실행되고, 평범한
파드는 VM 노드에 머뭅니다. 넘쳐 보내기란 그 디플로이먼트를 확장하는 것입니다: 클러스터에 새 VM을 더하지 않고도
ACI가 늘어난 파드를 받아 줍니다:
"""),
    code("""
%kubectl scale deployment aci-helloworld --replicas=5
az.run(seconds=60)
%kubectl get pods -o wide -l app=aci-helloworld
"""),
    md("""
With Azure CNI the ordinary pods have addresses on the nodes' own VNet subnet (`10.224.0.x`: each
node reserves 30 addresses right after its own for its pods), the virtual node's pods on the ACI
subnet (`10.241.x.x`). (Simulator difference: the real add-on creates a container group per
virtual-node pod in the cluster's `MC_…` resource group, which `az container list` shows — the
simulator does not.)

## 4. Open Service Broker for Azure

The lecture's OSBA: the cluster asks a **broker** for an Azure service (a database, a storage
account); the broker **provisions** it, and a **binding** puts its credentials into the cluster as a
**Secret** for pods to read.

**Status today:** OSBA is retired — Microsoft stopped maintaining it in June 2020, and the Kubernetes
Service Catalog it relied on was archived. Its successor is **Azure Service Operator** (v2), which
manages Azure resources as Kubernetes custom resources. The simulator keeps OSBA because the lecture
shows it; `osba.status()` says so too:
""", """
Azure CNI에서 평범한 파드는 노드 자신의 VNet 서브넷 주소(`10.224.0.x`: 노드마다 자기 주소 바로 뒤의 30개를
파드용으로 예약)를 받고, 가상 노드의 파드는 ACI 서브넷 주소(`10.241.x.x`)를 받습니다. (시뮬레이터의 차이: 실제
애드온은 가상 노드 파드마다 클러스터의 `MC_…` 리소스 그룹에 컨테이너 그룹을 만들고 `az container list` 에
보이지만, 시뮬레이터는 그렇게 하지 않습니다.)

## 4. Open Service Broker for Azure

강의의 OSBA: 클러스터가 **브로커**에게 Azure 서비스(데이터베이스, 스토리지 계정)를 요청하면, 브로커가 그것을
**프로비저닝**하고, **바인딩**이 그 자격 증명을 클러스터에 **시크릿**(Secret)으로 넣어 파드가 읽게 합니다.

**현재 상황:** OSBA는 은퇴했습니다 — Microsoft는 2020년 6월에 유지 보수를 멈췄고, OSBA가 기대던 Kubernetes
Service Catalog도 보관(archive)되었습니다. 후속은 Azure 리소스를 Kubernetes 커스텀 리소스로 관리하는 **Azure
Service Operator** (v2)입니다. 강의가 보여 주기 때문에 시뮬레이터는 OSBA를 남겨 두었고, `osba.status()` 도
그렇게 알려 줍니다:
"""),
    code("""
from k8scourse.cloud import osba
print(osba.status())
broker = osba.ServiceBroker(az)
broker.catalog().query("service in ['azure-postgresql', 'azure-storage']")
"""),
    code("""
broker.provision("orders-db", "azure-postgresql", "basic", resource_group="myResourceGroup",
                 parameters={"database": "orders"})
cluster = current_cluster()            # the cluster kubectl talks to: myAKSCluster
try:
    broker.bind("orders-db", cluster, "default")
except osba.BrokerError as err:
    print(f"bind refused: {err}")
"""),
    code("""
az.run(seconds=300)
print(broker.instances_frame().to_string(index=False))
broker.bind("orders-db", cluster, "default")
%kubectl get secrets
%kubectl describe secret orders-db-secret
"""),
    md("""
A pod would read these keys as environment variables (`valueFrom.secretKeyRef`) or as files from a
Secret volume — its image never contains the password.

## Try it

* Give `mycontainer`'s replacement more resources: `--cpu 2 --memory 3.5` and compare its
  `aci_costs` row after ten simulated minutes (`az.run(seconds=600)`).
* Try registry names: `k8s`, `K8sCourseAcr2`, `k8scourse_acr` — which are accepted?
* Scale the virtual-node Deployment to 20 replicas. Does the cluster need more VMs?
""", """
파드는 이 키들을 환경 변수(`valueFrom.secretKeyRef`)나 시크릿 볼륨의 파일로 읽습니다 — 이미지에는 비밀번호가
절대 들어가지 않습니다.

## 직접 해 보기

* `mycontainer` 를 대신할 그룹에 자원을 더 주고 (`--cpu 2 --memory 3.5`), 시뮬레이션 시간 10분 뒤
  (`az.run(seconds=600)`) `aci_costs` 의 그 행과 비교해 보세요.
* 레지스트리 이름 `k8s`, `K8sCourseAcr2`, `k8scourse_acr` 을 시험해 보세요 — 어느 것이 받아들여지나요?
* 가상 노드 디플로이먼트를 레플리카 20개로 확장해 보세요. 클러스터에 VM이 더 필요한가요?
"""),
    code("""
%az container create -g myResourceGroup -n bigger --image mcr.microsoft.com/azuredocs/aci-helloworld --cpu 2 --memory 3.5 -o none
az.run(seconds=600)
aci_costs(az)[["name", "cpu", "memory_gb", "seconds", "running", "cost_usd"]]
"""),
    code("""
for name in ("k8s", "K8sCourseAcr2", "k8scourse_acr"):
    result = az(f"acr create -g myResourceGroup -n {name} --sku Basic -o none", echo=False)
    print(f"{name:15} exit {result.exit_code}  {result.stderr.strip()}")
"""),
    md("""
## Self-check

1. Which ACI fields did the slide's `az container create` output show, and which one do you `curl`?
2. For how long is an ACI container group billed?
3. Why did the first `docker push` fail, and what did `az acr login` change?
4. What does `az acr build` save you compared with `docker build` + `docker push`?
5. Why must the virtual-node pod carry both a `nodeSelector` and `tolerations`?
6. OSBA's binding produced a Secret. What replaced OSBA, and how does it represent an Azure
   database?

<details><summary>Answers</summary>

1. `ipAddress` (`ip`, `ports`), `location`, `name`, `osType`, `provisioningState`; you `curl` the
   public IP (port 80).
2. Per second, for the requested vCPUs and memory, while it runs (real ACI: from the start of the
   image pull until it stops); a deleted group costs nothing.
3. The registry needs authentication; `az acr login` wrote a token for `k8scourseacr.azurecr.io` into
   `~/.docker/config.json`, which `docker push` uses.
4. A local Docker engine and the upload of every layer from your machine: the registry builds and
   stores the image itself.
5. The taint `virtual-kubelet.io/provider` keeps every other pod off the virtual node, so the pod must
   tolerate it; the `nodeSelector` makes it go *only* there (a toleration alone merely allows it).
6. Azure Service Operator (v2): Azure resources are Kubernetes custom resources (e.g. a
   `FlexibleServer`), created with `kubectl apply`, and it writes connection details into Secrets.
</details>
""", """
## 스스로 점검하기

1. 슬라이드의 `az container create` 출력은 ACI의 어떤 필드들을 보여 주었고, 어느 것에 `curl` 을 보내나요?
2. ACI 컨테이너 그룹은 얼마 동안 과금되나요?
3. 첫 번째 `docker push` 는 왜 실패했고, `az acr login` 은 무엇을 바꾸었나요?
4. `az acr build` 는 `docker build` + `docker push` 에 비해 무엇을 덜어 주나요?
5. 가상 노드용 파드에는 왜 `nodeSelector` 와 `tolerations` 가 모두 있어야 하나요?
6. OSBA의 바인딩은 시크릿을 만들었습니다. OSBA를 대신하는 것은 무엇이고, 그것은 Azure 데이터베이스를 어떻게
   나타내나요?

<details><summary>답</summary>

1. `ipAddress` (`ip`, `ports`), `location`, `name`, `osType`, `provisioningState`. 공인 IP(포트 80)에
   `curl` 을 보냅니다.
2. 실행되는 동안 요청한 vCPU와 메모리에 대해 초 단위로 과금됩니다 (실제 ACI: 이미지 풀이 시작될 때부터 멈출
   때까지). 지운 그룹은 비용이 없습니다.
3. 레지스트리에는 인증이 필요합니다. `az acr login` 이 `k8scourseacr.azurecr.io` 용 토큰을
   `~/.docker/config.json` 에 썼고, `docker push` 가 그것을 씁니다.
4. 로컬 Docker 엔진과, 모든 레이어를 여러분의 컴퓨터에서 올리는 일: 레지스트리가 직접 이미지를 빌드하고
   저장합니다.
5. 테인트 `virtual-kubelet.io/provider` 가 다른 모든 파드를 가상 노드에서 떼어 놓으므로 파드가 그 테인트를
   용인해야 합니다. `nodeSelector` 는 파드가 *오직* 그곳으로 가게 합니다 (톨러레이션만으로는 허용만 될 뿐입니다).
6. Azure Service Operator (v2): Azure 리소스가 Kubernetes 커스텀 리소스(예: `FlexibleServer`)이고,
   `kubectl apply` 로 만들며, 연결 정보를 시크릿에 씁니다.
</details>
"""),
]


if __name__ == "__main__":
    write("04-aci-acr-virtual-nodes", CELLS)
