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
