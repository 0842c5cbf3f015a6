"""Chapter 6 — Controllers: RC, ReplicaSet, Deployment, blue/green, DaemonSet, Job, CronJob,
StatefulSet, HPA (notebooks/06-controllers.ipynb)."""

from __future__ import annotations

from _nb import code, md, write

WEB = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    kubernetes.io/change-cause: "{cause}"
spec:
  replicas: 6
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 2
      maxUnavailable: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: {image}
        resources:
          requests:
            cpu: 100m
        readinessProbe:
          httpGet:
            path: /
            port: 80
          periodSeconds: 2
'''

CELLS = [
    md("""
# 06 · 컨트롤러 — Controllers

*"컨트롤러는 기본 오브젝트들을 생성하고 이를 관리하는 역할을 해준다."* A **controller** (컨트롤러)
creates the basic objects (pods) and keeps them the way you asked: it compares the *desired* state
with the *actual* state, again and again, and acts on the difference. The lecture's list:
ReplicationController (RC), ReplicaSet, Deployment, DaemonSet, Job, StatefulSet — plus CronJob and
the HorizontalPodAutoscaler, which build on them.

| Controller | Keeps | Typical use |
|---|---|---|
| ReplicationController / ReplicaSet | *N* identical pods | (used through a Deployment) |
| Deployment (디플로이먼트) | a ReplicaSet per version; rolling updates | stateless apps |
| DaemonSet | one pod per node | log and monitoring agents |
| Job / CronJob | pods that run to completion (on a schedule) | batch work |
| StatefulSet | pods with stable names and their own disks | databases |
| HorizontalPodAutoscaler | the replica count, from the load | scaling |
""", """
# 06 · 컨트롤러 — Controllers

*"컨트롤러는 기본 오브젝트들을 생성하고 이를 관리하는 역할을 해준다."* **컨트롤러**는 기본 오브젝트(파드)를
만들고, 요청한 모습 그대로 유지합니다: *원하는* 상태와 *실제* 상태를 거듭 비교하고 차이에 따라 움직입니다. 강의의
목록: ReplicationController (RC), ReplicaSet, Deployment, DaemonSet, Job, StatefulSet — 그리고 이것들 위에
만들어진 CronJob과 HorizontalPodAutoscaler.

| 컨트롤러 | 유지하는 것 | 주된 쓰임 |
|---|---|---|
| ReplicationController / ReplicaSet | 똑같은 파드 *N*개 | (디플로이먼트를 통해 사용) |
| Deployment (디플로이먼트) | 버전마다 레플리카셋 하나; 롤링 업데이트 | 상태 없는(stateless) 앱 |
| DaemonSet (데몬셋) | 노드마다 파드 하나 | 로그·모니터링 에이전트 |
| Job / CronJob (잡 / 크론잡) | 끝까지 실행되고 끝나는 파드 (일정에 따라) | 배치 작업 |
| StatefulSet (스테이트풀셋) | 고정된 이름과 자기 디스크를 가진 파드 | 데이터베이스 |
| HorizontalPodAutoscaler | 부하에 따른 레플리카 수 | 스케일링 |
"""),
    code("""
%load_ext k8scourse
import pandas as pd
from collections import Counter
from k8scourse import Cluster, traffic
from k8scourse.widgets import plots, use_cluster

c = Cluster(nodes=3, vm_size="Standard_DS2_v2", seed=0, clock="manual")
use_cluster(c)
c
"""),
    md("""
## 1. ReplicationController

*"Replication Controller는 … 지정된 숫자로 Pod를 기동 시키고, 관리하는 역할을 한다."* Three parts:
the **replica count** (Replica의 수), the **pod selector** (Pod Selector) and the **pod template**
(Pod Template) to make new pods from:
""", """
## 1. ReplicationController

*"Replication Controller는 … 지정된 숫자로 Pod를 기동 시키고, 관리하는 역할을 한다."* 세 부분으로 되어
있습니다: **Replica의 수**(replica count), **Pod Selector**, 그리고 새 파드를 만들 틀인 **Pod Template**:
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx-rc
spec:
  replicas: 3
  selector:
    app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.7.9
"""),
    code("""
c.run(seconds=20)
%kubectl get rc nginx-rc
%kubectl get pods -l app=nginx
"""),
    md("""
Fewer pods than the count — a new one is started; more — one is deleted. Delete one and watch it come
back; scale, and the count follows:
""", """
파드가 정한 수보다 적으면 새로 시작하고, 많으면 하나를 지웁니다. 하나를 지우고 돌아오는 것을 지켜본 다음,
스케일을 바꾸면 수가 따라옵니다:
"""),
    code("""
victim = sorted(p["metadata"]["name"] for p in c.list("pods", selector="app=nginx"))[0]
%kubectl delete pod {victim}
%kubectl scale rc nginx-rc --replicas=4
c.run(seconds=10)
%kubectl get rc nginx-rc
"""),
    md("""
The RC's selector is a plain map: `app: nginx` means *label `app` **equals** `nginx`* — an
**equality-based** selector (Equality 기반 Selector). It cannot say "one of these values":
""", """
RC의 셀렉터는 단순한 맵입니다: `app: nginx` 는 *라벨 `app` 이 `nginx` 와 **같다***는 뜻이며 —
**Equality 기반 Selector**(equality-based) — "이 값들 중 하나"라고는 말할 수 없습니다:
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx-rc-2
spec:
  replicas: 3
  selector:
    matchExpressions:
    - {key: app, operator: In, values: [nginx, nginx-canary]}
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.7.9
"""),
    code("""
%kubectl delete rc nginx-rc
"""),
    md("""
## 2. ReplicaSet

*"ReplicaSet은 Replication Controller 의 새버전 … Set 기반의 Selector를 이용한다."* The same job with a
**set-based** selector: `matchExpressions` with `In`, `NotIn`, `Exists`, `DoesNotExist`. This one
manages every pod whose `tier` is `frontend` **or** `canary`:
""", """
## 2. ReplicaSet

*"ReplicaSet은 Replication Controller 의 새버전 … Set 기반의 Selector를 이용한다."* 같은 일을 **Set 기반**
셀렉터로 합니다: `In`, `NotIn`, `Exists`, `DoesNotExist` 를 쓰는 `matchExpressions`. 이 레플리카셋은 `tier` 가
`frontend` **또는** `canary` 인 모든 파드를 관리합니다:
"""),
    code("""
%%kubectl apply
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 3
  selector:
    matchExpressions:
    - {key: tier, operator: In, values: [frontend, canary]}
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: nginx
        image: nginx:1.7.9
"""),
    code("""
c.run(seconds=20)
%kubectl get rs frontend -o wide
"""),
    md("""
The selector decides what the ReplicaSet *owns* — not who created the pod. A hand-made pod labelled
`tier=canary` matches, so the ReplicaSet now sees four pods for a count of three, and removes one
(it prefers a pod that is not ready yet — the newcomer):
""", """
셀렉터가 레플리카셋이 무엇을 *소유*하는지 정합니다 — 누가 파드를 만들었는지가 아니라요. 손으로 만든
`tier=canary` 라벨의 파드도 셀렉터에 맞으므로, 레플리카셋은 이제 수 3에 파드 4개를 보고 하나를 지웁니다
(아직 준비되지 않은 파드 — 새로 온 파드 — 를 먼저 고릅니다):
"""),
    code("""
%kubectl run canary --image=nginx:1.9.2 --labels=tier=canary
c.run(seconds=5)
%kubectl get pods -l "tier in (frontend,canary)" --show-labels
%kubectl get events --field-selector involvedObject.name=frontend
"""),
    code("""
%kubectl delete rs frontend
"""),
    md("""
The same selector syntax works everywhere: `kubectl get pods -l "tier in (frontend,canary)"`,
Services, Deployments. *"실제 운영에서는 … 좀더 추상화된 Deployment를 사용하게 된다"* — in practice you
rarely write a ReplicaSet yourself: a Deployment makes them.

## 3. Deployment — rolling updates

A **Deployment** owns one ReplicaSet per version of the pod template. Changing the template (a new
image) makes a new ReplicaSet and moves the replicas over step by step:
**`maxSurge`** — how many pods *above* the desired count may exist during the update (here 2);
**`maxUnavailable`** — how many *below* it may be unready (here 1). Six replicas of nginx 1.7.9, with
a readiness probe so "ready" means "answers HTTP":
""", """
같은 셀렉터 문법은 어디서나 통합니다: `kubectl get pods -l "tier in (frontend,canary)"`, 서비스,
디플로이먼트. *"실제 운영에서는 … 좀더 추상화된 Deployment를 사용하게 된다"* — 실제로 레플리카셋을 직접 쓸
일은 드뭅니다: 디플로이먼트가 만들어 줍니다.

## 3. Deployment — 롤링 업데이트

**디플로이먼트**는 파드 템플릿의 버전마다 레플리카셋을 하나씩 소유합니다. 템플릿을 바꾸면 (새 이미지) 새
레플리카셋이 생기고 레플리카가 단계적으로 옮겨 갑니다:
**`maxSurge`** — 업데이트 중 원하는 수보다 *더* 있어도 되는 파드 수 (여기서 2),
**`maxUnavailable`** — 원하는 수보다 *모자라도*(준비되지 않아도) 되는 파드 수 (여기서 1). nginx 1.7.9 레플리카
6개이며, "준비됨"이 "HTTP에 응답함"을 뜻하도록 레디니스 프로브를 둡니다:
"""),
    code(f"""
WEB = '''{WEB}'''
c.apply(WEB.format(image="nginx:1.7.9", cause="first release: nginx 1.7.9"))
c.run(seconds=40)
%kubectl get deployment,replicaset -l app=web
"""),
    md("""
Now the update to nginx 1.9.2. The cell samples the Deployment and its ReplicaSets every 2 simulated
seconds and keeps each change:
""", """
이제 nginx 1.9.2로 업데이트합니다. 셀은 시뮬레이션 시간 2초마다 디플로이먼트와 레플리카셋을 살펴보고 바뀐 것을
기록합니다:
"""),
    code("""
def sample():
    d = c.get("deployments", "web")
    new_rs = max(c.list("replicasets", "default", "app=web"),
                 key=lambda r: int(r["metadata"]["annotations"]["deployment.kubernetes.io/revision"]))
    old = sum(r["spec"]["replicas"] for r in c.list("replicasets", "default", "app=web")
              if r["metadata"]["name"] != new_rs["metadata"]["name"])
    st = d["status"]
    return {"desired": d["spec"]["replicas"], "updated": st.get("updatedReplicas", 0),
            "ready": st.get("readyReplicas", 0), "available": st.get("availableReplicas", 0),
            "old": old, "pods": st.get("replicas", 0)}

c.apply(WEB.format(image="nginx:1.9.2", cause="upgrade to nginx 1.9.2"))
start, rows = c.sim.clock.now_ms, []
for _ in range(30):
    row = {"time": (c.sim.clock.now_ms - start) // 1000, **sample()}
    if not rows or {k: v for k, v in row.items() if k != "time"} != {k: v for k, v in rows[-1].items() if k != "time"}:
        rows.append(row)
    c.run(seconds=2)
progress = pd.DataFrame(rows)
progress
"""),
    md("""
Read it row by row: the new ReplicaSet starts 3 pods at once (6 desired − 1 unavailable allowed = 5
must stay ready, 6 + 2 surge = 8 may exist), the old one drops to 5. As new pods become ready, old
ones go, until `updated = ready = 6` and `old = 0`. The total never exceeds 8, the ready count never
drops below 5:
""", """
한 행씩 읽어 보세요: 새 레플리카셋이 파드 3개를 한꺼번에 시작하고 (원하는 6 − 허용된 불가용 1 = 5개는 준비된
채로 있어야 하고, 6 + 서지 2 = 8개까지 있어도 됨), 옛 레플리카셋은 5로 줄어듭니다. 새 파드가 준비되는 대로 옛
파드가 빠지고, 마침내 `updated = ready = 6`, `old = 0` 이 됩니다. 합계는 8을 넘지 않고, 준비된 수는 5 아래로
내려가지 않습니다:
"""),
    code("""
plots.rollout_progress(progress, figsize=(8, 4))
"""),
    md("""
Each template change is a **revision**; the old ReplicaSet is kept (scaled to 0) so you can go back.
The `kubernetes.io/change-cause` annotation is what `rollout history` lists:
""", """
템플릿을 바꿀 때마다 **리비전**이 생깁니다. 옛 레플리카셋은 (0으로 줄인 채) 남겨 두므로 되돌아갈 수 있습니다.
`rollout history` 가 보여 주는 것은 `kubernetes.io/change-cause` 어노테이션입니다:
"""),
    code("""
%kubectl rollout history deployment/web
%kubectl get rs -l app=web -o wide
"""),
    md("""
### A broken rollout — and undo

A typo in the image tag. The new pods cannot pull their image; because at most 1 pod may be
unavailable, the Deployment stops after the first new pods and keeps 5 old ones serving:
""", """
### 실패한 롤아웃 — 그리고 되돌리기(undo)

이미지 태그에 오타가 있습니다. 새 파드는 이미지를 가져오지 못합니다. 불가용 파드는 최대 1개까지이므로
디플로이먼트는 첫 새 파드들에서 멈추고 옛 파드 5개가 계속 서비스하게 둡니다:
"""),
    code("""
c.apply(WEB.format(image="nginx:1.9.3-typo", cause="upgrade to nginx 1.9.3 (typo)"))
c.run(seconds=60)
%kubectl rollout status deployment/web --timeout=5s
%kubectl get deployment web
%kubectl get pods -l app=web --field-selector status.phase=Pending
"""),
    md("""
Stuck: `rollout status` times out, the new pods sit in `ErrImagePull`/`ImagePullBackOff`. After
`progressDeadlineSeconds` (600 s by default) the Deployment reports the failure in its conditions —
it does **not** roll back by itself. You do:
""", """
멈췄습니다: `rollout status` 는 시간 초과로 끝나고, 새 파드는 `ErrImagePull`/`ImagePullBackOff` 에 머뭅니다.
`progressDeadlineSeconds` (기본 600초)가 지나면 디플로이먼트는 조건(conditions)에 실패를 보고합니다 — 스스로
롤백하지는 **않습니다**. 여러분이 합니다:
"""),
    code("""
%kubectl rollout undo deployment/web
%kubectl rollout status deployment/web
%kubectl rollout history deployment/web
"""),
    md("""
`undo` went back to the previous template (nginx 1.9.2): its ReplicaSet became the new revision 4, so
revision 2 disappears from the list. `kubectl rollout undo --to-revision=1` would pick an older one;
`kubectl rollout pause`/`resume` hold a rollout while you make several changes.

## 4. Blue/green deployment (블루/그린 배포)

Two complete versions run side by side — **blue** (current) and **green** (new). A Service sends all
traffic to one of them by its selector; switching is one change to the selector, and switching back
is just as fast. Two Deployments of a small echo server that answers with its version:
""", """
`undo` 는 이전 템플릿(nginx 1.9.2)으로 돌아갔습니다: 그 레플리카셋이 새 리비전 4가 되었으므로 리비전 2는
목록에서 사라집니다. `kubectl rollout undo --to-revision=1` 은 더 오래된 것을 고릅니다.
`kubectl rollout pause`/`resume` 은 여러 가지를 바꾸는 동안 롤아웃을 잡아 둡니다.

## 4. 블루/그린 배포 (Blue/green deployment)

완전한 두 버전이 나란히 실행됩니다 — **블루**(현재)와 **그린**(새 버전). 서비스는 셀렉터로 둘 중 하나에 모든
트래픽을 보냅니다. 전환은 셀렉터를 한 번 바꾸는 것이고, 되돌리기도 그만큼 빠릅니다. 자기 버전으로 답하는 작은
에코 서버의 디플로이먼트 두 개:
"""),
    code("""
BG = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-{color}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: shop, color: {color}}}
  template:
    metadata:
      labels: {{app: shop, color: {color}}}
    spec:
      containers:
      - name: app
        image: hashicorp/http-echo:1.0
        args: ["-listen=:8080", "-text=shop {version} ({color})"]
        readinessProbe:
          httpGet: {{path: /, port: 8080}}
'''
c.apply(BG.format(color="blue", version="v1"))
c.apply(BG.format(color="green", version="v2"))
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: shop
    color: blue
  ports:
  - port: 80
    targetPort: 8080
