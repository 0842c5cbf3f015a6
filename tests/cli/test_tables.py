"""Server-side Table printing (``k8scourse.apiserver.tables``): columns and cell rules per kind."""

from __future__ import annotations

import pytest

from k8scourse.api.kinds import REGISTRY
from k8scourse.apiserver.tables import columns_for, pod_columns, to_table
from k8scourse.sim.clock import parse_rfc3339

NOW = parse_rfc3339("2026-11-26T17:27:55Z")
CREATED = "2026-11-26T17:22:54Z"          # 5m1s before NOW


def _table(kind_name: str, obj: dict) -> tuple[list[str], list]:
    t = to_table(REGISTRY.by_name(kind_name), [obj], NOW)
    assert t["kind"] == "Table" and t["apiVersion"] == "meta.k8s.io/v1"
    assert t["rows"][0]["object"] is obj
    return [c["name"] for c in t["columnDefinitions"]], t["rows"][0]["cells"]


def _row(kind_name: str, obj: dict) -> dict:
    names, cells = _table(kind_name, obj)
    assert len(names) == len(cells)
    return dict(zip(names, cells))


@pytest.mark.parametrize("info", list(REGISTRY), ids=lambda i: f"{i.group or 'core'}/{i.kind}")
def test_every_kind_prints(info):
    """A bare object of every kind prints one row with one cell per column, Name first."""
    obj = {"apiVersion": info.api_version, "kind": info.kind,
           "metadata": {"name": "x", "creationTimestamp": CREATED}}
    table = to_table(info, [obj], NOW)
    columns = table["columnDefinitions"]
    assert all(set(c) >= {"name", "type", "format", "priority"} for c in columns)
    assert len(table["rows"][0]["cells"]) == len(columns)
    if info.kind != "Event":
        assert columns[0]["name"] == "Name" and table["rows"][0]["cells"][0] == "x"


def test_unknown_kind_defaults_to_name_age():
    from k8scourse.api.kinds import KindInfo
    info = KindInfo("example.com", "v1", "Widget", "widgets", True)
    table = to_table(info, [{"metadata": {"name": "w", "creationTimestamp": CREATED}}], NOW)
    assert [c["name"] for c in table["columnDefinitions"]] == ["Name", "Age"]
    assert table["rows"][0]["cells"] == ["w", "5m1s"]


def test_wide_columns_have_priority_one():
    wide = {c["name"] for c in columns_for(REGISTRY.by_name("pods")) if c["priority"] == 1}
    assert wide == {"IP", "Node", "Nominated Node", "Readiness Gates"}
    wide = [c["name"] for c in columns_for(REGISTRY.by_name("nodes")) if c["priority"] == 1]
    assert wide == ["Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"]


# -- pods -----------------------------------------------------------------------------------

def _pod(phase="Running", statuses=(), init=(), init_statuses=(), containers=None, **extra):
    containers = containers or [{"name": s["name"]} for s in statuses] or [{"name": "c"}]
    pod = {"metadata": {"name": "p", "creationTimestamp": CREATED},
           "spec": {"containers": containers, "initContainers": list(init)},
           "status": {"phase": phase, "containerStatuses": list(statuses),
                      "initContainerStatuses": list(init_statuses)}}
    for key, value in extra.items():
        section, _, field = key.partition("__")
        pod[section][field] = value
    return pod


def _cs(state: dict, ready=False, restarts=0, last=None, name="c"):
    status = {"name": name, "ready": ready, "restartCount": restarts, "state": state}
    if last:
        status["lastState"] = {"terminated": last}
    return status


RUNNING = {"running": {"startedAt": CREATED}}


