"""``kubectl set serviceaccount|sa``, ``kubectl set subject`` and the ServiceAccount admission check.

Client-side texts recorded from the real kubectl 1.32 (the kubectl oracle extended with writes); the
admission refusal is the plugin's (plugin/pkg/admission/serviceaccount) through admission.NewForbidden.
"""

import pytest

from k8scourse import Cluster


@pytest.fixture
def c():
    cluster = Cluster(nodes=1, seed=0)
    for cmd in ("create sa app", "create deployment web --image=nginx", "run p1 --image=nginx",
                "create role pod-reader --verb=get --resource=pods",
                "create rolebinding read-pods --role=pod-reader --user=jane"):
        assert cluster.kubectl(cmd, echo=False).exit_code == 0
    cluster.run(seconds=20)
    return cluster


def k(c, cmd):
    return c.kubectl(cmd, echo=False)


def accounts(c):
    return sorted(p["spec"]["serviceAccountName"] for p in c.list("pods") if p["metadata"]["name"].startswith("web-")
                  and p.get("status", {}).get("phase") == "Running")


def test_set_serviceaccount_rolls_the_deployment_onto_the_account(c):
    r = k(c, "set serviceaccount deployment web app")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "deployment.apps/web serviceaccount updated\n", "")
    assert k(c, "set sa deployment web app").stdout == "deployment.apps/web serviceaccount updated\n"  # unchanged: same words
    c.run(seconds=60)
    assert accounts(c) == ["app"]
    assert k(c, "set sa deploy/web app -o name").stdout == "deployment.apps/web\n"


def test_set_serviceaccount_dry_runs(c):
    r = k(c, "set sa deploy/web app --dry-run=client -o yaml")
    assert "      serviceAccountName: app\n" in r.stdout
    assert k(c, "set sa deploy/web app --dry-run=server").stdout == \
        "deployment.apps/web serviceaccount updated (server dry run)\n"
    assert c.api.get("deployments", "web")["spec"]["template"]["spec"].get("serviceAccountName", "default") == "default"


@pytest.mark.parametrize("cmd, err", [
    ("set sa", "error: serviceaccount is required\n"),
    ("set sa deployment web", "error: resource(s) were provided, but no name was specified\n"),
    ("set sa deployment/web deployment/nope app", 'Error from server (NotFound): deployments.apps "nope" not found\n'),
    ("set sa sa/app app", "error: serviceaccounts/app the object is not a pod or does not have a pod template: "
                          "*v1.ServiceAccount\n"),
])
def test_set_serviceaccount_errors(c, cmd, err):
    r = k(c, cmd)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", err)
    assert c.api.get("deployments", "web")["spec"]["template"]["spec"].get("serviceAccountName", "default") == "default"


def test_several_errors_are_listed_each_followed_by_an_empty_line(c):
    r = k(c, "set sa sa/app deploy/web sa/app app")
    assert r.exit_code == 1 and r.stdout == "deployment.apps/web serviceaccount updated\n"
    line = "error: serviceaccounts/app the object is not a pod or does not have a pod template: *v1.ServiceAccount\n"
    assert r.stderr == (line + "\n") * 2


def test_a_pods_account_cannot_change(c):
    r = k(c, "set sa pod/p1 app")
    assert r.exit_code == 1
    assert r.stderr.startswith('error: failed to patch ServiceAccountName Pod "p1" is invalid: spec: Forbidden: '
                               'pod updates may not change fields other than')


def test_pods_of_a_missing_account_are_refused_by_admission(c):
    k(c, "set sa deploy/web ghost")
    c.run(seconds=20)
    events = [e for e in c.list("events") if e.get("reason") == "FailedCreate"]
    assert events and events[-1]["message"].startswith(
        'Error creating: pods "web-') and events[-1]["message"].endswith(
        '-" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found')
    pod = ("apiVersion: v1\nkind: Pod\nmetadata: {name: lone}\n"
           "spec: {serviceAccountName: ghost, containers: [{name: c, image: nginx}]}\n")
    r = c.apply(pod, echo=False)
    assert r.stderr == ('Error from server (Forbidden): error when creating "STDIN": pods "lone" is forbidden: error '
                        'looking up service account default/ghost: serviceaccount "ghost" not found\n')
    k(c, "create sa ghost")
    c.run(seconds=30)
    assert accounts(c) == ["ghost"]


