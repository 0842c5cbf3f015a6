"""Open Service Broker for Azure (OSBA): provision Azure services and bind them into a cluster.

Models the lecture's OSBA slide through the Open Service Broker API's verbs: the broker publishes a
**catalogue** of services and plans; **provision** creates a service instance (an Azure resource,
after a few simulated minutes); **bind** returns credentials, which the Kubernetes Service Catalog
stored as a **Secret** in the application's namespace (``host``, ``port``, ``database``,
``username``, ``password``, ``uri`` …) for pods to read; **unbind** deletes the Secret,
**deprovision** deletes the resource.

Status — read this before teaching it as current: Microsoft stopped maintaining OSBA in June 2020
(Azure/open-service-broker-azure issue #740 and its README banner; the Kubernetes Service Catalog
was archived too). Its successor is **Azure Service Operator** (github.com/Azure/azure-service-
operator, now v2), which manages Azure resources as Kubernetes custom resources. :func:`status`
returns this note as text. The simulator keeps OSBA because the lecture shows it.

Deliberate differences: a Python API instead of ``svcat``/ServiceInstance objects; credentials
are deterministic fakes; provisioning time is a fixed per-service figure.

>>> broker = ServiceBroker()
>>> sorted(broker.catalog()["service"].unique())[:3]
['azure-cosmosdb-sql', 'azure-mysql', 'azure-postgresql']
>>> "June 2020" in status()
True
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

from ..errors import K8sCourseError

# service -> (description, {plan: description}, provisioning seconds, resource type, port, kind)
CATALOG = {
    "azure-mysql": ("Azure Database for MySQL", {"basic": "Basic tier, 1 vCore", "general-purpose":
                    "General Purpose, 2 vCores", "memory-optimized": "Memory Optimized, 2 vCores"},
                    300, "Microsoft.DBforMySQL/servers", 3306, "mysql"),
    "azure-postgresql": ("Azure Database for PostgreSQL", {"basic": "Basic tier, 1 vCore", "general-purpose":
                         "General Purpose, 2 vCores", "memory-optimized": "Memory Optimized, 2 vCores"},
                         300, "Microsoft.DBforPostgreSQL/servers", 5432, "postgresql"),
    "azure-sql": ("Azure SQL Database", {"basic": "Basic, 5 DTUs", "standard-s0": "Standard S0, 10 DTUs"},
                  180, "Microsoft.Sql/servers", 1433, "sqlserver"),
    "azure-storage": ("Azure Storage", {"general-purpose-v2-storage-account": "General-purpose v2 account",
                                        "blob-container": "A blob container in a new account"},
                      30, "Microsoft.Storage/storageAccounts", 443, "storage"),
    "azure-rediscache": ("Azure Cache for Redis (preview)", {"basic": "Basic C0", "standard": "Standard C1"},
                         900, "Microsoft.Cache/Redis", 6380, "redis"),
    "azure-cosmosdb-sql": ("Azure Cosmos DB, SQL API (preview)", {"sql-api": "Provisioned throughput account"},
                           240, "Microsoft.DocumentDB/databaseAccounts", 443, "cosmosdb"),
}


def status() -> str:
    """Where OSBA stands today (the note to show next to the lecture's slide)."""
    return ("Open Service Broker for Azure is retired: Microsoft announced in June 2020 that it is no longer "
            "maintained (Azure/open-service-broker-azure issue #740), and the Kubernetes Service Catalog it "
            "relied on was archived. Use Azure Service Operator (github.com/Azure/azure-service-operator, v2), "
            "which provisions Azure resources from Kubernetes custom resources, instead. The simulator models "
            "OSBA only because the lecture presents it.")


class BrokerError(K8sCourseError):
    """An OSB API error (unknown service/plan, instance not ready, duplicate names)."""


@dataclass
class ServiceInstance:
    name: str
    service: str
    plan: str
    resource_group: str
    location: str
    parameters: dict
    requested_ms: int
    ready_ms: int
    bindings: list = field(default_factory=list)     # [(cluster, namespace, secret name)]
    deprovisioned: bool = False

    def state(self, now_ms: int) -> str:
        if self.deprovisioned:
            return "deprovisioned"
        return "provisioned" if now_ms >= self.ready_ms else "provisioning"

    @property
    def host(self) -> str:
        suffix = {"mysql": "mysql.database.azure.com", "postgresql": "postgres.database.azure.com",
                  "sqlserver": "database.windows.net", "storage": "blob.core.windows.net",
                  "redis": "redis.cache.windows.net", "cosmosdb": "documents.azure.com"}[CATALOG[self.service][5]]
        return f"{self.name}-{_hex(self.name, 6)}.{suffix}"


def _hex(text: str, n: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


class ServiceBroker:
    """One broker serving one subscription; time is the given simulation's (or a cluster's)."""

    def __init__(self, azure=None, sim=None):
        self.azure = azure
        self.sim = sim if sim is not None else (azure.sim if azure is not None else None)
        self.instances: dict[str, ServiceInstance] = {}

    def _now(self) -> int:
        return self.sim.now_ms if self.sim is not None else 0

    def catalog(self):
        """Services and plans as a DataFrame (what ``svcat get classes/plans`` listed)."""
        import pandas as pd
        rows = [{"service": s, "description": d, "plan": p, "plan_description": pd_,
                 "provisioning_minutes": round(secs / 60, 1)}
                for s, (d, plans, secs, *_rest) in sorted(CATALOG.items()) for p, pd_ in plans.items()]
        return pd.DataFrame(rows)

    def provision(self, name: str, service: str, plan: str, resource_group: str = "osba",
                  location: str = "eastus", parameters: dict | None = None) -> ServiceInstance:
        if service not in CATALOG:
            raise BrokerError(f'service "{service}" not found in the catalog; one of: {", ".join(sorted(CATALOG))}')
        if plan not in CATALOG[service][1]:
            raise BrokerError(f'plan "{plan}" not found for service "{service}"; one of: '
                              f'{", ".join(CATALOG[service][1])}')
        if name in self.instances and not self.instances[name].deprovisioned:
            raise BrokerError(f'service instance "{name}" already exists')
        now = self._now()
        inst = ServiceInstance(name, service, plan, resource_group, location, dict(parameters or {}), now,
                               now + CATALOG[service][2] * 1000)
        self.instances[name] = inst
        if self.azure is not None:
            from .subscription import Resource
            sub = self.azure.subscription
            sub.create_group(resource_group, location)
            sub.add(Resource(CATALOG[service][3], resource_group, inst.host.split(".")[0], {}, model=inst))
        return inst

    def _instance(self, name: str) -> ServiceInstance:
        inst = self.instances.get(name)
        if inst is None or inst.deprovisioned:
            raise BrokerError(f'service instance "{name}" not found')
        return inst

    def credentials(self, inst: ServiceInstance, binding: str) -> dict:
        _, _, _, _, port, kind = CATALOG[inst.service]
        user = f"u{_hex(binding + inst.name, 8)}"
        password = _hex("pw" + binding + inst.name, 24)
        if kind == "storage":
            return {"storageAccountName": inst.host.split(".")[0], "accessKey": _hex("key" + binding, 40),
                    "containerName": inst.parameters.get("containerName", inst.name),
                    "primaryBlobServiceEndPoint": f"https://{inst.host}/"}
        database = inst.parameters.get("database", f"db{_hex(inst.name, 6)}")
        scheme = {"mysql": "mysql", "postgresql": "postgres", "sqlserver": "sqlserver", "redis": "rediss",
                  "cosmosdb": "https"}[kind]
        return {"host": inst.host, "port": str(port), "database": database, "username": user, "password": password,
                "sslRequired": "true", "uri": f"{scheme}://{user}:{password}@{inst.host}:{port}/{database}"}

    def bind(self, instance: str, cluster, namespace: str = "default", secret_name: str | None = None) -> dict:
        """Bind: the credentials appear as a Secret in ``namespace`` of ``cluster``; returns it."""
        inst = self._instance(instance)
        if inst.state(self._now()) != "provisioned":
            raise BrokerError(f'service instance "{instance}" is still provisioning (ready in '
                              f'{(inst.ready_ms - self._now()) // 1000}s); wait before binding')
        name = secret_name or f"{instance}-secret"
        data = {k: base64.b64encode(v.encode()).decode() for k, v in self.credentials(inst, name).items()}
        secret = {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                  "metadata": {"name": name, "namespace": namespace,
                               "labels": {"osba.azure.com/instance": instance, "osba.azure.com/service": inst.service}},
                  "data": data}
        created = cluster.api.create(secret, namespace, user="system:serviceaccount:catalog:service-catalog",
                                     trusted=True)
        inst.bindings.append((cluster, namespace, name))
        return created

    def unbind(self, instance: str, secret_name: str | None = None) -> None:
        inst = self._instance(instance)
        keep = []
        for cluster, ns, name in inst.bindings:
            if secret_name is None or name == secret_name:
                cluster.api.delete("secrets", name, ns, user="system:serviceaccount:catalog:service-catalog")
            else:
                keep.append((cluster, ns, name))
        inst.bindings = keep

    def deprovision(self, instance: str) -> None:
        inst = self._instance(instance)
        if inst.bindings:
            raise BrokerError(f'service instance "{instance}" has {len(inst.bindings)} binding(s); unbind first')
        inst.deprovisioned = True
        if self.azure is not None:
            found = self.azure.subscription.get(CATALOG[inst.service][3], inst.resource_group, inst.host.split(".")[0])
            if found is not None:
                self.azure.subscription.remove(found)

    def instances_frame(self):
        import pandas as pd
        now = self._now()
        rows = [{"name": i.name, "service": i.service, "plan": i.plan, "state": i.state(now), "host": i.host,
                 "bindings": len(i.bindings)} for i in self.instances.values()]
        return pd.DataFrame(rows, columns=["name", "service", "plan", "state", "host", "bindings"])
