"""The pod sandbox: one network namespace per pod (the pause container's) and the pod's volumes.

The lecture's pod model (OUTLINE §5, §8): containers of a pod share one IP and reach each other on
localhost; two of them cannot bind the same port; they share volumes (``htdocs`` between a web
server and a content manager, ``logs`` between the web server and a logger); a container's own
files are lost when it restarts, an emptyDir's are not (until the pod goes), a PVC's outlive the pod.
"""

from __future__ import annotations

import base64
import json

from k8scourse.traffic import request

from kubelet_helpers import k8s  # noqa: F401 - fixture

TWO_CONTAINERS = """
apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - name: a
    image: python:3
    command: ["python", "-m", "http.server", "8080"]
  - name: b
    image: hashicorp/http-echo
    args: ["-listen=:7001", "-text=hello from B"]
"""

SITE = """
apiVersion: v1
kind: Pod
metadata: {name: site}
spec:
  volumes:
  - {name: htdocs, emptyDir: {}}
  - {name: logs, emptyDir: {}}
  containers:
  - name: webserver
    image: nginx:1.27
    volumeMounts:
    - {name: htdocs, mountPath: /usr/share/nginx/html}
    - {name: logs, mountPath: /var/log/nginx}
  - name: content-manager
    image: busybox:1.36
    command: ["sh", "-c", "i=0; while true; do echo \\"<h1>Edition $i</h1>\\" > /content/index.html;
              i=$((i+1)); sleep 10; done"]
    volumeMounts:
    - {name: htdocs, mountPath: /content}
  - name: logger
    image: busybox:1.36
    command: ["sh", "-c", "tail -n 0 -f /logs/access.log"]
    volumeMounts:
    - {name: logs, mountPath: /logs}
"""

CACHE = """
apiVersion: v1
kind: Pod
metadata: {name: cache}
spec:
  volumes:
  - {name: cache, emptyDir: {}}
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: cache, mountPath: /cache}
"""


def _exec(k8s, pod: str, container: str, argv: list[str]):
    uid = k8s.pod(pod)["metadata"]["uid"]
    return k8s.kubelet_of(pod).runtime.exec(uid, container, argv)


def _ready(k8s, name: str) -> dict:
    return {s["name"]: s["ready"] for s in k8s.pod(name)["status"]["containerStatuses"]}


def test_containers_of_a_pod_reach_each_other_on_localhost(k8s):
    k8s.place(TWO_CONTAINERS, "two")
    k8s.run(seconds=120)
    assert k8s.row("two")[1:3] == ["2/2", "Running"]
    assert _exec(k8s, "two", "a", ["wget", "-qO-", "localhost:7001"]) == (0, "hello from B")
    assert _exec(k8s, "two", "a", ["wget", "-qO-", "127.0.0.1:7001"]) == (0, "hello from B")
    code, out = _exec(k8s, "two", "a", ["wget", "-qO-", "localhost:7002"])
    assert (code, out) == (4, "")           # python:3 has GNU Wget: quiet, exit 4 on a network failure
    code, out = _exec(k8s, "two", "b", ["sh", "-c", "true"])
    assert code is not None and code != 0   # http-echo is a scratch image: no shell at all
    code, out = _exec(k8s, "two", "a", ["curl", "-s", "localhost:7001"])
    assert (code, out) == (0, "hello from B")
    # kubectl exec goes through the same network namespace
    assert k8s.k("exec two -c a -- wget -qO- localhost:7001").strip() == "hello from B"
    net = k8s.kubelet_of("two").runtime.sandboxes[k8s.pod("two")["metadata"]["uid"]].net
    assert net.ports(k8s.sim.now_ms) == {7001: "b", 8080: "a"}
    runtime, uid = k8s.kubelet_of("two").runtime, k8s.pod("two")["metadata"]["uid"]
    assert runtime.listener(uid, 7001) is runtime.current(uid, "b").program
    assert runtime.listener(uid, 9999) is None


