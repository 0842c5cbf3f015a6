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
""", """
# 01 · 왜 컨테이너인가 — 컨테이너와 가상 머신

강의는 두 가지 불만으로 시작합니다.

**개발자**는 이렇게 말합니다: *"New applications run smoothly on my machine but malfunction on traditional IT
servers"* (새 애플리케이션이 내 컴퓨터에서는 잘 도는데 기존 IT 서버에서는 오작동한다), *"My productivity …
become[s] suspended when I have to wait on IT."* (IT 부서를 기다리는 동안 생산성이 멈춘다).
**IT 부서**는 이렇게 말합니다: *"I need to manage servers and maintain compliance with little disruption"*
(서비스 중단 없이 서버를 관리하고 규정을 지켜야 한다), *"I'm unsure of how to integrate unfamiliar
applications."* (낯선 애플리케이션을 어떻게 통합해야 할지 모르겠다).

**컨테이너 이미지**가 두 가지 모두에 답합니다. 개발자는 애플리케이션을 의존성(런타임, 라이브러리, 설정)과
*함께* 변하지 않는 하나의 결과물로 내보내고, IT 부서는 표준화하고 패치해 둔 호스트에서 모든 이미지를 똑같은
방식으로 실행합니다. 이 노트북에서 보는 것:

1. 같은 이미지가 전혀 다른 두 호스트에서 똑같이 실행되는 모습;
2. 컨테이너(OS 가상화)와 가상 머신(하드웨어 가상화)의 비교;
3. 애플리케이션들을 VM으로, 또 컨테이너로 호스트에 배치할 때의 밀도, 활용률, 시작 시간, 월 비용 —
   두 가지 배치 알고리즘으로;
4. "컨테이너의 장점(the container advantage)": 활용률이 낮은 VM 환경을 통합하고 남는 VM을 폐기하기.

모든 것은 이 커널 안의 시뮬레이터에서 실행되며, Azure 계정은 필요하지 않습니다.
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
""", """
## 1. 이미지 하나, 호스트 둘

시뮬레이션 클러스터 두 개가 "내 노트북"과 "IT 서버"를 대신합니다. 하나는 작은 버스트형 VM 한 대
(`Standard_B2s`, 2 vCPU / 4 GiB)에서 Kubernetes 1.31을 실행하고, 다른 하나는 큰 VM 세 대
(`Standard_D8s_v3`, 각각 8 vCPU / 32 GiB)에서 Kubernetes 1.32를 실행합니다. 머신 크기도, 대수도,
Kubernetes 버전도 다릅니다.
"""),
    code("""
laptop = Cluster(nodes=1, vm_size="Standard_B2s", kubernetes_version="1.31.7", seed=1, name="laptop", clock="manual")
servers = Cluster(nodes=3, vm_size="Standard_D8s_v3", kubernetes_version="1.32.4", seed=2, name="it-servers", clock="manual")
laptop, servers
"""),
    code("""
for cluster in (laptop, servers):
    print(f"# --- {cluster.name} ---")
    cluster.kubectl("get nodes -o wide")
"""),
    md("(The simulator names every node the way AKS names the machines of a node pool, even the \"laptop\".)", '(시뮬레이터는 "노트북"까지 포함해 모든 노드에 AKS가 노드 풀의 머신에 붙이는 방식으로 이름을 붙입니다.)'),
    md("""
Now run the **same image** — `mcr.microsoft.com/azuredocs/aci-helloworld`, the small Node.js web
app the lecture later runs on Azure Container Instances — on both, and give each 30 simulated seconds:
""", """
이제 두 클러스터에서 **같은 이미지**를 실행합니다. `mcr.microsoft.com/azuredocs/aci-helloworld` 는 강의
뒷부분에서 Azure Container Instances 로 실행하는 작은 Node.js 웹 앱입니다. 각각 시뮬레이션 시간 30초를 줍니다:
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
""", """
애플리케이션이 출력한 내용과, 각 노드가 실행한 **정확한 이미지**입니다 (`imageID` 는 컨테이너 런타임이
태그로부터 찾아낸 이미지의 콘텐츠 다이제스트입니다):
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
""", """
호스트 크기, kubelet 버전, 파드 IP는 다르지만 이미지 다이제스트와 애플리케이션의 동작은 같습니다. 개발자의
"내 컴퓨터에서는 되는데" 문제가 이렇게 해결됩니다: 테스트한 것이 바이트 하나까지 그대로 실행됩니다.

