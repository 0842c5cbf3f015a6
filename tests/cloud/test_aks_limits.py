"""AKS's limits on node counts: a pool's 1..1000 (0 for User pools) and the subscription's regional vCPU
quotas (k8scourse.cloud.quota), answered with Azure's codes and texts, and nothing changed on failure."""

from __future__ import annotations

import pytest

from k8scourse import defaults
from k8scourse.cloud import Azure
from k8scourse.cloud.quota import family, usage

POOL_1001 = ("(InvalidParameter) agentPoolProfile.count was 1001. It must be greater or equal to minCount:1 and less "
             "than or equal to maxCount:1000. If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a "
             "VMAS pool. 2) api Version is less than 2020-03-01. 3) The node is a system pool.")


@pytest.fixture
def azure():
    a = Azure(seed=0)
    a("group create -n rg -l eastus -o none", echo=False)
    return a


def run(a, cmd):
    return a(cmd, echo=False)


def quota_text(cluster, label, limit, used, need, name, read_more):
    new = used + need
    params = ("%7B%22subscriptionId%22:%2200000000-0000-0000-0000-000000000000%22,%22command%22:%22openQuotaApprovalBlade"
              "%22,%22quotas%22:[%7B%22location%22:%22eastus%22,%22providerId%22:%22Microsoft.Compute%22,%22resourceName"
              f"%22:%22{name}%22,%22quotaRequest%22:%7B%22properties%22:%7B%22limit%22:{new},%22unit%22:%22Count%22,"
              f"%22name%22:%7B%22value%22:%22{name}%22%7D%7D%7D%7D]%7D")
    message = (f"Preflight validation check for resource(s) for container service {cluster} in resource group "
               f"MC_rg_{cluster}_eastus failed. Message: Operation could not be completed as it results in exceeding "
               f"approved {label} quota. Additional details - Deployment Model: Resource Manager, Location: eastus, "
               f"Current Limit: {limit}, Current Usage: {used}, Additional Required: {need}, (Minimum) New Limit "
               f"Required: {new}. Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/"
               f"Microsoft_Azure_Capacity/UsageAndQuota.ReactView/Parameters/{params} by specifying parameters listed "
               f"in the ‘Details’ section for deployment to succeed. Please read more about quota limits at "
               f"https://docs.microsoft.com/en-us/azure/azure-supportability/{read_more}. Details: ")
    return f"ERROR: (QuotaExceeded) {message}\nCode: QuotaExceeded\nMessage: {message}\n"


def test_the_subscription_quota_is_the_documented_default():
    assert (defaults.AZURE_REGIONAL_VCPU_QUOTA, defaults.AZURE_FAMILY_VCPU_QUOTA) == (20, 20)
    assert defaults.AKS_MAX_NODES_PER_POOL == 1000
    assert family("Standard_DS2_v2") == "standardDSv2Family" and family("standard_d8s_v3") == "standardDSv3Family"


def test_create_beyond_a_pools_maximum_is_refused_without_creating_anything(azure):
    r = run(azure, "aks create -g rg -n big -c 1001 --no-ssh-key")
    assert r.exit_code == 1
    assert r.stderr == f"ERROR: {POOL_1001}\nCode: InvalidParameter\nMessage: {POOL_1001.split(') ', 1)[1]}\n"
    assert run(azure, "aks list -o tsv --query [].name").stdout == ""
    assert azure.subscription.list("Microsoft.ContainerService/managedClusters") == []


def test_create_beyond_the_regional_quota_is_refused(azure):
    r = run(azure, "aks create -g rg -n c -c 11 --no-ssh-key")        # 11 × 2 vCPUs > 20
    assert r.exit_code == 1
    assert r.stderr == quota_text("c", "Total Regional Cores", 20, 0, 22, "cores", "regional-quota-requests")
    assert run(azure, "aks list -o tsv --query [].name").stdout == ""
    # ten Standard_DS2_v2 nodes fit exactly
    assert run(azure, "aks create -g rg -n c -c 10 --no-ssh-key -o none").exit_code == 0
    assert usage(azure, "eastus") == (20, {"standardDSv2Family": 20})


