"""ACS Engine: a cluster from a cluster definition; masters are tainted nodes."""

from __future__ import annotations

import copy

import pytest

from k8scourse.cloud.acs_engine import EXAMPLE, ClusterDefinitionError, build_cluster

DEFINITION = """{
  "apiVersion": "vlabs",
  "properties": {
    "orchestratorProfile": {"orchestratorType": "Kubernetes", "orchestratorVersion": "1.31.2",
                            "kubernetesConfig": {"networkPlugin": "azure"}},
    "masterProfile": {"count": 1, "dnsPrefix": "mycluster", "vmSize": "Standard_D2s_v3"},
    "agentPoolProfiles": [{"name": "linuxpool", "count": 2, "vmSize": "Standard_D4s_v3"},
                          {"name": "bigpool", "count": 1, "vmSize": "Standard_D8s_v3"}]
  }
}"""


def test_definition_builds_the_pools():
    c = build_cluster(DEFINITION, seed=2)
    lines = c.kubectl("get nodes -L agentpool", echo=False).splitlines()
    assert lines[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "AGENTPOOL"]
    rows = [line.split() for line in lines[1:]]
    assert sorted(r[-1] for r in rows) == ["bigpool", "linuxpool", "linuxpool", "master"]
    assert {r[2] for r in rows if r[-1] == "master"} == {"control-plane,master"}
    assert {r[4] for r in rows} == {"v1.31.2"}
    master = next(n for n in c.list("nodes") if n["metadata"]["labels"]["agentpool"] == "master")
    assert master["spec"]["taints"] == [{"key": "node-role.kubernetes.io/master", "value": "true",
                                         "effect": "NoSchedule"}]
    assert c.name == "mycluster" and c.network_plugin == "azure"


@pytest.mark.parametrize("path,value,message", [
    (("masterProfile", "count"), 2, "properties.masterProfile.count: must be 1, 3 or 5"),
    (("masterProfile", "vmSize"), "Standard_Nope", "properties.masterProfile.vmSize: unknown VM size"),
    (("agentPoolProfiles",), [], "properties.agentPoolProfiles: at least one"),
    (("orchestratorProfile", "orchestratorVersion"), "latest", "orchestratorVersion: 'latest' is not a version"),
])
def test_bad_definitions_name_the_field(path, value, message):
    doc = copy.deepcopy(EXAMPLE)
    node = doc["properties"]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ClusterDefinitionError, match=message):
        build_cluster(doc)
    doc = copy.deepcopy(EXAMPLE)
    del doc["properties"]["agentPoolProfiles"][0]["count"]
    with pytest.raises(ClusterDefinitionError, match=r"properties.agentPoolProfiles\[0\].count: required"):
        build_cluster(doc)