@pytest.mark.parametrize("pod,ready,status", [
    (_pod("Pending", containers=[{"name": "c"}]), "0/1", "Pending"),
    (_pod("Pending", [_cs({"waiting": {"reason": "ContainerCreating"}})]), "0/1", "ContainerCreating"),
    (_pod("Running", [_cs(RUNNING, ready=True)]), "1/1", "Running"),
    (_pod("Running", [_cs({"waiting": {"reason": "CrashLoopBackOff"}})]), "0/1", "CrashLoopBackOff"),
    (_pod("Running", [_cs({"terminated": {"reason": "OOMKilled", "exitCode": 137}})]), "0/1", "OOMKilled"),
    (_pod("Succeeded", [_cs({"terminated": {"reason": "Completed", "exitCode": 0}})]), "0/1", "Completed"),
    (_pod("Failed", [_cs({"terminated": {"reason": "Error", "exitCode": 1}})]), "0/1", "Error"),
    (_pod("Failed", [_cs({"terminated": {"exitCode": 2}})]), "0/1", "ExitCode:2"),
    (_pod("Failed", [_cs({"terminated": {"exitCode": 0, "signal": 9}})]), "0/1", "Signal:9"),
    (_pod("Pending", [_cs({"waiting": {"reason": "PodInitializing"}})], init=[{"name": "i"}],
          init_statuses=[_cs(RUNNING, name="i")]), "0/1", "Init:0/1"),
    (_pod("Pending", [_cs({"waiting": {"reason": "PodInitializing"}})], init=[{"name": "i"}],
          init_statuses=[_cs({"waiting": {"reason": "CrashLoopBackOff"}}, name="i")]), "0/1",
     "Init:CrashLoopBackOff"),
    (_pod("Pending", [_cs({"waiting": {"reason": "PodInitializing"}})], init=[{"name": "i"}],
          init_statuses=[_cs({"terminated": {"reason": "Error", "exitCode": 1}}, name="i")]), "0/1",
     "Init:Error"),
    (_pod("Running", [_cs(RUNNING, ready=True)], metadata__deletionTimestamp=CREATED), "1/1", "Terminating"),
    (_pod("Running", [_cs(RUNNING, ready=True)], metadata__deletionTimestamp=CREATED, status__reason="NodeLost"),
     "1/1", "Unknown"),
    (_pod("Pending", [_cs({"waiting": {"reason": "ErrImagePull"}})]), "0/1", "ErrImagePull"),
    (_pod("Pending", [_cs({"waiting": {"reason": "ImagePullBackOff"}})]), "0/1", "ImagePullBackOff"),
    (_pod("Running", [_cs({"terminated": {"reason": "Completed", "exitCode": 0}}, name="a"),
                      _cs(RUNNING, ready=True, name="b")],
          status__conditions=[{"type": "Ready", "status": "False"}]), "1/2", "NotReady"),
    (_pod("Running", [_cs({"terminated": {"reason": "Completed", "exitCode": 0}}, name="a"),
                      _cs(RUNNING, ready=True, name="b")],
          status__conditions=[{"type": "Ready", "status": "True"}]), "1/2", "Running"),
    (_pod("Pending", status__conditions=[{"type": "PodScheduled", "status": "False",
                                          "reason": "SchedulingGated"}]), "0/1", "SchedulingGated"),
    (_pod("Failed", [_cs({"terminated": {"reason": "Error", "exitCode": 1}})], status__reason="Evicted"),
     "0/1", "Error"),
    (_pod("Failed", status__reason="Evicted"), "0/1", "Evicted"),
])
def test_pod_status(pod, ready, status):
    assert pod_columns(pod, NOW)[:2] == (ready, status)


def test_pod_sidecar_counts_in_ready():
    pod = _pod("Running", [_cs(RUNNING, ready=True)], init=[{"name": "s", "restartPolicy": "Always"}],
               init_statuses=[dict(_cs(RUNNING, ready=True, name="s"), started=True)])
    assert pod_columns(pod, NOW)[:2] == ("2/2", "Running")


def test_pod_restarts_show_time_since_last_termination():
    last = {"reason": "Error", "exitCode": 1, "finishedAt": "2026-11-26T17:27:44Z"}
    pod = _pod("Running", [_cs({"waiting": {"reason": "CrashLoopBackOff"}}, restarts=5, last=last)])
    assert pod_columns(pod, NOW) == ("0/1", "CrashLoopBackOff", "5 (11s ago)")
    assert pod_columns(_pod("Running", [_cs(RUNNING, ready=True, restarts=2)]), NOW)[2] == "2"