"""),
    code("""
%kubectl run client --image=busybox:1.36 -- sleep 3600
c.run(seconds=30)
%kubectl get pods -l app=shop -L color
"""),
    md("""
A client sends a request every half second — 40 in all; after the 20th, the Service's selector is
switched to green. Every answer is counted:
""", """
클라이언트가 0.5초마다 요청을 보냅니다 — 모두 40번. 20번째 요청 뒤에 서비스의 셀렉터를 그린으로 바꿉니다. 답을
모두 셉니다:
"""),
    code("""
answers = Counter()
for i in range(40):
    if i == 20:
        c.kubectl(["patch", "service", "shop", "-p", '{"spec":{"selector":{"app":"shop","color":"green"}}}'])
    r = traffic.request(c, "pod/client", "http://shop")
    answers[("before" if i < 20 else "after", r.status, r.body.strip())] += 1
    c.run(seconds=0.5)
for key, n in sorted(answers.items()):
    print(*key, n, sep=" | ")
"""),
    md("""
No request failed (all `200`). Right after the switch a few answers still came from blue: the
endpoints controller and then each node's kube-proxy take a moment to update — and existing
connections to blue pods finish normally. Then everything is green. Blue is still running, so rolling
back is one more `patch`; once green is trusted, blue is deleted:
""", """
실패한 요청은 없습니다 (모두 `200`). 전환 직후 몇 개의 답은 아직 블루에서 왔습니다: 엔드포인트 컨트롤러와 그다음
노드마다의 kube-proxy 가 갱신하는 데 잠깐 걸리고, 블루 파드와의 기존 연결은 정상적으로 끝납니다. 그다음에는
모두 그린입니다. 블루는 아직 실행 중이므로 되돌리기는 `patch` 한 번이면 됩니다. 그린을 믿을 수 있게 되면 블루를
지웁니다:
"""),
    code("""
