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
"""),
    code("""
%az container create --name mycontainer --image microsoft/aci-helloworld --resource-group myResourceGroup --ip-address public --query "{ipAddress:ipAddress, location:location, name:name, osType:osType, provisioningState:provisioningState}"
"""),
    md("""
(`microsoft/aci-helloworld` is the lecture's Docker Hub name; Microsoft's current documentation uses
`mcr.microsoft.com/azuredocs/aci-helloworld`, the same app.)

No cluster, no VM to manage: ACI allocated a place to run, pulled the image, started the container
and gave it a public IP. The container group as a table, and what happened inside it:
"""),
    code("""
%az container list -o table
%az container show -g myResourceGroup -n mycontainer --query "containers[0].instanceView.events[].{name:name, message:message}" -o table
"""),
    md("What the app printed so far — its container log:"),
    code("""
%az container logs --resource-group myResourceGroup --name mycontainer
"""),
    md("Now `curl` the public IP, as on the slide:"),
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
"""),
    code("""
%docker tag hello:v1 k8scourseacr.azurecr.io/hello:v1
%docker push k8scourseacr.azurecr.io/hello:v1
"""),
    md("`az acr login` stores a token for the registry in `~/.docker/config.json`; then the push works:"),
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
"""),
    code("""
%az acr replication create --registry k8scourseacr --location westus
"""),
    md("""
### Running the private image

ACI pulls from a private registry when given credentials. With the registry's admin user enabled
(fine for a demo; in production use a service principal or managed identity):
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
"""),
    code("""
%az aks create -g myResourceGroup -n kubenetCluster --generate-ssh-keys --enable-addons virtual-node --aci-subnet-name myVirtualNodeSubnet --vnet-subnet-id /subscriptions/0/resourceGroups/myResourceGroup/providers/Microsoft.Network/virtualNetworks/myVnet/subnets/myAKSSubnet
"""),
    md("""
So: a cluster with `--network-plugin azure`, then the add-on. (The real walkthrough first creates a
virtual network with one subnet for the nodes and one for ACI, `myVirtualNodeSubnet`; the simulator
does not model the virtual network, only the subnet's name.)
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
"""),
    code("""
%kubectl get node virtual-node-aci-linux -o jsonpath="{.metadata.labels.type} {.spec.taints} {.status.capacity}"
print()
"""),
    md("""
The Deployment from Microsoft's virtual-node walkthrough: the `nodeSelector` picks the virtual
kubelet, the `tolerations` accept its taints:
"""),
    code(VIRTUAL_NODE_DEPLOYMENT),
    md("And an ordinary Deployment next to it, without them:"),
    code("""
%kubectl create deployment web --image=nginx --replicas=2
az.run(seconds=60)
%kubectl get pods -o wide
"""),
    md("""
The `aci-helloworld` pod runs on `virtual-node-aci-linux` — in ACI, on no VM of yours — while the
ordinary pods stay on the VM nodes. Bursting is scaling that Deployment: ACI takes the extra pods
without new VMs being added to the cluster:
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
"""),
]


if __name__ == "__main__":
    write("04-aci-acr-virtual-nodes", CELLS)