def test_pod_row_wide_cells_and_completed_condition():
    pod = _pod("Succeeded", [_cs({"terminated": {"reason": "Completed", "exitCode": 0}})])
    row = to_table(REGISTRY.by_name("pods"), [pod], NOW)["rows"][0]
    assert row["cells"] == ["p", "0/1", "Completed", "0", "5m1s", "<none>", "<none>", "<none>", "<none>"]
    assert row["conditions"][0]["reason"] == "Succeeded"
    pod = _pod("Running", [_cs(RUNNING, ready=True)], spec__nodeName="n1",
               spec__readinessGates=[{"conditionType": "x"}],
               status__podIPs=[{"ip": "10.244.0.5"}], status__conditions=[{"type": "x", "status": "True"}])
    assert _row("pods", pod)["IP"] == "10.244.0.5"
    assert (_row("pods", pod)["Node"], _row("pods", pod)["Readiness Gates"]) == ("n1", "1/1")


# -- other kinds ------------------------------------------------------------------------------

def _meta(name="x", **kw):
    return {"name": name, "creationTimestamp": CREATED, **kw}


def test_node_columns():
    node = {"metadata": _meta("n1", labels={"node-role.kubernetes.io/control-plane": "",
                                            "kubernetes.io/role": "agent"}),
            "spec": {"unschedulable": True},
            "status": {"conditions": [{"type": "Ready", "status": "Unknown"}],
                       "addresses": [{"type": "InternalIP", "address": "10.224.0.4"}],
                       "nodeInfo": {"kubeletVersion": "v1.32.4", "osImage": "Ubuntu 22.04.5 LTS",
                                    "kernelVersion": "5.15", "containerRuntimeVersion": "containerd://1.7"}}}
    row = _row("nodes", node)
    assert row["Status"] == "NotReady,SchedulingDisabled"
    assert row["Roles"] == "agent,control-plane"
    assert (row["Internal-IP"], row["External-IP"], row["Version"]) == ("10.224.0.4", "<none>", "v1.32.4")
    bare = _row("nodes", {"metadata": _meta("n2"), "status": {}})
    assert (bare["Status"], bare["Roles"], bare["OS-Image"]) == ("Unknown", "<none>", "<unknown>")


def test_service_columns():
    svc = {"metadata": _meta("my-service"), "spec": {
        "type": "ClusterIP", "clusterIP": "10.0.151.27", "clusterIPs": ["10.0.151.27"],
        "ports": [{"port": 80, "protocol": "TCP", "targetPort": 9376}], "selector": {"app": "myapp"}}}
    assert _table("svc", svc)[1] == ["my-service", "ClusterIP", "10.0.151.27", "<none>", "80/TCP", "5m1s",
                                     "app=myapp"]
    lb = {"metadata": _meta("lb"), "spec": {"type": "LoadBalancer", "clusterIPs": ["10.0.0.9"],
                                            "ports": [{"port": 80, "nodePort": 31000, "protocol": "TCP"}]},
          "status": {"loadBalancer": {}}}
    row = _row("svc", lb)
    assert (row["External-IP"], row["Port(s)"], row["Selector"]) == ("<pending>", "80:31000/TCP", "<none>")
    lb["status"]["loadBalancer"] = {"ingress": [{"ip": "20.1.2.3"}]}
    assert _row("svc", lb)["External-IP"] == "20.1.2.3"
    headless = {"metadata": _meta("h"), "spec": {"clusterIP": "None", "clusterIPs": ["None"]}}
    assert _row("svc", headless)["Cluster-IP"] == "None" and _row("svc", headless)["Port(s)"] == "<none>"
    ext = {"metadata": _meta("e"), "spec": {"type": "ExternalName", "externalName": "db.example.com"}}
    assert (_row("svc", ext)["Cluster-IP"], _row("svc", ext)["External-IP"]) == ("<none>", "db.example.com")


