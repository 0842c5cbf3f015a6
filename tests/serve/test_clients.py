"""Real clients against a served cluster: the official ``kubernetes`` Python client (CRUD, watch,
log streaming, errors) and the real kubectl's streaming commands (``get -w``, ``logs -f``,
``exec``, ``attach``) and authentication."""

from __future__ import annotations

import threading
import time

import kubernetes
import pytest
import yaml

from serve_fixtures import same_output, serve_cluster  # noqa: F401 - the fixture
from k8scourse import Cluster


@pytest.fixture
def served_pair(serve_cluster):
    cluster = Cluster(nodes=2, seed=4, clock="manual")
    cluster.kubectl(["run", "ticker", "--image=busybox", "--", "sh", "-c",
                     "i=0; while true; do echo tick $i; i=$((i+1)); sleep 5; done"], echo=False)
    cluster.kubectl("run web --image=nginx", echo=False)
    cluster.run(seconds=30)
    served, real = serve_cluster(cluster)
    return cluster, served, real


def _client(served):
    from kubernetes import client, config
    return client.ApiClient(config.new_client_from_config(config_file=str(served.kubeconfig)).configuration)


def test_official_client_crud_and_errors(served_pair):
    from kubernetes import client
    from kubernetes.client.rest import ApiException
    cluster, served, _real = served_pair
    api = client.CoreV1Api(_client(served))
    apps = client.AppsV1Api(api.api_client)
    nodes = api.list_node()
    assert sorted(n.metadata.name for n in nodes.items) == sorted(n["metadata"]["name"] for n in cluster.list("nodes"))
    cm = api.create_namespaced_config_map("default", {"apiVersion": "v1", "kind": "ConfigMap",
                                                      "metadata": {"name": "settings"}, "data": {"a": "1"}})
    assert cm.metadata.uid == cluster.get("configmaps", "settings")["metadata"]["uid"]
    api.patch_namespaced_config_map("settings", "default", {"data": {"b": "2"}})
    assert cluster.get("configmaps", "settings")["data"] == {"a": "1", "b": "2"}
    with pytest.raises(ApiException) as err:
        api.read_namespaced_pod("nope", "default")
    assert err.value.status == 404 and '"reason":"NotFound"' in err.value.body
    deploy = apps.create_namespaced_deployment("default", yaml.safe_load("""
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: nginx}]}
"""))
    assert deploy.spec.replicas == 2
    scale = apps.patch_namespaced_deployment_scale("api", "default", {"spec": {"replicas": 3}})
    assert scale.spec.replicas == 3
    with served.lock:
        cluster.run(seconds=30)
    assert apps.read_namespaced_deployment_status("api", "default").status.ready_replicas == 3
    api.delete_namespaced_config_map("settings", "default")
    assert all(c.metadata.name != "settings" for c in api.list_namespaced_config_map("default").items)


def test_official_client_watch_sees_what_the_notebook_does(served_pair):
    from kubernetes import client, watch
    cluster, served, _real = served_pair
    api = client.CoreV1Api(_client(served))
    rv = api.list_namespaced_pod("default").metadata.resource_version
    seen: list[tuple[str, str]] = []

    def consume():
        for event in watch.Watch().stream(api.list_namespaced_pod, "default", resource_version=rv,
                                          timeout_seconds=5):
            seen.append((event["type"], event["object"].metadata.name))

    thread = threading.Thread(target=consume)
    thread.start()
    time.sleep(0.5)
    with served.lock:
        cluster.kubectl("run late --image=nginx", echo=False)
        cluster.kubectl("delete pod web --wait=false", echo=False)
    thread.join(timeout=20)
    assert ("ADDED", "late") in seen
    assert ("MODIFIED", "web") in seen           # marked for deletion (a grace period)