def test_a_container_program_talks_to_its_neighbour(k8s):
    k8s.place("""
apiVersion: v1
kind: Pod
metadata: {name: poll}
spec:
  containers:
  - name: web
    image: nginx:1.27
  - name: poller
    image: busybox:1.36
    command: ["sh", "-c", "while true; do wget -qO- localhost | grep -c Welcome; wget -qO- localhost:81; sleep 5; done"]
""", "poll")
    k8s.run(seconds=40)
    logs = k8s.k("logs poll -c poller").splitlines()
    assert logs[:2] == ["2", "wget: can't connect to remote host (127.0.0.1): Connection refused"]
    web = k8s.k("logs poll -c web")
    assert '127.0.0.1 - - [' in web and '"GET / HTTP/1.1" 200 615 "-" "Wget" "-"' in web
    # busybox has wget but no curl: the runtime cannot exec it, and its shell does not find it
    assert _exec(k8s, "poll", "poller", ["curl", "localhost"]) == (
        126, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": '
             'executable file not found in $PATH: unknown')
    assert _exec(k8s, "poll", "poller", ["sh", "-c", "curl localhost"]) == (127, "sh: curl: not found")


def test_a_port_clash_crash_loops_the_second_container(k8s):
    k8s.place("""
apiVersion: v1
kind: Pod
metadata: {name: clash}
spec:
  containers:
  - name: web1
    image: nginx:1.27
  - name: web2
    image: nginx:1.27
""", "clash")
    k8s.run(seconds=60)
    st = {s["name"]: s for s in k8s.pod("clash")["status"]["containerStatuses"]}
    assert "running" in st["web1"]["state"] and st["web1"]["restartCount"] == 0
    assert st["web2"]["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    assert st["web2"]["lastState"]["terminated"]["exitCode"] == 1
    logs = k8s.k("logs clash -c web2 --previous").splitlines()
    assert "nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)" in logs
    assert logs.count("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)") == 5
    assert logs[-1] == "nginx: [emerg] still could not bind()"
    assert any(line.endswith("[notice] 1#1: try again to bind() after 500ms") for line in logs)
    # the first one still serves the pod's port 80
    runtime, uid = k8s.kubelet_of("clash").runtime, k8s.pod("clash")["metadata"]["uid"]
    assert runtime.listener(uid, 80) is runtime.current(uid, "web1").program


def test_httpd_port_clash_message(k8s):
    k8s.place("""
apiVersion: v1
kind: Pod
metadata: {name: apache}
spec:
  containers:
  - {name: web, image: "nginx:1.27"}
  - {name: apache, image: "httpd:2.4"}
""", "apache")
    k8s.run(seconds=60)
    logs = k8s.k("logs apache -c apache --previous").splitlines()
    assert "(98)Address already in use: AH00072: make_sock: could not bind to address 0.0.0.0:80" in logs
    assert logs[-2:] == ["no listening sockets available, shutting down", "AH00015: Unable to open logs"]


def test_probes_resolve_against_the_pods_ports(k8s):
    k8s.place("""
apiVersion: v1
kind: Pod
metadata: {name: side}
spec:
  containers:
  - name: web
    image: nginx:1.27
  - name: sidecar
    image: busybox:1.36
    command: ["sleep", "3600"]
    readinessProbe:
      httpGet: {path: /, port: 80}
      periodSeconds: 2
  - name: lonely
    image: busybox:1.36
    command: ["sleep", "3600"]
    readinessProbe:
      tcpSocket: {port: 8080}
      periodSeconds: 2
""", "side")
    k8s.run(seconds=40)
    assert _ready(k8s, "side") == {"web": True, "sidecar": True, "lonely": False}
    assert any(e[1] == "Unhealthy" and "dial tcp" in e[2] and ":8080: connect: connection refused" in e[2]
               for e in k8s.events("side"))


def test_shared_htdocs_and_logs_volumes(k8s):
    k8s.place(SITE, "site")
    k8s.run(seconds=40)
    assert k8s.row("site")[1:3] == ["3/3", "Running"]
    k8s.place("""
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers:
  - {name: client, image: "busybox:1.36", command: ["sleep", "3600"]}
""", "client")
    k8s.run(seconds=10)
    ip = k8s.pod("site")["status"]["podIP"]
    first = request(k8s.c, "pod/client", f"http://{ip}/")
    assert first.status == 200 and first.body.startswith("<h1>Edition ")
    k8s.run(seconds=10)
    second = request(k8s.c, "pod/client", f"http://{ip}/")
    assert second.status == 200 and second.body != first.body          # the content manager rewrote it
    # the content manager sees what it wrote, from the web server's side too
    assert k8s.k("exec site -c webserver -- cat /usr/share/nginx/html/index.html").strip() == second.body.strip()
    # nginx writes its access log into the shared volume, the logger tails it
    k8s.run(seconds=3)
    logged = k8s.k("logs site -c logger").splitlines()
    assert len(logged) == 2 and all('"GET / HTTP/1.1" 200' in line for line in logged)
    assert "GET / HTTP/1.1" not in k8s.k("logs site -c webserver")      # not on stdout any more
    assert k8s.k("exec site -c webserver -- ls /var/log/nginx").split() == ["access.log", "error.log"]


def test_an_empty_document_root_is_forbidden(k8s):
    k8s.place("""
apiVersion: v1
kind: Pod
metadata: {name: empty}
spec:
  volumes:
  - {name: htdocs, emptyDir: {}}
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - {name: htdocs, mountPath: /usr/share/nginx/html}
""", "empty")
    k8s.run(seconds=30)
    code, out = _exec(k8s, "empty", "web", ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "localhost"])
    assert out == "403"
    _exec(k8s, "empty", "web", ["sh", "-c", "echo '<p>mine</p>' > /usr/share/nginx/html/index.html"])
    assert _exec(k8s, "empty", "web", ["curl", "-s", "localhost"]) == (0, "<p>mine</p>")


