"""Every tag and mirror of an image family behaves like the family: one test per program."""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.runtime.images import lookup
from k8scourse.runtime.launch import StartError, make_program


def started(ref: str, command=None, args=None, env=None, until: int = 30_000):
    p = make_program(lookup(ref), command, args, env)
    p.run_until(until)
    return p


@pytest.mark.parametrize("ref", ["nginx:1.7.9", "nginx:1.25-alpine", "nginx:stable-perl", "nginx:mainline",
                                 "nginx:1.27-alpine-slim", "public.ecr.aws/nginx/nginx:stable-perl",
                                 "mcr.microsoft.com/oss/nginx/nginx:1.15.5-alpine"])
def test_nginx_family(ref):
    p = started(ref)
    assert type(p).__name__ == "Nginx" and p.exit_code is None
    assert p.http_get(80, "/", 30_000) == 200 and p.http_get(80, "/nope", 30_000) == 404


@pytest.mark.parametrize("ref", ["httpd:2.4", "httpd:2.4-alpine", "httpd:alpine3.20"])
def test_httpd_family(ref):
    p = started(ref)
    assert p.http_get(80, "/", 30_000) == 200
    assert "Apache/2.4." in p.lines(30_000)[2][1]


@pytest.mark.parametrize("ref", ["python:3.11-alpine", "python:3.12-slim", "python:3"])
def test_python_family(ref):
    server = started(ref, ["python", "-m", "http.server", "8000"])
    assert server.tcp_open(8000, 30_000) and server.lines(0)[0][1].startswith("Serving HTTP on 0.0.0.0 port 8000")
    repl = started(ref)                                   # CMD python3: the REPL reads an empty stdin
    assert repl.exit_code == 0


@pytest.mark.parametrize("ref", ["node:20", "node:20-alpine", "node:lts-slim"])
def test_node_family(ref):
    assert started(ref).exit_code == 0                    # the REPL, empty stdin
    web = started(ref, ["node", "-e", "require('http').createServer((q, s) => s.end('hi')).listen(3000)"])
    assert web.tcp_open(3000, 30_000) and web.exit_code is None
    missing = started(ref, ["node", "server.js"])
    recorded = open(__file__.rsplit("/", 1)[0] + "/data/recorded/node-missing-script.txt").read()
    assert missing.exit_code == 1
    assert "\n".join(line for _, line in missing.lines(30_000)) + "\n[exit 1]" == recorded.rstrip("\n")


@pytest.mark.parametrize("ref", ["redis:7", "redis:8.0.2", "redis:alpine"])
def test_redis_family(ref):
    p = started(ref)
    assert p.tcp_open(6379, 30_000) and p.exec(["redis-cli", "ping"], 30_000, 1000) == (0, "PONG")
    assert f"Redis version={lookup(ref).version}," in p.lines(0)[2][1]


def test_databases_need_their_password():
    assert started("postgres:16-alpine").exit_code == 1
    pg = started("postgres:16", env={"POSTGRES_PASSWORD": "x"})
    assert pg.tcp_open(5432, 30_000)
    assert started("mysql:8.0").exit_code == 1
    my = started("mysql:8.0", env={"MYSQL_ROOT_PASSWORD": "x"})
    assert my.tcp_open(3306, 30_000)
    assert started("mariadb:11", env={"MARIADB_ROOT_PASSWORD": "x", "MYSQL_ROOT_PASSWORD": "x"}).tcp_open(3306, 30_000)


@pytest.mark.parametrize("ref", ["busybox", "busybox:1.37.0", "alpine:3.19", "debian:bookworm-slim", "ubuntu:24.04",
                                 "public.ecr.aws/docker/library/busybox:stable", "fedora:40"])
def test_base_images_run_their_shell(ref):
    p = started(ref)
    assert type(p).__name__ == "ShellProgram" and (p.exit_ms, p.exit_code) == (0, 0)   # empty stdin: Completed
    job = started(ref, ["sh", "-c", "echo hello; sleep 5; echo bye"])
    assert [line for _, line in job.lines(30_000)] == ["hello", "bye"] and job.exit_ms == 5000


def test_hello_world_prints_its_greeting():
    p = started("hello-world")
    lines = [line for _, line in p.lines(1000)]
    assert p.exit_code == 0 and lines[1] == "Hello from Docker!" and lines[-1] == " https://docs.docker.com/get-started/"


def test_perl_and_stress_keep_their_programs():
    assert started("perl:5.38", ["perl", "-Mbignum=bpi", "-wle", "print bpi(10)"]).lines(10**9)[0][1] == "3.141592654"
    s = started("polinux/stress", ["stress", "--vm", "1", "--vm-bytes", "64M", "--vm-hang", "1"])
    assert s.demand(5000)[1] >= 64 * 1024 * 1024


def test_images_the_simulator_has_no_family_for():
    daemon = started("haproxy:2.8")                       # an official image: its own daemon runs on
    assert type(daemon).__name__ == "Daemon" and daemon.exit_code is None and "not modelled" in daemon.notes[0]
    generic = started("bitnami/kubectl", None, ["get", "pods"])
    assert type(generic).__name__ == "Daemon"
    script = started("someone/tool:v1", ["sh", "-c", "echo from a generic image; exit 3"])
    assert script.exit_code == 3 and script.lines(1000)[0][1] == "from a generic image"
    with pytest.raises(StartError, match='exec: "nginx": executable file not found'):
        make_program(lookup("busybox:1.36"), ["nginx"], None)
    with pytest.raises(StartError, match='exec: "sh": executable file not found'):
        make_program(lookup("hashicorp/http-echo"), ["sh", "-c", "true"], None)


def test_exec_hands_pid_1_to_nginx_in_a_pod():
    c = Cluster(nodes=1, seed=0)
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers:
  - name: web
    image: nginx:1.25-alpine
    command: ["sh", "-c"]
    args: ["echo '<h1>built at start</h1>' > /usr/share/nginx/html/index.html; exec nginx -g 'daemon off;'"]
""", echo=False)
    c.run(seconds=40)
    pod = c.get("pods", "web")
    assert pod["status"]["phase"] == "Running" and pod["status"]["containerStatuses"][0]["restartCount"] == 0
    kubelet = c.kubelets[pod["spec"]["nodeName"]]
    program = kubelet.runtime.current(pod["metadata"]["uid"], "web").program
    assert type(program).__name__ == "Nginx" and program.argv == ["nginx", "-g", "daemon off;"]
    from k8scourse.traffic import request
    c.kubectl("run client --image=busybox:1.36 -- sleep 3600", echo=False)
    c.run(seconds=20)
    assert request(c, "pod/client", f"http://{pod['status']['podIP']}/").body == "<h1>built at start</h1>\n"
    r = c.kubectl("exec web -- ps", echo=False)
    assert r.stdout.splitlines()[:2] == ["PID   USER     TIME  COMMAND", "    1 root      0:00 nginx -g daemon off;"]
    c.kubectl("delete pod web", echo=False)              # nginx, now PID 1, stops on SIGQUIT at once
    c.run(seconds=3)
    assert c.api.peek("pods", "web", "default") is None


def test_exec_of_a_program_the_image_lacks_ends_the_container():
    p = started("busybox:1.36", ["sh", "-c", "echo before; exec nginx -g 'daemon off;'; echo after"])
    assert p.exit_code == 127 and [line for _, line in p.lines(1000)] == [
        "before", "sh: exec: line 0: nginx: not found"]
