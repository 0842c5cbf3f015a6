"""kubectl get -w / --watch-only and logs -f in simulated time (k8scourse.cli.kubectl.stream)."""

from k8scourse import Cluster


def _c():
    return Cluster(nodes=2, seed=0, clock="manual")


def test_get_pods_watch_lists_then_prints_every_event_with_remembered_column_widths():
    c = _c()
    c.kubectl("run web --image=nginx:1.7.9", echo=False)
    out = c.kubectl("get pods -w", echo=False)
    assert out.exit_code == 0
    assert out.splitlines() == [
        "NAME   READY   STATUS    RESTARTS   AGE",
        "web    0/1     Pending   0          0s",          # the list
        "web    0/1     Pending   0          0s",          # scheduled (nodeName set): still Pending
        "web    0/1     ContainerCreating   0          0s",   # wider: the column widens from here on
        "web    0/1     ContainerCreating   0          1s",
        "web    1/1     Running             0          10s",  # and stays wide (its pull waited 3.2 s
    ]                                                        # behind CoreDNS's on the same node)
    # the last row arrived in the step ending at 11 s; after STREAM_IDLE_SECONDS (30) without a change
    # the stream ended by itself, in simulated time
    assert c.sim.now_ms == 11_000 + 30_000


def test_watch_a_named_load_balancer_service_until_it_gets_its_ip():
    c = _c()
    c.kubectl("create service loadbalancer my-service --tcp=80:8080", echo=False)
    lines = c.kubectl("get service my-service --watch", echo=False).splitlines()
    assert lines[0].split() == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    assert lines[1].split()[3] == "<pending>" and lines[-1].split()[3].count(".") == 3
    # the service controller puts its load-balancer-cleanup finalizer on first: one more <pending> row
    assert lines[2].split()[3] == "<pending>"
    assert len(lines) == 4


def test_watch_only_prints_the_header_with_the_first_event_and_request_timeout_bounds_it():
    c = _c()
    c.kubectl("run a --image=nginx:1.7.9", echo=False)
    c.run(seconds=30)
    before = c.sim.now_ms
    out = c.kubectl("get pods --watch-only --request-timeout=20s", echo=False)
    assert out == "" and c.sim.now_ms == before + 20_000
    c.kubectl("delete pod a --wait=false", echo=False)
    lines = c.kubectl("get pods --watch-only --request-timeout=5", echo=False).splitlines()
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert all(line.split()[0] == "a" for line in lines[1:]) and len(lines) >= 2


def test_watch_with_yaml_separates_documents_and_name_prints_names():
    c = _c()
    c.kubectl("create namespace team-a", echo=False)
    out = c.kubectl("get ns team-a -w -o name --request-timeout=3", echo=False)
    assert out == "namespace/team-a\n"
    c.kubectl("label ns team-a x=1", echo=False)
    c.kubectl("delete ns team-a --wait=false", echo=False)
    out = c.kubectl("get ns team-a -w -o yaml --request-timeout=10", echo=False)
    assert out.count("---\n") == out.count("kind: Namespace") - 1 >= 1


def test_watching_several_types_is_refused_like_kubectl():
    c = _c()
    out = c.kubectl("get pods,svc -w", echo=False)
    assert out.exit_code == 1
    assert out == ("error: watch is only supported on individual resources and resource collections, but 2 "
                   "resources were found\n")


def test_logs_follow_prints_lines_as_written_and_ends_when_the_container_stops():
    c = _c()
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  restartPolicy: Never
  containers:
  - name: count
    image: busybox:1.28
    args: [/bin/sh, -c, 'i=0; while [ $i -lt 5 ]; do echo "line $i"; i=$((i+1)); sleep 2; done']
""", echo=False)
    c.run(seconds=8)                    # busybox's pull waits behind CoreDNS's on the node: running by 8 s
    out = c.kubectl("logs counter -f", echo=False)
    assert out.exit_code == 0 and out == "".join(f"line {i}\n" for i in range(5))
    assert c.kubectl("get pod counter --no-headers", echo=False).split()[2] == "Completed"
    assert c.kubectl("logs counter -f", echo=False) == out      # a finished container: no waiting


def test_streams_print_as_they_run(capsys):
    c = _c()
    c.kubectl("run web --image=nginx:1.7.9", echo=False)
    seen = []
    c._kubectl("get pods -w --request-timeout=10s", sink=seen.append)
    assert len(seen) >= 3 and seen[0].startswith("NAME")       # one write per batch of events


_TICKERS = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: ticker}
spec:
  replicas: 2
  selector: {matchLabels: {app: ticker}}
  template:
    metadata: {labels: {app: ticker}}
    spec:
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 10; done"]
"""


def test_logs_follow_with_a_selector_follows_every_pod_until_the_request_timeout():
    c = _c()
    c.apply(_TICKERS, echo=False)
    c.run(seconds=30)
    pods = sorted(p["metadata"]["name"] for p in c.list("pods", namespace="default"))
    out = c.kubectl("logs -f -l app=ticker --prefix --request-timeout=25s", echo=False)
    lines = out.stdout.splitlines()
    for pod in pods:                       # both pods' old lines, then the ones written while following
        mine = [line.split("] ", 1)[1] for line in lines if line.startswith(f"[pod/{pod}/main] ")]
        assert mine[:2] == ["tick 0", "tick 1"] and len(mine) >= 4, lines
        assert mine == [f"tick {i}" for i in range(len(mine))]
    # kubectl's HTTP client gives up on the streams at --request-timeout: an error, exit code 1
    assert out.exit_code == 1
    assert out.stderr == ("error: net/http: request canceled (Client.Timeout or context cancellation "
                          "while reading body)\n")


def test_logs_follow_refuses_more_streams_than_max_log_requests_before_printing():
    c = _c()
    c.apply(_TICKERS, echo=False)
    c.run(seconds=30)
    before, now = c.store.revision, c.sim.now_ms
    out = c.kubectl("logs -f -l app=ticker --max-log-requests=1", echo=False)
    assert (out.stdout, out.exit_code) == ("", 1)
    assert out.stderr == ("error: you are attempting to follow 2 log streams, but maximum allowed concurrency "
                          "is 1, use --max-log-requests to increase the limit\n")
    assert (c.store.revision, c.sim.now_ms) == (before, now)          # refused before following
