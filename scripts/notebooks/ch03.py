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
"""),
    code("""
%az group create --name myResourceGroup --location eastus
"""),
    md("""
The lecture's command. `--generate-ssh-keys` creates `~/.ssh/id_rsa(.pub)` for the node VMs if you
have none (the warning says where). `-o table` keeps the answer short; without it `az` prints the
whole managed-cluster resource as JSON (try `%az aks show -g myResourceGroup -n myCluster`).
`- Running ..` is the CLI's progress line while Azure works:
"""),
    code("""
start = az.sim.now_ms
%az aks create -g myResourceGroup -n myCluster --generate-ssh-keys -o table
print(f"simulated minutes that passed: {(az.sim.now_ms - start) / 60000:.1f}")
"""),
    md("""
`az aks install-cli` downloads `kubectl` (and `kubelogin`) — in Azure Cloud Shell it is already
installed (*Azure Cloud Shell에서는 불필요*). Here the simulator only prints what the CLI prints:
"""),
    code("""
%az aks install-cli
"""),
    md("""
`get-credentials` merges the cluster's address and a user certificate into `~/.kube/config` and makes
it the current context, so `kubectl` now talks to `myCluster`:
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

## 2. Upgrade

Which Kubernetes versions can this cluster move to, in this region
(*해당 Region에서 지원되는 K8s버전 확인*)?
"""),
    code("""
%az aks get-upgrades --resource-group myResourceGroup --name myCluster -o table
"""),
    md("""
The upgrade. `--yes` answers the confirmation prompt (a notebook has no terminal to ask on). On real
Azure this command blocks for roughly **20 minutes** (*대략 20분 소요*) for three nodes; here the
same simulated minutes pass in a moment:
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
"""),
    code("""
form = AKSPortalForm(az, name="myAKSCluster", group="myResourceGroup", new_group=False, count=3)
form
"""),
    code("""
for line in form.commands():
    print(line)
"""),
    md("Pressing **Create** does this (the button calls the same method):"),
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
custom = build_cluster(definition, seed=3)
custom.kubectl("get nodes -L agentpool,node.kubernetes.io/instance-type")
"""),
    md("""
Here the **master is a node you can see** (ROLES `control-plane,master`), tainted so ordinary pods
stay off it — it is your VM to patch and keep alive:
"""),
    code("""
custom.kubectl("get nodes -l kubernetes.io/role=master -o jsonpath={.items[0].spec.taints}")
print()
"""),
    md("""
A bad definition is rejected naming the field (the simulator's check, in the spirit of the engine's
own validation):
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
"""),
]


if __name__ == "__main__":
    write("03-aks", CELLS)