def test_an_account_that_opts_out_of_automount_gets_no_token_volume(c):
    c.apply("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: quiet}\nautomountServiceAccountToken: false\n",
            echo=False)
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec: {serviceAccountName: quiet, containers: "
            "[{name: c, image: nginx}]}\n", echo=False)
    assert not any(v["name"].startswith("kube-api-access-") for v in c.api.get("pods", "q")["spec"].get("volumes", []))
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: q2}\nspec: {serviceAccountName: quiet, "
            "automountServiceAccountToken: true, containers: [{name: c, image: nginx}]}\n", echo=False)
    assert any(v["name"].startswith("kube-api-access-") for v in c.api.get("pods", "q2")["spec"]["volumes"])


def subjects(c, name="read-pods"):
    return c.api.get("rolebindings", name, "default")["subjects"]


def test_set_subject_appends_users_groups_then_service_accounts(c):
    r = k(c, "set subject rolebinding read-pods --user=bob --serviceaccount=default:app --group=devs")
    assert (r.exit_code, r.stdout) == (0, "rolebinding.rbac.authorization.k8s.io/read-pods subjects updated\n")
    assert subjects(c) == [
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "jane"},
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "bob"},
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "devs"},
        {"kind": "ServiceAccount", "name": "app", "namespace": "default"}]
    assert k(c, "auth can-i get pods --as system:serviceaccount:default:app").stdout == "yes\n"
    same = k(c, "set subject rolebinding read-pods --user=jane")
    assert (same.exit_code, same.stdout, same.stderr) == (0, "", "")        # nothing to add: nothing said
    assert k(c, "set subject rolebinding read-pods --serviceaccount=:app2 -o name").stdout == \
        "rolebinding.rbac.authorization.k8s.io/read-pods\n"
    assert subjects(c)[-1] == {"kind": "ServiceAccount", "name": "app2", "namespace": "default"}


def test_set_subject_dry_run_prints_the_binding(c):
    r = k(c, "set subject rolebinding read-pods --group=x --dry-run=client -o yaml")
    assert r.stdout.endswith("subjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: jane\n"
                             "- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: x\n")
    assert len(subjects(c)) == 1


@pytest.mark.parametrize("cmd, err", [
    ("set subject rolebinding read-pods", "error: you must specify at least one value of user, group or "
                                          "serviceaccount\n"),
    ("set subject rolebinding read-pods --serviceaccount=app", "error: serviceaccount must be <namespace>:<name>\n"),
    ("set subject rolebinding read-pods --serviceaccount=default:", "error: serviceaccount must be <namespace>:<name>\n"),
    ("set subject deployment web --user=bob", "error: deployments/web setting subjects is only supported for "
                                              "RoleBinding/ClusterRoleBinding\n"),
    ("set subject", "error: You must provide one or more resources by argument or filename.\nExample resource "
                    "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n"
                    "   '<resource>'\n"),
])
def test_set_subject_errors(c, cmd, err):
    r = k(c, cmd)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", err)
    assert len(subjects(c)) == 1


def test_set_subject_is_checked_for_escalation(c):
    k(c, "create sa deployer")
    k(c, "create role binder --verb=get,patch --resource=rolebindings.rbac.authorization.k8s.io")
    k(c, "create rolebinding deployer-binds --role=binder --serviceaccount=default:deployer")
    r = k(c, "set subject rolebinding read-pods --user=eve --as system:serviceaccount:default:deployer")
    assert r.exit_code == 1
    assert 'is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["pods"], ' \
           'Verbs:["get"]}' in r.stderr
    assert len(subjects(c)) == 1


def test_the_set_help_lists_the_subcommands(c):
    # kubectl set without a subcommand prints its help on standard error and fails (recorded: audit/)
    result = k(c, "set")
    assert "  serviceaccount   Update the service account of a resource\n" in result.stderr and result.exit_code == 1
