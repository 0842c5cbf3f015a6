"""AKS through the az front end: the lecture's command sequence, CLI errors, the managed-cluster
model, node pools, stop/start, the cluster autoscaler and virtual nodes."""

from __future__ import annotations

import json
import re

import pytest

from k8scourse.cloud import Azure
from reftables import AZ_GOLDEN


def az_golden(number: int) -> tuple[str, str, int]:
    """(command after ``az``, printed text, exit code) of ``tests/data/reference/az-golden/NN.txt``
    (recorded from Azure CLI 2.91.0: ``AZ_VERSION``)."""
    text = (AZ_GOLDEN / f"{number:02d}.txt").read_text(encoding="utf-8")
    command, _, rest = text.partition("\n")
    match = re.search(r"\[exit (\d+)\]\n?$", rest)
    return command.removeprefix("$ az "), rest[:match.start()], int(match.group(1))


SSH_WARNING = (
    "WARNING: SSH key files '/home/student/.ssh/id_rsa' and '/home/student/.ssh/id_rsa.pub' have been generated "
    "under ~/.ssh to allow SSH access to the VM. If using machines without permanent storage like Azure Cloud Shell "
    "without an attached file share, back up your keys to a safe location\n")
NODE = re.compile(r"^aks-nodepool1-\d{8}-vmss00000\d$")


@pytest.fixture
def azure():
    a = Azure(seed=0)
    a("group create -n myResourceGroup -l eastus -o none", echo=False)
    return a


def run(a, cmd):
    return a(cmd, echo=False)


