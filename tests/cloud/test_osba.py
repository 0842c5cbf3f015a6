"""Open Service Broker for Azure: catalogue, provision, bind → Secret, retirement note."""

from __future__ import annotations

import base64

import pytest

from k8scourse import Cluster
from k8scourse.cloud import Azure
from k8scourse.cloud.osba import BrokerError, ServiceBroker, status


def test_provision_bind_unbind():
    az = Azure(seed=0)
    cluster = Cluster(nodes=1, seed=0, sim=az.sim)
    broker = ServiceBroker(az)
    assert {"azure-mysql", "azure-postgresql", "azure-storage"} <= set(broker.catalog()["service"])
    broker.provision("orders-db", "azure-postgresql", "basic", parameters={"database": "orders"})
    with pytest.raises(BrokerError, match="still provisioning"):
        broker.bind("orders-db", cluster)
    az.run(seconds=300)
    secret = broker.bind("orders-db", cluster, "default")
    data = {k: base64.b64decode(v).decode() for k, v in cluster.get("secrets", "orders-db-secret")["data"].items()}
    assert secret["metadata"]["name"] == "orders-db-secret"
    assert data["port"] == "5432" and data["database"] == "orders"
    assert data["uri"].startswith(f"postgres://{data['username']}:{data['password']}@{data['host']}:5432/orders")
    with pytest.raises(BrokerError, match="unbind first"):
        broker.deprovision("orders-db")
    broker.unbind("orders-db")
    assert [s["metadata"]["name"] for s in cluster.list("secrets", "default")] == []
    broker.deprovision("orders-db")
    with pytest.raises(BrokerError, match="plan"):
        broker.provision("x", "azure-mysql", "huge")


def test_status_names_the_successor():
    text = status()
    assert "June 2020" in text and "Azure Service Operator" in text
