"""The content of the exercise notebooks (see ``scripts/new_exercises.py``): task texts, starter
cells, reference solutions and half-done solutions."""

FIXED_SERVICE = '''cluster.apply("""
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: %s}]
""")
cluster.run(seconds=10)
cluster.kubectl("get endpoints web")'''

# The same fix typed with the cell magic, as the course's notebooks type manifests.
MAGIC_SERVICE = '''%%kubectl apply
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]'''

SPREAD_DEPLOYMENT = '''cluster.apply("""
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: web}}}
      containers: [{name: nginx, image: "nginx:1.25"}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
""")
cluster.run(seconds=60)
cluster.kubectl("get pods -o wide")'''

# The app's pod asks the API for the pods of its namespace with its own token (prints the HTTP status).
POD_READS_API = r'''pod = cluster.kubectl("get pods -n shop -l app=app -o name", echo=False).strip()
sa = "/var/run/secrets/kubernetes.io/serviceaccount"
cluster.kubectl(["exec", "-n", "shop", pod, "--", "sh", "-c",
                 f'curl -s -o /dev/null -w "%{{http_code}}\n" --cacert {sa}/ca.crt '
                 f'-H "Authorization: Bearer $(cat {sa}/token)" '
                 'https://kubernetes.default.svc/api/v1/namespaces/shop/pods'])'''

