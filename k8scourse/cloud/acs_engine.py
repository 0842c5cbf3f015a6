"""ACS Engine (later aks-engine): a Kubernetes cluster built from a cluster-definition document.

Models the lecture's "Azure Container Service Engine" item: instead of AKS's managed control
plane, you describe the whole cluster in an *apimodel* JSON file and the engine generates it —
including the master VMs, which you own and see as nodes. The subset read here::

    {"apiVersion": "vlabs",
     "properties": {
       "orchestratorProfile": {"orchestratorType": "Kubernetes", "orchestratorVersion": "1.18.2",
                               "kubernetesConfig": {"networkPlugin": "azure"}},
       "masterProfile": {"count": 1, "dnsPrefix": "mycluster", "vmSize": "Standard_D2s_v3"},
       "agentPoolProfiles": [{"name": "agentpool1", "count": 3, "vmSize": "Standard_D2s_v3"}]}}

Masters appear as nodes labelled ``node-role.kubernetes.io/master`` and
``node-role.kubernetes.io/control-plane`` (and ``kubernetes.io/role=master``), tainted
``node-role.kubernetes.io/master=true:NoSchedule`` as aks-engine made them, so ordinary pods go to
the agent pools; agents are labelled ``node-role.kubernetes.io/agent`` and ``kubernetes.io/role=agent``.
A bad document is rejected naming the field (``properties.masterProfile.count: must be 1, 3 or 5``).

Deliberate differences: node names follow the simulator's pool naming
(``aks-<pool>-<id>-vmss00000N``, aks-engine used ``k8s-<pool>-<id>-<n>``) and nodes keep the
``kubernetes.azure.com/agentpool`` labels; the control-plane components themselves are the
simulator's (not pods on the masters); masterProfile.count is validated but the simulated control
plane is one either way.

>>> c = build_cluster(EXAMPLE, seed=1)
>>> sorted(n["metadata"]["labels"]["agentpool"] for n in c.list("nodes"))
['agentpool1', 'agentpool1', 'master']
"""

from __future__ import annotations

import json

from ..errors import K8sCourseError

EXAMPLE = {
    "apiVersion": "vlabs",
    "properties": {
        "orchestratorProfile": {"orchestratorType": "Kubernetes", "orchestratorVersion": "1.32.4",
                                "kubernetesConfig": {"networkPlugin": "kubenet"}},
        "masterProfile": {"count": 1, "dnsPrefix": "acsdemo", "vmSize": "Standard_D2s_v3"},
        "agentPoolProfiles": [{"name": "agentpool1", "count": 2, "vmSize": "Standard_D2s_v3"}],
    },
}
_PLUGINS = {"kubenet": "kubenet", "azure": "azure", "none": "none"}


class ClusterDefinitionError(K8sCourseError):
    """The apimodel is invalid; the message names the field."""


