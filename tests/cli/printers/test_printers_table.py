"""kubectl get table printing from a server-side Table (k8scourse.cli.printers.table)."""

from __future__ import annotations

import pytest

from k8scourse.cli.printers import (PrinterError, format_labels, print_table, sort_objects,
                                    sort_table_rows)

POD_COLUMNS = [
    {"name": "Name", "type": "string", "format": "name", "priority": 0},
    {"name": "Ready", "type": "string", "priority": 0},
    {"name": "Status", "type": "string", "priority": 0},
    {"name": "Restarts", "type": "string", "priority": 0},
    {"name": "Age", "type": "string", "priority": 0},
    {"name": "IP", "type": "string", "priority": 1},
    {"name": "Node", "type": "string", "priority": 1},
]


def pod_row(name, ready, status, restarts, age, ip, node, ns="default", labels=None, **spec):
    obj = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": name, "namespace": ns, **({"labels": labels} if labels else {})},
           "spec": spec}
    return {"cells": [name, ready, status, restarts, age, ip, node], "object": obj}


PODS = {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "columnDefinitions": POD_COLUMNS, "rows": [
    pod_row("nginx", "1/1", "Running", "0", "60m", "10.244.0.12", "node-0",
            labels={"run": "nginx", "app.kubernetes.io/name": "web"}, priority=10, memory="128Mi"),
    pod_row("crash", "0/1", "CrashLoopBackOff", "5 (63s ago)", "10m", "10.244.1.7", "node-1",
            labels={"run": "crash"}, priority=2, memory="1Gi"),
    pod_row("huge", "0/1", "Pending", "0", "2m", "<none>", "<none>", ns="kube-system", memory="500Mi"),
]}

SVC = {"kind": "Table", "columnDefinitions": [
    {"name": "Name", "type": "string", "format": "name", "priority": 0},
    {"name": "Type", "type": "string", "priority": 0},
    {"name": "Selector", "type": "string", "priority": 1}],
    "rows": [{"cells": ["my-service", "ClusterIP", "app=web"],
              "object": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "my-service", "namespace": "default"}}}]}

DEPLOY = {"kind": "Table", "columnDefinitions": [
    {"name": "Name", "type": "string", "format": "name", "priority": 0},
    {"name": "Ready", "type": "string", "priority": 0}],
    "rows": [{"cells": ["web", "3/3"],
              "object": {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}}]}


def test_default_columns():
    assert print_table(PODS) == (
        "NAME    READY   STATUS             RESTARTS      AGE\n"
        "nginx   1/1     Running            0             60m\n"
        "crash   0/1     CrashLoopBackOff   5 (63s ago)   10m\n"
        "huge    0/1     Pending            0             2m\n")


def test_wide_and_no_headers():
    assert print_table(PODS, wide=True, no_headers=True) == (
        "nginx   1/1   Running            0             60m   10.244.0.12   node-0\n"
        "crash   0/1   CrashLoopBackOff   5 (63s ago)   10m   10.244.1.7    node-1\n"
        "huge    0/1   Pending            0             2m    <none>        <none>\n")


def test_all_namespaces_labels_and_label_columns():
    assert print_table(PODS, with_namespace=True, show_labels=True, label_columns=["run", "app.kubernetes.io/name"]) == (
        "NAMESPACE     NAME    READY   STATUS             RESTARTS      AGE   RUN     NAME   LABELS\n"
        "default       nginx   1/1     Running            0             60m   nginx   web    app.kubernetes.io/name=web,run=nginx\n"
        "default       crash   0/1     CrashLoopBackOff   5 (63s ago)   10m   crash          run=crash\n"
        "kube-system   huge    0/1     Pending            0             2m                   <none>\n")


def test_empty_table_prints_nothing():
    assert print_table(dict(PODS, rows=[])) == ""
    assert print_table(dict(PODS, rows=[]), no_headers=True) == ""


def test_short_columns_get_minwidth_six():
    table = {"columnDefinitions": [{"name": "A", "type": "string"}, {"name": "B", "type": "string"}],
             "rows": [{"cells": ["x", "y"]}]}
    assert print_table(table) == "A     B\nx     y\n"


def test_cells_are_sanitised_and_stringified():
    table = {"columnDefinitions": [{"name": "Name", "type": "string"}, {"name": "N", "type": "integer"},
                                   {"name": "X", "type": "string"}],
             "rows": [{"cells": ["multi\nline", 3, None]}, {"cells": ["esc\x1b[31m", 2.5, True]},
                      {"cells": ["cr\rx", {"a": 1}, ["p", "q"]]}]}
    assert print_table(table) == (
        "NAME        N          X\n"
        "multi...    3          \n"
        "esc^[[31m   2.5        true\n"
        "cr...       map[a:1]   [p q]\n")