def test_scale_beyond_the_quota_or_the_pool_changes_nothing(azure):
    assert run(azure, "aks create -g rg -n c --no-ssh-key -o none").exit_code == 0       # 3 nodes, 6 vCPUs
    before = run(azure, "aks show -g rg -n c").stdout
    r = run(azure, "aks scale -g rg -n c -c 11 -o none")
    assert r.exit_code == 1
    assert r.stderr == quota_text("c", "Total Regional Cores", 20, 6, 16, "cores", "regional-quota-requests")
    r = run(azure, "aks scale -g rg -n c -c 1001 -o none")
    assert r.exit_code == 1 and r.stderr.startswith(f"ERROR: {POOL_1001}\n")
    assert run(azure, "aks show -g rg -n c").stdout == before
    run(azure, "aks get-credentials -g rg -n c")
    assert len(azure.kubectl("get nodes -o name", echo=False).splitlines()) == 3
    assert run(azure, "aks scale -g rg -n c -c 10 -o none").exit_code == 0


def test_a_family_quota_is_checked_as_well(azure, monkeypatch):
    monkeypatch.setattr(defaults, "AZURE_FAMILY_VCPU_QUOTA", 8)
    assert run(azure, "aks create -g rg -n c -c 1 --no-ssh-key -o none").exit_code == 0   # 2 vCPUs of DSv2
    r = run(azure, "aks nodepool add -g rg --cluster-name c -n big -c 3 -s Standard_D4s_v3 -o none")  # 12 of DSv3
    assert r.exit_code == 1
    assert r.stderr == quota_text("c", "standardDSv3Family Cores", 8, 0, 12, "standardDSv3Family",
                                  "per-vm-quota-requests")
    assert run(azure, "aks nodepool list -g rg --cluster-name c -o tsv --query [].name").stdout == "nodepool1\n"
    r = run(azure, "aks nodepool scale -g rg --cluster-name c -n nodepool1 -c 5 -o none")       # 10 of DSv2 > 8
    assert r.exit_code == 1 and "exceeding approved standardDSv2Family Cores quota" in r.stderr
    assert "Current Limit: 8, Current Usage: 2, Additional Required: 8, (Minimum) New Limit Required: 10." in r.stderr


def test_a_user_pool_may_be_empty_but_not_larger_than_1000(azure):
    assert run(azure, "aks create -g rg -n c -c 1 --no-ssh-key -o none").exit_code == 0
    r = run(azure, "aks nodepool add -g rg --cluster-name c -n np -c 1001 -o none")
    assert r.exit_code == 1
    assert r.stderr.startswith("ERROR: (InvalidParameter) agentPoolProfile.count was 1001. It must be greater or equal "
                               "to minCount:0 and less than or equal to maxCount:1000.\n")
    assert run(azure, "aks nodepool add -g rg --cluster-name c -n np -c 0 -o none").exit_code == 0


INSUFFICIENT = ("Pre-allocated IPs {need} exceeds IPs available {have} in Subnet Cidr {cidr}, Subnet Name "
                "networkProfile.podCIDR. If Autoscaler is enabled, the max-count from each nodepool is counted towards "
                "this total (which means that pre-allocated IPs count represents a theoretical max value, not the "
                "actual number of IPs requested). http://aka.ms/aks/insufficientsubnetsize")


def test_pod_cidr_gives_each_node_a_24_of_it(azure):
    assert run(azure, "aks create -g rg -n c -c 2 --no-ssh-key --pod-cidr 172.16.0.0/22 -o none").exit_code == 0
    assert run(azure, "aks show -g rg -n c --query networkProfile.[podCidr,podCidrs[0]] -o tsv").stdout \
        == "172.16.0.0/22\n172.16.0.0/22\n"
    run(azure, "aks get-credentials -g rg -n c")
    cidrs = azure.kubectl("get nodes -o jsonpath={.items[*].spec.podCIDR}", echo=False).stdout
    assert cidrs == "172.16.0.0/24 172.16.1.0/24"
    # the default: 10.244.0.0/16
    assert run(azure, "aks create -g rg -n d -c 1 --no-ssh-key -o none").exit_code == 0
    assert run(azure, "aks show -g rg -n d --query networkProfile.podCidr -o tsv").stdout == "10.244.0.0/16\n"


