"""securityContext as a real kubelet and containerd apply it: runAsNonRoot, users and groups,
readOnlyRootFilesystem, capabilities, and nginx failing the way it really fails without root."""

from __future__ import annotations

import pytest

from k8scourse import Cluster


@pytest.fixture
def c():
    return Cluster(nodes=1, seed=0)


def pod(c, name: str, image: str, container_sc: str = "", pod_sc: str = "", extra: str = "", volumes: str = ""):
    c.apply(f"""
apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
  {pod_sc}
  containers:
  - name: {name}
    image: "{image}"
    {extra}
    {container_sc}
  {volumes}
""", echo=False)


def state(c, name: str) -> dict:
    return c.get("pods", name)["status"]["containerStatuses"][0]


def events(c, name: str) -> list[str]:
    return [e["message"] for e in c.list("events", "default") if e["involvedObject"].get("name") == name]


def logs(c, name: str, previous: bool = False) -> list[str]:
    return str(c.kubectl(f"logs {name}" + (" --previous" if previous else ""), echo=False)).splitlines()


def test_run_as_non_root_refuses_root_images_with_the_kubelets_words(c):
    pod(c, "web", "nginx:1.25", pod_sc="securityContext: {runAsNonRoot: true}")
    pod(c, "zero", "busybox:1.36", container_sc="securityContext: {runAsNonRoot: true, runAsUser: 0}",
        extra='command: ["sleep", "3600"]')
    pod(c, "named", "curlimages/curl:8.18.0", pod_sc="securityContext: {runAsNonRoot: true}")
    pod(c, "bitnami", "bitnami/kubectl", pod_sc="securityContext: {runAsNonRoot: true}",
        extra='command: ["sleep", "3600"]')
    c.run(seconds=40)
    uid = {n: c.get("pods", n)["metadata"]["uid"] for n in ("web", "zero", "named")}
    web = state(c, "web")["state"]["waiting"]
    assert web == {"reason": "CreateContainerConfigError", "message": "container has runAsNonRoot and image will run "
                   f'as root (pod: "web_default({uid["web"]})", container: web)'}
    assert f'Error: container has runAsNonRoot and image will run as root (pod: "web_default({uid["web"]})", ' \
           f"container: web)" in events(c, "web")
    assert state(c, "zero")["state"]["waiting"]["message"] == (
        f'container\'s runAsUser breaks non-root policy (pod: "zero_default({uid["zero"]})", container: zero)')
    assert state(c, "named")["state"]["waiting"]["message"] == (
        "container has runAsNonRoot and image has non-numeric user (curl_user), cannot verify user is non-root "
        f'(pod: "named_default({uid["named"]})", container: named)')
    assert "running" in state(c, "bitnami")["state"]                    # Bitnami images run as 1001
    row = str(c.kubectl("get pod web", echo=False)).splitlines()[1].split()
    assert row[1:3] == ["0/1", "CreateContainerConfigError"]


def test_users_and_groups_as_id_prints_them(c):
    pod(c, "demo", "busybox:1.36", pod_sc="securityContext: {runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000}",
        extra='command: ["sleep", "3600"]\n    volumeMounts: [{name: vol, mountPath: /data/demo}]',
        volumes="volumes: [{name: vol, emptyDir: {}}]")
    pod(c, "root", "busybox:1.36", extra='command: ["sleep", "3600"]')
    pod(c, "deb", "debian:bookworm", pod_sc="securityContext: {runAsUser: 1000}", extra='command: ["sleep", "3600"]')
    c.run(seconds=30)
    k = lambda cmd: c.kubectl(cmd, echo=False)  # noqa: E731
    assert k("exec demo -- id").stdout == "uid=1000 gid=3000 groups=2000,3000\n"
    assert k("exec root -- id").stdout == "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n"
    assert k("exec deb -- id").stdout == "uid=1000 gid=0(root) groups=0(root)\n"      # coreutils: primary first
    r = k("exec demo -- whoami")
    assert (r.stderr, r.exit_code) == ("whoami: unknown uid 1000\ncommand terminated with exit code 1\n", 1)
    assert k("exec demo -- sh -c 'echo hello > /data/demo/testfile; cat /data/demo/testfile'").stdout == "hello\n"
    r = k("exec demo -- touch /etc/x")
    assert r.stdout + r.stderr == "touch: /etc/x: Permission denied\ncommand terminated with exit code 1\n"
    assert k("exec demo -- sh -c 'echo $HOME'").stdout == "/\n"
    assert k("exec demo -- cat /proc/1/status").stdout.splitlines()[8] == "Uid:\t1000\t1000\t1000\t1000"