def test_several_kinds_prefix_names_and_blank_line():
    assert print_table([PODS, SVC, DEPLOY]) == (
        "NAME        READY   STATUS             RESTARTS      AGE\n"
        "pod/nginx   1/1     Running            0             60m\n"
        "pod/crash   0/1     CrashLoopBackOff   5 (63s ago)   10m\n"
        "pod/huge    0/1     Pending            0             2m\n"
        "\n"
        "NAME                 TYPE\n"
        "service/my-service   ClusterIP\n"
        "\n"
        "NAME                  READY\n"
        "deployment.apps/web   3/3\n")


def test_several_kinds_no_headers_has_no_blank_line():
    assert print_table([SVC, DEPLOY], no_headers=True) == (
        "service/my-service   ClusterIP\n"
        "deployment.apps/web   3/3\n")


def test_only_one_kind_with_rows_means_no_prefix():
    assert print_table([dict(PODS, rows=[]), SVC]) == "NAME         TYPE\nmy-service   ClusterIP\n"
    assert print_table(SVC, with_kind_prefix=True) == "NAME                 TYPE\nservice/my-service   ClusterIP\n"
    assert print_table(SVC, with_kind_prefix=True, kinds=["svc.x"]).splitlines()[1].startswith("svc.x/my-service")


def test_per_table_namespace_flag():
    nodes = {"columnDefinitions": [{"name": "Name", "type": "string", "format": "name"}],
             "rows": [{"cells": ["node-0"], "object": {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-0"}}}]}
    out = print_table([SVC, nodes], with_namespace=[True, False])
    assert out == ("NAMESPACE   NAME                 TYPE\ndefault     service/my-service   ClusterIP\n\n"
                   "NAME\nnode/node-0\n")


def test_consecutive_tables_of_one_kind_share_header_and_alignment():
    a = dict(PODS, rows=PODS["rows"][:1])
    b = dict(PODS, rows=PODS["rows"][1:2])
    assert print_table([a, b]) == (
        "NAME    READY   STATUS             RESTARTS      AGE\n"
        "nginx   1/1     Running            0             60m\n"
        "crash   0/1     CrashLoopBackOff   5 (63s ago)   10m\n")


def names(out):
    return [line.split()[0] for line in out.splitlines()[1:]]


def test_sort_by_string_number_quantity():
    assert names(print_table(PODS, sort_by=".metadata.name")) == ["crash", "huge", "nginx"]
    assert names(print_table(PODS, sort_by="{.spec.priority}")) == ["huge", "crash", "nginx"]  # missing first
    assert names(print_table(PODS, sort_by="spec.memory")) == ["nginx", "huge", "crash"]      # 128Mi<500Mi<1Gi


def test_sort_by_natural_order_and_stability():
    rows = [{"cells": [n], "object": {"metadata": {"name": n, "g": g}}}
            for n, g in [("pod-10", "b"), ("pod-9", "a"), ("pod-100", "a"), ("pod-09", "b")]]
    table = {"columnDefinitions": [{"name": "Name", "type": "string"}], "rows": rows}
    assert names(print_table(table, sort_by=".metadata.name")) == ["pod-9", "pod-09", "pod-10", "pod-100"]
    assert names(print_table(table, sort_by=".metadata.g")) == ["pod-9", "pod-100", "pod-10", "pod-09"]


def test_sort_by_errors():
    with pytest.raises(PrinterError) as e:
        print_table(PODS, sort_by=".spec.nope")
    assert e.value.stderr == 'error: couldn\'t find any field with path "{.spec.nope}" in the list of objects\n'
    with pytest.raises(PrinterError, match="sorting error: unterminated array"):
        sort_table_rows(PODS["rows"], "{.a[}")
    rows = [{"cells": ["a"], "object": {"b": True}}, {"cells": ["c"], "object": {"b": False}}]
    with pytest.raises(PrinterError, match="unsortable type: bool"):
        sort_table_rows(rows, ".b")
    assert sort_table_rows([], ".x") == []


def test_format_labels():
    assert format_labels({}) == "<none>" and format_labels(None) == "<none>"
    assert format_labels({"b": "2", "a": "1"}) == "a=1,b=2"


def test_sort_objects():
    objs = [r["object"] for r in PODS["rows"]]
    assert [o["metadata"]["name"] for o in sort_objects(objs, ".spec.memory")] == ["nginx", "huge", "crash"]
    assert sort_objects(objs[:1], ".nope") == objs[:1]          # one object: not checked, like kubectl
    with pytest.raises(ValueError, match="couldn't find any field"):
        sort_objects(objs, ".nope")
