"""The lecture's ``my-service`` (selector app: myapp, port 80 → targetPort 9376) from inside a pod."""

from __future__ import annotations

from netsvc_helpers import LECTURE_POD, LECTURE_SERVICE, echo_deployment, kubectl

from k8scourse import Cluster
from k8scourse.traffic import hits


def lecture_cluster() -> Cluster:
    c = Cluster(nodes=3, seed=0)
    c.apply(LECTURE_POD + "---\n" + LECTURE_SERVICE, echo=False)
    c.run(seconds=30)
    return c


def test_lecture_service_has_no_endpoints_and_curl_fails_the_real_way():
    c = lecture_cluster()
    ep = kubectl(c, "get endpoints my-service").splitlines()[1].split()
    assert ep[:2] == ["my-service", "<none>"]
    r = kubectl(c, "exec nginx -- curl my-service")
    assert r.exit_code == 7
    assert r.stderr == ("curl: (7) Failed to connect to my-service port 80 after 1 ms: Couldn't connect to server\n"
                        "command terminated with exit code 7\n")
    # kube-proxy REJECTs the service's cluster IP in the filter table: "has no endpoints"
    from k8scourse.proxy import iptables_save
    assert '"default/my-service has no endpoints"' in iptables_save(c, table="filter")
    assert "-j REJECT --reject-with icmp-port-unreachable" in iptables_save(c, table="filter")


def test_matching_labels_with_nothing_on_9376_is_refused_then_an_echo_server_answers():
    c = lecture_cluster()
    # fix the labels only: nginx becomes an endpoint on 9376, where nothing listens
    kubectl(c, "label pod nginx app=myapp --overwrite")
    c.run(seconds=3)
    assert ":9376" in kubectl(c, "get ep my-service")
    r = kubectl(c, "exec nginx -- curl -s -S my-service")
    assert r.exit_code == 7 and "Failed to connect to my-service port 80" in r.stderr
    # an echo server that listens on 9376 behind the selector; nginx leaves it
    kubectl(c, "label pod nginx app=nginx --overwrite")
    c.apply(echo_deployment("myapp", "hello from myapp", replicas=2), echo=False)
    c.run(seconds=30)
    r = kubectl(c, "exec nginx -- curl -s my-service")
    assert r.exit_code == 0 and r.stdout == "hello from myapp\n"
    r = kubectl(c, "exec nginx -- curl -s http://my-service.default.svc.cluster.local")
    assert r.stdout == "hello from myapp\n"
    r = kubectl(c, "exec nginx -- wget -qO- http://my-service")      # the Debian-based nginx image has no wget
    assert r.exit_code == 126 and 'exec: "wget": executable file not found in $PATH' in r.stdout
    counted = hits(c)
    assert set(counted["pod"].str.startswith("myapp-")) == {True} and counted["hits"].sum() == 2


def test_targetport_fix_to_nginx_port_80_serves_the_welcome_page():
    c = lecture_cluster()
    kubectl(c, "label pod nginx app=myapp --overwrite")
    c.apply(LECTURE_SERVICE.replace("targetPort: 9376", "targetPort: 80"), echo=False)
    c.run(seconds=3)
    r = kubectl(c, "exec nginx -- curl -s my-service")
    assert "<title>Welcome to nginx!</title>" in r.stdout
    # the access log shows the request (hairpin: the pod reached itself through the service, masqueraded)
    assert '"GET / HTTP/1.1" 200 612' in kubectl(c, "logs nginx") or '"GET / HTTP/1.1" 200 615' in kubectl(c, "logs nginx")
