"""``kubectl auth reconcile -f``: every expected text below was recorded from the real kubectl 1.32 run
against the same state (a Role ``pod-reader`` granting ``get pods`` and a RoleBinding ``read-pods``
of it to User ``jane`` in ``default``) served by the kubectl oracle extended with RBAC kinds.
"""

import pytest

from k8scourse import Cluster

RBAC = "rbac.authorization.k8s.io"

REC = """apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: default}
rules:
- apiGroups: [""]
  resources: [pods, pods/log]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects:
- {kind: ServiceAccount, name: app, namespace: default}
- {kind: Group, name: g1, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: newcr}
rules:
- nonResourceURLs: ["/healthz"]
  verbs: [get]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
"""

REC_ERR = ("\treconciliation required update\n"
           "\tmissing rules added:\n"
           "\t\t{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}\n"
           "\t\t{Verbs:[get] APIGroups:[] Resources:[pods/log] ResourceNames:[] NonResourceURLs:[]}\n"
           "\t\t{Verbs:[list] APIGroups:[] Resources:[pods/log] ResourceNames:[] NonResourceURLs:[]}\n"
           "\treconciliation required update\n"
           "\tmissing subjects added:\n"
           "\t\t{Kind:ServiceAccount APIGroup: Name:app Namespace:default}\n"
           "\t\t{Kind:Group APIGroup:rbac.authorization.k8s.io Name:g1 Namespace:}\n"
           "\treconciliation required create\n"
           "\tmissing rules added:\n"
           "\t\t{Verbs:[get] APIGroups:[] Resources:[] ResourceNames:[] NonResourceURLs:[/healthz]}\n")

NAMED_ROLE = """apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader%s}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [list]
  resourceNames: [a, b]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods%s}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects:
- {kind: ServiceAccount, name: app}
"""
WITH_NS = NAMED_ROLE % (", namespace: default", ", namespace: default")
WITHOUT_NS = NAMED_ROLE % ("", "")


