"""RBAC through the public surface: kubectl as the student, as a service account, as other users.

The Forbidden and escalation texts are the API server's (responsewriters.forbiddenMessage,
rbac/validation ConfirmNoEscalation); the client-side outputs were recorded with the real kubectl 1.32.
"""

import pytest

from auth_fixtures import c  # noqa: F401  (the fixture)


SA = "system:serviceaccount:default:app"


def run(c, cmd):
    return c.kubectl(cmd, echo=False)


def test_the_student_is_a_cluster_admin_as_on_aks(c):
    r = run(c, "auth whoami")
    assert r.stdout == ("ATTRIBUTE   VALUE\n"                  # kubectl's GetNewTabWriter: padding 3
                        "Username    masterclient\n"
                        "Groups      [system:masters system:authenticated]\n")
    assert run(c, "auth can-i '*' '*'").stdout == "yes\n"


def test_service_account_forbidden_text_is_byte_for_byte(c):
    r = run(c, f"get pods --as {SA}")
    assert r.exit_code == 1
    assert r.stderr == ('Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:app" '
                        'cannot list resource "pods" in API group "" in the namespace "default"\n')


@pytest.mark.parametrize("cmd, text", [
    ("get pod web", 'pods "web" is forbidden: User "jane" cannot get resource "pods" in API group "" '
                    'in the namespace "default"'),
    ("get nodes", 'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope'),
    ("get deploy -n kube-system", 'deployments.apps is forbidden: User "jane" cannot list resource "deployments" '
                                  'in API group "apps" in the namespace "kube-system"'),
])
def test_forbidden_shapes(c, cmd, text):
    assert run(c, f"{cmd} --as jane").stderr == f"Error from server (Forbidden): {text}\n"


def test_role_and_binding_grant_read_only_pods_in_one_namespace(c):
    assert run(c, "create role pod-reader --verb=get,list,watch --resource=pods").stdout == \
        "role.rbac.authorization.k8s.io/pod-reader created\n"
    assert run(c, "create rolebinding app-reads-pods --role=pod-reader --serviceaccount=default:app").stdout == \
        "rolebinding.rbac.authorization.k8s.io/app-reads-pods created\n"
    ok = run(c, f"get pods --as {SA}")
    assert ok.exit_code == 0 and ok.stderr == "No resources found in default namespace.\n"
    assert run(c, f"auth can-i list pods --as {SA}").stdout == "yes\n"
    no = run(c, f"auth can-i delete pods --as {SA}")
    assert (no.stdout, no.exit_code) == ("no\n", 1)
    assert run(c, f"auth can-i list pods -n kube-system --as {SA}").stdout == "no\n"
    # pods does not cover the pods/log subresource
    assert run(c, f"auth can-i get pods --subresource=log --as {SA}").stdout == "no\n"
    run(c, "delete rolebinding app-reads-pods")
    assert run(c, f"auth can-i list pods --as {SA}").stdout == "no\n"


def test_binding_to_a_missing_role_reports_rbacs_reason(c):
    run(c, "create rolebinding dangling --role=nope --serviceaccount=default:app")
    r = run(c, f"get pods --as {SA}")
    assert r.stderr.endswith(': RBAC: role.rbac.authorization.k8s.io "nope" not found\n')
    assert run(c, f"auth can-i list pods --as {SA}").stdout == \
        'no - RBAC: role.rbac.authorization.k8s.io "nope" not found\n'


def test_clusterrole_via_rolebinding_applies_in_that_namespace_only(c):
    run(c, "create ns dev")
    run(c, "create rolebinding view-dev -n dev --clusterrole=view --user=jane")
    assert run(c, "auth can-i list deployments -n dev --as jane").stdout == "yes\n"
    assert run(c, "auth can-i list deployments -n default --as jane").stdout == "no\n"
    assert run(c, "auth can-i list secrets -n dev --as jane").stdout == "no\n"     # view excludes secrets


def test_aggregation_extends_view_edit_admin(c):
    run(c, "create clusterrole crontab-reader --verb=get,list --resource=configmaps")
    assert run(c, "auth can-i list configmaps --as jane --as-group=viewers").stdout == "no\n"
    c.apply("""
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
- apiGroups: ["example.com"]
  resources: ["widgets"]
  verbs: ["get", "list"]
""", echo=False)
    for role in ("view", "edit", "admin"):
        rules = c.get("clusterroles", role, "")["rules"]
        assert {"apiGroups": ["example.com"], "resources": ["widgets"], "verbs": ["get", "list"]} in rules, role


def test_escalation_prevention(c):
    run(c, "create role role-admin --verb=create,get --resource=roles,rolebindings")
    run(c, "create rolebinding jane-role-admin --role=role-admin --user=jane")
    r = run(c, "create role deleter --verb=delete --resource=pods,deployments --as jane")
    assert r.stderr == (
        'Error from server (Forbidden): roles.rbac.authorization.k8s.io "deleter" is forbidden: user "jane" '
        '(groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n'
        '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}\n'
        '{APIGroups:["apps"], Resources:["deployments"], Verbs:["delete"]}\n')
    assert run(c, "get role deleter").exit_code == 1          # refused as a whole
    r = run(c, "create rolebinding self-admin --clusterrole=cluster-admin --user=jane --as jane")
    assert r.stderr.startswith('error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io '
                               '"self-admin" is forbidden: user "jane" (groups=["system:authenticated"]) is '
                               'attempting to grant RBAC permissions not currently held:\n')
    # a role within what jane holds is fine, and the bind verb lifts the check
    assert run(c, "create role getter --verb=get --resource=roles --as jane").exit_code == 0
    run(c, "create clusterrole binder --verb=bind --resource=clusterroles --resource-name=cluster-admin")
    run(c, "create rolebinding jane-binds -n default --clusterrole=binder --user=jane")
    assert run(c, "create rolebinding self-admin --clusterrole=cluster-admin --user=jane --as jane").exit_code == 0