%kubectl delete deployment shop-blue
"""),
    md("""
## 5. DaemonSet

One pod on **every** node (or every node matching a selector) — for agents that must run
everywhere: log collectors, monitoring, the network plugin. No replica count:
""", """
## 5. DaemonSet (데몬셋)

**모든** 노드에 (또는 셀렉터에 맞는 모든 노드에) 파드 하나 — 어디서나 돌아야 하는 에이전트를 위한 것입니다: 로그
수집기, 모니터링, 네트워크 플러그인. 레플리카 수가 없습니다:
"""),
    code("""
%%kubectl apply
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-agent
spec:
  selector:
    matchLabels:
      app: log-agent
  template:
    metadata:
      labels:
        app: log-agent
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: ["sleep", "86400"]
"""),
    code("""
c.run(seconds=20)
%kubectl get daemonset log-agent
"""),
    md("A fourth node joins the cluster (as `az aks scale` would add one); the DaemonSet follows:", "네 번째 노드가 클러스터에 합류합니다 (`az aks scale` 이 노드를 더하듯). 데몬셋이 따라갑니다:"),
    code("""
new_node = c.add_node()["metadata"]["name"]
c.run(seconds=20)
%kubectl get daemonset log-agent
print(sum(p["spec"]["nodeName"] == new_node for p in c.list("pods", selector="app=log-agent")), "log-agent pod on the new node")
"""),
    md("""
