"""Chapter 5 — Kubernetes objects: Pod, Volume, Service, Namespace (notebooks/05-objects.ipynb)."""

from __future__ import annotations

from _nb import code, md, write

CELLS = [
    md("""
# 05 · 쿠버네티스 오브젝트 — Kubernetes objects

*"쿠버네티스를 이해하기 위해서 가장 중요한 부분이 오브젝트이다."* Everything you create in
Kubernetes is an **object** (오브젝트): a record in the cluster's database with a **spec** — what you
want (오브젝트 스펙, *object spec*, written in YAML or JSON) — and a **status** — what is. There are
**basic objects** (기본 오브젝트) and **controllers** (컨트롤러) that create and manage them
(next chapter). The four basic objects, in the lecture's one-line summary:

| Object | Think of it as | 강의 |
|---|---|---|
| **Pod** (파드) | the containerised application | 컨테이너화된 애플리케이션 |
| **Volume** (볼륨) | a disk | 디스크 |
| **Service** (서비스) | a load balancer | 로드밸런서 |
| **Namespace** (네임스페이스) | a package name | 패키지명 |

A simulated three-node cluster; `%kubectl` and `%%kubectl apply` talk to it, and simulated time moves
only with `c.run(seconds=…)`.
""", """
# 05 · 쿠버네티스 오브젝트 — Kubernetes objects

*"쿠버네티스를 이해하기 위해서 가장 중요한 부분이 오브젝트이다."* 쿠버네티스에서 만드는 모든 것은
**오브젝트**입니다: 클러스터 데이터베이스에 들어가는 레코드로, 원하는 상태인 **스펙**(spec — *오브젝트 스펙*,
YAML이나 JSON으로 작성)과 현재 상태인 **상태**(status)를 가집니다. **기본 오브젝트**가 있고, 그것들을 만들고
관리하는 **컨트롤러**가 있습니다 (다음 장). 강의의 한 줄 요약으로 본 기본 오브젝트 네 가지:

| 오브젝트 | 한마디로 | 강의 |
|---|---|---|
| **Pod** (파드) | 컨테이너화된 애플리케이션 | 컨테이너화된 애플리케이션 |
| **Volume** (볼륨) | 디스크 | 디스크 |
| **Service** (서비스) | 로드밸런서 | 로드밸런서 |
| **Namespace** (네임스페이스) | 패키지명 | 패키지명 |

노드 세 개짜리 시뮬레이션 클러스터입니다. `%kubectl` 과 `%%kubectl apply` 가 이 클러스터와 통신하고, 시뮬레이션
시간은 `c.run(seconds=…)` 로만 흐릅니다.
"""),
    code("""
%load_ext k8scourse
from k8scourse import Cluster
from k8scourse.widgets import Console, use_cluster

c = Cluster(nodes=3, vm_size="Standard_DS2_v2", seed=0, clock="manual")
use_cluster(c)
c
"""),
    md("""
## 1. Pod (파드)

*"Pod는 쿠버네티스에서 가장 기본적인 배포 단위"* — the smallest thing Kubernetes deploys. A pod holds
one or more containers. The lecture's pod:

* `apiVersion` — the API version of the object's schema (`v1` for a Pod);
* `kind` — the type of object;
* `metadata` — its name and labels (라벨);
* `spec` — the containers: named `nginx`, image `nginx:1.7.9`, container port 8090.
""", """
## 1. Pod (파드)

*"Pod는 쿠버네티스에서 가장 기본적인 배포 단위"* — 쿠버네티스가 배포하는 가장 작은 단위입니다. 파드는
컨테이너를 하나 이상 담습니다. 강의의 파드:

* `apiVersion` — 오브젝트 스키마의 API 버전 (파드는 `v1`);
* `kind` — 오브젝트의 종류;
* `metadata` — 이름과 라벨;
* `spec` — 컨테이너들: 이름 `nginx`, 이미지 `nginx:1.7.9`, 컨테이너 포트 8090.
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.7.9
    ports:
    - containerPort: 8090
"""),
    code("""
%kubectl get pods -o wide
c.run(seconds=30)
%kubectl get pods -o wide
"""),
    md("""
At first the pod is `Pending`: no simulated time has passed, so the scheduler has not yet picked a
node. 30 seconds later it is `Running` on a node, with its own IP. `describe` shows the whole story — where it was scheduled, the pull,
the start:
""", """
처음에 파드는 `Pending` 입니다: 시뮬레이션 시간이 흐르지 않았으니 스케줄러가 아직 노드를 고르지 않았습니다.
30초 뒤에는 노드 위에서 자기 IP를 가지고 `Running` 입니다. `describe` 는 어디에 스케줄되었는지, 이미지 풀,
시작까지 전체 과정을 보여 줍니다:
"""),
    code("""
%kubectl describe pod nginx
"""),
    md("""
### Containers in one pod share an IP

*"Pod 내의 컨테이너는 IP와 Port를 공유한다."* All containers of a pod share one network namespace:
one IP address, one set of ports. In the lecture's example container A serves on 8080 and
container B on 7001; B reaches A at `localhost:8080`, A reaches B at `localhost:7001`. Here both are
small test web servers (`agnhost netexec`) on those ports:
""", """
### 한 파드의 컨테이너는 IP를 공유한다

*"Pod 내의 컨테이너는 IP와 Port를 공유한다."* 파드의 모든 컨테이너는 네트워크 네임스페이스 하나를, 즉 IP 주소
하나와 포트 집합 하나를 공유합니다. 강의의 예에서 컨테이너 A는 8080, 컨테이너 B는 7001에서 서비스합니다.
B는 `localhost:8080` 으로 A에, A는 `localhost:7001` 로 B에 닿습니다. 여기서는 둘 다 그 포트에서 도는 작은 테스트용
웹 서버(`agnhost netexec`)입니다:
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: Pod
metadata:
  name: pod-ab
spec:
  containers:
  - name: container-a
    image: registry.k8s.io/e2e-test-images/agnhost:2.45
    args: ["netexec", "--http-port=8080"]
    ports:
    - containerPort: 8080
  - name: container-b
    image: registry.k8s.io/e2e-test-images/agnhost:2.45
    args: ["netexec", "--http-port=7001"]
    ports:
    - containerPort: 7001
"""),
    code("""
c.run(seconds=30)
%kubectl get pod pod-ab -o wide
%kubectl get pod pod-ab -o jsonpath="{.status.podIP}{'\\n'}{range .spec.containers[*]}{.name}: {.ports[0].containerPort}{'\\n'}{end}"
"""),
    md("""
`READY 2/2`: two containers, **one** pod IP; the two ports are the pod's ports (`<pod IP>:8080` is A,
`<pod IP>:7001` is B). `kubectl exec` runs a command inside one container (`-c` picks which). From
container B, `localhost:8080` is container A — agnhost's `/hostname` answers with the pod's name,
since the containers share the host name too — and from A, `localhost:7001` is B. Nothing listens
on 7002, so that connection is refused:
""", """
`READY 2/2`: 컨테이너 둘, 파드 IP는 **하나**. 두 포트는 파드의 포트입니다 (`<pod IP>:8080` 은 A,
`<pod IP>:7001` 은 B). `kubectl exec` 는 컨테이너 하나 안에서 명령을 실행합니다 (`-c` 로 어느 것인지 고릅니다).
컨테이너 B에서 `localhost:8080` 은 컨테이너 A입니다 — agnhost 의 `/hostname` 은 파드 이름으로 답하는데, 컨테이너들이
호스트 이름도 공유하기 때문입니다 — 그리고 A에서 `localhost:7001` 은 B입니다. 7002에서는 아무도 듣고 있지 않으므로
연결이 거부됩니다:
"""),
    code("""
%kubectl exec pod-ab -c container-b -- wget -qO- localhost:8080/hostname
print()
%kubectl exec pod-ab -c container-a -- wget -qO- localhost:7001/hostname
print()
%kubectl exec pod-ab -c container-a -- wget -qO- localhost:7002
"""),
    md("""
Sharing the ports also means two containers of one pod cannot listen on the same port. Two nginx
containers both bind port 80; the first one wins, the second cannot bind it and exits, and the
kubelet restarts it again and again:
""", """
포트를 공유한다는 것은 한 파드의 두 컨테이너가 같은 포트에서 들을 수 없다는 뜻이기도 합니다. nginx 컨테이너 둘이
모두 포트 80에 바인딩하려 합니다. 먼저 한 쪽이 차지하고, 두 번째는 바인딩하지 못해 종료되며, kubelet 은 그것을
계속해서 재시작합니다:
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: Pod
metadata:
  name: two-nginx
spec:
  containers:
  - name: web1
    image: nginx:1.7.9
  - name: web2
    image: nginx:1.7.9
"""),
    code("""
c.run(seconds=60)
%kubectl get pod two-nginx
%kubectl logs two-nginx -c web2 --previous
"""),
    md("""
nginx's real error: `bind() to 0.0.0.0:80 failed (98: Address already in use)`, retried a few times
before `still could not bind()` — `CrashLoopBackOff`, while `web1` keeps serving port 80. Containers
of one pod must use different ports.
""", """
nginx의 실제 오류: `bind() to 0.0.0.0:80 failed (98: Address already in use)` 를 몇 번 재시도한 뒤
`still could not bind()` — `CrashLoopBackOff` 이고, 그동안 `web1` 은 계속 포트 80에서 서비스합니다. 한 파드의
컨테이너들은 서로 다른 포트를 써야 합니다.
"""),
    code("""
%kubectl delete pod two-nginx
"""),
    md("""
## 2. Volume (볼륨)

*"컨테이너가 리스타트 되거나 새로 배포될때 마다 … 디스크에 기록된 내용이 유실된다."* A container's
own file system lives as long as the container. This container checks for a file, appends to it,
and exits after 30 seconds with an error, so the kubelet restarts it:
""", """
## 2. Volume (볼륨)

*"컨테이너가 리스타트 되거나 새로 배포될때 마다 … 디스크에 기록된 내용이 유실된다."* 컨테이너 자신의 파일
시스템은 컨테이너가 살아 있는 동안만 존재합니다. 이 컨테이너는 파일이 있는지 확인하고, 파일에 한 줄을 덧붙이고,
30초 뒤에 오류로 종료하므로 kubelet 이 재시작합니다:
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: Pod
metadata:
  name: scratch
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c"]
    args:
    - |
      if [ -f /data/visits ]; then echo "found /data/visits from an earlier run"; else echo "/data/visits is missing: a fresh disk"; fi
      date >> /data/visits
      sleep 30
      exit 1
"""),
    code("""
c.run(seconds=45)
%kubectl get pod scratch
print("--- the run before the restart:")
%kubectl logs scratch --previous
print("--- the current run:")
%kubectl logs scratch
"""),
    code("""
%kubectl delete pod scratch
# it crashes every 30 seconds by design: removed, so it does not clutter the lists below
"""),
    md("""
After the restart the file is gone: the restarted container got a fresh copy of its image's file
system.
A **volume** is storage *outside* the container's own layer, mounted into it when the pod
starts — the lecture's *"컨테이너의 외장 디스크"*.

The lecture's example pod: a web server, a content manager and a logger. The `htdocs` volume is
shared by the web server and the content manager (one writes the pages, the other serves them); the
`logs` volume by the web server and the logger (one writes the access log, the other reads it).
Written with `emptyDir` volumes — created empty when the pod starts, kept across container restarts,
deleted with the pod. The manifest is kept in a Python string, because the pod is created again
further down:
""", """
재시작 뒤에 파일이 사라졌습니다: 재시작된 컨테이너는 이미지의 파일 시스템을 새로 받았습니다.
**볼륨**은 컨테이너 자신의 레이어 *바깥*에 있는 저장소로, 파드가 시작할 때 컨테이너에 마운트됩니다 — 강의의
*"컨테이너의 외장 디스크"* 입니다.

강의의 예제 파드: 웹 서버, 콘텐츠 매니저, 로거. `htdocs` 볼륨은 웹 서버와 콘텐츠 매니저가 공유하고 (한쪽은
페이지를 쓰고 다른 쪽은 서비스합니다), `logs` 볼륨은 웹 서버와 로거가 공유합니다 (한쪽은 접근 로그를 쓰고 다른
쪽은 읽습니다). `emptyDir` 볼륨으로 작성했습니다 — 파드가 시작할 때 빈 상태로 만들어지고, 컨테이너 재시작에도
유지되며, 파드와 함께 지워집니다. 아래에서 파드를 다시 만들 것이므로 매니페스트는 파이썬 문자열에 담아 둡니다:
"""),
    code("""
website = '''
apiVersion: v1
kind: Pod
metadata:
  name: website
spec:
  containers:
  - name: webserver
    image: nginx:1.7.9
    ports:
    - containerPort: 80
    volumeMounts:
    - name: htdocs
      mountPath: /usr/share/nginx/html
    - name: logs
      mountPath: /var/log/nginx
  - name: content-manager
    image: busybox
    command: ["sh", "-c", "while true; do date > /htdocs/index.html; sleep 60; done"]
    volumeMounts:
    - name: htdocs
      mountPath: /htdocs
  - name: logger
    image: busybox
    command: ["sh", "-c", "tail -f /logs/access.log"]
    volumeMounts:
    - name: logs
      mountPath: /logs
      readOnly: true
  volumes:
  - name: htdocs
    emptyDir: {}
  - name: logs
    emptyDir: {}
'''
c.apply(website)
"""),
    code("""
c.run(seconds=30)
%kubectl get pod website
"""),
    md("""
`describe` shows which container mounts which volume, where, and read-only or not (the
`kube-api-access-…` volume is the service-account token every pod gets):
""", """
`describe` 는 어느 컨테이너가 어느 볼륨을 어디에, 읽기 전용인지 아닌지 마운트하는지 보여 줍니다
(`kube-api-access-…` 볼륨은 모든 파드가 받는 서비스 어카운트 토큰입니다):
"""),
    code("""
%kubectl describe pod website
"""),
    md("""
The content manager wrote the date into `index.html` on the `htdocs` volume; the web server, which
mounts the same volume as its document root, serves it. The request comes from the content manager's
own container (`wget localhost` — same pod, same network namespace):
""", """
콘텐츠 매니저는 `htdocs` 볼륨의 `index.html` 에 날짜를 썼고, 같은 볼륨을 문서 루트로 마운트한 웹 서버가 그것을
서비스합니다. 요청은 콘텐츠 매니저 자신의 컨테이너에서 보냅니다 (`wget localhost` — 같은 파드, 같은 네트워크
네임스페이스):
"""),
    code("""
%kubectl exec website -c content-manager -- cat /htdocs/index.html
%kubectl exec website -c content-manager -- wget -qO- localhost
"""),
    md("""
nginx normally sends its access log to its standard output (`kubectl logs`). Here a volume is
mounted over `/var/log/nginx`, so nginx writes real files there — and the logger, which mounts the
same `logs` volume at `/logs`, prints each line it reads from `access.log`:
""", """
nginx는 보통 접근 로그를 표준 출력(`kubectl logs`)으로 보냅니다. 여기서는 `/var/log/nginx` 위에 볼륨이
마운트되어 있으므로 nginx가 그곳에 진짜 파일을 씁니다 — 그리고 같은 `logs` 볼륨을 `/logs` 에 마운트한 로거가
`access.log` 에서 읽은 줄을 하나씩 출력합니다:
"""),
    code("""
%kubectl exec website -c webserver -- ls /var/log/nginx
c.run(seconds=3)                  # tail checks the file for new lines once a second
%kubectl logs website -c logger
"""),
    md("""
The request above is the logged line: from `127.0.0.1` (the same pod), by `Wget`.

**A container restart keeps the emptyDir.** Write one file onto the `htdocs` volume and one into the
web server's own file system (`/tmp`), then make the web server crash (the simulator's fault
injector):
""", """
위의 요청이 로그에 남은 그 줄입니다: `127.0.0.1` (같은 파드)에서, `Wget` 으로.

**컨테이너가 재시작해도 emptyDir 은 남는다.** `htdocs` 볼륨에 파일 하나, 웹 서버 자신의 파일 시스템(`/tmp`)에
파일 하나를 쓴 다음, 웹 서버를 죽입니다 (시뮬레이터의 장애 주입기):
"""),
    code("""
%kubectl exec website -c content-manager -- sh -c 'echo "<p>kept</p>" > /htdocs/notes.html'
%kubectl exec website -c webserver -- sh -c 'echo mine > /tmp/own'
c.faults.crash_container("website", "webserver")
c.run(seconds=10)
%kubectl get pod website
"""),
    code("""
%kubectl exec website -c webserver -- cat /tmp/own
%kubectl exec website -c content-manager -- wget -qO- localhost/notes.html
"""),
    md("""
The restarted web server (`RESTARTS 1`) lost `/tmp/own` — it got a fresh copy of its image — but
still serves `notes.html` from the volume.

**Deleting the pod deletes the emptyDir.** A new pod of the same name starts with an empty volume
(only the content manager's new `index.html` is there), so `notes.html` is gone:
""", """
재시작된 웹 서버(`RESTARTS 1`)는 `/tmp/own` 을 잃었지만 — 이미지를 새로 받았으니까요 — 볼륨의 `notes.html` 은
여전히 서비스합니다.

**파드를 지우면 emptyDir 도 지워진다.** 같은 이름의 새 파드는 빈 볼륨으로 시작하므로 (콘텐츠 매니저가 새로 쓴
`index.html` 만 있음) `notes.html` 은 사라졌습니다:
"""),
    code("""
%kubectl delete pod website
c.run(seconds=30)
c.apply(website)
c.run(seconds=30)
%kubectl exec website -c content-manager -- ls /htdocs
%kubectl exec website -c content-manager -- wget -qO- localhost/notes.html
"""),
    md("""
Data that must outlive the pod (a database) goes on a **PersistentVolume** (PV), requested with a
**PersistentVolumeClaim** (PVC). The claim names a size and an access mode; the cluster's
**StorageClass** says who provides the disk — on AKS, Azure Disks through the `disk.csi.azure.com`
driver. The simulator models this part — classes, claims, provisioning and binding:
""", """
파드보다 오래 남아야 하는 데이터(데이터베이스)는 **퍼시스턴트 볼륨**(PersistentVolume, PV)에 두고,
**퍼시스턴트 볼륨 클레임**(PersistentVolumeClaim, PVC)으로 요청합니다. 클레임은 크기와 접근 모드를 정하고,
클러스터의 **스토리지 클래스**(StorageClass)는 디스크를 누가 제공하는지 정합니다 — AKS에서는
`disk.csi.azure.com` 드라이버를 통한 Azure Disk입니다. 시뮬레이터는 이 부분 — 클래스, 클레임, 프로비저닝, 바인딩
— 을 모델링합니다:
"""),
    code("""
%kubectl get storageclass
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 5Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: db
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
"""),
    code("""
c.run(seconds=30)
%kubectl get pvc,pv
%kubectl get pod db
"""),
    md("""
The claim waited for its first pod (`WaitForFirstConsumer`: the disk is created where the pod is
scheduled), then a 5 GiB volume was provisioned and bound to it. Deleting the pod leaves the claim and
its volume bound, so a new pod mounting `data` gets the same volume:
""", """
클레임은 첫 번째 파드를 기다렸다가 (`WaitForFirstConsumer`: 디스크는 파드가 스케줄된 곳에 만들어집니다), 5 GiB
볼륨이 프로비저닝되어 바인딩되었습니다. 파드를 지워도 클레임과 볼륨은 바인딩된 채로 남으므로, `data` 를
마운트하는 새 파드는 같은 볼륨을 받습니다:
"""),
    code("""
%kubectl delete pod db
%kubectl get pvc
"""),
    md("""
Deleting the *claim* would delete the disk (`RECLAIM POLICY Delete`).

The lecture lists many volume back ends — iSCSI, NFS, cloud disks (AWS EBS, Google PD), git,
GlusterFS. Today cloud disks are served by CSI drivers, the `gitRepo` volume is deprecated (clone in
an init container instead) and the in-tree GlusterFS plugin was removed in Kubernetes 1.26.

## 3. Service (서비스)

Pods come and go, and every new pod gets a new IP (*"장애가 생기면 자동으로 리스타트 되면서 그 IP가
바뀌기 때문에"*). A **Service** gives a set of pods one stable virtual IP and port and load-balances
across them. It finds its pods with a **label selector** (라벨 셀렉터), not by IP. The lecture's
Service: select pods labelled `app: myapp`, serve TCP port 80, forward to the pods' port 9376:
""", """
*클레임*을 지우면 디스크도 지워집니다 (`RECLAIM POLICY Delete`).

강의는 여러 볼륨 백엔드를 나열합니다 — iSCSI, NFS, 클라우드 디스크(AWS EBS, Google PD), git, GlusterFS. 오늘날
클라우드 디스크는 CSI 드라이버가 제공하고, `gitRepo` 볼륨은 지원 중단되었으며 (대신 초기화 컨테이너에서
clone), 트리 내(in-tree) GlusterFS 플러그인은 Kubernetes 1.26에서 제거되었습니다.

## 3. Service (서비스)

파드는 생겼다 사라지고, 새 파드는 매번 새 IP를 받습니다 (*"장애가 생기면 자동으로 리스타트 되면서 그 IP가
바뀌기 때문에"*). **서비스**는 파드 집합에 변하지 않는 가상 IP와 포트 하나를 주고 그 파드들 사이에 부하를
분산합니다. 서비스는 IP가 아니라 **라벨 셀렉터**로 자기 파드를 찾습니다. 강의의 서비스: `app: myapp` 라벨이 붙은
파드를 고르고, TCP 포트 80에서 받아, 파드의 포트 9376으로 전달합니다:
"""),
    code("""
%%kubectl apply
kind: Service
apiVersion: v1
metadata:
  name: my-service
spec:
  selector:
    app: myapp
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9376
"""),
    code("""
c.run(seconds=1)
%kubectl get svc my-service
%kubectl get endpoints my-service
"""),
    md("""
A cluster IP, but **no endpoints**: no pod carries the label `app: myapp` — the lecture's `nginx`
pod has no labels at all. `describe` says the same (`Endpoints:` empty):
""", """
클러스터 IP는 있지만 **엔드포인트가 없습니다**: `app: myapp` 라벨이 붙은 파드가 없습니다 — 강의의 `nginx`
파드에는 라벨이 하나도 없습니다. `describe` 도 같은 말을 합니다 (`Endpoints:` 가 비어 있음):
"""),
    code("""
%kubectl get pods --show-labels
%kubectl describe svc my-service
"""),
    md("Give the `nginx` pod the label the selector asks for:", "셀렉터가 요구하는 라벨을 `nginx` 파드에 붙입니다:"),
    code("""
%kubectl label pod nginx app=myapp
c.run(seconds=1)
%kubectl get endpoints my-service
"""),
    md("""
Now the endpoints controller lists the pod — at port **9376**. But nginx does not listen on 9376, nor
on the 8090 of the lecture's `containerPort`: `containerPort` is documentation, not configuration;
the `nginx` image listens on **80** whatever the manifest says. The endpoints controller only matches
labels; it does not check that anything answers on the target port. Traffic to this Service would be
refused.

The fix: a pod that declares the port it really uses (with a name), a Service that targets that
name, and a **readiness probe**, so the pod is listed only once it really answers. Pod specs cannot
be changed in place, so the pod is replaced:
""", """
이제 엔드포인트 컨트롤러가 그 파드를 — 포트 **9376** 으로 — 목록에 올립니다. 하지만 nginx는 9376에서도, 강의의
`containerPort` 인 8090에서도 듣지 않습니다: `containerPort` 는 설정이 아니라 문서일 뿐이며, `nginx` 이미지는
매니페스트에 뭐라고 쓰든 **80** 에서 듣습니다. 엔드포인트 컨트롤러는 라벨만 맞춰 볼 뿐, 대상 포트에서 누가
응답하는지는 확인하지 않습니다. 이 서비스로 가는 트래픽은 거부될 것입니다.

고치는 방법: 실제로 쓰는 포트를 (이름과 함께) 선언한 파드, 그 이름을 대상으로 하는 서비스, 그리고 파드가 정말로
응답할 때만 목록에 오르도록 하는 **레디니스 프로브**(readiness probe). 파드 스펙은 그 자리에서 바꿀 수 없으므로
파드를 교체합니다:
"""),
    code("""
%kubectl delete pod nginx
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
    app: myapp
spec:
  containers:
  - name: nginx
    image: nginx:1.7.9
    ports:
    - name: http
      containerPort: 80
    readinessProbe:
      httpGet:
        path: /
        port: http
      periodSeconds: 5
---
kind: Service
apiVersion: v1
metadata:
  name: my-service
spec:
  selector:
    app: myapp
  ports:
  - protocol: TCP
    port: 80
    targetPort: http
"""),
    code("""
c.run(seconds=30)
%kubectl get pods -l app=myapp -o wide
%kubectl get endpoints my-service
%kubectl describe svc my-service
"""),
    md("""
`TargetPort: http/TCP` resolves to port 80 of each selected pod; the endpoint appears once the pod is
`READY 1/1`. Every pod labelled `app: myapp` that becomes ready is added — which is how a Deployment's
replicas (next chapter) sit behind one Service. (How traffic actually reaches the endpoints —
kube-proxy, DNS names like `my-service.default.svc.cluster.local` — is the networking chapter.)

## 4. Namespace (네임스페이스)

*"네임스페이스는 한 쿠버네티스 클러스터내의 논리적인 분리단위"* — a logical partition of one
cluster, e.g. one each for development, test and production (개발/테스트/운영). Per namespace you can
give users different access rights, set resource quotas, and manage objects separately. Names must
be unique only *within* a namespace:
""", """
`TargetPort: http/TCP` 는 선택된 파드마다 포트 80으로 해석됩니다. 엔드포인트는 파드가 `READY 1/1` 이 되면
나타납니다. `app: myapp` 라벨이 붙고 준비가 된 파드는 모두 추가됩니다 — 디플로이먼트의 레플리카들(다음 장)이
서비스 하나 뒤에 서는 방식입니다. (트래픽이 실제로 엔드포인트에 닿는 과정 — kube-proxy,
`my-service.default.svc.cluster.local` 같은 DNS 이름 — 은 네트워킹 장에서 다룹니다.)

## 4. Namespace (네임스페이스)

*"네임스페이스는 한 쿠버네티스 클러스터내의 논리적인 분리단위"* — 클러스터 하나를 논리적으로 나눈 것으로, 예를
들어 개발/테스트/운영에 하나씩 둡니다. 네임스페이스마다 사용자에게 다른 접근 권한을 주고, 리소스 쿼타를 정하고,
오브젝트를 따로 관리할 수 있습니다. 이름은 네임스페이스 *안에서만* 유일하면 됩니다:
"""),
    code("""
%kubectl create namespace dev
%kubectl create namespace test
%kubectl create namespace prod
%kubectl run web --image=nginx -n dev
%kubectl run web --image=nginx -n test
c.run(seconds=20)
%kubectl get pods --all-namespaces
"""),
    md("""
### Resource quotas (리소스 쿼타)

The lecture's example: *"개발계에는 CPU 100, 운영계에는 CPU 400과 GPU 100개"*. This cluster is much
smaller — three `Standard_DS2_v2` nodes with about 1.9 allocatable CPUs each — so the figures are
scaled by 1/100: **dev 1 CPU; prod 4 CPUs and 1 GPU**. (A quota is a ceiling on what the namespace
may *request*; it does not create capacity — these nodes have no GPU at all.)
""", """
### 리소스 쿼타 (Resource quotas)

강의의 예: *"개발계에는 CPU 100, 운영계에는 CPU 400과 GPU 100개"*. 이 클러스터는 훨씬 작으므로 — 할당 가능한
CPU가 노드마다 약 1.9개인 `Standard_DS2_v2` 노드 세 개 — 수치를 1/100로 줄였습니다: **dev는 CPU 1개, prod는
CPU 4개와 GPU 1개**. (쿼타는 네임스페이스가 *요청*할 수 있는 양의 상한일 뿐 용량을 만들어 내지 않습니다 — 이
노드들에는 GPU가 아예 없습니다.)
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
  namespace: dev
spec:
  hard:
    requests.cpu: "1"
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
  namespace: prod
spec:
  hard:
    requests.cpu: "4"
    requests.nvidia.com/gpu: "1"
"""),
    code("""
c.run(seconds=1)
%kubectl get resourcequota --all-namespaces
"""),
    md("""
With a CPU quota in place, every new pod in `dev` must say how much CPU it requests — otherwise the
API server cannot count it against the quota and refuses it:
""", """
CPU 쿼타가 생기면 `dev` 의 새 파드는 모두 CPU를 얼마나 요청하는지 밝혀야 합니다 — 그렇지 않으면 API 서버가 그
파드를 쿼타에 셈할 수 없어 거부합니다:
"""),
    code("""
%kubectl run api --image=nginx -n dev
"""),
    md("Pods that do request CPU are admitted until the quota is used up:", "CPU를 요청하는 파드는 쿼타를 다 쓸 때까지 받아들여집니다:"),
    code("""
pod = '''
apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: dev
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 400m
'''
for name in ("api-1", "api-2", "api-3"):
    c.apply(pod.format(name=name))
"""),
    code("""
%kubectl describe resourcequota compute -n dev
"""),
    md("""
`api-3` would bring dev to 1200m of a 1-CPU quota: *exceeded quota*, with what was requested, what is
used and what the limit is. The pod `web` created before the quota existed is left alone (quotas are
checked when objects are created).

### Per-namespace defaults

A **LimitRange** gives containers in a namespace default requests and limits, so pods that don't
specify them are still admitted and counted:
""", """
`api-3` 이 들어오면 dev는 CPU 쿼타 1개 중 1200m이 됩니다: *exceeded quota* 오류가 요청한 양, 사용한 양, 한도를
알려 줍니다. 쿼타가 생기기 전에 만든 파드 `web` 은 그대로 둡니다 (쿼타는 오브젝트를 만들 때 검사합니다).

### 네임스페이스별 기본값

**LimitRange** 는 네임스페이스의 컨테이너에 기본 요청(request)과 제한(limit)을 줍니다. 그래서 이 값을 정하지
않은 파드도 받아들여지고 쿼타에 셈해집니다:
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: dev
spec:
  limits:
  - type: Container
    defaultRequest:
      cpu: 100m
      memory: 128Mi
    default:
      cpu: 500m
      memory: 256Mi
"""),
    code("""
%kubectl run api --image=nginx -n dev
%kubectl get pod api -n dev -o jsonpath="{.spec.containers[0].resources}"
print()
%kubectl describe resourcequota compute -n dev
"""),
    md("""
### Not physical isolation

*"네임스페이스는 논리적인 분리 단위이지 물리적 … 분리(Isolation)한것이 아니다. 다른 네임스페이스간의
pod 라도 통신은 가능하다."* Namespaces partition *names, access rights and quotas* — not machines
or networks. The dev and test pods run on the same nodes as everything else:
""", """
### 물리적 격리가 아니다

*"네임스페이스는 논리적인 분리 단위이지 물리적 … 분리(Isolation)한것이 아니다. 다른 네임스페이스간의
pod 라도 통신은 가능하다."* 네임스페이스는 *이름, 접근 권한, 쿼타*를 나눌 뿐 머신이나 네트워크를 나누지
않습니다. dev와 test의 파드는 다른 모든 것과 같은 노드에서 실행됩니다:
"""),
    code("""
c.run(seconds=20)
%kubectl get pods --all-namespaces -o wide
"""),
    md("""
And their networks are not separated: a pod in `test` can reach a pod (or a Service, as
`my-service.dev.svc.cluster.local`) in `dev` unless a **NetworkPolicy** forbids it; the networking
chapter shows this traffic. For strong separation the lecture recommends separate clusters
(*"높은 수준의 분리 정책을 원하는 경우에는 쿠버네티스 클러스터 자체를 분리하는 것을 권장"*).

The whole cluster at a glance — nodes, the pods of every namespace on them, CPU and memory requests
against what each node can allocate — with a terminal, a manifest editor and the event timeline in
tabs (interactive in JupyterLab):
""", """
네트워크도 분리되지 않습니다: `test` 의 파드는 **네트워크 폴리시**(NetworkPolicy)가 막지 않는 한 `dev` 의 파드
(또는 `my-service.dev.svc.cluster.local` 같은 서비스)에 닿을 수 있습니다. 이 트래픽은 네트워킹 장에서 봅니다.
강한 분리가 필요하면 강의는 클러스터를 따로 두라고 권합니다
(*"높은 수준의 분리 정책을 원하는 경우에는 쿠버네티스 클러스터 자체를 분리하는 것을 권장"*).

클러스터 전체를 한눈에 — 노드, 그 위의 모든 네임스페이스의 파드, 노드마다 할당 가능한 양 대비 CPU와 메모리
요청량 — 그리고 터미널, 매니페스트 편집기, 이벤트 타임라인을 탭으로 (JupyterLab에서 대화형):
"""),
    code("""
console = Console(c)
console
"""),
    md("""
## Try it

1. **Pod:** run a pod from another image, e.g. `%kubectl run hello --image=mcr.microsoft.com/azuredocs/aci-helloworld`,
   then `c.run(seconds=30)` and `%kubectl describe pod hello`.
2. **Service:** the cell below makes a pod whose readiness probe checks port 8090, the lecture's
   `containerPort`. Will it ever be listed in `my-service`'s endpoints?
3. **Namespace:** raise dev's quota to `requests.cpu: "2"` and create `api-3` again (the last cell).
""", """
## 직접 해 보기

1. **파드:** 다른 이미지로 파드를 실행해 보세요. 예: `%kubectl run hello --image=mcr.microsoft.com/azuredocs/aci-helloworld`,
   그다음 `c.run(seconds=30)` 과 `%kubectl describe pod hello`.
2. **서비스:** 아래 셀은 레디니스 프로브가 강의의 `containerPort` 인 포트 8090을 확인하는 파드를 만듭니다.
   이 파드가 언젠가 `my-service` 의 엔드포인트 목록에 오를까요?
3. **네임스페이스:** dev의 쿼타를 `requests.cpu: "2"` 로 올리고 `api-3` 을 다시 만들어 보세요 (마지막 셀).
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: Pod
metadata:
  name: nginx-8090
  labels:
    app: myapp
spec:
  containers:
  - name: nginx
    image: nginx:1.7.9
    ports:
    - containerPort: 8090
    readinessProbe:
      tcpSocket:
        port: 8090
      periodSeconds: 5
"""),
    code("""
c.run(seconds=30)
%kubectl get pods -l app=myapp
%kubectl get endpoints my-service
print("\\n".join(c.kubectl("describe pod nginx-8090", echo=False).splitlines()[-3:]))
"""),
    code("""
new_cpu = "2"                     # try "1200m" or "1300m"
c.apply(f'''
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
  namespace: dev
spec:
  hard:
    requests.cpu: "{new_cpu}"
''')
c.run(seconds=1)
c.apply(pod.format(name="api-3"))
c.kubectl("describe resourcequota compute -n dev")
"""),
    md("""
## Self-check

1. Which four fields does every object manifest start with, and what goes in `spec`?
2. Two containers in one pod both want port 80. What happens, and why?
3. A container writes `/data/visits` and restarts. With no volume, is the file there afterwards?
   With an `emptyDir` at `/data`? After the pod is deleted and recreated?
4. `my-service` showed no endpoints at first. Name two separate reasons a Service can have no
   (ready) endpoints.
5. What does `containerPort` change about what a container listens on?
6. The dev quota is `requests.cpu: "1"`. Why was `kubectl run api --image=nginx -n dev` refused the
   first time and admitted after the LimitRange?
7. Are pods in `dev` and `prod` isolated from each other? What would isolate them?

<details><summary>Answers</summary>

1. `apiVersion`, `kind`, `metadata`, `spec`; the spec is the desired state (for a pod: its
   containers, images, ports, volumes …).
2. They share one network namespace, so the second one to bind port 80 fails ("address already in
   use") and restarts in a loop. Containers of a pod must use different ports.
3. No; yes (an `emptyDir` survives container restarts); no (an `emptyDir` lives as long as the pod —
   use a PersistentVolumeClaim for that).
4. No pod matches the selector (labels), or the matching pods are not ready (failed readiness probe);
   also possible: the named `targetPort` does not exist on the pods.
5. Nothing: it documents the port (and names it for Services and probes); the process decides what
   it listens on.
6. With a CPU quota, every pod must request CPU; the first pod had no request ("must specify
   requests.cpu"); the LimitRange filled in `cpu: 100m` as a default request.
7. No — namespaces are logical; pods can reach each other across namespaces and share nodes. A
   NetworkPolicy restricts traffic; separate clusters (or node pools) separate machines.
</details>
""", """
## 스스로 점검하기

1. 모든 오브젝트 매니페스트는 어떤 네 필드로 시작하고, `spec` 에는 무엇이 들어가나요?
2. 한 파드의 컨테이너 둘이 모두 포트 80을 쓰려 합니다. 어떻게 되고, 왜 그럴까요?
3. 컨테이너가 `/data/visits` 에 쓰고 재시작합니다. 볼륨이 없으면 재시작 뒤에 파일이 있을까요? `/data` 에
   `emptyDir` 이 있으면? 파드를 지우고 다시 만든 뒤에는?
4. `my-service` 에는 처음에 엔드포인트가 없었습니다. 서비스에 (준비된) 엔드포인트가 없을 수 있는 서로 다른
   이유 두 가지를 대 보세요.
5. `containerPort` 는 컨테이너가 듣는 포트에 대해 무엇을 바꾸나요?
6. dev 쿼타는 `requests.cpu: "1"` 입니다. `kubectl run api --image=nginx -n dev` 가 처음에는 왜 거부되었고
   LimitRange 뒤에는 왜 받아들여졌나요?
7. `dev` 와 `prod` 의 파드는 서로 격리되어 있나요? 무엇이 그들을 격리할 수 있을까요?

<details><summary>답</summary>

1. `apiVersion`, `kind`, `metadata`, `spec`. 스펙은 원하는 상태입니다 (파드라면 컨테이너, 이미지, 포트,
   볼륨 …).
2. 네트워크 네임스페이스 하나를 공유하므로, 포트 80에 두 번째로 바인딩하려는 쪽이 실패하고 ("address already in
   use") 반복해서 재시작합니다. 한 파드의 컨테이너들은 서로 다른 포트를 써야 합니다.
3. 아니요. 예 (`emptyDir` 은 컨테이너 재시작에도 남습니다). 아니요 (`emptyDir` 은 파드가 살아 있는 동안만
   있습니다 — 그런 경우에는 PersistentVolumeClaim 을 쓰세요).
4. 셀렉터에 맞는 파드가 없거나 (라벨), 맞는 파드가 준비되지 않았습니다 (레디니스 프로브 실패). 이름으로 지정한
   `targetPort` 가 파드에 없는 경우도 있습니다.
5. 아무것도 바꾸지 않습니다: 포트를 문서로 남길 뿐이고 (서비스와 프로브가 쓸 이름도 붙여 줍니다), 무엇을 들을지는
   프로세스가 정합니다.
6. CPU 쿼타가 있으면 모든 파드가 CPU를 요청해야 하는데, 첫 파드에는 요청이 없었습니다 ("must specify
   requests.cpu"). LimitRange 가 기본 요청으로 `cpu: 100m` 을 채워 주었습니다.
7. 아니요 — 네임스페이스는 논리적인 것입니다. 파드는 네임스페이스를 넘어 서로 닿을 수 있고 노드도 함께 씁니다.
   네트워크 폴리시가 트래픽을 제한하고, 클러스터를 (또는 노드 풀을) 따로 두면 머신이 분리됩니다.
</details>
"""),
]


if __name__ == "__main__":
    write("05-objects", CELLS)
