"""%%shell, %curl, %sleep, %node and %az login in a real IPython shell; long runs: progress and interrupts."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from IPython.core.interactiveshell import InteractiveShell

from k8scourse import Cluster
from k8scourse.pacing import add_progress_listener, remove_progress_listener
from k8scourse.widgets import magics, progress
from k8scourse.widgets.terminal import Terminal


@pytest.fixture
def ip():
    shell = InteractiveShell.instance()
    shell.run_line_magic("reload_ext", "k8scourse")    # (again: conftest resets the paced default after each test)
    magics.STATE.__init__()
    yield shell
    magics.STATE.__init__()


@pytest.fixture
def c():
    cluster = Cluster(nodes=2, seed=0, clock="manual")
    magics.use_cluster(cluster)
    return cluster


def run(ip, cell):
    result = ip.run_cell(cell)
    assert result.error_in_exec is None and result.error_before_exec is None
    assert result.result is None                    # no Out[] repeating the text
    return result


def test_shell_cell_runs_kubectl_lines_with_pipes_and_keeps_variables(ip, c, capsys):
    run(ip, "%kubectl create deployment web --image=nginx:1.7.9 --replicas=2")
    run(ip, "%sleep 30")
    capsys.readouterr()
    run(ip, "%%shell\n"
            "# the pods of web, one name a line\n"
            "kubectl get pods --no-headers | awk '{print $1}' | sort | head -1\n"
            "N=$(kubectl get pods -l app=web -o name | wc -l) && echo \"pods: $N\"\n"
            "kubectl get pods | grep -c Running; nope\n")
    first = sorted(line.split()[0] for line in c.kubectl("get pods --no-headers", echo=False).splitlines())[0]
    assert capsys.readouterr().out == f"{first}\npods: 2\n2\nbash: nope: command not found\n"
    run(ip, "%shell echo $N")                        # the cell's variables stay, as in one terminal session
    assert capsys.readouterr().out == "2\n"


def test_a_plain_kubectl_line_in_a_shell_cell_prints_what_percent_kubectl_prints(ip, c, capsys):
    run(ip, "%kubectl get nodes -o wide")
    expected = capsys.readouterr().out
    run(ip, "%%shell\nkubectl get nodes -o wide\n")
    assert capsys.readouterr().out == expected


def test_percent_bash_stays_ipythons_own(ip):
    # the simulated shell is %%shell: a cell written for IPython's real %%bash keeps running real bash
    registry = ip.magics_manager.registry
    assert ip.find_cell_magic("bash") == registry["ScriptMagics"].magics["cell"]["bash"]
    assert ip.find_cell_magic("shell") == registry["K8sCourseMagics"].magics["cell"]["shell"]


def test_curl_magic_is_the_clusters_curl(ip, c, capsys):
    c.kubectl("create deployment web --image=nginx:1.7.9", echo=False)
    c.kubectl("expose deployment web --port=80 --type=LoadBalancer", echo=False)
    c.run(seconds=60)
    lb = c.kubectl("get svc web -o jsonpath={.status.loadBalancer.ingress[0].ip}", echo=False)
    run(ip, f"%curl -s -o /dev/null -w '%{{http_code}}' http://{lb}")
    assert capsys.readouterr().out == "200"
    run(ip, f"%curl -I {lb}")
    assert capsys.readouterr().out == c.curl(f"-I {lb}", echo=False)
    run(ip, f"%curl -v http://{lb}/")
    out = capsys.readouterr().out
    assert out == c.curl(f"-v http://{lb}/", echo=False) and "> GET / HTTP/1.1" in out
    run(ip, "%curl http://nope.example")
    assert capsys.readouterr().out == "curl: (6) Could not resolve host: nope.example\n"


def test_sleep_magic_moves_the_clock_like_the_shells_sleep(ip, c, capsys):
    start = c.sim.now_ms
    run(ip, "%sleep 30")
    run(ip, "%sleep 2m")
    run(ip, "%sleep 1.5")
    assert c.sim.now_ms - start == 30_000 + 120_000 + 1_500
    assert capsys.readouterr().out == ""
    run(ip, "%sleep soon")
    assert capsys.readouterr().out == "sleep: invalid time interval 'soon'\nTry 'sleep --help' for more information.\n"
    assert c.sim.now_ms - start == 151_500


def test_node_magic_runs_commands_on_a_node(ip, c, capsys):
    from k8scourse.network import node_command
    node = sorted(c.kubelets)[0]
    run(ip, f"%node {node} ip addr")
    assert capsys.readouterr().out == node_command(c, node, "ip addr")
    run(ip, f"%node {node} cat /etc/os-release | grep ^VERSION=")
    assert capsys.readouterr().out == 'VERSION="22.04.5 LTS (Jammy Jellyfish)"\n'
    run(ip, "%node aks-nodepool1-nope crictl ps")
    assert capsys.readouterr().out == 'Error from server (NotFound): nodes "aks-nodepool1-nope" not found\n'
    run(ip, "%node")
    assert capsys.readouterr().out.startswith(f"usage: %node NODE COMMAND… (for example: %node {node} crictl ps)")


def test_az_login_answers_as_a_signed_in_cloud_shell(ip, capsys):
    from k8scourse.cloud import Azure
    az = Azure(seed=0, clock="manual")
    magics.use_azure(az)
    run(ip, "%az logout")
    run(ip, "%az group list")
    out = capsys.readouterr().out
    assert "Re-login to your initial Cloud Shell identity with 'az login --identity'" in out
    assert out.endswith("ERROR: Please run 'az login' to setup account.\n")
    run(ip, "%az login")
    out = capsys.readouterr().out
    assert out.startswith("WARNING: Cloud Shell is automatically authenticated under the initial account "
                          "signed-in with. Run 'az login' only if you need to use a different account\n")
    assert '"cloudName": "AzureCloud"' in out and '"cloudShellID": true' in out
    run(ip, "%az group list -o tsv")
    assert capsys.readouterr().out == ""
    run(ip, "%%shell\naz group create -n rg -l eastus -o none && az group list --query '[].name' -o tsv | wc -l")
    assert capsys.readouterr().out == "1\n"


def _interrupt_after(seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    return timer


def test_an_interrupt_stops_a_long_run_between_events_and_the_next_command_works(ip, c, capsys):
    c.kubectl("create deployment web --image=nginx:1.7.9 --replicas=3", echo=False)
    c.run(seconds=30)
    start = c.sim.now_ms
    timer = _interrupt_after(0.5)
    began = time.monotonic()
    ip.user_ns["c"] = c
    result = ip.run_cell("c.run(seconds=300 * 86400)")
    timer.join()
    assert isinstance(result.error_in_exec, KeyboardInterrupt)
    assert time.monotonic() - began < 60
    assert start < c.sim.now_ms < start + 300 * 86400 * 1000          # stopped part-way
    capsys.readouterr()
    run(ip, "%kubectl get deploy web --no-headers")
    assert capsys.readouterr().out.split()[:2] == ["web", "3/3"]


def test_an_interrupt_ends_a_sleep_in_a_shell_cell_with_130_and_the_next_cell_works(ip, c, capsys):
    start = c.sim.now_ms
    timer = _interrupt_after(0.5)
    run(ip, "%%shell\nsleep 300d\necho never\n")
    timer.join()
    assert capsys.readouterr().out == "^C\n"
    assert start < c.sim.now_ms < start + 300 * 86400 * 1000
    run(ip, "%kubectl get ns default -o name")
    assert capsys.readouterr().out == "namespace/default\n"


def test_long_runs_report_progress_and_short_ones_do_not(c):
    seen = []

    def listener(done, total):
        seen.append((done, total))

    add_progress_listener(listener)
    try:
        c.run(seconds=60)
        assert seen == []
        c.run(seconds=3600)
    finally:
        remove_progress_listener(listener)
    assert seen[0] == (0.0, 3600.0) and seen[-1] == (3600.0, 3600.0) and len(seen) == 51
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_sliced_run_is_the_same_run():
    def world():
        cl = Cluster(nodes=2, seed=3, clock="manual")
        cl.kubectl("create deployment web --image=nginx:1.7.9 --replicas=4", echo=False)
        return cl

    a, b = world(), world()
    listener = progress.ProgressBar()
    add_progress_listener(listener)
    try:
        a.run(seconds=1800)
    finally:
        remove_progress_listener(listener)
    b.run(seconds=1800)
    assert a.kubectl("get pods -o wide", echo=False) == b.kubectl("get pods -o wide", echo=False)
    assert a.sim.steps == b.sim.steps and a.sim.now_ms == b.sim.now_ms


def test_progress_bar_widget_is_shown_moved_and_closed(c):
    shown = []
    bar = progress.ProgressBar(show=shown.append)
    add_progress_listener(bar)
    try:
        c.run(seconds=1200)
    finally:
        remove_progress_listener(bar)
    assert len(shown) == 1 and bar.bar is None                   # one bar, closed at the end
    assert shown[0].children[1].value == "20m00s of 20m00s simulated"
    # no bar without a kernel to draw it (the plain IPython shell, scripts, the grader)
    assert progress.install(InteractiveShell.instance()) is None


def test_the_kernels_bar_shows_the_widget_view_only_and_goes_when_an_interrupted_cell_ends(ip, c, capsys):
    ip.kernel = object()                 # what an ipykernel shell has
    try:
        bar = progress.install(ip)
        assert bar is not None
        timer = _interrupt_after(0.5)
        ip.user_ns["c"] = c
        result = ip.run_cell("c.run(seconds=300 * 86400)")
        timer.join()
        assert isinstance(result.error_in_exec, KeyboardInterrupt)
        assert bar.box is None                                   # closed by the post-cell hook
        assert "Progress" not in capsys.readouterr().out         # no text/plain for nbval to compare
    finally:
        progress.uninstall(ip)
        del ip.kernel


def test_terminal_streams_a_watch_and_stop_ends_it_cleanly(c):
    c.kubectl("create deployment web --image=nginx:1.7.9", echo=False)
    c.run(seconds=30)
    term = Terminal(c)
    term.input.value = "kubectl get pods -w --request-timeout=200h"   # typed, then Enter (a background run)
    deadline = time.monotonic() + 30
    while "web-" not in term.text() and time.monotonic() < deadline:  # rows appear while it runs
        time.sleep(0.01)
    assert term._running and not term.stop_button.disabled
    assert term.stop() is True
    term.wait(30)
    assert not term._running and term.stop_button.disabled
    assert c.sim.now_ms < 30_000 + 200 * 3600 * 1000
    assert term.text().startswith("student@Azure:~$ kubectl get pods -w --request-timeout=200h\nNAME ")
    assert term.stop() is False
    out = term.run("kubectl get deploy web --no-headers | awk '{print $2}'")
    assert out == "1/1\n" and term.text().endswith("awk '{print $2}'\n1/1\n")


def test_az_long_waits_report_progress_too():
    from k8scourse.cloud import Azure
    az = Azure(seed=0, clock="manual")
    az("group create -n rg -l eastus", echo=False)
    seen = []

    def listener(done, total):
        seen.append((done, total))

    add_progress_listener(listener)
    try:
        az.run(seconds=1800)
    finally:
        remove_progress_listener(listener)
    assert seen[0] == (0.0, 1800.0) and seen[-1] == (1800.0, 1800.0)


def test_a_shell_cell_is_typed_at_once_a_paced_clock_thinks_before_it_not_between_its_lines(ip, capsys):
    c = Cluster(nodes=1, seed=0, clock="paced")
    magics.use_cluster(c)
    start = c.sim.now_ms
    run(ip, "%%shell\nkubectl run a --image=nginx:1.7.9\nkubectl get pod a --no-headers | awk '{print $3, $5}'")
    assert capsys.readouterr().out == "pod/a created\nPending 0s\n"
    assert c.sim.now_ms - start == 5_000              # one think time, before the cell
    assert c.clock.mode == "paced"


def test_a_watch_at_the_top_of_a_cell_streams_its_rows_and_in_a_pipe_it_is_captured(c):
    from k8scourse.widgets._core import Target
    c.kubectl("run a --image=nginx:1.7.9", echo=False)
    chunks = []
    out = Target(c).shell("kubectl get pods -w --request-timeout=20s", sink=chunks.append)
    assert len(chunks) > 2 and "".join(chunks) == out         # rows arrived one step at a time
    chunks.clear()
    c.kubectl("run b --image=nginx:1.7.9", echo=False)
    out = Target(c).shell("kubectl get pods -w --request-timeout=20s | grep -c b", sink=chunks.append)
    assert chunks == [out] and int(out) >= 2


def test_a_shell_cell_in_an_exercise_acts_on_its_cluster_and_is_recorded(ip, capsys):
    from k8scourse.grading import exercise
    from k8scourse.grading.handle import stop_recording
    ex = exercise("ex04-fix-service")
    ex.start()
    try:
        run(ip, "%%shell\n"
                "# point the Service at the app's pods\n"
                "kubectl patch svc web -p '{\"spec\":{\"selector\":{\"app\":\"web\"},"
                "\"ports\":[{\"port\":80,\"targetPort\":80}]}}'\n"
                "kubectl get endpoints web --no-headers | awk '{print $1}'\n"
                "sleep 10\n")
        assert capsys.readouterr().out == "service/web patched\nweb\n"
        result = ex.check()
        assert result.points == result.max_points == 10, result.text()
        assert [(e["target"], e["op"]) for e in ex.log()] == [("cluster", "kubectl"), ("cluster", "kubectl"),
                                                              ("cluster", "run")]
    finally:
        stop_recording()
