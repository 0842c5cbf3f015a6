"""Widget state through the public surface: handlers called as a click would, values asserted."""

from __future__ import annotations

from html import unescape

import pytest

from k8scourse import Cluster
from k8scourse.i18n import MESSAGES, missing_translations, set_language, t
from k8scourse.widgets import (
    AKSPortalForm, Console, Dashboard, EventTimeline, ManifestEditor, SchedulingExplainer, Terminal,
    TimeControls, Topology, flush,
)

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests: {{cpu: 250m, memory: 64Mi}}
"""


def dash_html(dash) -> str:
    return unescape(dash.header.value + "".join(h.value for card in dash.cards_box.children for h in card.children))


@pytest.fixture
def c():
    return Cluster(nodes=3, seed=0)


# ---------------------------------------------------------------------- editor
def test_editor_apply_button_creates_the_pod(c):
    ed = ManifestEditor(c)
    ed.apply_button.click()
    assert c.get("pods", "nginx")["spec"]["containers"][0]["image"] == "nginx:1.7.9"
    assert "pod/nginx created" in unescape(ed.result.value)
    assert repr(ed) == "ManifestEditor(Pod, last: pod/nginx created)"


def test_editor_dry_run_stores_nothing_and_delete_removes(c):
    ed = ManifestEditor(c, text=POD.format(name="web"))
    ed.dry_run_button.click()
    assert "(server dry run)" in unescape(ed.result.value)
    assert c.list("pods") == []
    ed.apply_button.click()
    assert [p["metadata"]["name"] for p in c.list("pods")] == ["web"]
    ed.delete_button.click()
    assert 'pod "web" deleted' in str(ed.last)


def test_editor_shows_validation_error_as_the_api_server_words_it_and_points_at_the_field(c):
    bad = POD.format(name="web").replace("    image: nginx\n", "    imagee: nginx\n")
    ed = ManifestEditor(c, text=bad)
    result = ed.apply()
    assert result.exit_code == 1
    assert 'strict decoding error: unknown field "spec.containers[0].imagee"' in unescape(ed.result.value)
    assert "line 8: imagee: nginx" in unescape(ed.result.value)
    assert c.list("pods") == []


def test_editor_points_at_yaml_parse_errors(c):
    ed = ManifestEditor(c, text="apiVersion: v1\nkind: Pod\nmetadata: {name: b\nspec:\n")
    ed.apply()
    assert "yaml: line 3: did not find expected" in unescape(ed.result.value)
    assert "line 3: metadata: {name: b" in unescape(ed.result.value)


def test_editor_examples_prefill(c):
    ed = ManifestEditor(c)
    ed.example.value = "service"
    assert "name: my-service" in ed.text and "targetPort: 9376" in ed.text
    ed.apply()
    assert c.get("services", "my-service")["spec"]["ports"][0]["targetPort"] == 9376


# ---------------------------------------------------------------------- terminal
def test_terminal_runs_commands_and_keeps_history(c):
    term = Terminal(c)
    term.input.value = "kubectl run web --image=nginx"        # what Enter in the browser does
    assert term.input.value == ""
    term.input.value = "kubectl get pods"                     # typed ahead: runs after the first
    term.wait(60)                                             # (Enter runs lines in the background)
    assert term.history == ["kubectl run web --image=nginx", "kubectl get pods"]
    assert "student@Azure:~$ kubectl get pods\nNAME   READY   STATUS" in term.text()
    assert "web" in unescape(term.screen.value)
    assert term.previous() == "kubectl get pods" and term.previous() == "kubectl run web --image=nginx"
    assert term.input.value == "kubectl run web --image=nginx"      # put back, not run again
    assert len(term.history) == 2
    term.history_list.value = "kubectl get pods"
    assert term.input.value == "kubectl get pods"
    term.run_button.click()
    term.wait(60)
    assert len(term.history) == 3


def test_terminal_errors_and_unknown_commands_are_text(c):
    term = Terminal(c)
    assert str(term.run("kubectl get pod nope")) == 'Error from server (NotFound): pods "nope" not found\n'
    assert term.run("az group list").exit_code == 127
    assert str(term.run("frobnicate")) == "bash: frobnicate: command not found\n"
    assert term.run("frobnicate").exit_code == 127
    assert "1  kubectl get pod nope" in str(term.run("history"))
    term.run("clear")
    assert term.text() == ""


def test_terminal_on_azure_runs_az():
    from k8scourse.cloud import Azure
    term = Terminal(Azure(seed=0))
    out = term.run("az group create -n rg -l eastus -o table")
    assert out.exit_code == 0 and "rg" in out
    assert "error: " in str(term.run("kubectl get pods")) or term.history


# ---------------------------------------------------------------------- dashboard
def test_dashboard_updates_after_commands_and_time(c):
    dash = Dashboard(c)
    assert "3 nodes, 0 pods" in unescape(dash.header.value)
    c.apply(POD.format(name="web"), echo=False)
    assert "default/web" not in unescape(dash.header.value + dash_html(dash))
    flush()                                     # not redrawn per event, but once per command/step/cell
    assert "default/web" in unescape(dash_html(dash))
    assert "default/web" in dash.text()
    c.run(30)
    dash.refresh()
    assert "at 30s" in repr(dash)
    assert len(dash.cards_box.children) == 3 + (1 if "Not scheduled" in dash.text() else 0)


def test_dashboard_requests_bars_count_the_pods_requests(c):
    node = c.list("nodes")[0]["metadata"]["name"]
    c.apply(POD.format(name="a").replace("spec:\n", f"spec:\n  nodeName: {node}\n"), echo=False)
    c.apply(POD.format(name="b").replace("spec:\n", f"spec:\n  nodeName: {node}\n"), echo=False)
    dash = Dashboard(c)
    s = dash.node_summary(node)
    assert (s["cpu_req"], s["mem_req"]) == (500, 128 * 1024 * 1024)
    assert "requests 500m" in unescape(dash._cards[node].children[0].value)
    assert [p[1] for p in s["pods"]] == ["a", "b"]
    c.kubectl("delete pod a --wait=false", echo=False)
    flush()
    # without a kubelet to finish it the pod stays Terminating; with one it is gone
    assert "default/a Terminating" in dash.text() or "default/a" not in dash.text()


def test_dashboard_shows_taints_and_usage_or_na(c):
    node = c.list("nodes")[0]["metadata"]["name"]
    c.kubectl(f"taint nodes {node} dedicated=gpu:NoSchedule", echo=False)
    dash = Dashboard(c)
    assert "dedicated=gpu:NoSchedule" in dash.text()
    use = dash.node_summary(node)["cpu_use"]
    assert use is None or use >= 0
    if use is None:
        assert "use n/a" in dash.text()


def test_dashboard_coalesces_many_events_into_one_render(c):
    dash = Dashboard(c)
    renders = []
    original = dash._summarise
    dash._summarise = lambda name, now: renders.append(name) or original(name, now)
    for i in range(50):
        c.kubectl(f"run p{i} --image=nginx", echo=False)
    assert renders == []
    flush()
    assert renders.count("") == 1           # the unscheduled card: one render for 50 pods
    flush()
    assert renders.count("") == 1           # nothing changed: nothing redrawn


# ---------------------------------------------------------------------- time controls
def test_time_controls_step_run_settle_and_play_deterministically(c):
    tc = TimeControls(c, step_seconds=5, speed=10)
    tc.step_button.click()
    assert c.sim.now_ms == 5_000
    tc.seconds.value = 25
    tc.run_button.click()
    assert c.sim.now_ms == 30_000
    tc.play.value += 3                       # three browser ticks
    assert c.sim.now_ms == 60_000
    tc.settle_button.click()
    assert c.sim.now_ms >= 60_000
    assert "simulated time" in unescape(tc.clock.value)
    assert repr(tc).startswith("TimeControls(at ")


# ---------------------------------------------------------------------- timeline, topology, explainer
def test_timeline_shows_the_apiserver_trace_and_filters(c):
    tl = EventTimeline(c)
    c.kubectl("run web --image=nginx", echo=False)
    flush()
    assert "pods/default/web" in unescape(tl.table.value)
    tl.component.value = "kube-apiserver"
    assert all(r[2] == "kube-apiserver" for r in tl.rows())
    tl.filter_text.value = "pods/default/web"
    assert [r[4] for r in tl.rows()][0] == "pods/default/web"
    tl.source.value = "event"
    assert all(r[1] == "event" for r in tl.rows())


def test_timeline_names_the_scheduler_of_its_events_k8s_io_events(c):
    tl = EventTimeline(c)
    c.kubectl("run web --image=nginx", echo=False)
    c.run(seconds=1)
    flush()
    tl.source.value = "event"
    tl.component.value = "default-scheduler"
    # the Event's source is empty ({}): the row names its reporting component instead
    assert [r[3] for r in tl.rows() if r[4] == "pod/web"] == [
        f"Normal Scheduled: Successfully assigned default/web to {c.get('pods', 'web')['spec']['nodeName']}"]


def test_topology_links_owners_nodes_and_services(c):
    node = c.list("nodes")[0]["metadata"]["name"]
    c.apply(POD.format(name="web").replace("spec:\n", f"spec:\n  nodeName: {node}\n"), echo=False)
    topo = Topology(c)
    assert f"Pod/default/web -> Node//{node}" in topo.text()
    topo.select("Pod/default/web")
    assert topo.image.value[:4] == b"\x89PNG"
    assert "selected Pod/default/web" in repr(topo)


def test_scheduling_explainer_never_fails(c):
    c.kubectl("run web --image=nginx", echo=False)
    ex = SchedulingExplainer(c, "pod/web")
    assert ex.text()
    assert ex.chart.value[:4] == b"\x89PNG"
    assert repr(ex).startswith("SchedulingExplainer(pod default/web: ")


# ---------------------------------------------------------------------- portal, console, i18n
def test_portal_form_runs_the_equivalent_az_commands():
    from k8scourse.cloud import Azure
    az = Azure(seed=0)
    form = AKSPortalForm(az, name="myAKSCluster", group="myResourceGroup", count=2, network="azure")
    form.create_button.click()
    assert form.ran[0] == "az group create --name myResourceGroup --location eastus"
    assert form.ran[-1].startswith("az aks create --resource-group myResourceGroup --name myAKSCluster")
    assert "--node-count 2 --network-plugin azure" in form.ran[-1]
    assert "$ az aks create" in unescape(form.output.value) or form.results[0].exit_code
    assert az("group exists -n myResourceGroup", echo=False).strip() == "true"


def test_console_composes_and_shares_the_cluster(c):
    con = Console(c)
    con.editor.apply()
    con.terminal.run("kubectl get pods")
    assert "nginx" in con.terminal.text()
    assert "default/nginx" in con.dashboard.text()
    con.time.step()
    assert "at 5s" in repr(con)


def test_messages_have_both_languages_and_switch():
    assert missing_translations() == []
    try:
        set_language("ko")
        assert ManifestEditor(Cluster(nodes=1, seed=0)).apply_button.description == MESSAGES["editor.apply"]["ko"]
        assert t("dashboard.nodes", n=2) == "노드 2개"
    finally:
        set_language("en")
    with pytest.raises(ValueError):
        set_language("fr")


def test_dashboard_on_azure_follows_the_kubeconfig_context():
    from k8scourse.cloud import Azure
    az = Azure(seed=0)
    dash = Dashboard(az)
    assert repr(dash) == "Dashboard(no cluster)"
    AKSPortalForm(az, count=2).create()
    Terminal(az).run("az aks get-credentials -g myResourceGroup -n myAKSCluster")
    assert repr(dash).startswith("Dashboard(cluster 'myAKSCluster': 2 nodes, ")
    assert len(dash.cards_box.children) == 2
