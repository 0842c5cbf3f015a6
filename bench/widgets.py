"""Widget benchmarks: command → updated dashboard, and a kernel's memory with the Console loaded.

1. For clusters holding 3, 100 and 1,000 pods: the CPU time of one command that changes the cluster
   (``kubectl run`` of one more pod, then ``run(seconds=1)`` so the scheduler binds it and the
   kubelet starts it) **alone**, against the same command on an identical cluster with a Dashboard
   open **plus** the redraw that brings the dashboard up to date (``flush()``). The ratio is the
   dashboard's overhead; coalescing keeps it flat as the cluster grows. Medians of 15 commands.
2. Resident memory (VmRSS) of a real IPython kernel (jupyter_client) before and after
   ``import k8scourse`` + a lecture-sized cluster (3 nodes, a 3-replica Deployment, a Service,
   the lecture's nginx Pod, 60 simulated seconds) + ``Console(c)`` displayed; and of a kernel with
   *everything* loaded: every module of the package, that cluster and Console, the Topology and
   SchedulingExplainer widgets, the pods' DataFrame and a simulated Azure subscription.

Run: ``.venv/bin/python bench/widgets.py`` (``make bench`` runs every benchmark).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
from k8scourse import Cluster  # noqa: E402

REPEAT = 15


def pod(name: str, node: str) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
            "spec": {"nodeName": node, "containers": [{"name": "app", "image": "nginx",
                     "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}]}}


def build(pods: int) -> Cluster:
    nodes = max(3, -(-pods // 100))
    c = Cluster(nodes=nodes, seed=0)
    names = sorted(n["metadata"]["name"] for n in c.list("nodes"))
    for i in range(pods):
        c.api.create(pod(f"p{i:04d}", names[i % len(names)]), trusted=True)
    c.run(seconds=60)
    return c


def time_commands(c: Cluster, flush=None) -> list[float]:
    out = []
    for i in range(REPEAT):
        start = time.process_time()
        c.kubectl(f"run extra{i} --image=nginx", echo=False)
        c.run(seconds=1)
        if flush is not None:
            flush()
        out.append(time.process_time() - start)
    return out


def command_to_dashboard() -> list[tuple]:
    from k8scourse.widgets import Dashboard, flush
    rows = []
    for pods in (3, 100, 1000):
        plain = build(pods)
        alone = statistics.median(time_commands(plain))
        viewed = build(pods)
        start = time.process_time()
        dash = Dashboard(viewed)
        first = time.process_time() - start
        total = statistics.median(time_commands(viewed, flush))
        assert f"default/extra{REPEAT - 1}" in dash.text()
        rows.append((pods, len(viewed.list("nodes")), alone * 1000, total * 1000, total / alone, first * 1000))
    return rows


KERNEL_CODE = r'''
import k8scourse
from k8scourse import Cluster
from k8scourse.widgets import Console
c = Cluster(nodes=3, seed=0)
c.apply("""
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.14.2", resources: {requests: {cpu: 100m, memory: 128Mi}}}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: nginx}
spec:
  containers: [{name: nginx, image: "nginx:1.7.9", ports: [{containerPort: 8090}]}]
""", echo=False)
c.run(60)
con = Console(c)
display(con)
'''


EVERYTHING_CODE = KERNEL_CODE + r'''
import importlib, pkgutil
for m in pkgutil.walk_packages(k8scourse.__path__, "k8scourse."):
    if not m.name.endswith("__main__"):
        importlib.import_module(m.name)
from k8scourse.widgets import Topology, SchedulingExplainer
from k8scourse.cloud import Azure
display(Topology(c))
display(SchedulingExplainer(c, "nginx"))   # the lecture pod's scheduling decision
frame = c.pods()
az = Azure(seed=0)
'''


def kernel_rss(code: str = KERNEL_CODE) -> tuple[float, float]:
    from jupyter_client.manager import start_new_kernel

    def rss(pid: int) -> float:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        kc.execute_interactive("1", timeout=60, output_hook=lambda msg: None)
        pid = km.provisioner.process.pid
        base = rss(pid)
        reply = kc.execute_interactive(code, timeout=300, output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok", reply["content"]
        return base, rss(pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main() -> None:
    print("command → updated dashboard (median of", REPEAT, "commands: kubectl run + run(1s) [+ flush])")
    print("| pods | nodes | command alone (ms) | command + dashboard update (ms) | ratio | first render (ms) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for pods, nodes, alone, total, ratio, first in command_to_dashboard():
        print(f"| {pods:,} | {nodes} | {alone:.1f} | {total:.1f} | {ratio:.2f} | {first:.1f} |")
        benchlib.emit(f"command + dashboard update, {pods:,} pods", total, "ms", baseline=alone,
                      baseline_name="command alone (ms)", ratio=ratio, ratio_name="x command alone",
                      command=".venv/bin/python bench/widgets.py", first_render_ms=round(first, 1))
    base, loaded = kernel_rss()
    base2, everything = kernel_rss(EVERYTHING_CODE)
    print()
    print("| kernel | VmRSS (MiB) |")
    print("|---|---:|")
    print(f"| bare IPython kernel | {base:.1f} |")
    print(f"| + k8scourse, lecture-sized cluster, Console displayed | {loaded:.1f} |")
    print(f"| everything loaded (every module, that cluster and Console, Topology, explainer, DataFrame, "
          f"Azure) | {everything:.1f} |")
    for label, value, bare in (("kernel with a lecture cluster and Console", loaded, base),
                               ("kernel with everything loaded", everything, base2)):
        benchlib.emit(label, value, "MiB", baseline=bare, baseline_name="bare IPython kernel (MiB)",
                      ratio=value / bare, ratio_name="x bare kernel", command=".venv/bin/python bench/widgets.py")


if __name__ == "__main__":
    main()