def node_rows(a):
    lines = a.kubectl("get nodes", echo=False).splitlines()
    assert lines[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    return [line.split() for line in lines[1:]]


def created(a, extra="", name="myCluster"):
    r = run(a, f"aks create -g myResourceGroup -n {name} --generate-ssh-keys {extra}")
    assert r.exit_code == 0, str(r)
    return r


def test_the_lecture_sequence(azure):
    r = created(azure)
    assert r.stderr == SSH_WARNING + " - Running ..\n"
    assert json.loads(r.stdout)["provisioningState"] == "Succeeded"
    assert azure.files["/home/student/.ssh/id_rsa.pub"].startswith("ssh-rsa AAAA")
    assert "PRIVATE KEY" in azure.files["/home/student/.ssh/id_rsa"]

    r = run(azure, "aks install-cli")
    assert r.exit_code == 0 and r.stdout == ""
    assert ('WARNING: Downloading client to "/usr/local/bin/kubectl" from '
            '"https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl"\n') in r.stderr

    r = run(azure, "aks get-credentials -g myResourceGroup -n myCluster")
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr == 'WARNING: Merged "myCluster" as current context in /home/student/.kube/config\n'
    assert "current-context: myCluster" in azure.files["/home/student/.kube/config"]

    rows = node_rows(azure)
    assert len(rows) == 3
    assert all(NODE.match(row[0]) and row[1] == "Ready" and row[4] == "v1.32.4" for row in rows)

    assert run(azure, "aks get-upgrades --resource-group myResourceGroup --name myCluster -o table") == (
        "Name     ResourceGroup    MasterVersion    Upgrades\n"
        "-------  ---------------  ---------------  --------------\n"
        "default  myResourceGroup  1.32.4           1.33.0, 1.33.1\n")

    start = azure.sim.now_ms
    r = run(azure, "aks upgrade -g myResourceGroup -n myCluster --kubernetes-version 1.33.1 --yes")
    assert r.exit_code == 0 and r.stderr == " - Running ..\n"
    minutes = (azure.sim.now_ms - start) / 60_000
    assert 15 <= minutes <= 25                               # "about 20 minutes"
    shown = json.loads(r.stdout)
    assert shown["currentKubernetesVersion"] == "1.33.1"
    assert {p["orchestratorVersion"] for p in shown["agentPoolProfiles"]} == {"1.33.1"}
    rows = node_rows(azure)
    assert [row[0] for row in rows] == [f"{rows[0][0][:-1]}{i}" for i in range(3)]   # same names, reimaged
    assert all(row[1] == "Ready" and row[4] == "v1.33.1" for row in rows)

    r = run(azure, "aks scale -g myResourceGroup -n myCluster --node-count 4")
    assert r.exit_code == 0 and r.stderr == " - Running ..\n"
    rows = node_rows(azure)
    assert len(rows) == 4 and all(row[1] == "Ready" and row[4] == "v1.33.1" for row in rows)
    assert json.loads(r.stdout)["agentPoolProfiles"][0]["count"] == 4


def test_the_same_notebook_prints_the_same_bytes():
    def session():
        a = Azure(seed=3)
        out = [run(a, "group create -n rg -l koreacentral"), run(a, "aks create -g rg -n c --generate-ssh-keys"),
               run(a, "aks get-credentials -g rg -n c"), a.kubectl("get nodes -o wide", echo=False),
               run(a, "aks scale -g rg -n c -c 2"), a.kubectl("get nodes", echo=False)]
        return [str(o) for o in out] + [a.files["/home/student/.ssh/id_rsa.pub"]]
    first = session()
    assert first == session()                 # a second, independent run
    assert len(first) == 7 and all(first) and not any("ERROR" in o for o in first)


def test_keys_are_generated_once_and_reused(azure):
    created(azure)
    key = azure.files["/home/student/.ssh/id_rsa.pub"].strip()
    r = created(azure, name="second")
    assert "WARNING" not in r.stderr
    assert json.loads(r.stdout)["linuxProfile"]["ssh"]["publicKeys"] == [{"keyData": key}]
    r = run(azure, "aks create -g myResourceGroup -n third --ssh-key-value nonsense")
    assert r.exit_code == 1 and r.stderr.startswith("ERROR: The SSH key provided is not a valid RSA public key.")


def test_argument_errors_are_the_clis_and_change_nothing(azure):
    for number in (1, 2, 3):            # aks create: missing, ill-typed and disallowed arguments
        cmd, golden, code = az_golden(number)
        r = run(azure, cmd)
        assert (r.exit_code, r.stdout, r.stderr) == (code, "", golden)
    r = run(azure, "aks create -g myResourceGroup -n my.cluster --generate-ssh-keys")
    assert (r.exit_code, r.stderr) == (1, "ERROR: --name cannot exceed 63 characters and can only contain letters, "
                                          "numbers, underscores (_) or dashes (-).\n")
    r = run(azure, "aks create -g nope -n myCluster")
    assert r.exit_code == 3 and r.stderr.startswith("ERROR: (ResourceGroupNotFound) Resource group 'nope'")
    assert run(azure, "aks list") == "[]\n"
    assert azure.files == {}


def test_unknown_cluster_and_bad_upgrades_change_nothing(azure):
    message = ("The Resource 'Microsoft.ContainerService/managedClusters/x' under resource group 'myResourceGroup' "
               "was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix")
    for cmd in ("aks show -g myResourceGroup -n x", "aks get-credentials -g myResourceGroup -n x",
                "aks scale -g myResourceGroup -n x -c 2", "aks upgrade -g myResourceGroup -n x -k 1.33.1 --yes"):
        r = run(azure, cmd)
        assert (r.exit_code, r.stderr) == (3, f"ERROR: (ResourceNotFound) {message}\nCode: ResourceNotFound\n"
                                              f"Message: {message}\n"), cmd
    created(azure, "-k 1.31.7")
    run(azure, "aks get-credentials -g myResourceGroup -n myCluster")
    before = (azure.sim.now_ms, azure.kubectl("get nodes", echo=False))
    r = run(azure, "aks upgrade -g myResourceGroup -n myCluster -k 1.33.1 --yes")
    text = ("Upgrading Kubernetes version 1.31.7 to 1.33.1 is not allowed. Available upgrades: [1.32.4 1.32.3 1.31.8]."
            " Please see https://aka.ms/aks-supported-k8s-ver for version details.")
    assert (r.exit_code, r.stderr) == (1, f"ERROR: (OperationNotAllowed) {text}\nCode: OperationNotAllowed\n"
                                          f"Message: {text}\n")
    r = run(azure, "aks upgrade -g myResourceGroup -n myCluster -k 1.32.4")
    assert r.stderr == "ERROR: Unable to prompt for confirmation as no tty available. Use --yes.\n"
    assert (azure.sim.now_ms, azure.kubectl("get nodes", echo=False)) == before
    assert json.loads(run(azure, "aks show -g myResourceGroup -n myCluster"))["currentKubernetesVersion"] == "1.31.7"


def test_managed_cluster_json(azure):
    created(azure)
    mc = json.loads(run(azure, "aks show -g myResourceGroup -n myCluster"))
    assert mc["type"] == "Microsoft.ContainerService/ManagedClusters"
    assert mc["nodeResourceGroup"] == "MC_myResourceGroup_myCluster_eastus"
    assert mc["dnsPrefix"] == "myCluster-myResourceGroup-000000"
    assert re.match(r"^mycluster-myresourcegroup-000000-[0-9a-f]{8}\.hcp\.eastus\.azmk8s\.io$", mc["fqdn"])
    assert mc["identity"]["type"] == "SystemAssigned" and mc["powerState"] == {"code": "Running"}
    assert mc["linuxProfile"]["adminUsername"] == "azureuser"
    net = mc["networkProfile"]
    assert (net["networkPlugin"], net["podCidr"], net["serviceCidr"], net["dnsServiceIp"]) == (
        "kubenet", "10.244.0.0/16", "10.0.0.0/16", "10.0.0.10")
    pool = mc["agentPoolProfiles"][0]
    assert (pool["name"], pool["count"], pool["vmSize"], pool["maxPods"], pool["mode"]) == (
        "nodepool1", 3, "Standard_DS2_v2", 110, "System")
    run(azure, "aks get-credentials -g myResourceGroup -n myCluster")
    assert azure.kubectl("get svc kubernetes", echo=False).splitlines()[1].split()[2] == "10.0.0.1"
    assert run(azure, "aks list -o table").splitlines()[0].split() == [
        "Name", "Location", "ResourceGroup", "KubernetesVersion", "CurrentKubernetesVersion", "ProvisioningState",
        "Fqdn"]
    azure_cni = json.loads(run(azure, "aks create -g myResourceGroup -n cni --network-plugin azure").stdout)
    assert azure_cni["agentPoolProfiles"][0]["maxPods"] == 30 and azure_cni["networkProfile"]["podCidr"] is None


def test_credentials_for_clusters_side_by_side(azure):
    created(azure, name="dev")
    created(azure, name="prod")
    assert run(azure, "aks get-credentials -g myResourceGroup -n dev").exit_code == 0
    r = run(azure, "aks get-credentials -g myResourceGroup -n prod --admin")
    assert r.stderr == 'WARNING: Merged "prod-admin" as current context in /home/student/.kube/config\n'
    assert set(azure.kubeconfig.contexts) == {"dev", "prod-admin"}
    assert azure.kubectl("config current-context", echo=False) == "prod-admin\n"
    run(azure, "aks delete -g myResourceGroup -n dev --yes")
    created(azure, name="dev")
    r = run(azure, "aks get-credentials -g myResourceGroup -n dev")
    assert (r.exit_code, r.stderr) == (1, "ERROR: A different object named dev already exists in clusters in your "
                                          "kubeconfig file.\n")
    assert run(azure, "aks get-credentials -g myResourceGroup -n dev --overwrite-existing").exit_code == 0
    assert len(node_rows(azure)) == 3


def test_stop_start_and_delete(azure):
    created(azure)
    run(azure, "aks get-credentials -g myResourceGroup -n myCluster")
    assert run(azure, "aks stop -g myResourceGroup -n myCluster") == " - Running ..\n"
    assert json.loads(run(azure, "aks show -g myResourceGroup -n myCluster"))["powerState"] == {"code": "Stopped"}
    r = azure.kubectl("get nodes", echo=False)
    assert r.exit_code == 1 and "Unable to connect to the server: dial tcp: lookup " in r    # its name is gone
    run(azure, "aks start -g myResourceGroup -n myCluster")
    assert [row[1] for row in node_rows(azure)] == ["Ready"] * 3
    r = run(azure, "aks delete -g myResourceGroup -n myCluster")
    assert r.stderr == ("WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\n"
                        "ERROR: Operation cancelled.\n")
    assert run(azure, "aks delete -g myResourceGroup -n myCluster --yes") == " - Running ..\n"
    assert run(azure, "aks list") == "[]\n"


def test_node_pools(azure):
    created(azure)
    r = run(azure, "aks nodepool add -g myResourceGroup --cluster-name myCluster -n gpu -c 2 -s Standard_D4s_v3 "
                   "--labels tier=batch")
    assert r.exit_code == 0 and json.loads(r.stdout)["mode"] == "User"
    run(azure, "aks get-credentials -g myResourceGroup -n myCluster")
    names = [row[0] for row in node_rows(azure)]
    assert sum(n.startswith("aks-gpu-") for n in names) == 2
    assert run(azure, "aks nodepool list -g myResourceGroup --cluster-name myCluster --query [].name -o tsv") == \
        "nodepool1\ngpu\n"
    assert run(azure, "aks scale -g myResourceGroup -n myCluster -c 5").exit_code == 1     # two pools: name one
    assert run(azure, "aks nodepool scale -g myResourceGroup --cluster-name myCluster -n gpu -c 0").exit_code == 0
    assert sum(row[0].startswith("aks-gpu-") for row in node_rows(azure)) == 0
    assert run(azure, "aks nodepool delete -g myResourceGroup --cluster-name myCluster -n gpu").exit_code == 0
    r = run(azure, "aks nodepool delete -g myResourceGroup --cluster-name myCluster -n nodepool1")
    assert r.exit_code == 1 and "at least one system agent pool" in r.stderr


BIG = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: big}
spec:
  replicas: 3
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec:
      containers: [{name: big, image: nginx, resources: {requests: {cpu: "1"}}}]