알아 두면 좋은 한계 두 가지 (여기서만이 아니라 실제 컨테이너에서도 마찬가지입니다):

* 컨테이너는 **호스트의 커널을 공유**합니다. 리눅스 이미지는 리눅스 커널이 필요하고, Windows Server 컨테이너
  이미지는 이미지와 OS 버전이 호환되는 Windows 호스트가 필요합니다 — 이미지는 커널이 아니라 사용자 공간을
  담습니다;
* 이미지는 *소프트웨어*를 고정할 뿐 *환경*을 고정하지는 않습니다. 설정, 시크릿, 네트워크, 스토리지는 실행할 때
  주어집니다 (뒤의 장: ConfigMap, Secret, 서비스, 볼륨).
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
""", """
## 2. 컨테이너와 가상 머신

| | 가상 머신 — **하드웨어 가상화** | 컨테이너 — **OS 가상화** |
|---|---|---|
| 무엇을 가상화하나 | 하드웨어: 하이퍼바이저가 VM마다 가상 CPU, 메모리, 디스크를 줌 | 운영체제: 프로세스마다 파일, 네트워크, 프로세스 ID를 따로 보게 함 |
| 워크로드마다 들고 다니는 것 | 완전한 게스트 OS (자기 커널) | 앱과 그 의존성뿐; 호스트 커널은 공유 |
| 시작 | OS 부팅 — 수십 초에서 몇 분 | 프로세스 시작 — 1초 안팎 |
| 크기 | 게스트 OS마다 수 GB 디스크, 메모리 ~1 GB 이상 | 앱 위에 수 MB |

Windows는 두 종류의 컨테이너를 모두 제공하며, 강의는 이 둘을 비교합니다:

* **Windows Server 컨테이너** — *"maximum speed and density"* (최고의 속도와 밀도): 프로세스 격리,
  리눅스 컨테이너처럼 호스트의 커널을 공유;
* **Hyper-V 컨테이너** — *"isolation plus performance"* (격리와 성능): 컨테이너마다 자기 커널을 가진 작고
  최적화된 유틸리티 VM 안에서 실행됩니다. 격리가 더 강하고 (커널 취약점 공격이 호스트나 이웃에 닿지 않음),
  그 대가로 메모리와 시작 시간이 조금 더 들지만 완전한 VM보다는 훨씬 가볍습니다.

시뮬레이터의 배치 모델(`k8scourse.cloud.hosts`)은 아래의 워크로드별 오버헤드를 씁니다. 원리를 보여 주려고
고른, 문서로 남긴 어림값이며 — **측정값이 아닙니다**:
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
""", """
호스트마다 자기 OS / 하이퍼바이저 몫으로 코어 1개와 4 GB를 남겨 둡니다 (`hosts.HOST_RESERVE`).

## 3. 애플리케이션을 호스트에 배치하기

전형적인 사내(on-premises) 환경의 업무용 애플리케이션 12개 — 각각이 실제로 *사용하는* 양:
"""),
    code("""
apps = hosts.sample_apps()
pd.DataFrame([{"app": a.name, "cpu (cores)": a.cpu, "memory (GB)": a.memory_gb} for a in apps])
"""),
    md("""
Placed on `Standard_D8s_v3` hosts (8 vCPU, 32 GiB) **as VMs** — one guest OS per app, each VM
rounded up to whole vCPUs and whole GB — and **as containers**:
""", """
`Standard_D8s_v3` 호스트(8 vCPU, 32 GiB)에 **VM으로** — 앱마다 게스트 OS 하나, VM마다 vCPU와 GB를 정수로
올림 — 그리고 **컨테이너로** 배치한 결과:
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
""", """
`cpu_allocated` 는 호스트가 떼어 두어야 했던 양이고, `cpu_util` 은 앱들이 실제로 쓰는 양을 호스트 대비
비율로 나타낸 것입니다. VM은 코어 하나도 다 쓰지 않는 앱에 코어를 통째로 예약하고, VM마다 게스트 OS 몫으로
1.5 GB를 냅니다 (`overhead_memory_gb`).