def test_endpoints_columns():
    ep = {"metadata": _meta("web"), "subsets": [{
        "addresses": [{"ip": f"10.244.0.{i}"} for i in range(1, 6)], "ports": [{"port": 80}]}]}
    assert _row("ep", ep)["Endpoints"] == "10.244.0.1:80,10.244.0.2:80,10.244.0.3:80 + 2 more..."
    assert _row("ep", {"metadata": _meta("none")})["Endpoints"] == "<none>"
    sl = {"metadata": _meta("web-abc"), "addressType": "IPv4", "ports": [{"port": 80}],
          "endpoints": [{"addresses": ["10.244.0.1"]}]}
    assert _table("endpointslices", sl)[1][1:4] == ["IPv4", "80", "10.244.0.1"]


def test_workload_columns():
    rs = {"metadata": _meta("web-1"), "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                                                "template": {"spec": {"containers": [{"name": "n", "image": "i"}]}}},
          "status": {"replicas": 3, "readyReplicas": 2}}
    assert _table("rs", rs)[1] == ["web-1", 3, 3, 2, "5m1s", "n", "i", "app=web"]
    sts = {"metadata": _meta("db"), "spec": {"replicas": 2}, "status": {"readyReplicas": 1}}
    assert _row("sts", sts)["Ready"] == "1/2"
    ds = {"metadata": _meta("agent"), "spec": {"template": {"spec": {"nodeSelector": {"os": "linux"}}}},
          "status": {"desiredNumberScheduled": 3, "numberReady": 3}}
    assert _row("ds", ds)["Node Selector"] == "os=linux" and _row("ds", ds)["Desired"] == 3
    job = {"metadata": _meta("pi"), "spec": {"completions": 1},
           "status": {"succeeded": 1, "startTime": "2026-11-26T17:23:00Z",
                      "completionTime": "2026-11-26T17:23:42Z",
                      "conditions": [{"type": "Complete", "status": "True"}]}}
    assert _table("jobs", job)[1][:5] == ["pi", "Complete", "1/1", "42s", "5m1s"]
    cj = {"metadata": _meta("hello"), "spec": {"schedule": "*/1 * * * *", "suspend": False},
          "status": {"active": [{"name": "j"}], "lastScheduleTime": "2026-11-26T17:27:00Z"}}
    assert _table("cj", cj)[1][:7] == ["hello", "*/1 * * * *", "<none>", "False", 1, "55s", "5m1s"]
    hpa = {"metadata": _meta("web"), "spec": {
        "scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 1, "maxReplicas": 10,
        "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {
            "type": "Utilization", "averageUtilization": 50}}}]},
        "status": {"currentReplicas": 1, "currentMetrics": [{"type": "Resource", "resource": {
            "name": "cpu", "current": {"averageUtilization": 12}}}]}}
    assert _table("hpa", hpa)[1] == ["web", "Deployment/web", "cpu: 12%/50%", "1", 10, 1, "5m1s"]
    pdb = {"metadata": _meta("p"), "spec": {"minAvailable": 2}, "status": {"disruptionsAllowed": 1}}
    assert _table("pdb", pdb)[1] == ["p", "2", "N/A", 1, "5m1s"]


