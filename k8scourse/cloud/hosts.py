"""Containers vs virtual machines: packing apps onto hosts, density, start time, cost, consolidation.

Models the lecture's "containers vs VMs" and "the container advantage" slides. A set of apps (CPU
cores and memory they need) is placed on identical hosts (a VM size of
:mod:`k8scourse.node.vmsizes`, with its price) under one of three isolation models:

* ``vm`` — hardware virtualisation: every app gets its own VM with a guest OS. Overheads used:
  1.5 GB of memory and 0.1 core for the guest OS (Windows Server 2022 needs 512 MB for Server Core
  and 2 GB with Desktop Experience; a small Linux guest idles at ~0.5–1 GB), a 30 GB OS disk
  (Windows Server's minimum is 32 GB), ~45 s to boot; VMs are sized in whole vCPUs and whole GB
  (that rounding is much of a traditional estate's waste);
* ``container`` — Windows Server (or Linux) containers, OS virtualisation: apps share the host's
  kernel; ~50 MB and ~1.5 s per container (process start plus runtime set-up);
* ``hyperv`` — Hyper-V containers: each container in a small utility VM with its own kernel;
  ~350 MB and 0.05 core per container, ~5 s to start — more isolation than a process container,
  much less weight than a full VM.

Every host keeps 1 core and 4 GB for the host OS / hypervisor. These overheads are round,
documented approximations chosen to show the mechanism, not measurements.

Packing: :func:`first_fit_decreasing` (apps sorted by their largest normalised demand, each into the
first host it fits) and :func:`best_fit` (each app, in the given order, into the host it leaves
with least room). Results are pandas DataFrames.

Consolidation (:func:`consolidate`): an estate of under-used VMs, one app each; the apps are
containerised and packed (first-fit decreasing) onto the largest of the same VMs; the VMs left
empty are decommissioned, as the slide says ("Decommission unused resources for efficiency gains
and cost savings").

Adoption figures the lecture quotes (:data:`ADOPTION`) are survey statistics of what companies
*did*, not properties of containers; they are given as such.

>>> apps = [App(f"a{i}", cpu, 2) for i, cpu in enumerate([2, 5, 4, 7, 1, 3, 8])]
>>> len(first_fit_decreasing(apps, (10, 100))), len(best_fit(apps, (10, 100)))
(3, 4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..node.vmsizes import vm_size

HOURS_PER_MONTH = 730
HOST_RESERVE = {"cpu": 1.0, "memory_gb": 4.0}
ADOPTION = {
    "containers_per_host": 7,
    "container_churn_vs_vm": 9,
    "source": "Datadog's Docker adoption research, as quoted on the lecture's slides: the median company "
              "ran about 7 containers per host, and containers were replaced about 9 times as often as VMs. "
              "Survey statistics of real estates, not a limit of the technology.",
}


@dataclass(frozen=True)
class Isolation:
    name: str
    memory_overhead_gb: float
    cpu_overhead: float
    disk_gb: float
    start_s: float
    whole_units: bool          # sized in whole vCPUs and GB (a VM) or exactly (a container)
    label: str


ISOLATION = {
    "vm": Isolation("vm", 1.5, 0.1, 30.0, 45.0, True, "virtual machines (one guest OS per app)"),
    "container": Isolation("container", 0.05, 0.0, 0.2, 1.5, False, "Windows Server containers (shared kernel)"),
    "hyperv": Isolation("hyperv", 0.35, 0.05, 1.0, 5.0, False, "Hyper-V containers (utility VM per container)"),
}


@dataclass(frozen=True)
class App:
    name: str
    cpu: float                 # cores the app uses
    memory_gb: float
    os: str = "windows"


def footprint(app: App, mode: str) -> tuple[float, float]:
    """(cores, GB) an app takes on a host under an isolation model."""
    iso = ISOLATION[mode]
    cpu, mem = app.cpu + iso.cpu_overhead, app.memory_gb + iso.memory_overhead_gb
    if iso.whole_units:
        cpu, mem = max(1, math.ceil(cpu - 1e-9)), math.ceil(mem - 1e-9)
    return round(cpu, 3), round(mem, 3)


def _fits(used, need, cap):
    return used[0] + need[0] <= cap[0] + 1e-9 and used[1] + need[1] <= cap[1] + 1e-9


def first_fit_decreasing(items, capacity: tuple, size=None) -> list[list]:
    """Bins (lists of items); ``size(item) -> (cpu, mem)`` defaults to the item's own demand."""
    size = size or (lambda a: (a.cpu, a.memory_gb))
    order = sorted(items, key=lambda a: (-max(size(a)[0] / capacity[0], size(a)[1] / capacity[1]), a.name))
    return _place(order, capacity, size, best=False)