## 6. Job

A **Job** runs pods until a number of them **complete** successfully, instead of keeping them
running. The classic example computes π to 2000 digits:
""", """
## 6. Job (잡)

**잡**은 파드를 계속 실행해 두는 대신 정해진 수가 성공적으로 **완료**될 때까지 실행합니다. 고전적인 예는 원주율
π를 2000자리까지 계산합니다:
"""),
    code("""
%%kubectl apply
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  backoffLimit: 4
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
"""),
    code("""
%kubectl wait --for=condition=complete job/pi --timeout=300s
%kubectl get job pi
digits = c.kubectl("logs job/pi", echo=False).strip()
print(digits[:50] + "…", f"({len(digits) - 2} decimals)")
"""),
    md("""
`completions` (how many successes are needed) and `parallelism` (how many pods at once): six work
items of 10 seconds, two at a time:
""", """
`completions` (필요한 성공 수)와 `parallelism` (한 번에 실행할 파드 수): 10초짜리 작업 6개를 두 개씩:
"""),
    code("""
%%kubectl apply
apiVersion: batch/v1
kind: Job
metadata:
  name: batch
spec:
  completions: 6
  parallelism: 2
  template:
    spec:
      containers:
      - name: work
        image: busybox:1.36
        command: ["sh", "-c", "sleep 10"]
      restartPolicy: Never
