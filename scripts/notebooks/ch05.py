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
"""),
    code("""
%load_ext k8scourse
from k8scourse import Cluster
from k8scourse.widgets import Console, use_cluster

c = Cluster(nodes=3, vm_size="Standard_DS2_v2", seed=0)
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
"""),
    code("""
%kubectl delete pod two-nginx
"""),
    md("""
## 2. Volume (볼륨)

*"컨테이너가 리스타트 되거나 새로 배포될때 마다 … 디스크에 기록된 내용이 유실된다."* A container's
own file system lives as long as the container. This container checks for a file, appends to it,
and exits after 30 seconds with an error, so the kubelet restarts it:
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
"""),
    code("""
%kubectl describe pod website
"""),
    md("""
The content manager wrote the date into `index.html` on the `htdocs` volume; the web server, which
mounts the same volume as its document root, serves it. The request comes from the content manager's
own container (`wget localhost` — same pod, same network namespace):
"""),
    code("""
%kubectl exec website -c content-manager -- cat /htdocs/index.html
%kubectl exec website -c content-manager -- wget -qO- localhost
"""),
    md("""
nginx normally sends its access log to its standard output (`kubectl logs`). Here a volume is
mounted over `/var/log/nginx`, so nginx writes real files there — and the logger, which mounts the
same `logs` volume at `/logs`, prints each line it reads from `access.log`:
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
"""),
    code("""
%kubectl get pods --show-labels
%kubectl describe svc my-service
"""),
    md("Give the `nginx` pod the label the selector asks for:"),
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
"""),
    code("""
%kubectl run api --image=nginx -n dev
"""),
    md("Pods that do request CPU are admitted until the quota is used up:"),
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
"""),
]


if __name__ == "__main__":
    write("05-objects", CELLS)