def best_fit(items, capacity: tuple, size=None, decreasing: bool = False) -> list[list]:
    """Each item into the open bin it leaves with the least room (ties: the earliest bin)."""
    size = size or (lambda a: (a.cpu, a.memory_gb))
    order = sorted(items, key=lambda a: (-max(size(a)[0] / capacity[0], size(a)[1] / capacity[1]), a.name)) \
        if decreasing else list(items)
    return _place(order, capacity, size, best=True)


def _place(order, capacity, size, best):
    bins: list[list] = []
    used: list[list] = []
    for item in order:
        need = size(item)
        if need[0] > capacity[0] + 1e-9 or need[1] > capacity[1] + 1e-9:
            raise ValueError(f"{item.name} needs {need[0]} cores / {need[1]} GB: more than a whole host "
                             f"({capacity[0]} cores / {capacity[1]} GB)")
        candidates = [i for i in range(len(bins)) if _fits(used[i], need, capacity)]
        if best and candidates:
            candidates.sort(key=lambda i: ((capacity[0] - used[i][0] - need[0]) / capacity[0]
                                           + (capacity[1] - used[i][1] - need[1]) / capacity[1], i))
        if candidates:
            i = candidates[0]
        else:
            bins.append([])
            used.append([0.0, 0.0])
            i = len(bins) - 1
        bins[i].append(item)
        used[i][0] += need[0]
        used[i][1] += need[1]
    return bins


def _host(host: str):
    size = vm_size(host)
    if size is None:
        raise ValueError(f"unknown host size {host!r}")
    return size, (size.vcpus - HOST_RESERVE["cpu"], size.memory_gib - HOST_RESERVE["memory_gb"])


def pack(apps, host: str = "Standard_D8s_v3", mode: str = "container", algorithm: str = "ffd"):
    """Place ``apps`` on hosts of size ``host``; one row per host (a DataFrame)."""
    import pandas as pd
    size, cap = _host(host)
    fp = lambda a: footprint(a, mode)   # noqa: E731
    bins = first_fit_decreasing(apps, cap, fp) if algorithm == "ffd" else best_fit(apps, cap, fp)
    rows = []
    for i, b in enumerate(bins):
        alloc = (sum(fp(a)[0] for a in b), sum(fp(a)[1] for a in b))
        rows.append({"host": f"host{i + 1}", "apps": ", ".join(a.name for a in b), "n_apps": len(b),
                     "cpu_allocated": round(alloc[0], 3), "memory_allocated_gb": round(alloc[1], 3),
                     "cpu_util": round(sum(a.cpu for a in b) / size.vcpus, 4),
                     "memory_util": round(sum(a.memory_gb for a in b) / size.memory_gib, 4),
                     "overhead_memory_gb": round(alloc[1] - sum(a.memory_gb for a in b), 3)})
    return pd.DataFrame(rows, columns=["host", "apps", "n_apps", "cpu_allocated", "memory_allocated_gb", "cpu_util",
                                       "memory_util", "overhead_memory_gb"])


def summary(apps, host: str = "Standard_D8s_v3", mode: str = "container", algorithm: str = "ffd") -> dict:
    size, _ = _host(host)
    frame = pack(apps, host, mode, algorithm)
    n = len(frame)
    iso = ISOLATION[mode]
    return {"mode": mode, "isolation": iso.label, "algorithm": algorithm, "host_size": size.name, "hosts_used": n,
            "apps": len(apps), "density": round(len(apps) / n, 2) if n else 0.0,
            "mean_cpu_util": round(float(frame["cpu_util"].mean()), 4) if n else 0.0,
            "mean_memory_util": round(float(frame["memory_util"].mean()), 4) if n else 0.0,
            "overhead_memory_gb": round(float(frame["overhead_memory_gb"].sum()), 2),
            "overhead_disk_gb": round(iso.disk_gb * len(apps), 1), "start_time_s": iso.start_s,
            "monthly_cost_usd": round(n * size.price_per_hour * HOURS_PER_MONTH, 2)}