"""


def test_cluster_autoscaler_scales_up_and_down(azure):
    created(azure, "-c 1 --enable-cluster-autoscaler --min-count 1 --max-count 3")
    run(azure, "aks get-credentials -g myResourceGroup -n myCluster")
    assert azure.kubectl(["apply", "-f", "-"], stdin=BIG, echo=False).exit_code == 0
    azure.run(seconds=15)
    api = azure.subscription.get("Microsoft.ContainerService/managedClusters", "myResourceGroup",
                                 "myCluster").model.api
    events = [e for e in api.list("events", "default")["items"] if e["reason"] == "TriggeredScaleUp"]
    assert len(events) == 2 and events[0]["source"] == {"component": "cluster-autoscaler"}
    assert re.match(r"^pod triggered scale-up: \[\{aks-nodepool1-\d{8}-vmss 1->3 \(max: 3\)\}\]$",
                    events[0]["message"])
    assert len(node_rows(azure)) == 1
    azure.run(seconds=150)
    assert len(node_rows(azure)) == 3                                   # Ready about 2 minutes later
    azure.run(seconds=60)
    pods = azure.kubectl("get pods -o wide", echo=False).splitlines()[1:]
    assert len(pods) == 3 and all(line.split()[2] == "Running" for line in pods)
    assert len({line.split()[6] for line in pods}) == 3                 # one per node
    azure.kubectl("delete deployment big", echo=False)
    azure.run(seconds=8 * 60)
    assert len(node_rows(azure)) == 3                                   # not yet: 10 minutes unneeded
    azure.run(seconds=6 * 60)
    assert len(node_rows(azure)) == 1                                   # down to --min-count
    assert json.loads(run(azure, "aks show -g myResourceGroup -n myCluster").stdout)[
        "agentPoolProfiles"][0]["count"] == 1
    r = run(azure, "aks scale -g myResourceGroup -n myCluster -c 2")
    assert (r.exit_code, r.stderr) == (1, "ERROR: Cannot scale cluster autoscaler enabled node pool.\n")


ACI_POD = """
apiVersion: v1
kind: Pod
metadata: {name: aci-helloworld}
spec:
  containers: [{name: hello, image: mcr.microsoft.com/azuredocs/aci-helloworld}]
  nodeSelector: {kubernetes.io/os: linux, type: virtual-kubelet}
  tolerations:
  - {key: virtual-kubelet.io/provider, operator: Exists}
  - {key: azure.com/aci, effect: NoSchedule}
