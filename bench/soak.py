"""A simulated week of a lecture cluster under load, faults and commands: wall time, memory, convergence.

A 3-node cluster runs a 3-replica web Deployment behind a Service with an HPA (2–6 replicas, 50 %
CPU), a Redis StatefulSet, a CronJob every 15 minutes and a DaemonSet. Every simulated hour a
student's command happens (scale, a new image and its rollout, delete a pod, a `kubectl get`), the
web pods' load changes (a daily curve), and every 6 hours a fault from a seeded schedule hits: a node
powered off and on, a kubelet stopped, the API server, etcd, the controller manager or the scheduler
stopped for up to 10 minutes, or DNS. After the week the cluster gets an hour without faults and
must have converged: every Deployment, StatefulSet and DaemonSet at its desired and available count,
every node Ready, no pod stuck Pending. Reports wall time and CPU time of the week, peak memory
(RSS) and the convergence, against a baseline run of the same cluster for one quiet hour.

Run: ``.venv/bin/python bench/soak.py [--days 7] [--seed 0]``
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

from k8scourse import Cluster

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

WORKLOAD = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 500m, memory: 128Mi}}
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 10}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 6
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: redis, image: "redis:7", resources: {requests: {cpu: 100m, memory: 128Mi}}}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "*/15 * * * *"
  successfulJobsHistoryLimit: 3
  jobTemplate:
    spec:
      template:
        spec: {restartPolicy: OnFailure, containers: [{name: report, image: busybox, command: [date]}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: busybox, command: [sleep, "100000000"],
                         resources: {requests: {cpu: 10m, memory: 16Mi}}}]}
"""

COMMANDS = ["scale deployment web --replicas={n}", "set image deployment/web web=nginx:{tag}",
            "delete pod -l app=db --wait=false", "get pods -o wide", "rollout restart deployment/web",
            "get events"]
TAGS = ["1.27", "1.28"]


def fault(c: Cluster, rng: random.Random) -> None:
    """One fault from the schedule, healed after up to 10 simulated minutes."""
    nodes = [n["metadata"]["name"] for n in c.list("nodes")]
    kind = rng.choice(["node", "kubelet", "apiserver", "etcd", "controller-manager", "scheduler", "dns"])
    outage = rng.randint(30, 600)
    if kind == "node":
        node = rng.choice(nodes)
        c.faults.stop_node(node)
        c.run(seconds=outage)
        c.faults.start_node(node)
    elif kind == "kubelet":
        node = rng.choice(nodes)
        c.faults.stop_kubelet(node)
        c.run(seconds=outage)
        c.faults.start_kubelet(node)
    else:
        c.faults.stop(kind)
        c.run(seconds=outage)
        c.faults.start(kind)


def converged(c: Cluster) -> list[str]:
    """What is not as desired (empty when the cluster has converged)."""
    problems = []
    for kind in ("deployments", "statefulsets"):
        for obj in c.list(kind, "default"):
            want, status = obj["spec"].get("replicas", 1), obj.get("status") or {}
            if status.get("readyReplicas", 0) != want:
                problems.append(f"{kind}/{obj['metadata']['name']}: {status.get('readyReplicas', 0)}/{want} ready")
    for ds in c.list("daemonsets", "default"):
        st = ds.get("status") or {}
        if st.get("numberAvailable", 0) != st.get("desiredNumberScheduled", -1):
            problems.append(f"daemonset/{ds['metadata']['name']}: {st.get('numberAvailable', 0)} available")
    for node in c.list("nodes"):
        ready = next((x["status"] for x in node["status"].get("conditions", []) if x["type"] == "Ready"), "")
        if ready != "True":
            problems.append(f"node/{node['metadata']['name']}: Ready={ready}")
    pending = [p["metadata"]["name"] for p in c.list("pods", "default") if p["status"].get("phase") == "Pending"]
    if pending:
        problems.append(f"pending pods: {', '.join(pending[:5])}")
    return problems


def week(days: int, seed: int) -> tuple[float, float, list[str], int]:
    rng = random.Random(seed)
    c = Cluster(nodes=3, seed=seed, clock="manual")
    c.apply(WORKLOAD, echo=False)
    c.run(seconds=120)
    wall, cpu = time.perf_counter(), time.process_time()
    commands = 0
    for hour in range(days * 24):
        if hour % 6 == 3:
            fault(c, rng)
        command = rng.choice(COMMANDS).format(n=rng.randint(2, 5), tag=rng.choice(TAGS))
        c.kubectl(command, echo=False)
        commands += 1
        c.faults.load("app=web", cpu_millicores=40 + 60 * abs(12 - hour % 24))   # a daily curve
        c.run(seconds=3600)
    c.run(seconds=3600)                                                           # a quiet hour to heal
    return time.perf_counter() - wall, time.process_time() - cpu, converged(c), commands


def quiet_hour(seed: int) -> float:
    c = Cluster(nodes=3, seed=seed, clock="manual")
    c.apply(WORKLOAD, echo=False)
    c.run(seconds=120)
    cpu = time.process_time()
    c.run(seconds=3600)
    return time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="also print BENCH records")
    opts = parser.parse_args()
    base = quiet_hour(opts.seed)
    wall, cpu, problems, commands = week(opts.days, opts.seed)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    hours = opts.days * 24
    command = f".venv/bin/python bench/soak.py --days {opts.days} --seed {opts.seed}"
    print(f"{opts.days} simulated days ({hours} commands, {hours // 6} faults, load changing hourly): "
          f"wall {wall:.1f} s, CPU {cpu:.1f} s; one quiet hour: CPU {base:.2f} s "
          f"(the week costs {cpu / base:.0f} quiet hours for its {hours + 1})")
    print(f"peak memory {peak_mb:.0f} MB; converged: {'yes' if not problems else 'NO — ' + '; '.join(problems)}")
    benchlib.emit("soak week, CPU", cpu, "s", baseline=base, baseline_name="one quiet hour, CPU",
                  ratio=cpu / base, ratio_name="quiet hours", command=command, wall_s=round(wall, 1),
                  peak_rss_mb=round(peak_mb), converged=not problems, commands=commands)
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