def compare(apps, host: str = "Standard_D8s_v3", algorithm: str = "ffd"):
    """VMs vs Windows Server containers vs Hyper-V containers for the same apps (a DataFrame)."""
    import pandas as pd
    return pd.DataFrame([summary(apps, host, mode, algorithm) for mode in ISOLATION])


def sample_apps(copies: int = 1) -> list[App]:
    """Twelve line-of-business apps of a typical on-premises estate (light web apps), ``copies`` times."""
    spec = [("intranet", 0.4, 1.0), ("crm", 0.8, 2.5), ("hr-portal", 0.3, 0.8), ("billing", 1.2, 3.0),
            ("reports", 0.6, 2.0), ("wiki", 0.2, 0.6), ("ticketing", 0.5, 1.2), ("inventory", 0.7, 1.5),
            ("payroll", 0.4, 1.0), ("api-gateway", 0.9, 1.0), ("search", 1.5, 4.0), ("mail-relay", 0.2, 0.5)]
    if copies == 1:
        return [App(n, c, m) for n, c, m in spec]
    return [App(f"{n}-{k + 1}", c, m) for k in range(copies) for n, c, m in spec]


@dataclass(frozen=True)
class VM:
    name: str
    size: str
    app: App


def sample_estate() -> list[VM]:
    """The "traditional virtualised environment": one app per VM, mostly idle."""
    sizes = ["Standard_D4s_v3", "Standard_D4s_v3", "Standard_D2s_v3", "Standard_D8s_v3", "Standard_D2s_v3",
             "Standard_D2s_v3", "Standard_D2s_v3", "Standard_D4s_v3", "Standard_D2s_v3", "Standard_D2s_v3",
             "Standard_D8s_v3", "Standard_D2s_v3"]
    return [VM(f"vm-{a.name}", s, a) for a, s in zip(sample_apps(), sizes)]


def consolidate(estate: list[VM], max_util: float = 0.7):
    """Containerise the apps and pack them onto the largest VMs; returns (before, after, decommissioned).

    A VM is filled up to ``max_util`` of its cores (headroom for peaks, as operators plan) and of
    its memory after the guest OS.
    """
    import pandas as pd
    guest = ISOLATION["vm"]
    before = []
    for vm in estate:
        size = vm_size(vm.size)
        before.append({"vm": vm.name, "size": size.name, "apps": vm.app.name, "n_apps": 1,
                       "cpu_util": round(vm.app.cpu / size.vcpus, 4),
                       "memory_util": round(vm.app.memory_gb / size.memory_gib, 4),
                       "monthly_cost_usd": round(size.price_per_hour * HOURS_PER_MONTH, 2)})
    hosts = sorted(estate, key=lambda v: (-vm_size(v.size).vcpus, -vm_size(v.size).memory_gib, v.name))
    room = {v.name: [vm_size(v.size).vcpus * max_util - guest.cpu_overhead,
                     (vm_size(v.size).memory_gib - guest.memory_overhead_gb) * max_util] for v in hosts}
    placed: dict[str, list] = {v.name: [] for v in hosts}
    apps = sorted((v.app for v in estate), key=lambda a: (-a.cpu, -a.memory_gb, a.name))
    for app in apps:
        need = footprint(app, "container")
        target = next((v for v in hosts if room[v.name][0] >= need[0] - 1e-9 and room[v.name][1] >= need[1] - 1e-9),
                      None)
        if target is None:
            raise ValueError(f"{app.name} fits on none of the VMs")
        room[target.name][0] -= need[0]
        room[target.name][1] -= need[1]
        placed[target.name].append(app)
    after, decommissioned = [], []
    for v in estate:
        size = vm_size(v.size)
        got = placed[v.name]
        if not got:
            decommissioned.append(v.name)
        after.append({"vm": v.name, "size": size.name, "apps": ", ".join(a.name for a in got), "n_apps": len(got),
                      "cpu_util": round(sum(a.cpu for a in got) / size.vcpus, 4),
                      "memory_util": round(sum(a.memory_gb for a in got) / size.memory_gib, 4),
                      "status": "kept" if got else "decommissioned",
                      "monthly_cost_usd": round(size.price_per_hour * HOURS_PER_MONTH, 2) if got else 0.0})
    return pd.DataFrame(before), pd.DataFrame(after), decommissioned