def test_read_only_root_filesystem(c):
    pod(c, "ro", "busybox:1.36", container_sc="securityContext: {readOnlyRootFilesystem: true}",
        extra='command: ["sleep", "3600"]\n    volumeMounts: [{name: tmp, mountPath: /tmp}]',
        volumes="volumes: [{name: tmp, emptyDir: {}}]")
    c.run(seconds=30)
    r = c.kubectl("exec ro -- touch /x", echo=False)
    assert r.stderr == "touch: /x: Read-only file system\ncommand terminated with exit code 1\n"
    r = c.kubectl("exec ro -- sh -c 'echo hi > /etc/motd'", echo=False)
    assert r.stderr.startswith("sh: can't create /etc/motd: Read-only file system\n")
    assert c.kubectl("exec ro -- sh -c 'echo ok > /tmp/x && cat /tmp/x'", echo=False).stdout == "ok\n"


def test_nginx_as_non_root_fails_the_way_nginx_does(c):
    pod(c, "plain", "nginx:1.25", container_sc="securityContext: {runAsUser: 101}")
    caches = ("volumeMounts: [{name: cache, mountPath: /var/cache/nginx}, {name: run, mountPath: /var/run}]")
    pod(c, "port80", "nginx:1.25", container_sc="securityContext: {runAsUser: 101}", extra=caches,
        volumes="volumes: [{name: cache, emptyDir: {}}, {name: run, emptyDir: {}}]")
    c.run(seconds=40)
    lines = logs(c, "plain")
    assert "10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf " \
           "(read-only file system?)" in lines
    assert lines[-2:] == [
        lines[-2][:19] + ' [emerg] 1#1: mkdir() "/var/cache/nginx/client_temp" failed (13: Permission denied)',
        'nginx: [emerg] mkdir() "/var/cache/nginx/client_temp" failed (13: Permission denied)']
    assert 'nginx: [warn] the "user" directive makes sense only if the master process runs with super-user ' \
           'privileges, ignored in /etc/nginx/nginx.conf:2' in lines
    assert state(c, "plain")["lastState"]["terminated"]["exitCode"] == 1
    assert logs(c, "port80")[-1] == "nginx: [emerg] bind() to 0.0.0.0:80 failed (13: Permission denied)"


def test_nginx_with_a_read_only_root_and_without_capabilities(c):
    pod(c, "ro", "nginx:1.25", container_sc="securityContext: {readOnlyRootFilesystem: true}")
    pod(c, "rw-dirs", "nginx:1.25", container_sc="securityContext: {readOnlyRootFilesystem: true}",
        extra="volumeMounts: [{name: cache, mountPath: /var/cache/nginx}, {name: run, mountPath: /var/run}]",
        volumes="volumes: [{name: cache, emptyDir: {}}, {name: run, emptyDir: {}}]")
    pod(c, "nocaps", "nginx:1.25", container_sc="securityContext: {capabilities: {drop: [ALL]}}")
    pod(c, "somecaps", "nginx:1.25", container_sc="securityContext: {capabilities: {drop: [ALL], add: "
                                                  "[CHOWN, NET_BIND_SERVICE, SETUID, SETGID]}}")
    c.run(seconds=90)                   # four pulls of nginx:1.25 in turn on the one node
    assert logs(c, "ro")[-1] == 'nginx: [emerg] mkdir() "/var/cache/nginx/client_temp" failed (30: Read-only file system)'
    assert "running" in state(c, "rw-dirs")["state"] and state(c, "rw-dirs")["restartCount"] == 0
    assert logs(c, "nocaps")[-1] == 'nginx: [emerg] chown("/var/cache/nginx/client_temp", 101) failed ' \
                                    '(1: Operation not permitted)'
    assert "running" in state(c, "somecaps")["state"]


def test_kill_1_stops_a_pid_1_with_a_handler_only(c):
    pod(c, "web", "nginx:1.25")
    pod(c, "sleeper", "busybox:1.36", extra='command: ["sleep", "3600"]')
    c.run(seconds=30)
    assert c.kubectl("exec web -- kill 1", echo=False).exit_code == 0
    assert c.kubectl("exec sleeper -- kill -9 1", echo=False).exit_code == 0      # init ignores it
    c.run(seconds=20)
    assert state(c, "web")["restartCount"] == 1 and state(c, "web")["lastState"]["terminated"]["exitCode"] == 0
    assert state(c, "sleeper")["restartCount"] == 0