def test_official_client_streams_logs_as_time_passes(served_pair):
    from kubernetes import client
    cluster, served, _real = served_pair
    api = client.CoreV1Api(_client(served))
    response = api.read_namespaced_pod_log("ticker", "default", follow=True, _preload_content=False)
    lines: list[str] = []

    def read():
        for chunk in response.stream(64):
            lines.extend(chunk.decode().splitlines())
            if len(lines) >= 9:
                break
    thread = threading.Thread(target=read)
    thread.start()
    for _ in range(6):
        time.sleep(0.3)
        with served.lock:
            cluster.run(seconds=5)
    thread.join(timeout=20)
    response.release_conn()
    assert lines[:9] == [f"tick {n}" for n in range(9)]


def test_real_kubectl_get_watch_prints_changes_as_they_happen(served_pair):
    cluster, served, real = served_pair
    proc = real.start("get pods -w")
    header = [proc.stdout.readline() for _ in range(3)]       # the list is printed: the watch is next
    time.sleep(0.5)
    with served.lock:
        cluster.kubectl("run late --image=nginx", echo=False)
    for _ in range(8):
        with served.lock:
            cluster.run(seconds=2)
        time.sleep(0.2)
    time.sleep(1)
    proc.terminate()
    out = "".join(header).splitlines() + proc.communicate(timeout=10)[0].splitlines()
    assert out[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert [line.split()[0] for line in out[1:3]] == ["ticker", "web"]
    late = [line.split() for line in out[3:] if line.startswith("late ")]
    assert late[0][:3] == ["late", "0/1", "Pending"]
    assert late[-1][:3] == ["late", "1/1", "Running"]


def test_real_kubectl_logs_follow_and_attach(served_pair):
    cluster, served, real = served_pair
    proc = real.start("logs -f ticker --tail=1")
    first = proc.stdout.readline()            # kubectl is following: the last line so far
    assert first.startswith("tick ")
    for _ in range(4):
        with served.lock:
            cluster.run(seconds=5)
        time.sleep(0.5)
    time.sleep(0.8)
    with served.lock:
        cluster.kubectl("delete pod ticker --wait=false", echo=False)
        cluster.run(seconds=40)
    out = first + proc.communicate(timeout=20)[0]
    assert proc.returncode == 0
    n = int(first.split()[1])
    assert out.splitlines() == [f"tick {i}" for i in range(n, n + 5)]


def test_real_kubectl_exec_prints_what_the_in_kernel_kubectl_prints(served_pair):
    cluster, served, real = served_pair
    for command in ("exec web -- ls /", "exec web -- hostname", "exec web -- sh -c 'echo hi; exit 3'",
                    "exec web -- curl -s -o /dev/null -w %{http_code} web", "exec ticker -- nope",
                    "exec web -c nope -- ls", "exec nope -- ls"):
        expected = cluster.kubectl(command, echo=False)
        assert same_output(real(command), (expected.stdout, expected.stderr, expected.exit_code)), command
    out, err, code = real("attach ticker")
    assert code == 0 and out.startswith("tick 0\ntick 1\n")
    assert err == "If you don't see a command prompt, try pressing enter.\n"


def test_a_request_without_the_token_is_unauthorized(served_pair, tmp_path):
    from kubernetes import client, config
    from kubernetes.client.rest import ApiException
    _cluster, served, real = served_pair
    cfg = yaml.safe_load(served.kubeconfig.read_text())
    cfg["users"][0]["user"]["token"] = "wrong"
    bad = tmp_path / "bad-config"
    bad.write_text(yaml.safe_dump(cfg))
    real.env["KUBECONFIG"] = str(bad)
    out, err, code = real("get pods")
    # client-go's discovery complains for each group list it could not read, then kubectl gives up
    assert (out, code) == ("", 1)
    assert err.splitlines()[-1] == ("error: You must be logged in to the server (the server has asked for the "
                                    "client to provide credentials)")
    api = client.CoreV1Api(config.new_client_from_config(config_file=str(bad)))
    with pytest.raises(ApiException) as err:
        api.list_namespaced_pod("default")
    assert err.value.status == 401
    real.env["KUBECONFIG"] = str(served.kubeconfig)
    assert real("version")[2] == 0


def test_the_kubeconfig_is_merged_like_az_aks_get_credentials(tmp_path):
    existing = tmp_path / "config"
    existing.write_text(yaml.safe_dump({"apiVersion": "v1", "kind": "Config", "current-context": "prod",
                                        "clusters": [{"name": "prod", "cluster": {"server": "https://prod"}}],
                                        "contexts": [{"name": "prod", "context": {"cluster": "prod", "user": "me"}}],
                                        "users": [{"name": "me", "user": {"token": "t"}}]}))
    cluster = Cluster(nodes=0, seed=0, name="class", clock="manual")
    served = cluster.serve(clock="manual", kubeconfig=existing, tls=False)
    try:
        cfg = yaml.safe_load(existing.read_text())
        assert cfg["current-context"] == "class"
        assert [c["name"] for c in cfg["contexts"]] == ["prod", "class"]
        assert cfg["clusters"][1]["cluster"]["server"] == served.url
        assert f"export KUBECONFIG={existing}" in repr(served)
        # over plain HTTP kubectl sends no token (as to kubectl proxy): loopback requests are the admin
        from realkubectl import RealKubectl
        real = RealKubectl(served)
        assert real("get ns default -o name") == ("namespace/default\n", "", 0)
        real.cleanup()
    finally:
        served.stop(forget=True)
    cfg = yaml.safe_load(existing.read_text())
    assert [c["name"] for c in cfg["contexts"]] == ["prod"] and cfg["current-context"] == ""


def test_k8scourse_serve_from_a_shell(tmp_path, capsys):
    """``k8scourse serve``: a live cluster a terminal's kubectl reaches through the printed kubeconfig."""
    import subprocess
    from k8scourse.serve.command import main
    from realkubectl import kubectl_binary
    config = tmp_path / "config"
    stop = threading.Event()
    thread = threading.Thread(target=main, args=(["--nodes", "1", "--kubeconfig", str(config), "--speed", "10"],
                                                 Cluster, stop))
    thread.start()
    try:
        for _ in range(100):
            if config.exists() and "export KUBECONFIG" in capsys.readouterr().out + "export KUBECONFIG":
                break
            time.sleep(0.1)
        env = {"KUBECONFIG": str(config), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
        run = subprocess.run([kubectl_binary(), "run", "w", "--image=nginx"], env=env, capture_output=True, text=True,
                             timeout=60)
        assert (run.stdout, run.returncode) == ("pod/w created\n", 0)
        wait = subprocess.run([kubectl_binary(), "wait", "--for=condition=Ready", "pod/w", "--timeout=60s"], env=env,
                              capture_output=True, text=True, timeout=90)
        assert wait.stdout == "pod/w condition met\n"        # the live clock (x10) let the pod start
    finally:
        stop.set()
        thread.join(timeout=30)
    assert "clusterUser_k8scourse" not in config.read_text()        # taken out of the kubeconfig again


def test_real_kubectl_explain_reads_the_served_openapi(served_pair):
    _cluster, _served, real = served_pair
    out, err, code = real("explain pods.spec.containers.ports")
    assert (err, code) == ("", 0)
    lines = out.splitlines()
    assert lines[:3] == ["KIND:       Pod", "VERSION:    v1", ""]
    assert "FIELD: ports <[]ContainerPort>" in lines
    assert any(line.startswith("  containerPort\t<integer> -required-") for line in lines)
    out, err, code = real("explain deployment.spec.strategy.rollingUpdate.maxSurge")
    assert code == 0 and out.splitlines()[:2] == ["GROUP:      apps", "KIND:       Deployment"]
    assert "The maximum number of pods that can be scheduled above the desired number of pods." in " ".join(
        line.strip() for line in out.splitlines())
    assert real("explain nope") == ("", "the server doesn't have a resource type \"nope\"\n", 1)


def test_port_forward_says_it_is_not_modelled(served_pair):
    _cluster, _served, real = served_pair
    out, err, code = real("port-forward pod/web 8080:80", timeout=30)
    assert code == 1 and "port forwarding is not modelled by the simulator" in err
