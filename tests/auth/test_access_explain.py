"""``cluster.explain_access``: the authorizer's decision explained — which binding and rule allowed, or
what applies and what is missing — and the access matrix behind the widget."""

from k8scourse.apiserver.authorization.access import access_matrix, matrix_text
from k8scourse.i18n import set_language

from auth_fixtures import c  # noqa: F401  (the fixture)

SA = "system:serviceaccount:default:app"


def test_a_forbidden_request_lists_what_applies_and_how_to_grant_it(c, capsys):
    e = c.explain_access(SA, "list", "pods")
    printed = capsys.readouterr().out
    assert printed == e.text() and not e.allowed
    assert printed.startswith(f"Can {SA} list pods in namespace default?  no\n")
    assert ('ClusterRoleBinding "system:basic-user" (Group "system:authenticated") → ClusterRole "system:basic-user": '
            "nothing about pods\n") in printed
    assert e.suggestion == ["kubectl create role list-pods --verb=list --resource=pods -n default",
                            "kubectl create rolebinding app-list-pods --role=list-pods --serviceaccount=default:app "
                            "-n default"]
    # the suggestion really grants it
    for cmd in e.suggestion:
        assert c.kubectl(cmd.removeprefix("kubectl "), echo=False).exit_code == 0
    assert c.explain_access(SA, "list", "pods", echo=False).allowed
    assert c.kubectl(f"auth can-i list pods --as {SA}", echo=False).stdout == "yes\n"


def test_an_allowed_request_names_the_binding_role_and_rule(c):
    c.kubectl("create role pod-reader --verb=get,list,watch --resource=pods", echo=False)
    c.kubectl("create rolebinding app-reads-pods --role=pod-reader --serviceaccount=default:app", echo=False)
    e = c.explain_access(SA, "get", "pods", name="web", echo=False)
    assert e.allowed and e.by == "RBAC"
    assert (e.grant.binding_kind, e.grant.binding, e.grant.role) == ("RoleBinding", "app-reads-pods/default",
                                                                      "pod-reader")
    assert e.text().splitlines()[2:] == [
        '  allowed by RoleBinding "app-reads-pods/default" for ServiceAccount "default/app", which grants Role '
        '"pod-reader"',
        "    rule: get, list, watch on pods"]


def test_near_misses_and_missing_roles_are_named(c):
    c.kubectl("create role pod-reader --verb=get,list --resource=pods", echo=False)
    c.kubectl("create rolebinding reads --role=pod-reader --serviceaccount=default:app", echo=False)
    c.kubectl("create rolebinding broken --role=nope --serviceaccount=default:app", echo=False)
    text = c.explain_access(SA, "delete", "pods", echo=False).text()
    assert '    RoleBinding "reads/default" (ServiceAccount "default/app") → Role "pod-reader": get, list on pods\n' in text
    assert ('    RoleBinding "broken/default" (ServiceAccount "default/app") → Role "nope": the role does not exist, '
            "so this binding grants nothing\n") in text


def test_other_deciders_and_shapes(c):
    assert c.explain_access("someone", "delete", "nodes", groups=["system:masters"], echo=False).by == "system:masters"
    node = c.list("nodes")[0]["metadata"]["name"]
    assert c.explain_access(f"system:node:{node}", "get", "nodes", name=node, echo=False).by == "Node"
    deploy = c.explain_access("jane", "get", "deployments.apps", namespace="dev", echo=False)
    assert deploy.suggestion[0] == "kubectl create role get-deployments --verb=get --resource=deployments.apps -n dev"
    nodes = c.explain_access("jane", "list", "nodes", echo=False)
    assert nodes.namespace == "" and nodes.suggestion[0] == "kubectl create clusterrole list-nodes --verb=list " \
                                                             "--resource=nodes"
    assert "cluster-wide" in nodes.text().splitlines()[0]
    assert c.explain_access("jane", "get", "/healthz", echo=False).allowed


def test_the_explanation_speaks_korean(c):
    set_language("ko")
    try:
        text = c.explain_access(SA, "delete", "pods", echo=False).text()
    finally:
        set_language("en")
    assert text.splitlines()[0] == f"{SA} 가 네임스페이스 default 의 pods 에 delete 할 수 있나요?  아니요"
    assert "정확히 이것만 허용하려면:" in text


def test_the_access_matrix(c):
    assert matrix_text(access_matrix(c.api, "default"), "default").splitlines()[-1] == \
        "(no binding names anyone but system users here)"
    c.kubectl("create rolebinding jane-edit --clusterrole=edit --user=jane", echo=False)
    c.kubectl("create rolebinding devs-view --clusterrole=view --group=devs", echo=False)
    c.kubectl("create role pod-reader --verb=get,list,watch --resource=pods", echo=False)
    c.kubectl("create rolebinding app-reads --role=pod-reader --serviceaccount=default:app", echo=False)
    rows = access_matrix(c.api, "default")
    assert [r.subject for r in rows] == ['Group "devs"', 'ServiceAccount "default/app"', 'User "jane"']
    app = rows[1]
    assert app.verbs["pods"] == ["get", "list", "watch"] and app.verbs["secrets"] == []
    assert rows[0].verbs["secrets"] == []                      # view does not read secrets
    assert rows[2].verbs["secrets"] == ["get", "list", "watch", "create", "update", "patch", "delete"]
    text = matrix_text(rows, "default").splitlines()
    assert text[1].split() == ["SUBJECT", "pods", "pods/log", "deployments", "services", "configmaps", "secrets",
                               "roles", "rolebindings"]
    assert text[3].split()[:3] == ["ServiceAccount", '"default/app"', "get,list,watch"]
    assert access_matrix(c.api, "kube-system") == []           # the RoleBindings are default's
    assert any(r.subject.startswith('User "system:') for r in access_matrix(c.api, "default", include_system=True))
