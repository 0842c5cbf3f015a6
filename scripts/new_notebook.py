"""Write the welcome notebook's source cells (outputs come from scripts/build_notebook.py)."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    new_markdown_cell(
        "# Welcome — a Kubernetes cluster in your notebook\n\n"
        "This course simulates a Kubernetes cluster (and later Azure) inside the notebook's kernel. "
        "You type the same commands as on a real cluster and get the same answers; time in the "
        "cluster moves only when you let it (`cluster.run(seconds=…)`), so every run of this notebook "
        "prints the same thing.\n\n"
        "**Map of the course** — one notebook per chapter of the lecture:\n\n"
        "| Notebook | Chapter |\n|---|---|\n"
        "| `00-welcome` | this page: a first cluster |\n"
        "| `01-containers-vs-vms` | why containers; containers vs VMs; packing, density and cost; "
        "consolidating an estate |\n"
        "| `03-aks` | Azure Kubernetes Service: create, credentials, upgrade, scale; the portal form; "
        "ACS Engine; the managed control plane |\n"
        "| `04-aci-acr-virtual-nodes` | Azure Container Instances, Azure Container Registry, virtual nodes, "
        "Open Service Broker |\n"
        "| `02-orchestration` | container orchestration (오케스트레이션): scheduling, affinity, self-healing, "
        "auto-scaling, service discovery, rolling upgrades |\n"
        "| `05-objects` | Kubernetes objects (오브젝트): Pod, Volume, Service, Namespace |\n"
        "| `06-controllers` | controllers (컨트롤러): ReplicationController, ReplicaSet, Deployment, blue/green, "
        "DaemonSet, Job, CronJob, StatefulSet, HPA |\n"
        "| `07-architecture` | architecture (쿠버네티스 구조): master and node components, each at work and each stopped |\n"
        "| `08` | networking (added later) |\n\n"
        "**Resetting a cluster**: run the cell that creates it again — `Cluster(...)` always starts "
        "from scratch, with the same seed giving the same names."),
    new_code_cell("from k8scourse import Cluster\n\n"
                  "cluster = Cluster(nodes=3, vm_size=\"Standard_DS2_v2\", seed=0)\n"
                  "cluster"),
    new_markdown_cell("Three worker nodes (노드), named the way AKS names the machines of a node pool. "
                      "`kubectl get nodes` lists them:"),
    new_code_cell('cluster.kubectl("get nodes")'),
    new_markdown_cell("Let five minutes of simulated time pass, and look again — the AGE column moves:"),
    new_code_cell('cluster.run(seconds=300)\ncluster.kubectl("get nodes -o wide")'),
    new_markdown_cell("Every cluster starts with four namespaces (네임스페이스):"),
    new_code_cell('cluster.kubectl("get namespaces")'),
    new_markdown_cell("Mistakes get the same answers a real cluster gives — no Python tracebacks:"),
    new_code_cell('cluster.kubectl("get podz")\ncluster.kubectl("get pod web")'),
    new_markdown_cell("## Try it\n\n* `cluster.kubectl(\"api-resources\")` — every kind of object the API server knows.\n"
                      "* `cluster.kubectl(\"describe node <name>\")` with a name from the list above."),
]


if __name__ == "__main__":
    import sys
    sys.path.insert(0, "scripts/notebooks")
    from _exercise_links import links_cell
    nb = new_notebook(cells=[*CELLS, links_cell(0)], metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}})
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c00-{i:03d}"     # stable ids: regenerating writes the same file
    nbformat.write(nb, "notebooks/00-welcome.ipynb")
