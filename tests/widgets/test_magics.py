"""The magics in a real IPython shell: same text as the command front ends, no traceback, no Out[]."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from k8scourse import Cluster
from k8scourse.widgets import magics


@pytest.fixture
def ip():
    shell = InteractiveShell.instance()
    shell.run_line_magic("reload_ext", "k8scourse")    # (again: conftest resets the paced default after each test)
    magics.STATE.__init__()
    yield shell
    magics.STATE.__init__()


def run(ip, cell):
    result = ip.run_cell(cell)
    assert result.error_in_exec is None and result.error_before_exec is None
    return result


def test_line_magic_prints_what_kubectl_prints_and_returns_nothing(ip, capsys):
    r = run(ip, "%kubectl get nodes")
    out = capsys.readouterr().out
    assert r.result is None
    assert out.count("Ready") == 3                  # the default Cluster(nodes=3, seed=0)
    # a notebook with the extension loaded is where a person types: its clusters are paced
    assert magics.STATE.cluster.clock.mode == "paced" and " 5s " in out
    magics.STATE.cluster.clock.set_mode("manual")
    run(ip, "%kubectl get nodes")
    assert capsys.readouterr().out == magics.STATE.cluster.kubectl("get nodes", echo=False)


def test_errors_are_the_tools_text_not_a_traceback(ip, capsys):
    run(ip, "%kubectl get pod nope")
    run(ip, "%kubectl frobnicate")
    out = capsys.readouterr().out
    assert 'Error from server (NotFound): pods "nope" not found' in out
    assert "Traceback" not in out


def test_cell_magics_apply_create_delete_and_yaml(ip, capsys):
    c = Cluster(nodes=1, seed=0)
    magics.use_cluster(c)
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {}\ndata: {{k: v}}\n"
    run(ip, "%%kubectl apply\n" + manifest.format("one"))
    run(ip, "%%yaml\n" + manifest.format("two"))
    run(ip, "%%kubectl create -n kube-public\n" + manifest.format("three"))
    run(ip, "%%kubectl delete\n" + manifest.format("one"))
    out = capsys.readouterr().out
    assert out == ("configmap/one created\nconfigmap/two created\nconfigmap/three created\n"
                   'configmap "one" deleted\n')
    assert c.get("configmaps", "three", "kube-public")["data"] == {"k": "v"}


def test_az_magic_and_use_azure_route_kubectl(ip, capsys):
    from k8scourse.cloud import Azure
    az = Azure(seed=0)
    magics.use_azure(az)
    run(ip, "%az group create -n rg -l eastus -o table")
    assert "rg" in capsys.readouterr().out
    run(ip, "%kubectl get nodes")
    assert capsys.readouterr().out == az.kubectl("get nodes", echo=False)


def test_docker_magic_runs_the_simulated_docker_engine(ip, capsys):
    run(ip, "%docker ps")
    assert capsys.readouterr().out == \
        "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n"
    run(ip, "%docker frobnicate")
    out = capsys.readouterr().out
    assert out.startswith("docker: 'frobnicate' is not a docker command.") and "Traceback" not in out


def test_magics_refresh_open_dashboards_once(ip, capsys):
    from k8scourse.widgets import Dashboard
    c = Cluster(nodes=1, seed=0)
    magics.use_cluster(c)
    dash = Dashboard(c)
    run(ip, "%kubectl run web --image=nginx")
    assert "default/web" in "".join(h.value for card in dash.cards_box.children for h in card.children)
