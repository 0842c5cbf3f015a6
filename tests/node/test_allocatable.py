"""AKS node reservations (kubernetes-facts §7.2) and what Cluster nodes report."""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.errors import SimulationError
from k8scourse.node import aks_reserved, node_resources

GIB_KI = 1024 * 1024


@pytest.mark.parametrize("cores, cpu_m", [(1, 60), (2, 100), (4, 140), (8, 180), (16, 260), (32, 420), (64, 740)])
def test_cpu_reservation_table(cores, cpu_m):
    assert aks_reserved(cores, 8 * GIB_KI, 30, "1.32.0")[0] == cpu_m


def test_memory_reservation_since_1_29():
    # 8 GiB, 30 pods: min(20*30+50, 25%) = 650 MiB, plus the 100Mi eviction threshold
    assert aks_reserved(2, 8 * GIB_KI, 30, "1.32.0")[1] == (650 + 100) * 1024
    # 4 GiB, 70 pods: 20*70+50 = 1450 MiB is more than 25% (1024 MiB)
    assert aks_reserved(2, 4 * GIB_KI, 70, "1.29.2")[1] == (1024 + 100) * 1024


def test_memory_reservation_before_1_29_is_regressive():
    # 7 GiB: 25% of 4 + 20% of 3 = 1.6 GiB, plus 750Mi
    reserved = aks_reserved(2, 7 * GIB_KI, 110, "1.28.9")[1]
    assert reserved == int(0.25 * 4 * GIB_KI + 0.20 * 3 * GIB_KI) + 750 * 1024


def test_allocatable_is_capacity_minus_reserved():
    res = node_resources(4, 16 * GIB_KI, 110, "1.32.4")
    assert res["capacity"]["cpu"] == "4" and res["allocatable"]["cpu"] == "3860m"
    assert res["allocatable"]["pods"] == "110"


@pytest.mark.parametrize("plugin, pods", [("kubenet", "110"), ("azure", "30"), ("azure-overlay", "250")])
def test_cluster_max_pods_follow_the_network_plugin(plugin, pods):
    c = Cluster(nodes=1, network_plugin=plugin)
    node = c.list("nodes")[0]
    assert node["status"]["capacity"]["pods"] == pods == node["status"]["allocatable"]["pods"]


def test_bad_cluster_arguments_are_clear():
    with pytest.raises(SimulationError, match="unknown VM size 'Standard_X'"):
        Cluster(vm_size="Standard_X")
    with pytest.raises(SimulationError, match="nodes must be a whole number"):
        Cluster(nodes=-1)