@pytest.fixture
def c(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cluster = Cluster(nodes=1, seed=0)
    for cmd in ("create sa app", "create role pod-reader --verb=get --resource=pods",
                "create rolebinding read-pods --role=pod-reader --user=jane"):
        assert cluster.kubectl(cmd, echo=False).exit_code == 0
    return cluster


def k(c, cmd, stdin=None):
    return c.kubectl(cmd, echo=False, stdin=stdin) if stdin is not None else c.kubectl(cmd, echo=False)


def rules(c, name="pod-reader"):
    return c.api.get("roles", name, "default")["rules"]


def test_client_dry_run_reports_and_changes_nothing(c):
    r = k(c, "auth reconcile -f - --dry-run=client", REC)
    assert r.exit_code == 0
    assert r.stdout == ("role.rbac.authorization.k8s.io/pod-reader reconciled (dry run)\n"
                        "rolebinding.rbac.authorization.k8s.io/read-pods reconciled (dry run)\n"
                        "clusterrole.rbac.authorization.k8s.io/newcr reconciled (dry run)\n")
    assert r.stderr == REC_ERR
    assert rules(c) == [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]
    assert c.api.peek("clusterroles", "newcr") is None


def test_reconcile_adds_missing_rules_and_subjects_then_has_nothing_to_do(c):
    r = k(c, "auth reconcile -f -", REC)
    assert (r.exit_code, r.stderr) == (0, REC_ERR)
    assert r.stdout == ("role.rbac.authorization.k8s.io/pod-reader reconciled\n"
                        "rolebinding.rbac.authorization.k8s.io/read-pods reconciled\n"
                        "clusterrole.rbac.authorization.k8s.io/newcr reconciled\n")
    # the existing rule stays; the missing ones are appended broken down
    assert [(x["resources"], x["verbs"]) for x in rules(c)] == [
        (["pods"], ["get"]), (["pods"], ["list"]), (["pods/log"], ["get"]), (["pods/log"], ["list"])]
    subjects = c.api.get("rolebindings", "read-pods", "default")["subjects"]
    assert [s["name"] for s in subjects] == ["jane", "app", "g1"]
    assert c.api.peek("configmaps", "cm", "default") is None        # other kinds are skipped
    assert k(c, "auth can-i get pods --subresource=log --as system:serviceaccount:default:app").stdout == "yes\n"
    again = k(c, "auth reconcile -f -", REC)
    assert (again.exit_code, again.stderr) == (0, "")


def test_remove_extra_permissions_and_subjects(c):
    r = k(c, "auth reconcile -f - --remove-extra-permissions --remove-extra-subjects", WITH_NS)
    assert r.exit_code == 0
    assert r.stdout == ("role.rbac.authorization.k8s.io/pod-reader reconciled\n"
                        "rolebinding.rbac.authorization.k8s.io/read-pods reconciled\n")
    assert r.stderr == (
        "\treconciliation required update\n"
        "\tmissing rules added:\n"
        "\t\t{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[a] NonResourceURLs:[]}\n"
        "\t\t{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[b] NonResourceURLs:[]}\n"
        "\textra rules removed:\n"
        "\t\t{Verbs:[get] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}\n"
        "\treconciliation required update\n"
        "\tmissing subjects added:\n"
        "\t\t{Kind:ServiceAccount APIGroup: Name:app Namespace:}\n"
        "\textra subjects removed:\n"
        "\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:jane Namespace:}\n")
    assert rules(c) == [{"apiGroups": [""], "resources": ["pods"], "verbs": ["list"], "resourceNames": ["a", "b"]}]
    assert k(c, "auth can-i get pods --as jane").exit_code == 1


def test_without_remove_flags_extras_stay_and_are_not_listed(c):
    r = k(c, "auth reconcile -f - -o name", WITH_NS)
    assert r.stdout == "role.rbac.authorization.k8s.io/pod-reader\nrolebinding.rbac.authorization.k8s.io/read-pods\n"
    assert r.stderr == (
        "\treconciliation required update\n"
        "\tmissing rules added:\n"
        "\t\t{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[a] NonResourceURLs:[]}\n"
        "\t\t{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[b] NonResourceURLs:[]}\n"
        "\treconciliation required update\n"
        "\tmissing subjects added:\n"
        "\t\t{Kind:ServiceAccount APIGroup: Name:app Namespace:}\n")
    assert k(c, "auth can-i get pods --as jane").stdout == "yes\n"


def test_objects_without_a_namespace_fail_as_kubectl_does(c):
    # kubectl looks them up at the cluster path (404), then cannot ensure the empty namespace
    r = k(c, "auth reconcile -f -", WITHOUT_NS)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", "resource name may not be empty\n" * 2)
    dry = k(c, "auth reconcile -f - --dry-run=client", WITHOUT_NS)
    assert dry.exit_code == 0
    assert dry.stdout == ("role.rbac.authorization.k8s.io/pod-reader reconciled (dry run)\n"
                          "rolebinding.rbac.authorization.k8s.io/read-pods reconciled (dry run)\n")
    assert dry.stderr == ("\treconciliation required create\n"
                          "\tmissing rules added:\n"
                          "\t\t{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[a b] NonResourceURLs:[]}\n"
                          "\treconciliation required create\n"
                          "\tmissing subjects added:\n"
                          "\t\t{Kind:ServiceAccount APIGroup: Name:app Namespace:}\n")


NEW_NS = """apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: default}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: newns, labels: {a: b}}
rules:
- apiGroups: ["", apps]
  resources: [pods, deployments]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: agg}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: {x: "y"}
rules: []
"""


def test_a_missing_namespace_is_created_and_unchanged_objects_print_only_their_line(c):
    r = k(c, "auth reconcile -f -", NEW_NS)
    assert r.exit_code == 0
    assert r.stdout == ("role.rbac.authorization.k8s.io/pod-reader reconciled\n"
                        "role.rbac.authorization.k8s.io/r reconciled\n"
                        "clusterrole.rbac.authorization.k8s.io/agg reconciled\n")
    assert r.stderr == ("\treconciliation required create\n"
                        "\tmissing rules added:\n"
                        "\t\t{Verbs:[get] APIGroups:[ apps] Resources:[pods deployments] ResourceNames:[] "
                        "NonResourceURLs:[]}\n"
                        "\treconciliation required create\n")
    assert c.api.peek("namespaces", "newns") is not None
    assert c.api.peek("roles", "r", "newns")["metadata"]["labels"] == {"a": "b"}


def test_an_opted_out_role_is_left_alone(c):
    k(c, f"annotate role pod-reader {RBAC.replace('rbac.authorization.k8s.io', 'rbac.authorization.kubernetes.io')}"
         "/autoupdate=false")
    r = k(c, "auth reconcile -f -", WITH_NS.split("---")[0])
    assert r.stdout == "role.rbac.authorization.k8s.io/pod-reader reconciled\n"
    assert r.stderr == ("\treconciliation required update, but object opted out "
                        "(rbac.authorization.kubernetes.io/autoupdate: false)\n"
                        "\tmissing rules added:\n"
                        "\t\t{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[a] NonResourceURLs:[]}\n"
                        "\t\t{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[b] NonResourceURLs:[]}\n")
    assert rules(c) == [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]


def test_a_changed_role_ref_recreates_the_binding(c):
    binding = ("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n"
               "metadata: {name: read-pods, namespace: default}\n"
               "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\n"
               "subjects:\n- {kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}\n")
    r = k(c, "auth reconcile -f -", binding)
    assert (r.exit_code, r.stdout, r.stderr) == (
        0, "rolebinding.rbac.authorization.k8s.io/read-pods reconciled\n", "\treconciliation required recreate\n")
    assert c.api.get("rolebindings", "read-pods", "default")["roleRef"]["kind"] == "ClusterRole"
    assert k(c, "auth can-i list deployments --as jane").stdout == "yes\n"


@pytest.mark.parametrize("cmd, err", [
    ("auth reconcile", "error: must specify one of -f and -k\n"),
    ("auth reconcile foo -f -", "error: no arguments are allowed\n"),
    ("auth reconcile -f nope.yaml", 'error: the path "nope.yaml" does not exist\n'),
    ("auth reconcile -f - --dry-run=server", "error: --dry-run=server for command reconcile is not supported yet\n"),
    ("auth reconcile -f - --dry-run=bogus", 'error: error accessing --dry-run flag for command reconcile: Invalid '
                                            'dry-run value (bogus). Must be "none", "server", or "client".\n'),
    ("auth reconcile -f - -o wide", 'error: unable to match a printer suitable for the output format "wide", '
                                    'allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,'
                                    'jsonpath-file,name,template,templatefile,yaml\n'),
    ("auth reconcile -f - -n kube-system",
     'the namespace from the provided object "default" does not match the namespace "kube-system". You must pass '
     "'--namespace=default' to perform this operation.\n" * 2),
])
def test_errors(c, cmd, err):
    r = k(c, cmd, WITH_NS)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", err)
    assert rules(c) == [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]


def test_bare_dry_run_warns_and_runs_on_the_client(c):
    r = k(c, "auth reconcile -f - --dry-run", WITH_NS.split("---")[0])
    assert r.stdout == "role.rbac.authorization.k8s.io/pod-reader reconciled (dry run)\n"
    first = r.stderr.splitlines()[0]
    assert first.startswith("W") and first.endswith(
        " helpers.go:702] --dry-run is deprecated and can be replaced with --dry-run=client.")


def test_reconcile_runs_as_the_command_user(c):
    r = k(c, "auth reconcile -f - --as system:serviceaccount:default:app", WITH_NS)
    assert r.exit_code == 1
    assert r.stderr == (
        'Error from server (Forbidden): roles.rbac.authorization.k8s.io "pod-reader" is forbidden: User '
        '"system:serviceaccount:default:app" cannot get resource "roles" in API group "rbac.authorization.k8s.io" '
        'in the namespace "default"\n'
        'Error from server (Forbidden): rolebindings.rbac.authorization.k8s.io "read-pods" is forbidden: User '
        '"system:serviceaccount:default:app" cannot get resource "rolebindings" in API group '
        '"rbac.authorization.k8s.io" in the namespace "default"\n')