def test_restart_loses_the_layer_but_keeps_the_empty_dir(k8s):
    k8s.place(CACHE, "cache")
    k8s.run(seconds=20)
    assert _exec(k8s, "cache", "app", ["sh", "-c", "echo mine > /tmp/own; echo kept > /cache/data"])[0] == 0
    assert k8s.k("exec cache -- cat /tmp/own /cache/data").split() == ["mine", "kept"]
    assert k8s.kubelet_of("cache").kill_container("default", "cache", "app", reason="Error")
    k8s.run(seconds=5)
    assert k8s.status("cache")["restartCount"] == 1
    assert _exec(k8s, "cache", "app", ["cat", "/tmp/own"]) == (1, "cat: can't open '/tmp/own': No such file or "
                                                                  "directory")
    assert _exec(k8s, "cache", "app", ["cat", "/cache/data"]) == (0, "kept")
    # the emptyDir goes with the pod: a new pod of the same name starts empty
    k8s.k("delete pod cache")
    k8s.run(seconds=40)
    k8s.place(CACHE, "cache")
    k8s.run(seconds=20)
    assert _exec(k8s, "cache", "app", ["ls", "/cache"]) == (0, "")
    assert _exec(k8s, "cache", "app", ["cat", "/cache/data"])[0] == 1


def test_a_pvc_outlives_the_pod(k8s):
    k8s.c.apply("""
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
""", echo=False)
    manifest = """
apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: data}
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "date >> /data/starts; sleep 3600"]
    volumeMounts:
    - {name: data, mountPath: /data}
"""
    k8s.place(manifest, "db")
    k8s.run(seconds=30)
    assert k8s.row("db")[2] == "Running"
    assert len(_exec(k8s, "db", "app", ["cat", "/data/starts"])[1].splitlines()) == 1
    k8s.k("delete pod db")
    k8s.run(seconds=40)
    k8s.place(manifest, "db")
    k8s.run(seconds=30)
    code, out = _exec(k8s, "db", "app", ["wc", "-l", "/data/starts"])
    assert (code, out) == (0, "2 /data/starts")


