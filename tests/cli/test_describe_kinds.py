"""``kubectl describe`` for the workload, batch, autoscaling, storage, network and policy kinds.

Each describer runs on live objects the simulator's controllers produced, through the public
surface (``Cluster.apply`` / ``Cluster.run`` / ``Cluster.kubectl``), and the layouts are checked
line by line against kubectl's describe.go (section order, labels, values from status, Events).
"""

from __future__ import annotations

import re

import pytest

from k8scourse import Cluster

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: nginx, resources: {requests: {cpu: 200m}}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: pi, image: busybox, command: [sh, -c, "sleep 5"]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: t, image: busybox}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: a, image: busybox}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: postgres}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: api}}}, {ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    ports: [{port: 5432}]
  - {}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  tls: [{hosts: [web.example.com], secretName: web-tls}]
  rules:
  - host: web.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high, annotations: {team: core}}
value: 1000
description: important
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: builder}
imagePullSecrets: [{name: regcred}]
"""


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(nodes=2, seed=1)
    low = "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: low}\nvalue: 10\n"
    assert cluster.kubectl("create -f -", stdin=low, echo=False).stderr == ""
    cluster.apply(MANIFEST, echo=False)
    cluster.kubectl("autoscale deployment web --cpu-percent=50 --min=1 --max=5", echo=False)
    cluster.run(seconds=30)
    cluster.faults.load("app=web", cpu_millicores=90)        # 45 % of the 200m request
    cluster.run(seconds=90)
    return cluster


def describe(c, what: str) -> list[str]:
    out = c.kubectl("describe " + what, echo=False)
    assert out.stderr == ""
    return out.stdout.splitlines()


def section(lines: list[str], start: str, stop: str) -> list[str]:
    i = next(n for n, line in enumerate(lines) if line.startswith(start))
    j = next(n for n, line in enumerate(lines) if n > i and line.startswith(stop))
    return lines[i:j]


def titles(lines: list[str]) -> list[str]:
    """The top-level field names, in order."""
    return [line.split(":")[0] for line in lines if line and not line[0].isspace() and ":" in line]


def test_replicaset(c):
    rs = c.list("replicasets")[0]
    name = rs["metadata"]["name"]
    lines = describe(c, f"rs {name}")
    assert titles(lines) == ["Name", "Namespace", "Selector", "Labels", "Annotations", "Controlled By", "Replicas",
                             "Pods Status", "Pod Template", "Events"]
    h = rs["metadata"]["labels"]["pod-template-hash"]
    assert lines[:5] == [f"Name:           {name}", "Namespace:      default",
                         f"Selector:       app=web,pod-template-hash={h}", "Labels:         app=web",
                         f"                pod-template-hash={h}"]
    assert "Controlled By:  Deployment/web" in lines
    assert "Replicas:       2 current / 2 desired" in lines
    assert "Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed" in lines
    assert section(lines, "Pod Template:", "  Containers:") == [
        "Pod Template:", "  Labels:  app=web", f"           pod-template-hash={h}"]
    events = section(lines, "Events:", "zzz") if False else lines[lines.index("Events:"):]
    assert events[1].split() == ["Type", "Reason", "Age", "From", "Message"]
    assert re.match(r"  Normal  SuccessfulCreate  \S+ +replicaset-controller  Created pod: " + name, events[3])


def test_daemonset_counts_lines_outside_the_aligned_block(c):
    lines = describe(c, "ds agent")
    assert lines[:11] == [
        "Name:           agent", "Selector:       app=agent",
        "Node-Selector:  <none>", "Labels:         <none>", "Annotations:    <none>",
        "Desired Number of Nodes Scheduled: 2", "Current Number of Nodes Scheduled: 2",
        "Number of Nodes Scheduled with Up-to-date Pods: 2",
        f"Number of Nodes Scheduled with Available Pods: {c.get('daemonsets', 'agent')['status'].get('numberAvailable', 0)}",
        "Number of Nodes Misscheduled: 0", "Pods Status:  2 Running / 0 Waiting / 0 Succeeded / 0 Failed"]
    assert lines[11] == "Pod Template:"
    assert lines[-1].split()[:2] == ["Normal", "SuccessfulCreate"]


def test_statefulset_with_volume_claims(c):
    lines = describe(c, "sts db")
    assert titles(lines) == ["Name", "Namespace", "CreationTimestamp", "Selector", "Labels", "Annotations", "Replicas",
                             "Update Strategy", "Pods Status", "Pod Template", "Volume Claims", "Events"]
    assert "Replicas:           1 desired | 1 total" in lines
    assert "Update Strategy:    RollingUpdate" in lines and "  Partition:        0" in lines
    assert section(lines, "Volume Claims:", "Events:") == [
        "Volume Claims:", "  Name:          data", "  StorageClass:  ", "  Labels:        <none>",
        "  Annotations:   <none>", "  Capacity:      1Gi", "  Access Modes:  [ReadWriteOnce]"]
    assert any("create Pod db-0 in StatefulSet db successful" in line for line in lines)


def test_job_completed(c):
    job = c.get("jobs", "pi")
    uid = job["metadata"]["uid"]
    lines = describe(c, "job pi")
    assert titles(lines)[:16] == ["Name", "Namespace", "Selector", "Labels", "Annotations", "Parallelism",
                                  "Completions", "Completion Mode", "Suspend", "Backoff Limit", "Start Time",
                                  "Completed At", "Duration", "Pods Statuses", "Pod Template", "Events"]
    assert lines[2] == f"Selector:         batch.kubernetes.io/controller-uid={uid}"
    for line in ["Parallelism:      1", "Completions:      1", "Completion Mode:  NonIndexed", "Suspend:          false",
                 "Backoff Limit:    6", "Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed"]:
        assert line in lines
    start, done = job["status"]["startTime"], job["status"]["completionTime"]
    assert lines[lines.index("Backoff Limit:    6") + 1].startswith("Start Time:       ")
    assert start != done and any(re.fullmatch(r"Duration:         \d+s", line) for line in lines)
    assert lines[-1].split()[:2] == ["Normal", "Completed"] and lines[-1].endswith("Job completed")


def test_cronjob(c):
    lines = describe(c, "cj tick")
    assert lines[:14] == [
        "Name:                          tick", "Namespace:                     default",
        "Labels:                        <none>", "Annotations:                   <none>",
        "Schedule:                      */1 * * * *", "Concurrency Policy:            Allow",
        "Suspend:                       False", "Successful Job History Limit:  3",
        "Failed Job History Limit:      1", "Starting Deadline Seconds:     <unset>",
        "Selector:                      <unset>", "Parallelism:                   <unset>",
        "Completions:                   <unset>", "Pod Template:"]
    assert re.fullmatch(r"Last Schedule Time:  \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:00 \+0000",
                        next(line for line in lines if line.startswith("Last Schedule Time:")))
    assert any(line.startswith("Active Jobs:  ") for line in lines)
    assert any("cronjob-controller  Created job tick-" in line for line in lines)


def test_hpa_v2_layout(c):
    lines = describe(c, "hpa web")
    assert titles(lines) == ["Name", "Namespace", "Labels", "Annotations", "CreationTimestamp", "Reference",
                             "Metrics", "Min replicas", "Max replicas", "Deployment pods", "Conditions", "Events"]
    hpa = c.get("horizontalpodautoscalers", "web")
    cur = hpa["status"]["currentMetrics"][0]["resource"]["current"]
    width = len("  resource cpu on pods  (as a percentage of request):  ")
    assert lines[5] == "Reference:".ljust(width) + "Deployment/web"
    assert lines[6] == "Metrics:".ljust(width) + "( current / target )"
    assert lines[7] == (f"  resource cpu on pods  (as a percentage of request):  "
                        f"{cur['averageUtilization']}% ({cur['averageValue']}) / 50%")
    assert cur["averageUtilization"] == 45 and cur["averageValue"] == "90m"
    assert lines[8:11] == ["Min replicas:".ljust(width) + "1", "Max replicas:".ljust(width) + "5",
                           "Deployment pods:".ljust(width) + "2 current / 2 desired"]
    conds = section(lines, "Conditions:", "Events:")
    assert conds[1].split() == ["Type", "Status", "Reason", "Message"]
    assert [row.split()[0] for row in conds[3:]] == ["AbleToScale", "ScalingActive", "ScalingLimited"]
    assert "ValidMetricFound" in conds[4]


def test_pvc_and_pv_from_the_provisioner(c):
    pvc = c.get("persistentvolumeclaims", "data-db-0")
    volume = pvc["spec"]["volumeName"]
    lines = describe(c, "pvc data-db-0")
    assert titles(lines) == ["Name", "Namespace", "StorageClass", "Status", "Volume", "Labels", "Annotations",
                             "Finalizers", "Capacity", "Access Modes", "VolumeMode", "Used By", "Events"]
    assert lines[:5] == ["Name:          data-db-0", "Namespace:     default", "StorageClass:  default",
                         "Status:        Bound", f"Volume:        {volume}"]
    assert "Capacity:      1Gi" in lines and "Access Modes:  RWO" in lines and "Used By:       db-0" in lines
    pv_lines = describe(c, f"pv {volume}")
    assert titles(pv_lines) == ["Name", "Labels", "Annotations", "Finalizers", "StorageClass", "Status", "Claim",
                                "Reclaim Policy", "Access Modes", "VolumeMode", "Capacity", "Node Affinity",
                                "Message", "Source", "Events"]
    assert "Claim:           default/data-db-0" in pv_lines and "Reclaim Policy:  Delete" in pv_lines
    src = section(pv_lines, "Source:", "Events:")
    assert src[1].startswith("    Type:              CSI (a Container Storage Interface (CSI) volume source)")
    assert src[2] == "    Driver:            disk.csi.azure.com"


def test_storageclass(c):
    lines = describe(c, "sc default")
    assert lines[:3] == ["Name:                  default", "IsDefaultClass:        Yes",
                         "Annotations:           storageclass.kubernetes.io/is-default-class=true"]
    assert titles(lines) == ["Name", "IsDefaultClass", "Annotations", "Provisioner", "Parameters",
                             "AllowVolumeExpansion", "MountOptions", "ReclaimPolicy", "VolumeBindingMode", "Events"]


def test_endpoints_and_endpointslice(c):
    ips = sorted(a["ip"] for s in c.get("endpoints", "web")["subsets"] for a in s["addresses"])
    lines = describe(c, "endpoints web")
    assert lines[4:11] == ["Subsets:", f"  Addresses:          {','.join(ips)}", "  NotReadyAddresses:  <none>",
                           "  Ports:", "    Name     Port  Protocol", "    ----     ----  --------",
                           "    <unset>  80    TCP"]
    assert lines[11:] == ["", "Events:  <none>"]
    name = next(s["metadata"]["name"] for s in c.list("endpointslices")
                if s["metadata"]["labels"].get("kubernetes.io/service-name") == "web")
    lines = describe(c, f"endpointslice {name}")
    assert lines[5:10] == ["AddressType:  IPv4", "Ports:", "  Name     Port  Protocol", "  ----     ----  --------",
                           "  <unset>  80    TCP"]
    assert lines[10] == "Endpoints:"
    assert re.fullmatch(r"  - Addresses:  10\.\d+\.\d+\.\d+", lines[11])
    assert lines[12:14] == ["    Conditions:", "      Ready:    true"]
    assert lines[14] == "    Hostname:   <unset>" and lines[15].startswith("    TargetRef:  Pod/web-")


def test_ingress_backends_and_missing_service(c):
    lines = describe(c, "ingress web")
    ips = sorted(a["ip"] for s in c.get("endpoints", "web")["subsets"] for a in s["addresses"])
    assert lines[:9] == [
        "Name:             web", "Labels:           <none>", "Namespace:        default", "Address:          ",
        "Ingress Class:    <none>", "Default backend:  <default>", "TLS:", "  web-tls terminates web.example.com",
        "Rules:"]
    assert lines[9].split() == ["Host", "Path", "Backends"]
    assert lines[11] == "  web.example.com  "
    assert lines[12].split() == ["/", "web:80", "(" + ",".join(f"{ip}:80" for ip in ips) + ")"]
    assert lines[13].split(None, 1) == ["/api", 'api:8080 (<error: services "api" not found>)']
    assert lines[14].startswith("Annotations:") and lines[15].startswith("Events:")


def test_networkpolicy_spelled_out(c):
    lines = describe(c, "netpol db")
    assert re.fullmatch(r"Created on:   \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC", lines[2])
    assert lines[:2] + lines[3:] == [
        "Name:         db", "Namespace:    default", "Labels:       <none>", "Annotations:  <none>",
        "Spec:",
        "  PodSelector:     app=db",
        "  Allowing ingress traffic:",
        "    To Port: 5432/TCP",
        "    From:",
        "      PodSelector: app=api",
        "    From:",
        "      IPBlock:",
        "        CIDR: 10.0.0.0/8",
        "        Except: 10.1.0.0/16",
        "    ----------",
        "    To Port: <any> (traffic allowed to all ports)",
        "    From: <any> (traffic not restricted by source)",
        "  Allowing egress traffic:",
        "    <none> (Selected pods are isolated for egress connectivity)",
        "  Policy Types: Ingress, Egress"]


def test_pdb(c):
    st = c.get("poddisruptionbudgets", "web")["status"]
    lines = describe(c, "pdb web")
    assert lines[:9] == ["Name:           web", "Namespace:      default", "Min available:  1",
                         "Selector:       app=web", "Status:",
                         f"    Allowed disruptions:  {st['disruptionsAllowed']}",
                         f"    Current:              {st['currentHealthy']}",
                         f"    Desired:              {st['desiredHealthy']}",
                         f"    Total:                {st['expectedPods']}"]
    assert (st["disruptionsAllowed"], st["currentHealthy"], st["desiredHealthy"], st["expectedPods"]) == (1, 2, 1, 2)
    assert lines[9].startswith("Events:")


def test_serviceaccount_headers_and_missing_secret(c):
    assert describe(c, "sa builder") == [
        "Name:                builder", "Namespace:           default", "Labels:              <none>",
        "Annotations:         <none>", "Image pull secrets:  regcred (not found)",
        "Mountable secrets:   <none>", "Tokens:              <none>", "Events:              <none>"]


def test_priorityclass(c):
    assert describe(c, "pc low") == [
        "Name:              low", "Value:             10", "GlobalDefault:     false",
        "PreemptionPolicy:  PreemptLowerPriority", "Description:       ", "Annotations:       <none>",
        "Events:            <none>"]
    lines = describe(c, "pc high")
    assert lines[5].startswith("Annotations:       kubectl.kubernetes.io/last-applied-configuration={")
    # FormatLabels keeps the JSON's trailing newline: the next annotation starts a line of its own
    assert lines[5].endswith('"value":1000}') and lines[6] == ",team=core"


def test_lease_keeps_the_generic_describer(c):
    node = c.list("nodes")[0]["metadata"]["name"]
    lines = describe(c, f"lease {node} -n kube-node-lease")
    assert lines[4:6] == ["API Version:  coordination.k8s.io/v1", "Kind:         Lease"]
    assert "Spec:" in lines