def test_config_and_policy_columns():
    assert _table("cm", {"metadata": _meta("c"), "data": {"a": "1", "b": "2"}})[1] == ["c", 2, "5m1s"]
    assert _table("secrets", {"metadata": _meta("s"), "type": "Opaque", "data": {"k": "dg=="}})[1] == \
        ["s", "Opaque", 1, "5m1s"]
    assert _table("sa", {"metadata": _meta("default")})[1] == ["default", 0, "5m1s"]
    quota = {"metadata": _meta("q"), "status": {
        "hard": {"requests.cpu": "1", "requests.memory": "1Gi", "limits.cpu": "2", "pods": "10"},
        "used": {"requests.cpu": "500m", "pods": "3"}}}
    assert _table("quota", quota)[1] == ["q", "5m1s", "pods: 3/10, requests.cpu: 500m/1, requests.memory: 0/1Gi",
                                         "limits.cpu: 0/2"]
    assert _table("limits", {"metadata": _meta("l")})[0] == ["Name", "Created At"]
    assert _table("limits", {"metadata": _meta("l")})[1] == ["l", "2026-11-26T17:22:54Z"]
    assert _table("roles", {"metadata": _meta("r")})[1] == ["r", "2026-11-26T17:22:54Z"]
    rb = {"metadata": _meta("rb"), "roleRef": {"kind": "ClusterRole", "name": "view"},
          "subjects": [{"kind": "User", "name": "jane"}, {"kind": "ServiceAccount", "name": "sa",
                                                          "namespace": "dev"}]}
    assert _table("rolebindings", rb)[1] == ["rb", "ClusterRole/view", "5m1s", "jane", "", "dev/sa"]
    np = {"metadata": _meta("deny"), "spec": {"podSelector": {}}}
    assert _table("netpol", np)[1] == ["deny", "<none>", "5m1s"]
    pc = {"metadata": _meta("high"), "value": 1000, "globalDefault": False}
    assert _table("pc", pc)[1] == ["high", 1000, False, "5m1s", "<unset>"]
    lease = {"metadata": _meta("n1"), "spec": {"holderIdentity": "n1"}}
    assert _table("leases", lease)[1] == ["n1", "n1", "5m1s"]


def test_storage_and_network_columns():
    pv = {"metadata": _meta("pv1"), "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                                             "persistentVolumeReclaimPolicy": "Retain",
                                             "claimRef": {"namespace": "default", "name": "data"},
                                             "storageClassName": "manual"},
          "status": {"phase": "Bound"}}
    assert _table("pv", pv)[1] == ["pv1", "1Gi", "RWO", "Retain", "Bound", "default/data", "manual", "<unset>",
                                   "", "5m1s", "<unset>"]
    sc = {"metadata": _meta("default", annotations={"storageclass.kubernetes.io/is-default-class": "true"}),
          "provisioner": "disk.csi.azure.com", "volumeBindingMode": "WaitForFirstConsumer",
          "allowVolumeExpansion": True}
    assert _table("sc", sc)[1] == ["default (default)", "disk.csi.azure.com", "Delete", "WaitForFirstConsumer",
                                   "true", "5m1s"]
    ing = {"metadata": _meta("web"), "spec": {"ingressClassName": "nginx", "rules": [{"host": "a.example"}],
                                              "tls": [{"hosts": ["a.example"]}]},
           "status": {"loadBalancer": {"ingress": [{"ip": "20.0.0.1"}]}}}
    assert _table("ing", ing)[1] == ["web", "nginx", "a.example", "20.0.0.1", "80, 443", "5m1s"]


def test_event_columns():
    ev = {"metadata": _meta("crash.1"), "type": "Warning", "reason": "BackOff", "message": " Back-off \n",
          "involvedObject": {"kind": "Pod", "name": "crash", "fieldPath": "spec.containers{crash}"},
          "count": 22, "firstTimestamp": "2026-11-26T17:21:34Z", "lastTimestamp": "2026-11-26T17:27:44Z",
          "source": {"component": "kubelet", "host": "node-1"}}
    names, cells = _table("events", ev)
    assert names == ["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen",
                     "Count", "Name"]
    assert cells == ["11s", "Warning", "BackOff", "pod/crash", "spec.containers{crash}", "kubelet, node-1",
                     "Back-off", "6m21s", 22, "crash.1"]
    bare = {"metadata": _meta("e"), "involvedObject": {"kind": "Node", "name": "n1"},
            "eventTime": "2026-11-26T17:27:50.000000Z"}
    assert _table("events", bare)[1][0] == "5s" and _table("events", bare)[1][8] == 1