def test_configmap_volume_files_are_read_only(k8s):
    k8s.c.apply("""
apiVersion: v1
kind: ConfigMap
metadata: {name: game}
data:
  lives: "3"
  ui.properties: |
    color=blue
    theme=dark
""", echo=False)
    k8s.place("""
apiVersion: v1
kind: Pod
metadata: {name: cm, labels: {app: cm, tier: web}}
spec:
  volumes:
  - name: config
    configMap: {name: game}
  - name: one
    configMap:
      name: game
      items: [{key: lives, path: game/lives.txt}]
  - name: info
    downwardAPI:
      items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: config, mountPath: /etc/config}
    - {name: one, mountPath: /etc/one}
    - {name: info, mountPath: /etc/podinfo}
""", "cm")
    k8s.run(seconds=20)
    assert k8s.k("exec cm -- ls /etc/config").split() == ["lives", "ui.properties"]
    assert k8s.k("exec cm -- cat /etc/config/ui.properties").splitlines() == ["color=blue", "theme=dark"]
    assert k8s.k("exec cm -- cat /etc/one/game/lives.txt").strip() == "3"
    assert k8s.k("exec cm -- cat /etc/podinfo/labels").splitlines() == ['app="cm"', 'tier="web"']
    assert _exec(k8s, "cm", "app", ["touch", "/etc/config/new"]) == (1, "touch: /etc/config/new: Read-only file "
                                                                        "system")
    assert _exec(k8s, "cm", "app", ["sh", "-c", "echo x > /etc/config/lives"]) == (
        1, "sh: can't create /etc/config/lives: Read-only file system")


def test_a_missing_configmap_keeps_the_pod_creating(k8s):
    k8s.place("""
apiVersion: v1
kind: Pod
metadata: {name: nocm}
spec:
  volumes:
  - name: config
    configMap: {name: absent}
  containers:
  - {name: app, image: "busybox:1.36", command: ["sleep", "3600"]}
""", "nocm")
    k8s.run(seconds=20)
    assert k8s.row("nocm")[2] == "ContainerCreating"
    assert ("Warning", "FailedMount", 'MountVolume.SetUp failed for volume "config" : configmap "absent" not found') \
        in k8s.events("nocm")
    k8s.c.apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: absent}\ndata: {k: v}\n", echo=False)
    k8s.run(seconds=40)
    assert k8s.row("nocm")[2] == "Running"


def test_the_service_account_token_volume(k8s):
    k8s.place(CACHE, "cache")
    k8s.run(seconds=20)
    base = "/var/run/secrets/kubernetes.io/serviceaccount"
    assert k8s.k(f"exec cache -- ls {base}").split() == ["ca.crt", "namespace", "token"]
    assert k8s.k(f"exec cache -- cat {base}/namespace").strip() == "default"
    assert k8s.k(f"exec cache -- cat {base}/ca.crt").startswith("-----BEGIN CERTIFICATE-----")
    token = k8s.k(f"exec cache -- cat {base}/token").strip()
    header, payload, _ = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["sub"] == "system:serviceaccount:default:default"
    assert claims["kubernetes.io"]["pod"]["name"] == "cache" and claims["exp"] - claims["iat"] == 3607
    assert _exec(k8s, "cache", "app", ["rm", f"{base}/token"])[0] == 1


def test_kubectl_exec_writes_are_seen_by_the_other_container():
    from k8scourse import Cluster
    c = Cluster(nodes=1, seed=0, dns=False)
    c.apply("""apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  volumes: [{name: shared, emptyDir: {}}]
  containers:
  - {name: a, image: busybox, command: [sh, -c, "sleep 3600"], volumeMounts: [{name: shared, mountPath: /data}]}
  - {name: b, image: busybox, command: [sh, -c, "sleep 3600"], volumeMounts: [{name: shared, mountPath: /data}]}
""", echo=False)
    c.run(seconds=20)
    assert c.kubectl("exec two -c a -- sh -c 'echo hello > /data/x'", echo=False).exit_code == 0
    assert str(c.kubectl("exec two -c b -- cat /data/x", echo=False)) == "hello\n"
    r = c.kubectl("exec two -c b -- cat /tmp/only-in-a", echo=False)
    assert r.exit_code == 1 and "No such file or directory" in r


def test_kubectl_exec_write_to_a_read_only_mount_is_refused_like_the_shell():
    from k8scourse import Cluster
    c = Cluster(nodes=1, seed=0, dns=False)
    c.apply("""apiVersion: v1
kind: Pod
metadata: {name: ro}
spec:
  volumes: [{name: logs, emptyDir: {}}]
  containers:
  - {name: app, image: busybox, command: [sh, -c, "sleep 3600"], volumeMounts: [{name: logs, mountPath: /logs, readOnly: true}]}
""", echo=False)
    c.run(seconds=20)
    r = c.kubectl("exec ro -- touch /logs/x", echo=False)
    assert r.exit_code == 1 and "Read-only file system" in r.stderr and "internal simulator error" not in r
