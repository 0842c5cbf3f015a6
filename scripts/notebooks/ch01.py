"""Chapter 1 — why containers; containers vs virtual machines (notebooks/01-containers-vs-vms.ipynb)."""

from __future__ import annotations

from _nb import code, md, write

CELLS = [
    md("""
# 01 · Why containers — containers vs virtual machines

The lecture opens with two complaints.

**Developers** say: *"New applications run smoothly on my machine but malfunction on traditional IT
servers"*, and *"My productivity … become[s] suspended when I have to wait on IT."*
**IT** says: *"I need to manage servers and maintain compliance with little disruption"*, and
*"I'm unsure of how to integrate unfamiliar applications."*

A **container image** answers both: the developer ships the application *with* its dependencies
(runtime, libraries, configuration) as one immutable artefact, and IT runs every image the same way
on hosts it keeps standard and patched. This notebook shows

1. the same image running identically on two very different hosts;
2. containers (OS virtualisation) against virtual machines (hardware virtualisation);
3. packing a set of applications onto hosts as VMs and as containers — density, utilisation,
   start time and monthly cost — with two packing algorithms;
4. "the container advantage": consolidating an under-used VM estate and decommissioning the rest.

Everything runs in the simulator inside this kernel; nothing here needs an Azure account.
"""),
    code("""
%load_ext k8scourse
import pandas as pd
from k8scourse import Cluster
from k8scourse.cloud import hosts
from k8scourse.widgets import plots

pd.set_option("display.width", 200)
pd.set_option("display.max_columns", 20)
pd.set_option("display.max_colwidth", 100)
"""),
    md("""
## 1. One image, two hosts

Two simulated clusters stand in for "my laptop" and "the IT servers": a single small burstable VM
(`Standard_B2s`, 2 vCPU / 4 GiB) running Kubernetes 1.31, and three large VMs
(`Standard_D8s_v3`, 8 vCPU / 32 GiB each) running Kubernetes 1.32. Different machine sizes,
different counts, different Kubernetes versions.
"""),
    code("""
laptop = Cluster(nodes=1, vm_size="Standard_B2s", kubernetes_version="1.31.7", seed=1, name="laptop")
servers = Cluster(nodes=3, vm_size="Standard_D8s_v3", kubernetes_version="1.32.4", seed=2, name="it-servers")
laptop, servers
"""),
    code("""
for cluster in (laptop, servers):
    print(f"# --- {cluster.name} ---")
    cluster.kubectl("get nodes -o wide")
"""),
    md("(The simulator names every node the way AKS names the machines of a node pool, even the \"laptop\".)"),
    md("""
Now run the **same image** — `mcr.microsoft.com/azuredocs/aci-helloworld`, the small Node.js web
app the lecture later runs on Azure Container Instances — on both, and give each 30 simulated seconds:
"""),
    code("""
IMAGE = "mcr.microsoft.com/azuredocs/aci-helloworld"
for cluster in (laptop, servers):
    print(f"# --- {cluster.name} ---")
    cluster.kubectl(f"run hello --image={IMAGE} --port=80")
    cluster.run(seconds=30)
    cluster.kubectl("get pod hello -o wide")
"""),
    md("""
What the application printed, and **which exact image** each node ran (`imageID` is the image's
content digest, which the container runtime resolved from the tag):
"""),
    code("""
rows = []
for cluster in (laptop, servers):
    pod = cluster.get("pods", "hello")
    node = cluster.get("nodes", pod["spec"]["nodeName"])
    rows.append({
        "cluster": cluster.name,
        "node size": node["metadata"]["labels"]["node.kubernetes.io/instance-type"],
        "kubelet": node["status"]["nodeInfo"]["kubeletVersion"],
        "pod IP": pod["status"]["podIP"],
        "imageID": pod["status"]["containerStatuses"][0]["imageID"].split("@")[1][:19] + "…",
        "log": cluster.kubectl("logs hello", echo=False).strip(),
    })
pd.DataFrame(rows)
"""),
    md("""
Host size, kubelet version and pod IP differ; the image digest and the application's behaviour do
not. That is the developer's "works on my machine" fixed: what was tested is byte for byte what runs.

Two limits worth knowing (true of real containers, not just here):

* containers **share the host's kernel**. A Linux image needs a Linux kernel, and a Windows Server
  container image needs a Windows host whose OS version is compatible with the image's — the image
  packs the user space, not the kernel;
* an image fixes the *software*, not the *environment*: configuration, secrets, network and storage
  are supplied at run time (later chapters: ConfigMaps, Secrets, Services, Volumes).
"""),
    md("""
## 2. Containers vs virtual machines

| | Virtual machines — **hardware virtualisation** | Containers — **OS virtualisation** |
|---|---|---|
| What is virtualised | the hardware: a hypervisor gives each VM virtual CPUs, memory, disks | the operating system: processes get their own view of files, network, process IDs |
| Each workload carries | a full guest OS (its own kernel) | only the app and its dependencies; the host kernel is shared |
| Start | boot an OS — tens of seconds to minutes | start a process — about a second |
| Size | GBs of disk, ~1 GB+ of memory per guest OS | MBs on top of the app |

Windows offers both flavours of container, which the lecture contrasts:

* **Windows Server containers** — *"maximum speed and density"*: process isolation, sharing the
  host's kernel, like Linux containers;
* **Hyper-V containers** — *"isolation plus performance"*: each container runs inside a small,
  optimised utility VM with its own kernel. Stronger isolation (a kernel exploit does not reach the
  host or neighbours) at the price of some memory and start time, still far lighter than a full VM.

The simulator's packing model (`k8scourse.cloud.hosts`) uses these per-workload overheads. They are
round, documented approximations chosen to show the mechanism — **not measurements**:
"""),
    code("""
pd.DataFrame([{"model": iso.name, "label": iso.label, "memory overhead (GB)": iso.memory_overhead_gb,
               "cpu overhead (cores)": iso.cpu_overhead, "disk (GB)": iso.disk_gb, "start (s)": iso.start_s,
               "sized in whole vCPU/GB": iso.whole_units}
              for iso in hosts.ISOLATION.values()])
"""),
    md("""
Every host also keeps 1 core and 4 GB for its own OS / hypervisor (`hosts.HOST_RESERVE`).

## 3. Packing applications onto hosts

Twelve line-of-business applications of a typical on-premises estate — what each actually *uses*:
"""),
    code("""
apps = hosts.sample_apps()
pd.DataFrame([{"app": a.name, "cpu (cores)": a.cpu, "memory (GB)": a.memory_gb} for a in apps])
"""),
    md("""
Placed on `Standard_D8s_v3` hosts (8 vCPU, 32 GiB) **as VMs** — one guest OS per app, each VM
rounded up to whole vCPUs and whole GB — and **as containers**:
"""),
    code("""
hosts.pack(apps, host="Standard_D8s_v3", mode="vm")
"""),
    code("""
hosts.pack(apps, host="Standard_D8s_v3", mode="container")
"""),
    md("""
`cpu_allocated` is what the hosts had to set aside; `cpu_util` is what the apps really use, as a
share of the host. The VMs reserve whole cores for apps that use a fraction of one, and every VM pays
1.5 GB for its guest OS (`overhead_memory_gb`).

The same comparison for twice the estate (24 apps), side by side, with start time per workload and
the monthly cost of the hosts (pay-as-you-go list price × 730 hours):
"""),
    code("""
comparison = hosts.compare(hosts.sample_apps(copies=2), host="Standard_D8s_v3")
comparison[["mode", "hosts_used", "apps", "density", "mean_cpu_util", "mean_memory_util",
            "overhead_memory_gb", "overhead_disk_gb", "start_time_s", "monthly_cost_usd"]]
"""),
    md("""
Containers need fewer hosts (higher **density**: apps per host), use the hosts they have better
(**utilisation**), start in seconds instead of the better part of a minute, and cost less. Hyper-V
containers land on as many hosts as process containers for this workload — their extra ~0.3 GB each
is small next to the apps — while carrying a separate kernel per container.

### First-fit decreasing vs best fit

Packing is the *bin-packing* problem; schedulers use heuristics. Two classic ones:

* **first-fit decreasing (FFD)** — sort the items, largest first; put each into the *first* host
  where it fits, opening a new host only when none does;
* **best fit** — take items in the order they arrive; put each into the host it leaves with the
  *least* room (the tightest fit).

A small example with one dimension (CPU) on hosts of 10 cores:
"""),
    code("""
demo = [hosts.App(f"a{i}", cpu, 1) for i, cpu in enumerate([2, 5, 4, 7, 1, 3, 8])]
for label, bins in [("first-fit decreasing", hosts.first_fit_decreasing(demo, (10, 100))),
                    ("best fit, arrival order", hosts.best_fit(demo, (10, 100))),
                    ("best fit decreasing", hosts.best_fit(demo, (10, 100), decreasing=True))]:
    print(f"{label:25} {len(bins)} hosts: " + "  ".join(str([a.cpu for a in b]) for b in bins))
"""),
    md("""
Sorting matters more than the choice of host: best fit in arrival order needs 4 hosts because the
big items (7 and 8) arrive last and find no room; either rule on sorted input needs the optimum, 3.
On the sample estate:
"""),
    code("""
rows = []
for mode in ("vm", "container"):
    for algorithm in ("ffd", "bf"):
        s = hosts.summary(hosts.sample_apps(copies=2), host="Standard_D8s_v3", mode=mode, algorithm=algorithm)
        rows.append({k: s[k] for k in ("mode", "algorithm", "hosts_used", "density", "mean_cpu_util",
                                       "monthly_cost_usd")})
pd.DataFrame(rows)
"""),
    md("""
Here both heuristics find the same host counts — the apps are small next to the hosts, so order
matters little. Kubernetes' default scheduler does not bin-pack at all: it *spreads* pods, scoring
nodes by how much room they have left (`NodeResourcesFit` with the `LeastAllocated` strategy); a
cluster can be configured to pack instead (`MostAllocated`).

## 4. The container advantage: consolidate and decommission

The lecture's "traditional virtualized environment": one app per VM, each VM sized generously,
**low utilisation** everywhere:
"""),
    code("""
estate = hosts.sample_estate()
before, after, decommissioned = hosts.consolidate(estate, max_util=0.7)
before
"""),
    md("""
*"Migrate containers and their dependencies to underutilized VMs for improved density and
isolation"* — containerise the apps and pack them onto the largest of the same VMs, filling each to
at most 70 % of its cores (headroom for peaks) —
*"Decommission unused resources for efficiency gains and cost savings"*:
"""),
    code("""
after
"""),
    code("""
summary = pd.DataFrame([
    {"estate": "before", "VMs": len(before), "apps": int(before["n_apps"].sum()),
     "mean cpu_util of running VMs": round(before["cpu_util"].mean(), 3),
     "monthly cost (USD)": round(before["monthly_cost_usd"].sum(), 2)},
    {"estate": "after", "VMs": int((after["status"] == "kept").sum()), "apps": int(after["n_apps"].sum()),
     "mean cpu_util of running VMs": round(after.loc[after["status"] == "kept", "cpu_util"].mean(), 3),
     "monthly cost (USD)": round(after["monthly_cost_usd"].sum(), 2)},
])
print(f"decommissioned ({len(decommissioned)}): {', '.join(decommissioned)}")
summary
"""),
    md("Before and after, per VM (a figure of fixed size, 1000×400 pixels):"),
    code("""
fig, (left, right) = plots.new_figure((10, 4), ncols=2)
x = range(len(before))
left.bar([i - 0.2 for i in x], before["cpu_util"] * 100, width=0.4, label="before")
left.bar([i + 0.2 for i in x], after["cpu_util"] * 100, width=0.4, label="after")
left.set_xticks(list(x), [v.removeprefix("vm-") for v in before["vm"]], rotation=60, fontsize=7)
left.set_ylabel("CPU used (% of the VM)")
left.set_title("Utilisation per VM")
left.legend(fontsize=8)
right.bar(["before", "after"], [before["monthly_cost_usd"].sum(), after["monthly_cost_usd"].sum()],
          color=["tab:blue", "tab:orange"])
right.set_ylabel("USD per month")
right.set_title("Cost of the estate")
fig.tight_layout()
fig
"""),
    md("""
The same effect as the number of workloads grows — one small service (250 millicores, 256 MiB) per
workload, each as its own `Standard_DS2_v2` VM, or packed as containers onto nodes of that size
after 15 % is reserved for the system (`plots.density_table`):
"""),
    code("""
growth = plots.density_table(range(1, 41), cpu_m=250, memory_mib=256)
growth.iloc[[0, 4, 9, 19, 39]]
"""),
    code("""
plots.density_and_cost(growth)
"""),
    md("""
## Containers are gaining momentum — the survey figures

The lecture quotes industry figures. They are **survey statistics about what companies did**
(Datadog's Docker adoption research of the mid-2010s, as quoted on the slides, and a Gartner
forecast) —
not results of this simulator, and not properties of the technology:

* nearly **60 %** of organisations running 500 or more hosts were container "dabblers" or adopters;
* the average company **quintupled** its container usage within 9 months;
* container hosts often ran **seven** containers at a time;
* containers **churned 9 times faster** than VMs (they are started and replaced far more often);
* Gartner: *"By 2020, more than 50% of enterprises will run mission-critical, containerized
  cloud-native applications in production, up from less than 5% today."*

The simulator keeps the two per-host figures with their source:
"""),
    code("""
hosts.ADOPTION
"""),
    md("""
## Try it

Change the values in the next cell and run it again:

* `copies` — a bigger estate (`copies=5` is 60 apps): do containers' savings grow or shrink?
* `host` — smaller hosts (`"Standard_D4s_v3"`) or memory-heavy ones (`"Standard_E4s_v3"`): which
  resource runs out first for VMs, and for containers?
* `algorithm` — `"bf"` instead of `"ffd"`.
"""),
    code("""
copies, host, algorithm = 2, "Standard_D8s_v3", "ffd"     # try: 5, "Standard_D4s_v3", "bf"
hosts.compare(hosts.sample_apps(copies=copies), host=host, algorithm=algorithm)[
    ["mode", "hosts_used", "density", "mean_cpu_util", "start_time_s", "monthly_cost_usd"]]
"""),
    md("""
And the consolidation with less headroom: `max_util=0.9` fills each VM to 90 % of its cores. How
many VMs are left, and would you run production like that?
"""),
    code("""
_, after_90, gone_90 = hosts.consolidate(hosts.sample_estate(), max_util=0.7)   # try 0.9 or 0.5
print(f"kept {int((after_90['status'] == 'kept').sum())} VMs, decommissioned {len(gone_90)}, "
      f"monthly cost {after_90['monthly_cost_usd'].sum():.2f} USD")
"""),
    md("""
## Self-check

1. The laptop and the server clusters above ran the same tag. What in the output shows that they ran
   the *same image*, and what differed?
2. Why can a Linux container image not run as a process container on a Windows host?
3. Windows Server container or Hyper-V container: which for two customers' untrusted code on one
   host, and why?
4. In the packing tables, where does most of the VMs' waste come from?
5. Best fit in arrival order used 4 hosts for `[2, 5, 4, 7, 1, 3, 8]` on 10-core hosts; what one
   change gets it to 3?
6. "Containers churn 9 times faster than VMs" — is that a measurement of this simulator?

<details><summary>Answers</summary>

1. The `imageID` digest (`sha256:…`) and the log line are identical; node size, kubelet version and
   pod IP differ.
2. Containers share the host's kernel; a Linux image's binaries need a Linux kernel. (Windows can run
   Linux containers only inside a VM — which is hardware virtualisation again.)
3. Hyper-V containers: each has its own kernel in a utility VM, so a kernel-level escape does not
   reach the other customer; process containers share one kernel.
4. Rounding each app up to whole vCPUs and GB, plus a guest OS (memory, disk) per app.
5. Sort the items largest first (best fit *decreasing*), as FFD does.
6. No — it is survey data (Datadog, as quoted on the slides) about how companies used containers.
</details>
"""),
]


if __name__ == "__main__":
    write("01-containers-vs-vms", CELLS)