def test_a_pod_cidr_too_small_for_the_nodes_is_refused_at_create_and_scale(azure):
    r = run(azure, "aks create -g rg -n c --no-ssh-key --pod-cidr 10.244.0.0/23")        # 3 × 256 > 512
    message = INSUFFICIENT.format(need=768, have=512, cidr="10.244.0.0/23")
    assert r.exit_code == 1
    assert r.stderr == (f"ERROR: (InsufficientSubnetSize) {message}\nCode: InsufficientSubnetSize\nMessage: {message}\n"
                        "Target: networkProfile.podCIDR\n")
    assert run(azure, "aks create -g rg -n c -c 4 --no-ssh-key --pod-cidr 10.244.0.0/22 -o none").exit_code == 0
    r = run(azure, "aks scale -g rg -n c -c 5 -o none")
    assert r.exit_code == 1 and INSUFFICIENT.format(need=1280, have=1024, cidr="10.244.0.0/22") in r.stderr
    r = run(azure, "aks nodepool add -g rg --cluster-name c -n np -c 1 -o none")
    assert r.exit_code == 1 and "InsufficientSubnetSize" in r.stderr
    assert run(azure, "aks show -g rg -n c --query agentPoolProfiles[].count -o tsv").stdout == "4\n"


def test_an_invalid_pod_cidr_is_azures_parse_error(azure):
    for cidr in ("foo", "10.244.0.0", "10.244.0.0/33"):
        r = run(azure, f"aks create -g rg -n c --no-ssh-key --pod-cidr {cidr}")
        assert (r.exit_code, r.stderr) == (1, "ERROR: (CidrStringParseError) Cidr is invalid\nCode: CidrStringParseError\n"
                                              "Message: Cidr is invalid\nTarget: networkProfile.podCIDR\n"), cidr
    assert run(azure, "aks list -o tsv --query [].name").stdout == ""


def test_pod_cidr_with_classic_azure_cni_is_the_clis_own_error(azure):
    # azure-cli 2.91 acs/managed_cluster_decorator.py, raised before any request
    r = run(azure, "aks create -g rg -n c --no-ssh-key --network-plugin azure --pod-cidr 10.244.0.0/16")
    assert (r.exit_code, r.stderr) == (1, "ERROR: Please specify network plugin mode `overlay` when using --pod-cidr or "
                                          "use network plugin `kubenet`. For more information about Azure CNI Overlay "
                                          "please see https://aka.ms/aks/azure-cni-overlay\n")
    assert run(azure, "aks create -g rg -n c -c 1 --no-ssh-key --network-plugin azure --network-plugin-mode overlay "
                      "--pod-cidr 192.168.0.0/16 -o none").exit_code == 0
    assert run(azure, "aks show -g rg -n c --query networkProfile.podCidr -o tsv").stdout == "192.168.0.0/16\n"


def test_kubenet_clusters_hold_at_most_400_nodes(azure):
    r = run(azure, "aks create -g rg -n c -c 401 --no-ssh-key --pod-cidr 10.240.0.0/12")
    message = ("Cluster's upper limit node count is 401 which exceeds the limit for Kubenet 400. If Autoscaler is "
               "enabled, the max-count from each nodepool is counted towards this total. "
               "https://aka.ms/aks/kubenet-networking-overview")
    assert (r.exit_code, r.stderr) == (1, f"ERROR: (ValidationError) {message}\nCode: ValidationError\n"
                                          f"Message: {message}\n")
    assert run(azure, "aks create -g rg -n c -c 1 --no-ssh-key -o none").exit_code == 0
    r = run(azure, "aks nodepool add -g rg --cluster-name c -n np -c 1 --enable-cluster-autoscaler --min-count 1 "
                   "--max-count 400 -o none")                # 1 + 400 possible nodes
    assert r.exit_code == 1 and "upper limit node count is 401" in r.stderr
    # Azure CNI Overlay has no such limit: 401 nodes fail on the quota instead
    r = run(azure, "aks create -g rg -n o -c 401 --no-ssh-key --network-plugin azure --network-plugin-mode overlay "
                   "--pod-cidr 10.240.0.0/12")
    assert r.exit_code == 1 and "(QuotaExceeded)" in r.stderr