두 배 규모(앱 24개)로 같은 비교를 나란히 놓고, 워크로드별 시작 시간과 호스트의 월 비용(종량제 정가 ×
730시간)을 함께 봅니다:
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
""", """
컨테이너는 호스트가 더 적게 필요하고 (더 높은 **밀도**: 호스트당 앱 수), 가진 호스트를 더 잘 쓰며
(**활용률**), 1분 가까이가 아니라 몇 초 만에 시작하고, 비용도 적습니다. 이 워크로드에서 Hyper-V 컨테이너는
프로세스 컨테이너와 같은 수의 호스트에 들어갑니다 — 컨테이너마다 더 드는 ~0.3 GB는 앱들에 비하면 작습니다 —
그러면서도 컨테이너마다 커널을 따로 가집니다.

### First-fit decreasing 과 best fit

배치는 *빈 패킹(bin packing)* 문제이고, 스케줄러는 휴리스틱을 씁니다. 고전적인 두 가지:

* **first-fit decreasing (FFD)** — 항목을 큰 것부터 정렬하고, 각 항목을 들어갈 수 있는 *첫 번째* 호스트에
  넣습니다. 들어갈 곳이 없을 때만 새 호스트를 엽니다;
* **best fit** — 항목을 들어온 순서대로 받아, 넣은 뒤 남는 공간이 *가장 적은* 호스트(가장 꼭 맞는 곳)에
  넣습니다.

한 가지 차원(CPU)만 있는 작은 예, 호스트당 코어 10개:
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
""", """
어떤 호스트를 고르느냐보다 정렬이 더 중요합니다. 도착 순서대로의 best fit 은 큰 항목(7과 8)이 마지막에 와서
자리를 못 찾기 때문에 호스트가 4대 필요하고, 정렬된 입력에서는 어느 규칙이든 최적값인 3대면 됩니다.
예제 환경에서는:
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
""", """
여기서는 두 휴리스틱이 같은 호스트 수를 찾습니다 — 앱들이 호스트에 비해 작아서 순서가 별로 중요하지
않습니다. Kubernetes의 기본 스케줄러는 아예 빈 패킹을 하지 않습니다: 파드를 *분산*시키며, 남은 여유가 많은
노드에 점수를 더 줍니다 (`LeastAllocated` 전략의 `NodeResourcesFit`). 대신 몰아 넣도록
(`MostAllocated`) 클러스터를 설정할 수도 있습니다.

## 4. 컨테이너의 장점: 통합하고 폐기하기

강의의 "전통적인 가상화 환경(traditional virtualized environment)": 앱마다 VM 하나, VM은 넉넉하게 잡혀
있고, 어디서나 **활용률이 낮습니다**:
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
""", """
*"Migrate containers and their dependencies to underutilized VMs for improved density and
isolation"* (컨테이너와 그 의존성을 덜 쓰이는 VM으로 옮겨 밀도와 격리를 높인다) — 앱을 컨테이너로 만들어 같은
VM들 중 가장 큰 것에 몰아 넣되, 각 VM은 최대 코어의 70 %까지만 채웁니다 (순간 부하를 위한 여유) —
*"Decommission unused resources for efficiency gains and cost savings"* (쓰지 않는 자원을 폐기해 효율을
높이고 비용을 줄인다):
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
    md("Before and after, per VM (a figure of fixed size, 1000×400 pixels):", "VM별 전과 후 (고정 크기 1000×400 픽셀 그림):"),
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
""", """
워크로드 수가 늘어날 때의 같은 효과입니다. 워크로드마다 작은 서비스 하나(250 밀리코어, 256 MiB)를 두고, 각각을
자기 `Standard_DS2_v2` VM으로 돌리거나, 시스템 몫으로 15 %를 뗀 같은 크기의 노드에 컨테이너로 몰아 넣습니다
(`plots.density_table`):
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
""", """
## 컨테이너 도입이 빨라지고 있다 — 설문 수치

강의는 업계 수치를 인용합니다. 이것은 **기업들이 무엇을 했는지에 관한 설문 통계**이며 (슬라이드에 인용된
2010년대 중반 Datadog의 Docker 도입 조사와 Gartner의 전망),
이 시뮬레이터의 결과도, 기술 자체의 성질도 아닙니다:

* 호스트를 500대 이상 운영하는 조직의 약 **60 %** 가 컨테이너를 시험 삼아 쓰거나 도입했습니다;
* 평균적인 회사는 9개월 만에 컨테이너 사용량이 **다섯 배**가 되었습니다;
* 컨테이너 호스트는 한 번에 컨테이너를 흔히 **일곱 개** 실행했습니다;
* 컨테이너는 VM보다 **9배 빨리 교체(churn)** 되었습니다 (훨씬 자주 시작되고 바뀝니다);
* Gartner: *"By 2020, more than 50% of enterprises will run mission-critical, containerized
  cloud-native applications in production, up from less than 5% today."* (2020년까지 기업의 50 % 이상이
  핵심 업무용 컨테이너 기반 클라우드 네이티브 애플리케이션을 운영 환경에서 실행할 것이다. 현재는 5 % 미만.)

시뮬레이터는 호스트당 수치 두 가지를 출처와 함께 담고 있습니다:
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
""", """
## 직접 해 보기

다음 셀의 값을 바꾸고 다시 실행해 보세요:

* `copies` — 더 큰 환경 (`copies=5` 는 앱 60개): 컨테이너로 아끼는 양이 늘어날까요, 줄어들까요?
* `host` — 더 작은 호스트(`"Standard_D4s_v3"`)나 메모리가 큰 호스트(`"Standard_E4s_v3"`): VM에서는, 또
  컨테이너에서는 어떤 자원이 먼저 바닥날까요?
* `algorithm` — `"ffd"` 대신 `"bf"`.
"""),
    code("""
copies, host, algorithm = 2, "Standard_D8s_v3", "ffd"     # try: 5, "Standard_D4s_v3", "bf"
hosts.compare(hosts.sample_apps(copies=copies), host=host, algorithm=algorithm)[
    ["mode", "hosts_used", "density", "mean_cpu_util", "start_time_s", "monthly_cost_usd"]]
"""),
    md("""
And the consolidation with less headroom: `max_util=0.9` fills each VM to 90 % of its cores. How
many VMs are left, and would you run production like that?
""", """
여유를 줄인 통합: `max_util=0.9` 는 각 VM을 코어의 90 %까지 채웁니다. VM이 몇 대 남나요? 운영 환경을 그렇게
돌리시겠습니까?
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
""", """
## 스스로 점검하기

1. 위의 노트북 클러스터와 서버 클러스터는 같은 태그를 실행했습니다. 출력의 어느 부분이 둘이 *같은 이미지*를
   실행했음을 보여 주고, 무엇이 달랐나요?
2. 리눅스 컨테이너 이미지는 왜 Windows 호스트에서 프로세스 컨테이너로 실행될 수 없을까요?
3. Windows Server 컨테이너와 Hyper-V 컨테이너: 한 호스트에서 두 고객의 신뢰할 수 없는 코드를 돌린다면 어느
   쪽이고, 왜일까요?
4. 배치 표에서 VM의 낭비는 주로 어디서 나오나요?
5. 코어 10개짜리 호스트에 `[2, 5, 4, 7, 1, 3, 8]` 을 도착 순서대로 best fit 으로 넣으면 호스트가 4대
   필요했습니다. 무엇을 하나 바꾸면 3대가 될까요?
6. "컨테이너는 VM보다 9배 빨리 교체된다" — 이 시뮬레이터로 측정한 값인가요?

<details><summary>답</summary>

1. `imageID` 다이제스트(`sha256:…`)와 로그 줄이 똑같습니다. 노드 크기, kubelet 버전, 파드 IP가 다릅니다.
2. 컨테이너는 호스트의 커널을 공유하는데, 리눅스 이미지의 바이너리는 리눅스 커널이 필요하기 때문입니다.
   (Windows는 리눅스 컨테이너를 VM 안에서만 실행할 수 있고, 그것은 다시 하드웨어 가상화입니다.)
3. Hyper-V 컨테이너: 각자 유틸리티 VM 안에 자기 커널을 가지므로 커널 수준의 탈출이 다른 고객에게 닿지
   않습니다. 프로세스 컨테이너는 커널 하나를 공유합니다.
4. 앱마다 vCPU와 GB를 정수로 올리는 것, 그리고 앱마다 게스트 OS(메모리, 디스크)가 하나씩 붙는 것.
5. FFD처럼 항목을 큰 것부터 정렬합니다 (best fit *decreasing*).
6. 아닙니다 — 기업들이 컨테이너를 어떻게 썼는지에 대한 설문 자료입니다 (슬라이드에 인용된 Datadog).
</details>
"""),
]


if __name__ == "__main__":
    write("01-containers-vs-vms", CELLS)