"""),
    code("""
for _ in range(5):
    c.run(seconds=8)
    print(c.kubectl("get job batch --no-headers", echo=False).strip())
"""),
    md("""
Two at a time, six in all, about three rounds of 10 s. A failed pod would be retried up to
`backoffLimit` times.

## 7. CronJob

A **CronJob** creates a Job on a schedule (cron syntax). `* * * * *` — every minute:
""", """
두 개씩, 모두 여섯 개, 10초짜리 약 세 차례. 실패한 파드는 `backoffLimit` 번까지 재시도됩니다.

## 7. CronJob (크론잡)

**크론잡**은 일정(cron 문법)에 따라 잡을 만듭니다. `* * * * *` — 매분:
"""),
    code("""
%%kubectl apply
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.36
            command: ["sh", "-c", "date; echo Hello from the Kubernetes cluster"]
          restartPolicy: OnFailure
"""),
    code("""
print("now:", c.now)
c.run(seconds=60 - (c.sim.clock.now_ms // 1000) % 60 + 5)     # just past the next full minute
%kubectl get cronjob hello
job = [j["metadata"]["name"] for j in c.list("jobs", "default") if j["metadata"]["name"].startswith("hello-")][0]
%kubectl logs job/{job}
%kubectl delete cronjob hello
"""),
    md("""
It fired at the full minute (the Job's name ends in the scheduled time, in minutes since 1970); the pod
printed the date and its greeting.

## 8. StatefulSet

For pods that are **not** interchangeable — the members of a database cluster. A **StatefulSet**
gives each pod a fixed **ordinal name** (`db-0`, `db-1`, `db-2`), starts them **in order** (each
waits for the previous one to be ready), gives each a **stable DNS name** through a *headless*
Service (`clusterIP: None`), and a **disk of its own** from `volumeClaimTemplates`:
""", """
정각 분에 실행되었고 (잡의 이름은 예약된 시각, 즉 1970년부터 센 분으로 끝납니다), 파드는 날짜와 인사말을
출력했습니다.

## 8. StatefulSet (스테이트풀셋)

서로 바꿔 쓸 수 **없는** 파드 — 데이터베이스 클러스터의 구성원 — 를 위한 것입니다. **스테이트풀셋**은 파드마다
고정된 **순번 이름**(`db-0`, `db-1`, `db-2`)을 주고, **순서대로** 시작하며 (각 파드는 앞 파드가 준비되기를
기다림), *헤드리스*(headless) 서비스(`clusterIP: None`)를 통해 **변하지 않는 DNS 이름**을, 그리고
`volumeClaimTemplates` 로 **자기만의 디스크**를 줍니다:
"""),
    code("""
%%kubectl apply
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: postgres
        image: postgres:16
        env:
        - name: POSTGRES_PASSWORD
          value: example
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
"""),
    code("""
for _ in range(6):
    c.run(seconds=15)
    pods = sorted(c.list("pods", "default", "app=db"), key=lambda p: p["metadata"]["name"])
    print(f'{(c.sim.clock.now_ms // 1000)}s', "  ".join(f'{p["metadata"]["name"]}:{p["status"]["phase"]}' for p in pods))
"""),
    md("`db-1` was created only after `db-0` was running, `db-2` after `db-1`. Each pod has its own claim:", "`db-1` 은 `db-0` 이 실행된 뒤에야, `db-2` 는 `db-1` 뒤에야 만들어졌습니다. 파드마다 자기 클레임이 있습니다:"),
    code("""
%kubectl get pvc -o custom-columns=NAME:.metadata.name,STATUS:.status.phase,CAPACITY:.status.capacity.storage
"""),
    md("Each pod has a DNS name of its own, `<pod>.<service>`; the headless Service's name lists them all:", "파드마다 자기 DNS 이름 `<pod>.<service>` 가 있고, 헤드리스 서비스의 이름은 그 모두를 나열합니다:"),
    code("""
%kubectl exec client -- nslookup db-0.db
"""),
    md("""
Delete `db-1`: it comes back with the **same name** and the **same claim** (`data-db-1`) — its data
would still be there. Scale down to 1: the pods go in reverse order, and the claims are **kept**:
""", """
`db-1` 을 지워 보세요: **같은 이름**, **같은 클레임**(`data-db-1`)으로 돌아옵니다 — 데이터도 그대로 있을
것입니다. 1로 줄이면 파드는 역순으로 빠지고 클레임은 **남겨 둡니다**:
"""),
    code("""
%kubectl delete pod db-1
c.run(seconds=30)
%kubectl get pod db-1 -o jsonpath="{.metadata.name} uses claim {.spec.volumes[0].persistentVolumeClaim.claimName}{'\\n'}"
%kubectl scale statefulset db --replicas=1
c.run(seconds=60)
%kubectl get pods -l app=db
%kubectl get pvc -o custom-columns=NAME:.metadata.name,STATUS:.status.phase
"""),
    md("""
## 9. HorizontalPodAutoscaler

The HPA controller sets a Deployment's replica count from a metric — here average CPU use against a
target of 50 % of the requested 100m, between 6 and 12 pods:
""", """
## 9. HorizontalPodAutoscaler

HPA 컨트롤러는 지표에 따라 디플로이먼트의 레플리카 수를 정합니다 — 여기서는 요청량 100m의 50 %를 목표로 한
평균 CPU 사용량, 파드 6개에서 12개 사이:
"""),
    code("""
%kubectl autoscale deployment web --cpu-percent=50 --min=6 --max=12
"""),
    md("""
Load: a total of 900m of CPU demand spread over the running `web` pods (the simulator's
`faults.load`; `offer` re-spreads it every 5 s as pods come and go). 900m over 6 pods is 150m each
— 150 %, three times the target:
""", """
부하: 총 900m의 CPU 수요를 실행 중인 `web` 파드들에 나눕니다 (시뮬레이터의 `faults.load`; 파드가 생기고
사라지는 데 맞춰 `offer` 가 5초마다 다시 나눔). 파드 6개에 900m이면 각각 150m — 150 %, 목표의 세 배입니다:
"""),
    code("""
def offer(total_m):
    running = [p for p in c.list("pods", "default", "app=web")
               if p["status"].get("phase") == "Running" and not p["metadata"].get("deletionTimestamp")]
    c.faults.load("app=web", cpu_millicores=total_m / max(len(running), 1))

def watch(total_m, minutes, every=60):
    for _ in range(minutes * 60 // every):
        for _ in range(every // 5):
            offer(total_m)
            c.run(seconds=5)
        print(c.kubectl("get hpa web --no-headers", echo=False).strip())

watch(900, 3)
"""),
    md("""
⌈6 × 150 % / 50 %⌉ = 18, capped at `--max` 12; 900m over 12 pods is 75m each — 75 %: still above the
target, but the HPA may not go higher. The load stops:
""", """
⌈6 × 150 % / 50 %⌉ = 18 이지만 `--max` 12에서 멈춥니다. 파드 12개에 900m이면 각각 75m — 75 %: 여전히 목표보다
높지만 HPA는 더 올라갈 수 없습니다. 부하가 멈춥니다:
"""),
    code("""
watch(0, 7)
"""),
    md("""
For 5 minutes nothing happens — the **stabilisation window**: the HPA scales down only to the
highest count it recommended in the last 5 minutes, so a short dip does not remove pods that will be
needed again. Then it drops to the minimum, 6.

## Try it

1. Change `maxSurge`/`maxUnavailable` in `WEB` (e.g. `maxSurge: 0`, `maxUnavailable: 2`), apply a new
   image (`nginx:1.14.2`) and re-run the sampling cell: how does the table change?
2. Blue/green: switch `shop` back to blue with the `patch` line — does any request fail?
3. Scale the DaemonSet? Try `%kubectl scale daemonset log-agent --replicas=5` and read the answer.
""", """
5분 동안 아무 일도 없습니다 — **안정화 윈도우**(stabilisation window): HPA는 최근 5분 동안 권장한 가장 높은 수까지만
줄이므로, 잠깐의 하락으로 곧 다시 필요할 파드를 지우지 않습니다. 그다음 최솟값 6으로 떨어집니다.

## 직접 해 보기

1. `WEB` 의 `maxSurge`/`maxUnavailable` 을 바꾸고 (예: `maxSurge: 0`, `maxUnavailable: 2`) 새 이미지
   (`nginx:1.14.2`)를 적용한 뒤 샘플링 셀을 다시 실행해 보세요: 표가 어떻게 바뀌나요?
2. 블루/그린: `patch` 줄로 `shop` 을 다시 블루로 바꿔 보세요 — 실패하는 요청이 있나요?
3. 데몬셋을 스케일? `%kubectl scale daemonset log-agent --replicas=5` 를 해 보고 답을 읽어 보세요.
"""),
    code("""
%kubectl scale daemonset log-agent --replicas=5
"""),
    md("""
## Self-check

1. Name the three parts of a ReplicationController.
2. Write a selector an RC cannot express but a ReplicaSet can.
3. `replicas: 6`, `maxSurge: 2`, `maxUnavailable: 1`: at most how many pods exist during an update,
   and at least how many are ready?
4. A rollout is stuck on a bad image. Does Kubernetes roll back by itself? What do you run?
5. In blue/green, what exactly changes at the switch, and why were no requests lost?
6. Which controller would you use for: a log agent on every node; a nightly report; a three-member
   database; a stateless web front end?
7. Why does a StatefulSet need a headless Service?
8. The load stopped, yet the HPA kept 12 pods for 5 minutes. Why?

<details><summary>Answers</summary>

1. The replica count, the pod selector, the pod template.
2. `matchExpressions: [{key: tier, operator: In, values: [frontend, canary]}]` (or `NotIn`,
   `Exists`, `DoesNotExist`); an RC selector is only `key: value` equality.
3. 6 + 2 = 8 pods at most; 6 − 1 = 5 ready at least.
4. No — it stops and, after `progressDeadlineSeconds`, marks the Deployment `ProgressDeadlineExceeded`.
   Run `kubectl rollout undo deployment/web` (or fix the image).
5. Only the Service's selector (`color: blue` → `green`); both versions were running and ready before
   the switch, so every request found a ready pod.
6. DaemonSet; CronJob; StatefulSet; Deployment.
7. To give each pod a stable DNS name (`db-0.db`) — a headless Service's DNS answers with the pods'
   own addresses instead of one virtual IP.
8. The scale-down stabilisation window (5 minutes by default): it only scales down to the highest
   recommendation of the last 5 minutes.
</details>
""", """
## 스스로 점검하기

1. ReplicationController 의 세 부분을 말해 보세요.
2. RC로는 표현할 수 없지만 레플리카셋으로는 표현할 수 있는 셀렉터를 써 보세요.
3. `replicas: 6`, `maxSurge: 2`, `maxUnavailable: 1`: 업데이트 중 파드는 최대 몇 개까지 있고, 최소 몇 개가
   준비되어 있나요?
4. 잘못된 이미지 때문에 롤아웃이 멈췄습니다. Kubernetes가 스스로 롤백하나요? 무엇을 실행하나요?
5. 블루/그린에서 전환할 때 정확히 무엇이 바뀌고, 왜 요청을 하나도 잃지 않았나요?
6. 다음에는 어떤 컨트롤러를 쓰겠습니까: 모든 노드의 로그 에이전트; 매일 밤의 보고서; 구성원 셋인 데이터베이스;
   상태 없는 웹 프런트엔드?
7. 스테이트풀셋에는 왜 헤드리스 서비스가 필요할까요?
8. 부하가 멈췄는데도 HPA는 5분 동안 파드 12개를 유지했습니다. 왜일까요?

<details><summary>답</summary>

1. 레플리카 수, 파드 셀렉터, 파드 템플릿.
2. `matchExpressions: [{key: tier, operator: In, values: [frontend, canary]}]` (또는 `NotIn`,
   `Exists`, `DoesNotExist`). RC 셀렉터는 `key: value` 같음 비교뿐입니다.
3. 최대 6 + 2 = 8개, 최소 6 − 1 = 5개 준비.
4. 아닙니다 — 멈춘 뒤 `progressDeadlineSeconds` 가 지나면 디플로이먼트를 `ProgressDeadlineExceeded` 로
   표시합니다. `kubectl rollout undo deployment/web` 을 실행하세요 (또는 이미지를 고치세요).
5. 서비스의 셀렉터(`color: blue` → `green`)만 바뀝니다. 전환 전에 두 버전이 모두 실행 중이고 준비되어 있었으므로
   모든 요청이 준비된 파드를 찾았습니다.
6. 데몬셋; 크론잡; 스테이트풀셋; 디플로이먼트.
7. 파드마다 변하지 않는 DNS 이름(`db-0.db`)을 주기 위해서입니다 — 헤드리스 서비스의 DNS는 가상 IP 하나 대신
   파드들 자신의 주소로 답합니다.
8. 축소 안정화 윈도우(기본 5분) 때문입니다: 최근 5분 동안의 가장 높은 권장값까지만 줄입니다.
</details>
"""),
]


if __name__ == "__main__":
    write("06-controllers", CELLS)