EXERCISES = [
    {
        "id": "ex01-containers-vs-vms", "var": "cluster", "world": "session", "world_ko": "세션",
        "title": "Exercise 1 — Consolidate 24 apps onto the fewest hosts",
        "task_en": """
An estate of 24 line-of-business apps (`hosts.sample_apps(copies=2)`) runs one app per VM. Plan its
consolidation: choose a **host size**, an **isolation model** (`vm`, `container`, `hyperv`) and a packing
algorithm so that the apps need **at most 3 hosts** costing **at most $850 a month**. Submit the plan with
`ex.answer(plan={"host": …, "mode": …, "algorithm": "ffd"})`. Then say how many `Standard_D8s_v3` hosts the
VM-per-app model would need: `ex.answer(vm_hosts=N)`.""",
        "task_ko": """
24개의 업무용 앱(`hosts.sample_apps(copies=2)`)이 앱마다 VM 하나씩 쓰고 있습니다. **호스트 크기**, **격리 방식**
(`vm`, `container`, `hyperv`), 배치 알고리즘을 골라 앱들이 **호스트 3대 이하**, **월 $850 이하**로 돌아가도록
통합 계획을 세우고 `ex.answer(plan={...})` 로 제출하세요. 또 앱마다 VM 을 쓰면 `Standard_D8s_v3` 호스트가 몇 대
필요한지 `ex.answer(vm_hosts=N)` 으로 제출하세요.""",
        "starter": '''from k8scourse.cloud import hosts

apps = hosts.sample_apps(copies=2)      # the estate: 24 apps
# explore, e.g. hosts.compare(apps, host="Standard_D4s_v3"), then submit:
# ex.answer(plan={"host": "...", "mode": "...", "algorithm": "ffd"}); ex.answer(vm_hosts=...)''',
        "solution": ['''from k8scourse.cloud import hosts

apps = hosts.sample_apps(copies=2)
hosts.compare(apps, host="Standard_D8s_v3")''',
                     '''ex.answer(plan={"host": "Standard_D8s_v3", "mode": "container", "algorithm": "ffd"})
ex.answer(vm_hosts=int(hosts.summary(apps, "Standard_D8s_v3", mode="vm")["hosts_used"]))'''],
        "partial": ['''from k8scourse.cloud import hosts

apps = hosts.sample_apps(copies=2)
ex.answer(plan={"host": "Standard_D4s_v3", "mode": "container", "algorithm": "ffd"})
ex.answer(vm_hosts=int(hosts.summary(apps, "Standard_D8s_v3", mode="vm")["hosts_used"]))'''],
    },
    {
        "id": "ex02-aks-create-scale", "var": "az", "world": "Azure subscription", "world_ko": "Azure 구독",
        "title": "Exercise 2 — Create an AKS cluster and scale it",
        "task_en": """
In resource group **k8s-rg** (eastus) create an AKS cluster **aks1** with one `Standard_DS2_v2` node, then
**scale** its node pool to **3 nodes**. Get its credentials and run a Deployment **hello** with 3 replicas of
`nginx:1.25` on it. Keep the node bill under $1 (don't leave it running for hours).""",
        "task_ko": """
리소스 그룹 **k8s-rg** (eastus) 에 `Standard_DS2_v2` 노드 하나짜리 AKS 클러스터 **aks1** 을 만들고, 노드 풀을
**3개 노드로 확장**하세요. 자격 증명을 받아 `nginx:1.25` 레플리카 3개짜리 Deployment **hello** 를 실행하세요.
노드 비용은 $1 미만으로 유지하세요.""",
        "starter": '# az("group create ...")\n# az.kubectl("get nodes")',
        "solution": ['''az("group create -n k8s-rg -l eastus")
az("aks create -g k8s-rg -n aks1 --node-count 1 --node-vm-size Standard_DS2_v2 --generate-ssh-keys")''',
                     '''az("aks scale -g k8s-rg -n aks1 --node-count 3")
az("aks get-credentials -g k8s-rg -n aks1")
az.kubectl("get nodes")''',
                     '''az.kubectl("create deployment hello --image=nginx:1.25 --replicas=3")
az.run(seconds=60)
az.kubectl("get pods -o wide")'''],
        "partial": ['''az("group create -n k8s-rg -l eastus")
az("aks create -g k8s-rg -n aks1 --node-count 1 --node-vm-size Standard_DS2_v2 --generate-ssh-keys")'''],
    },
    {
        "id": "ex03-aci-public-ip", "var": "az", "world": "Azure subscription", "world_ko": "Azure 구독",
        "title": "Exercise 3 — Run a container in ACI with a public IP",
        "task_en": """
In resource group **aci-rg** (eastus) run the container group **hello** from
`mcr.microsoft.com/azuredocs/aci-helloworld` with a **public IP**, port **80** open and a **DNS name label**.
Check that it answers with `az.curl(...)`. Keep its cost so far under $0.02.""",
        "task_ko": """
리소스 그룹 **aci-rg** (eastus) 에서 `mcr.microsoft.com/azuredocs/aci-helloworld` 로 컨테이너 그룹 **hello** 를
**공인 IP**, 포트 **80**, **DNS 이름 레이블**과 함께 실행하고 `az.curl(...)` 로 응답을 확인하세요. 비용은 $0.02
미만으로 유지하세요.""",
        "starter": '# az("group create ...")\n# az("container create ...")',
        "solution": ['''az("group create -n aci-rg -l eastus")
az("container create -g aci-rg -n hello --image mcr.microsoft.com/azuredocs/aci-helloworld "
   "--ip-address Public --ports 80 --dns-name-label k8scourse-hello")''',
                     '''ip = az("container show -g aci-rg -n hello --query ipAddress.ip -o tsv", echo=False).strip()
az.curl(f"http://{ip}")'''],
        "partial": ['''az("group create -n aci-rg -l eastus")
az("container create -g aci-rg -n hello --image mcr.microsoft.com/azuredocs/aci-helloworld")'''],
    },
    {
        "id": "ex04-fix-service", "var": "cluster", "world": "cluster", "world_ko": "클러스터",
        "title": "Exercise 4 — Fix the lecture's Service so it gets endpoints",
        "task_en": """
The cluster runs the lecture's Deployment **web** (3 nginx pods, `containerPort: 8090`) and a Service **web**
in front of it — but the Service has no endpoints, and even with endpoints it would send traffic nowhere. Find
both mistakes (`kubectl get svc,endpoints`, `kubectl get pods --show-labels`, `kubectl describe svc web`) and
fix the Service so that it has **3 ready endpoints** and **answers on port 80**.""",
        "task_ko": """
클러스터에 강의의 Deployment **web** (nginx 파드 3개, `containerPort: 8090`) 과 그 앞의 Service **web** 이
있습니다. 그런데 Service 에 엔드포인트가 없고, 엔드포인트가 있어도 트래픽이 갈 곳이 없습니다. 두 가지 실수를 찾아
Service 가 **준비된 엔드포인트 3개**를 갖고 **포트 80 에서 응답**하도록 고치세요.""",
        "starter": 'cluster.kubectl("get svc,endpoints")',
        "solution": ['%kubectl get pods --show-labels\n%kubectl describe svc web',
                     MAGIC_SERVICE, 'cluster.run(seconds=10)\ncluster.kubectl("get endpoints web")'],
        "partial": [FIXED_SERVICE % "8090"],
    },
    {
        "id": "ex05-quota-fit", "var": "cluster", "world": "cluster", "world_ko": "클러스터",
        "title": "Exercise 5 — Fit three workloads into a namespace quota",
        "task_en": """
Namespace **team-a** has a ResourceQuota (requests: 1 CPU, 1Gi; limits: 2 CPU, 1536Mi; 6 pods) and three
Deployments — **web** (3 × nginx), **worker** (a `stress` process holding 250 MB) and **cache** (redis) —
none of which gets a pod. Give every container **requests and limits** so that all 5 pods run inside the
quota, and the worker is **not OOMKilled** during 10 minutes under load.""",
        "task_ko": """
네임스페이스 **team-a** 에 ResourceQuota (requests: CPU 1, 1Gi; limits: CPU 2, 1536Mi; 파드 6개) 와 Deployment
세 개 — **web** (nginx 3개), **worker** (250 MB 를 쓰는 `stress`), **cache** (redis) — 가 있지만 파드가 하나도
없습니다. 모든 컨테이너에 **requests 와 limits** 를 주어 파드 5개가 쿼타 안에서 실행되고, 10분 부하 동안 worker
가 **OOMKilled 되지 않게** 하세요.""",
        "starter": 'cluster.kubectl("-n team-a describe quota")\ncluster.kubectl("-n team-a get deploy,rs,pods")',
        "solution": ['cluster.kubectl("-n team-a describe rs")',
                     '''cluster.kubectl("-n team-a set resources deployment web --requests=cpu=100m,memory=64Mi "
                "--limits=cpu=200m,memory=128Mi")
cluster.kubectl("-n team-a set resources deployment worker --requests=cpu=200m,memory=300Mi "
                "--limits=cpu=500m,memory=320Mi")
cluster.kubectl("-n team-a set resources deployment cache --requests=cpu=100m,memory=64Mi "
                "--limits=cpu=200m,memory=128Mi")
cluster.run(seconds=120)
cluster.kubectl("-n team-a get pods")
cluster.kubectl("-n team-a describe quota")'''],
        "partial": ['''cluster.kubectl("-n team-a set resources deployment web --requests=cpu=100m,memory=64Mi "
                "--limits=cpu=200m,memory=128Mi")
cluster.kubectl("-n team-a set resources deployment worker --requests=cpu=200m,memory=128Mi "
                "--limits=cpu=500m,memory=200Mi")
cluster.kubectl("-n team-a set resources deployment cache --requests=cpu=100m,memory=64Mi "
                "--limits=cpu=200m,memory=128Mi")
cluster.run(seconds=120)'''],
    },
    {
        "id": "ex06-rollout-rollback", "var": "cluster", "world": "cluster", "world_ko": "클러스터",
        "title": "Exercise 6 — Roll out a new version, roll back a broken one",
        "task_en": """
Deployment **web** runs `nginx:1.14.2`. Roll out **`nginx:1.16.1`** and wait for it. Then roll out the
(mistyped, broken) **`nginx:1.61`**, watch what happens to the pods, and **roll back** so that web runs 3
ready `nginx:1.16.1` pods again. `kubectl rollout history deployment/web` tells the story.""",
        "task_ko": """
Deployment **web** 이 `nginx:1.14.2` 를 실행합니다. **`nginx:1.16.1`** 을 배포하고 완료를 기다리세요. 그다음 (잘못
입력한, 망가진) **`nginx:1.61`** 을 배포해 파드가 어떻게 되는지 보고, web 이 다시 `nginx:1.16.1` 파드 3개를
실행하도록 **롤백**하세요.""",
        "starter": 'cluster.kubectl("get deploy web -o wide")',
        "solution": ['''cluster.kubectl("set image deployment/web nginx=nginx:1.16.1")
cluster.kubectl("rollout status deployment/web")''',
                     '''cluster.kubectl("set image deployment/web nginx=nginx:1.61")
cluster.run(seconds=60)
cluster.kubectl("get pods")''',
                     '''cluster.kubectl("rollout undo deployment/web")
cluster.kubectl("rollout status deployment/web")
cluster.kubectl("rollout history deployment/web")'''],
        "partial": ['''cluster.kubectl("set image deployment/web nginx=nginx:1.16.1")
cluster.kubectl("rollout status deployment/web")'''],
    },
    {
        "id": "ex07-node-failure", "var": "cluster", "world": "cluster", "world_ko": "클러스터",
        "title": "Exercise 7 — Survive a node failure with no downtime",
        "task_en": """
Service **web** is backed by a single nginx pod. After you finish, the grader **takes down the node** that runs
most of web's pods and watches the Service for three minutes. Make sure web **never loses its last endpoint**:
run at least 2 ready replicas **on different nodes**, and add a **PodDisruptionBudget** `web` keeping 1 pod
available.""",
        "task_ko": """
Service **web** 뒤에 nginx 파드가 하나뿐입니다. 작업이 끝나면 채점기가 web 의 파드가 가장 많은 **노드를 내리고**
3분 동안 Service 를 지켜봅니다. web 이 **엔드포인트를 한 번도 잃지 않도록** 준비된 레플리카를 **서로 다른 노드에**
2개 이상 두고, 파드 1개를 항상 유지하는 **PodDisruptionBudget** `web` 을 추가하세요.""",
        "starter": 'cluster.kubectl("get deploy,pods -o wide")',
        "solution": [SPREAD_DEPLOYMENT],
        "partial": ['cluster.kubectl("scale deployment web --replicas=3")\ncluster.run(seconds=60)'],
    },
    {
        "id": "ex08-autoscale-budget", "var": "cluster", "world": "cluster", "world_ko": "클러스터",
        "title": "Exercise 8 — Autoscale under load within a budget",
        "task_en": """
Deployment **web** (1 replica, 200m CPU requested) sits behind Service **web**. After you finish, the grader
applies a **load pattern**: every web container (new replicas too) gets 180m of extra CPU work for 8 minutes,
then the load stops for 10 minutes. Add a **HorizontalPodAutoscaler** so that web scales out under the load
and back in afterwards (target 50% CPU, 1 to at most 5 replicas), every replica finds a node, and the
cluster's node cost stays **under $0.20** — scale pods, not nodes.""",
        "task_ko": """
Deployment **web** (레플리카 1개, CPU 200m 요청) 이 Service **web** 뒤에 있습니다. 작업이 끝나면 채점기가 **부하
패턴**을 줍니다: web 의 모든 컨테이너(새 레플리카 포함)에 8분 동안 CPU 180m 의 일이 더해지고, 그다음 10분 동안
부하가 멈춥니다. web 이 부하에 맞춰 확장되고 다시 축소되도록 (CPU 50% 목표, 1~최대 5개)
**HorizontalPodAutoscaler** 를 추가하고, 모든 레플리카가 노드에 배치되며 노드 비용이 **$0.20 미만**이 되게 하세요
— 노드가 아니라 파드를 늘리세요.""",
        "starter": 'cluster.kubectl("top pods")',
        "solution": ['''cluster.kubectl("autoscale deployment web --cpu-percent=50 --min=1 --max=5")
cluster.run(seconds=60)
cluster.kubectl("get hpa")'''],
        "partial": ['''cluster.kubectl("autoscale deployment web --cpu-percent=50 --min=1 --max=5")
for _ in range(3):
    cluster.add_node()
cluster.run(seconds=60)'''],
    },
    {
        "id": "ex09-pod-reader", "var": "cluster", "world": "cluster", "world_ko": "클러스터",
        "title": "Exercise 9 — Give the app read-only access to pods in its namespace",
        "task_en": """
Deployment **app** in namespace **shop** runs as ServiceAccount **app**. It lists the pods of its namespace
through the API (`https://kubernetes.default.svc`, with the token mounted in the pod) — and gets `403 Forbidden`.
Give it exactly what it needs: **get, list and watch pods in shop** — nothing more, and not in other namespaces
(there is also **payments**). Check with `kubectl auth can-i … --as system:serviceaccount:shop:app`,
`cluster.explain_access(...)`, and from the pod itself.""",
        "task_ko": """
네임스페이스 **shop** 의 Deployment **app** 은 서비스 어카운트 **app** 으로 실행됩니다. 앱은 API
(`https://kubernetes.default.svc`, 파드에 마운트된 토큰 사용) 로 자기 네임스페이스의 파드 목록을 읽으려 하지만
`403 Forbidden` 을 받습니다. 필요한 것만 정확히 주세요: **shop 의 파드에 get, list, watch** — 그 이상도, 다른
네임스페이스(**payments** 도 있습니다)도 안 됩니다. `kubectl auth can-i … --as system:serviceaccount:shop:app`,
`cluster.explain_access(...)`, 그리고 파드 안에서 직접 확인하세요.""",
        "starter": 'cluster.kubectl("auth can-i list pods -n shop --as system:serviceaccount:shop:app")',
        "solution": ['cluster.explain_access("system:serviceaccount:shop:app", "list", "pods", namespace="shop")',
                     '''cluster.kubectl("create role pod-reader --verb=get,list,watch --resource=pods -n shop")
cluster.kubectl("create rolebinding app-reads-pods --role=pod-reader --serviceaccount=shop:app -n shop")
cluster.kubectl("auth can-i list pods -n shop --as system:serviceaccount:shop:app")
cluster.kubectl("auth can-i delete pods -n shop --as system:serviceaccount:shop:app")''',
                     POD_READS_API],
        "partial": ['''cluster.kubectl("create clusterrolebinding app-view --clusterrole=view --serviceaccount=shop:app")
cluster.kubectl("auth can-i list pods -n shop --as system:serviceaccount:shop:app")''',
                    POD_READS_API],
    },
]
