"""``kubectl top``: byte-exact against the recorded real kubectl (golden 11/12) and its error paths."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import yaml

from k8scourse import Cluster

from reftables import KUBECTL_GOLDEN as GOLDEN


def _recorded():
    now = datetime.fromisoformat((GOLDEN / "NOW").read_text().strip()) + timedelta(seconds=1)
    # the recorded state is the whole truth: no add-on workloads of the simulator's own next to it
    cluster = Cluster(nodes=0, seed=0, epoch=now.strftime("%Y-%m-%dT%H:%M:%SZ"), addons="none")
    server = cluster.metrics
    server.stop()
    server.start(scrape=False)              # serve only the recorded metrics
    for doc in yaml.safe_load_all((GOLDEN / "state.yaml").read_text()):
        if not doc:
            continue
        if doc.get("apiVersion") == "metrics.k8s.io/v1beta1":
            server.put(doc)
            continue
        info = cluster.api.registry.for_kind(doc.get("apiVersion", ""), doc.get("kind", ""))
        if not info:
            continue
        md = doc["metadata"]
        key = (info.group_resource, md.get("namespace", "") if info.namespaced else "", md["name"])
        if cluster.store.exists(key):
            cluster.store.delete(key, actor="test")
        cluster.store.create(key, doc, actor="test")
    return cluster


@pytest.fixture(scope="module")
def recorded():
    return _recorded()


@pytest.mark.parametrize("number", [11, 12])
def test_top_prints_what_kubectl_printed(recorded, number):
    text = (GOLDEN / f"{number:02d}.txt").read_text()
    command, _, rest = text.partition("\n")
    match = re.search(r"\[exit (\d+)\]$", rest)
    result = recorded.kubectl(command.removeprefix("$ kubectl "), echo=False)
    assert str(result) == rest[:match.start()]
    assert result.exit_code == int(match.group(1))


def _run(cluster, line):
    r = cluster.kubectl(line, echo=False)
    return r.stdout, r.stderr, r.exit_code


def test_top_variants_on_the_recorded_state(recorded):
    out, err, code = _run(recorded, "top pods --containers --sort-by=memory")
    assert out == ("POD      NAME     CPU(cores)   MEMORY(bytes)   \n"
                   "memhog   memhog   1m           98Mi            \n"
                   "nginx    nginx    0m           3Mi             \n"
                   "crash    crash    0m           0Mi             \n")
    out, _, _ = _run(recorded, "top pods --sum")
    assert out.splitlines()[-2:] == ["         ________     ________        ",
                                     "         1m           101Mi           "]
    # kubectl's quirk: without headers the sum line does not count the NAMESPACE column
    out, _, _ = _run(recorded, "top pods -A --no-headers --sum")
    assert out == ("default   crash      0m         0Mi    \n"
                   "default   memhog     1m         98Mi   \n"
                   "default   nginx      0m         3Mi    \n"
                   "          ________   ________   \n"
                   "          1m         101Mi      \n")
    out, _, _ = _run(recorded, "top node --sort-by=cpu --no-headers")
    assert out.splitlines()[0].startswith("aks-nodepool1-12345678-vmss000000   183m")
    out, _, code = _run(recorded, "top node aks-nodepool1-12345678-vmss000001")
    assert code == 0 and out.splitlines()[1].split() == ["aks-nodepool1-12345678-vmss000001", "97m", "5%", "1290Mi", "28%"]
    out, _, _ = _run(recorded, "top node aks-nodepool1-12345678-vmss000001 --show-capacity")
    assert out.splitlines()[1].split()[2::2] == ["4%", "18%"]
    assert _run(recorded, "top pod nginx -l run=nginx")[1] == "error: only one of NAME or selector can be provided\n"
    assert _run(recorded, "top pod --sort-by=name")[1] == "error: --sort-by accepts only cpu or memory\n"
    assert _run(recorded, "top pod nope") == (
        "", 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n', 1)
    assert _run(recorded, "top node nope")[1] == \
        'Error from server (NotFound): nodemetrics.metrics.k8s.io "nope" not found\n'
    assert _run(recorded, "top pod -n kube-system") == ("", "No resources found in kube-system namespace.\n", 0)
    # `huge` is Pending and has no metrics: it is older than 2 minutes
    assert _run(recorded, "top pod -l run=huge")[1].startswith("error: Metrics not available for pod default/huge, age: ")
    assert _run(recorded, "top foo")[1] == ('error: unknown command "foo"\n'
                                            "See 'kubectl top -h' for help and examples\n")


def test_unreachable_nodes_print_unknown(recorded):
    server = recorded.metrics
    saved = dict(server._nodes)
    del server._nodes["aks-nodepool1-12345678-vmss000001"]
    try:
        out, _, _ = _run(recorded, "top nodes")
    finally:
        server._nodes.update(saved)
    assert out.splitlines()[2] == ("aks-nodepool1-12345678-vmss000001   <unknown>    <unknown>   "
                                   "<unknown>       <unknown>   ")


def test_without_a_metrics_server():
    c = Cluster(nodes=1, seed=0, metrics_server=False)     # a bare cluster: no metrics-server installed
    assert _run(c, "top nodes") == ("", "error: Metrics API not available\n", 1)
    assert _run(c, "top pods") == ("", "error: Metrics API not available\n", 1)


def test_a_stopped_metrics_server_is_unavailable(recorded):
    recorded.metrics.stop()
    try:
        # the aggregation layer answers for the missing backend, naming the request (as kube-aggregator does)
        assert _run(recorded, "top nodes")[1] == ("Error from server (ServiceUnavailable): the server is currently "
                                                  "unable to handle the request (get nodes.metrics.k8s.io)\n")
        assert _run(recorded, "top pods")[1] == ("Error from server (ServiceUnavailable): the server is currently "
                                                 "unable to handle the request (get pods.metrics.k8s.io)\n")
    finally:
        recorded.metrics.running = True