"""


def test_virtual_node_addon(azure):
    created(azure)
    r = run(azure, "aks enable-addons -g myResourceGroup -n myCluster -a virtual-node --subnet-name aci")
    assert r.exit_code == 1 and "Network plugin kubenet is not supported" in r.stderr
    created(azure, "--network-plugin azure --enable-addons virtual-node --aci-subnet-name aci "
                   "--vnet-subnet-id /subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/"
                   "v/subnets/nodes", name="vn")
    run(azure, "aks get-credentials -g myResourceGroup -n vn")
    rows = {row[0]: row for row in node_rows(azure)}
    assert rows["virtual-node-aci-linux"][1:3] == ["Ready", "agent"]
    node = json.loads(azure.kubectl("get node virtual-node-aci-linux -o json", echo=False))
    assert node["metadata"]["labels"]["type"] == "virtual-kubelet"
    assert node["spec"]["taints"] == [{"effect": "NoSchedule", "key": "virtual-kubelet.io/provider",
                                       "value": "azure"}]
    assert node["status"]["capacity"]["pods"] == "5k"
    assert azure.kubectl(["apply", "-f", "-"], stdin=ACI_POD, echo=False).exit_code == 0
    azure.run(seconds=60)
    pod = azure.kubectl("get pod aci-helloworld -o wide", echo=False).splitlines()[1].split()
    assert (pod[2], pod[6]) == ("Running", "virtual-node-aci-linux")
    mc = json.loads(run(azure, "aks show -g myResourceGroup -n vn"))
    assert mc["addonProfiles"]["aciConnectorLinux"]["config"] == {"SubnetName": "aci"}
    assert run(azure, "aks disable-addons -g myResourceGroup -n vn -a virtual-node").exit_code == 0
    assert "virtual-node-aci-linux" not in {row[0] for row in node_rows(azure)}


DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, resources: {requests: {cpu: 100m}}}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}
"""


def test_upgrade_under_load_keeps_the_budget(azure):
    created(azure, "-k 1.32.4")
    run(azure, "aks get-credentials -g myResourceGroup -n myCluster")
    assert azure.kubectl(["apply", "-f", "-"], stdin=DEPLOYMENT, echo=False).exit_code == 0
    azure.run(seconds=120)
    api = azure.subscription.get("Microsoft.ContainerService/managedClusters", "myResourceGroup",
                                 "myCluster").model.api

    def ready():
        return sum(1 for p in api.list("pods", "default", "app=web")["items"]
                   if not p["metadata"].get("deletionTimestamp") and any(
                       c["type"] == "Ready" and c["status"] == "True" for c in p["status"].get("conditions", [])))
    assert ready() == 3
    lowest = []
    api.watch("pods", lambda event: lowest.append(ready()), "default")
    assert run(azure, "aks upgrade -g myResourceGroup -n myCluster -k 1.33.1 --yes").exit_code == 0
    assert min(lowest) >= 2
    assert all(row[4] == "v1.33.1" for row in node_rows(azure))
