"""``kubectl exec`` (errors as kubectl prints them, the shell subset) and ``kubectl expose``."""

from __future__ import annotations

from netsvc_helpers import LECTURE_POD, kubectl

from k8scourse import Cluster


def running() -> Cluster:
    c = Cluster(nodes=2, seed=0)
    c.apply(LECTURE_POD, echo=False)
    c.run(seconds=20)
    return c


def test_exec_errors_read_like_kubectl():
    c = running()
    assert kubectl(c, "exec nope -- ls").stderr == 'Error from server (NotFound): pods "nope" not found\n'
    assert kubectl(c, "exec nginx -c x -- ls").stderr == \
        "Error from server (BadRequest): container x is not valid for pod nginx\n"
    assert kubectl(c, "exec nginx").stderr.startswith("error: you must specify at least one command")
    r = kubectl(c, "exec nginx -- nosuchtool")
    assert r.exit_code == 126 and r.stdout.startswith('OCI runtime exec failed: exec failed: unable to start '
                                                      'container process: exec: "nosuchtool": executable file')
    assert r.stderr == "command terminated with exit code 126\n"
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: done}\nspec:\n  restartPolicy: Never\n  containers:\n"
            "  - {name: c, image: 'busybox:1.36', command: [sh, -c, 'echo ok']}\n", echo=False)
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: stuck}\nspec:\n  nodeSelector: {disk: none}\n"
            "  containers:\n  - {name: c, image: nginx}\n", echo=False)
    c.run(seconds=20)
    assert kubectl(c, "exec done -- ls").stderr == \
        "error: cannot exec into a container in a completed pod; current phase is Succeeded\n"
    assert kubectl(c, "exec stuck -- ls").stderr == \
        "Error from server (BadRequest): pod stuck does not have a host assigned\n"
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: slow}\nspec:\n  containers:\n"
            "  - {name: web, image: 'mysql:8.0'}\n", echo=False)
    c.run(seconds=0.5)
    assert kubectl(c, "exec slow -- ls").stderr == 'error: unable to upgrade connection: container not found ("web")\n'


def test_exec_runs_in_the_container_context():
    c = running()
    assert kubectl(c, "exec nginx -- hostname").stdout == "nginx\n"
    assert kubectl(c, "exec -it nginx -- echo hi there").stdout == "hi there\n"
    env = kubectl(c, "exec nginx -- env").stdout
    assert "HOSTNAME=nginx\n" in env and "KUBERNETES_SERVICE_HOST=10.96.0.1\n" in env
    hosts = kubectl(c, "exec nginx -- cat /etc/hosts").stdout
    assert hosts.startswith("# Kubernetes-managed hosts file.\n") and hosts.endswith(
        f"{c.get('pods', 'nginx')['status']['podIP']}\tnginx\n")
    r = kubectl(c, ["exec", "nginx", "--", "sh", "-c", "echo a > /tmp/x; cat /tmp/x; exit 3"])
    assert r.stdout == "a\n" and r.exit_code == 3 and r.stderr == "command terminated with exit code 3\n"
    assert kubectl(c, "exec nginx -- cat /tmp/x").stdout == "a\n"       # kept in the container instance
    before = c.sim.now_ms
    kubectl(c, "exec nginx -- sleep 5")
    assert c.sim.now_ms - before == 5000
    # busybox has wget but no curl
    c.kubectl(["run", "bb", "--image=busybox:1.36", "--", "sleep", "3600"], echo=False)
    c.run(seconds=10)
    assert kubectl(c, "exec bb -- curl nginx").exit_code == 126
    assert kubectl(c, ["exec", "bb", "--", "sh", "-c", "curl x"]).stdout == "sh: curl: not found\n"
    ip = c.get("pods", "nginx")["status"]["podIP"]
    r = kubectl(c, f"exec bb -- wget -qO- http://{ip}")
    assert "<title>Welcome to nginx!</title>" in r.stdout
    r = kubectl(c, f"exec bb -- wget -qO- http://{ip}:8090")
    assert r.stderr.startswith(f"wget: can't connect to remote host ({ip}): Connection refused\n")


def test_expose_takes_the_selector_and_ports_from_the_object():
    c = running()
    assert kubectl(c, "expose pod nginx").stdout == "service/nginx exposed\n"
    svc = c.get("services", "nginx")
    assert svc["spec"]["selector"] == {"app": "nginx"} and svc["metadata"]["labels"] == {"app": "nginx"}
    assert svc["spec"]["ports"][0]["port"] == 8090 and svc["spec"]["ports"][0]["targetPort"] == 8090
    kubectl(c, "create deployment web --image=nginx:1.27 --replicas=2")
    r = kubectl(c, "expose deployment web --port=80 --target-port=80 --name=web-svc --type=NodePort")
    assert r.stdout == "service/web-svc exposed\n"
    svc = c.get("services", "web-svc")
    assert svc["spec"]["selector"] == {"app": "web"} and svc["spec"]["type"] == "NodePort"
    assert kubectl(c, "expose deployment nope --port=80").stderr == \
        'Error from server (NotFound): deployments.apps "nope" not found\n'
    kubectl(c, "create deployment noport --image=nginx")
    assert kubectl(c, "expose deployment noport").stderr == \
        "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose --help' for usage.\n" or \
        kubectl(c, "expose deployment noport").stderr.startswith("error: couldn't find port")
    c.run(seconds=20)
    r = kubectl(c, "exec nginx -- curl -s -o /dev/null -w %{http_code} web-svc")
    assert r.stdout == "200"
    assert kubectl(c, "expose deployment web --port=80 --dry-run=client -o yaml").stdout.startswith("apiVersion: v1")