def test_impersonation_needs_the_impersonate_verb(c):
    run(c, "create role pod-reader --verb=list --resource=pods")
    run(c, "create rolebinding r --role=pod-reader --serviceaccount=default:app")
    r = run(c, "get pods --as bob --as system:serviceaccount:default:app")   # last --as wins
    assert r.exit_code == 0
    token = run(c, "create token app").stdout.strip()
    r = c.kubectl(["get", "pods", "--token", token, "--as", "jane"], echo=False)
    assert r.stderr == ('Error from server (Forbidden): users "jane" is forbidden: User '
                        '"system:serviceaccount:default:app" cannot impersonate resource "users" in API group "" '
                        'at the cluster scope\n')


def test_can_i_warnings_and_list(c):
    r = run(c, "auth can-i get podz")
    assert r.stderr == "Warning: the server doesn't have a resource type 'podz'\n"
    r = run(c, "auth can-i get nodes --as jane")
    assert (r.stderr, r.stdout, r.exit_code) == ("Warning: resource 'nodes' is not namespace scoped\n", "no\n", 1)
    assert run(c, "auth can-i fly pods").stderr == "Warning: verb 'fly' is not a known verb\n"
    assert run(c, "auth can-i list pods -q --as jane").stdout == ""
    listed = run(c, f"auth can-i --list --as {SA}").stdout.splitlines()
    assert listed[0].split() == ["Resources", "Non-Resource", "URLs", "Resource", "Names", "Verbs"]
    assert listed[1].split() == ["selfsubjectreviews.authentication.k8s.io", "[]", "[]", "[create]"]
    assert run(c, "auth can-i").stderr == ("error: you must specify two arguments: verb resource or verb "
                                           "resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n")


def test_bootstrap_policy_answers_for_system_identities(c):
    assert run(c, "auth can-i create pods --subresource=binding --as system:kube-scheduler").stdout == "yes\n"
    assert run(c, "auth can-i delete nodes --as system:kube-scheduler").stdout == "no\n"
    # the Node authorizer: a kubelet reads only the secrets its pods use
    node = c.list("nodes")[0]["metadata"]["name"]
    r = run(c, f"auth can-i get secrets/x --as system:node:{node} --as-group system:nodes")
    assert r.stdout == f"no - no relationship found between node '{node}' and this object\n"
    assert run(c, f"auth can-i update nodes/status --as system:node:{node} --as-group system:nodes").stdout == "yes\n"


def test_describe_role_policy_table_as_kubectl(c):
    c.apply("""
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader}
rules:
- apiGroups: [""]
  resources: [pods, pods/log]
  verbs: [get, list, watch]
- apiGroups: [apps]
  resources: [deployments]
  resourceNames: [web, api]
  verbs: [get]
""", echo=False)
    # recorded with the real kubectl 1.32 against the same object
    assert run(c, "describe role pod-reader").stdout == (
        "Name:         pod-reader\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "PolicyRule:\n"
        "  Resources         Non-Resource URLs  Resource Names  Verbs\n"
        "  ---------         -----------------  --------------  -----\n"
        "  pods/log          []                 []              [get list watch]\n"
        "  pods              []                 []              [get list watch]\n"
        "  deployments.apps  []                 [api]           [get]\n"
        "  deployments.apps  []                 [web]           [get]\n")


def test_create_role_dry_run_as_kubectl(c):
    # recorded with the real kubectl 1.32
    assert run(c, "create role pod-reader --verb=get,list,watch --resource=pods,pods/log,deployments.apps "
                  "--dry-run=client -o yaml").stdout == (
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  creationTimestamp: null\n"
        "  name: pod-reader\nrules:\n- apiGroups:\n  - \"\"\n  resources:\n  - pods\n  - pods/log\n  verbs:\n"
        "  - get\n  - list\n  - watch\n- apiGroups:\n  - apps\n  resources:\n  - deployments\n  verbs:\n  - get\n"
        "  - list\n  - watch\n")
    assert run(c, "create rolebinding rb --role=r --serviceaccount=default:app --user=jane --group=devs "
                  "--dry-run=client -o yaml").stdout == (
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  creationTimestamp: null\n"
        "  name: rb\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: r\nsubjects:\n"
        "- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: jane\n- apiGroup: rbac.authorization.k8s.io\n"
        "  kind: Group\n  name: devs\n- kind: ServiceAccount\n  name: app\n  namespace: default\n")
    bad = run(c, "create role r --verb=get --resource=podz")
    assert (bad.stderr, bad.exit_code) == ('the server doesn\'t have a resource type "podz"\n', 1)
    assert run(c, "create role r --resource=pods").stderr == "error: at least one verb must be specified\n"
    assert run(c, "create rolebinding rb --clusterrole=view --serviceaccount=app").stderr == \
        "error: serviceaccount must be <namespace>:<name>\n"
    assert run(c, "create role r --verb=use --resource=pods").stderr == \
        "error: can not perform 'use' on 'pods' in group ''\n"
    warned = run(c, "create role r --verb=fly --resource=pods --dry-run=client")
    assert warned.stderr == "Warning: 'fly' is not a standard resource verb\n"
    assert warned.stdout == "role.rbac.authorization.k8s.io/r created (dry run)\n"