def _load(definition) -> dict:
    if isinstance(definition, dict):
        return definition
    text = str(definition)
    if not text.lstrip().startswith("{"):
        try:
            with open(text, encoding="utf-8") as fh:
                text = fh.read()
        except OSError as exc:
            raise ClusterDefinitionError(f"cannot read the cluster definition {definition!r}: {exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ClusterDefinitionError(f"the cluster definition is not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise ClusterDefinitionError("the cluster definition must be a JSON object")
    return doc


def _need(obj, key, where, kind):
    value = obj.get(key) if isinstance(obj, dict) else None
    if value is None:
        raise ClusterDefinitionError(f"{where}.{key}: required")
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ClusterDefinitionError(f"{where}.{key}: must be {kind.__name__ if kind is not dict else 'an object'}")
    return value


def validate(definition) -> dict:
    """The parts of the apimodel the simulator uses, checked; raises ClusterDefinitionError."""
    from ..node.vmsizes import vm_size
    doc = _load(definition)
    props = _need(doc, "properties", "", dict)
    orch = _need(props, "orchestratorProfile", "properties", dict)
    kind = orch.get("orchestratorType", "Kubernetes")
    if kind != "Kubernetes":
        raise ClusterDefinitionError(f"properties.orchestratorProfile.orchestratorType: '{kind}' is not supported "
                                     f"(only Kubernetes)")
    version = str(orch.get("orchestratorVersion") or "1.32.4")
    if not all(p.isdigit() for p in version.split(".")) or len(version.split(".")) != 3:
        raise ClusterDefinitionError(f"properties.orchestratorProfile.orchestratorVersion: '{version}' is not a "
                                     f"version like 1.32.4")
    kcfg = orch.get("kubernetesConfig") or props.get("kubernetesConfig") or {}
    plugin = kcfg.get("networkPlugin", "kubenet")
    if plugin not in _PLUGINS:
        raise ClusterDefinitionError(f"properties.orchestratorProfile.kubernetesConfig.networkPlugin: '{plugin}' "
                                     f"is not one of {', '.join(_PLUGINS)}")
    master = _need(props, "masterProfile", "properties", dict)
    count = _need(master, "count", "properties.masterProfile", int)
    if count not in (1, 3, 5):
        raise ClusterDefinitionError(f"properties.masterProfile.count: must be 1, 3 or 5, not {count}")
    prefix = _need(master, "dnsPrefix", "properties.masterProfile", str)
    size = _need(master, "vmSize", "properties.masterProfile", str)
    if vm_size(size) is None:
        raise ClusterDefinitionError(f"properties.masterProfile.vmSize: unknown VM size '{size}'")
    pools = _need(props, "agentPoolProfiles", "properties", list)
    if not pools:
        raise ClusterDefinitionError("properties.agentPoolProfiles: at least one agent pool is required")
    seen = set()
    checked = []
    for i, pool in enumerate(pools):
        where = f"properties.agentPoolProfiles[{i}]"
        name = _need(pool, "name", where, str)
        if not (name.isalnum() and name[:1].isalpha() and name.islower() and len(name) <= 12):
            raise ClusterDefinitionError(f"{where}.name: '{name}' must be 1-12 lower-case letters and digits, "
                                         f"starting with a letter")
        if name in seen or name == "master":
            raise ClusterDefinitionError(f"{where}.name: '{name}' is used twice")
        seen.add(name)
        n = _need(pool, "count", where, int)
        if not 1 <= n <= 100:
            raise ClusterDefinitionError(f"{where}.count: must be between 1 and 100, not {n}")
        psize = _need(pool, "vmSize", where, str)
        if vm_size(psize) is None:
            raise ClusterDefinitionError(f"{where}.vmSize: unknown VM size '{psize}'")
        checked.append({"name": name, "count": n, "vmSize": vm_size(psize).name})
    return {"version": version, "plugin": plugin, "masters": count, "dnsPrefix": prefix,
            "masterSize": vm_size(size).name, "pools": checked}


def build_cluster(definition, seed: int = 0, sim=None, clock: str | None = None):
    """A :class:`k8scourse.Cluster` shaped by the definition (dict, JSON text or a file path);
    ``clock`` as for :class:`~k8scourse.cluster.Cluster`."""
    from ..cluster import Cluster
    spec = validate(definition)
    first = spec["pools"][0]
    cluster = Cluster(nodes=0, vm_size=first["vmSize"], seed=seed, name=spec["dnsPrefix"],
                      kubernetes_version=spec["version"], network_plugin=spec["plugin"], sim=sim, clock=clock)
    # ACS Engine's kubelets register with role labels (and the masters with their taint)
    cluster.add_node(vm_size=spec["masterSize"], pool="master", labels={
        "kubernetes.io/role": "master", "node-role.kubernetes.io/master": "",
        "node-role.kubernetes.io/control-plane": "", "kubernetes.azure.com/role": "master"},
        taints=[{"key": "node-role.kubernetes.io/master", "value": "true", "effect": "NoSchedule"}])
    for pool in spec["pools"]:
        for _ in range(pool["count"]):
            cluster.add_node(vm_size=pool["vmSize"], pool=pool["name"],
                             labels={"kubernetes.io/role": "agent", "node-role.kubernetes.io/agent": ""})
    return cluster
