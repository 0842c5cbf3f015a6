"""The ``AccessMatrix`` widget: redraws after writes and on its controls; stable text and repr."""

from k8scourse import Cluster
from k8scourse.widgets import AccessMatrix, flush


def test_the_matrix_follows_the_bindings_and_its_controls():
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create sa app", echo=False)
    view = AccessMatrix(c)
    assert repr(view) == "AccessMatrix(namespace default: 0 subjects, 0 resource grants)"
    c.kubectl("create rolebinding app-view --clusterrole=view --serviceaccount=default:app", echo=False)
    assert flush() >= 1
    assert repr(view) == "AccessMatrix(namespace default: 1 subjects, 5 resource grants)"
    assert 'ServiceAccount &quot;default/app&quot;' in view.table.value and "get, list, watch" in view.table.value
    assert view.text().splitlines()[2].split()[:3] == ["ServiceAccount", '"default/app"', "get,list,watch"]
    view.namespaces.value = "kube-system"
    assert repr(view) == "AccessMatrix(namespace kube-system: 0 subjects, 0 resource grants)"
    view.system.value = True
    assert len(view.rows) > 5 and all(r.subject for r in view.rows)
