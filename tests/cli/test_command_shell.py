"""The student's shell (k8scourse.cli.shell): kubectl/az/curl/sleep lines with pipes, &&, ;, $(…)."""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.cli.awk import awk, parse_awk
from k8scourse.cli.node_shell import node_script
from k8scourse.cli.shell import CommandShell, plain, run_script
from k8scourse.network import node_command
from k8scourse.result import CommandResult
from k8scourse.widgets._core import Target


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=2, seed=0, clock="manual")
    c.kubectl("create deployment web --image=nginx:1.7.9 --replicas=3", echo=False)
    c.kubectl("expose deployment web --port=80 --type=LoadBalancer", echo=False)
    c.run(seconds=60)
    return c


def sh(cluster, script, shell=None):
    return Target(cluster).shell(script, shell=shell)


def test_pipes_to_the_text_tools_print_what_the_same_filters_of_kubectls_text_give(cluster):
    pods = cluster.kubectl("get pods", echo=False)
    lines = pods.splitlines()
    assert sh(cluster, "kubectl get pods | grep web | wc -l") == "3\n"
    assert sh(cluster, "kubectl get pods | tail -2") == "".join(line + "\n" for line in lines[-2:])
    assert sh(cluster, "kubectl get pods | head -1") == lines[0] + "\n"
    names = sorted(line.split()[0] for line in lines[1:])
    assert sh(cluster, "kubectl get pods --no-headers | awk '{print $1}' | sort -r") == \
        "".join(n + "\n" for n in reversed(names))
    assert sh(cluster, "kubectl get pods | awk 'NR>1 {print $1, $3}' | cut -d' ' -f2 | sort -u") == "Running\n"
    assert sh(cluster, 'kubectl get pods | awk \'$3 == "Running" {print $NF}\' | wc -l') == "3\n"


def test_and_or_semicolons_variables_command_substitution_and_comments(cluster):
    script = ("# how many web pods?\n"
              "N=$(kubectl get pods -l app=web -o name | wc -l)   # three\n"
              "echo \"web pods: $N\"\n"
              "kubectl get pod nope && echo never; echo status=$?\n"
              "kubectl get ns default -o name || echo never\n")
    out = sh(cluster, script)
    assert out == ("web pods: 3\n"
                   'Error from server (NotFound): pods "nope" not found\n'
                   "status=1\n"
                   "namespace/default\n")
    assert out.exit_code == 0
    assert 'pods "nope" not found' in out.stderr and "web pods" in out.stdout


def test_unquoted_expansions_split_into_words_and_export_unset_read_work(cluster):
    names = cluster.kubectl("get pods -l app=web -o name", echo=False).splitlines()
    assert sh(cluster, "for p in $(kubectl get pods -l app=web -o name); do echo item $p; done") == \
        "".join(f"item {n}\n" for n in names)
    assert sh(cluster, "kubectl get pods -l app=web -o name | while read p; do echo got $p; done") == \
        "".join(f"got {n}\n" for n in names)
    out = sh(cluster, "kubectl label $(kubectl get pods -l app=web -o name) tier=web")
    assert out == "".join(f"{n} labeled\n" for n in names)
    assert sh(cluster, 'X="a  b"; echo "$X"; echo $X; E=; echo 1 $E 2') == "a  b\na b\n1 2\n"
    assert sh(cluster, "export NS=kube-system; kubectl get ns $NS -o name; unset NS; echo [$NS]") == \
        "namespace/kube-system\n[]\n"
    assert sh(cluster, "kubectl get pods -l app=web -o jsonpath='{.items[*].metadata.name}'") == \
        " ".join(n.split("/")[1] for n in names)


def test_here_documents_feed_kubectl_and_files_written_in_the_shell_are_manifests(cluster):
    script = ("NAME=from-heredoc\n"
              "cat <<EOF | kubectl apply -f -\n"
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: $NAME\n"
              "EOF\n"
              "cat > cm.yaml <<'YAML'\n"
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\ndata: {k: $literal}\n"
              "YAML\n"
              "kubectl apply -f cm.yaml && kubectl get cm from-file -o jsonpath='{.data.k}'\n")
    assert sh(cluster, script) == "configmap/from-heredoc created\nconfigmap/from-file created\n$literal"
    out = sh(cluster, "kubectl apply -f missing.yaml")
    assert out == 'error: the path "missing.yaml" does not exist\n' and out.exit_code == 1
    assert sh(cluster, "\tcat <<-END\n\tindented\n\tEND\necho done") == "indented\ndone\n"


def test_unknown_commands_are_bash_words_and_127(cluster):
    out = sh(cluster, "frobnicate --now")
    assert out == "bash: frobnicate: command not found\n" and out.exit_code == 127
    # az is a command of Cloud Shell, not of a cluster's own shell
    assert sh(cluster, "az group list") == "bash: az: command not found\n"


def test_stdin_from_a_pipe_feeds_kubectl_apply(cluster):
    out = sh(cluster, "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: piped\\n' | kubectl apply -f -")
    assert out == "configmap/piped created\n"
    assert cluster.kubectl("get cm piped -o name", echo=False) == "configmap/piped\n"


def test_variables_and_files_stay_in_one_shell_between_cells(cluster):
    shell = CommandShell({})
    sh(cluster, "POD=$(kubectl get pods -o name | head -1); kubectl get pods -o name > pods.txt", shell=shell)
    assert sh(cluster, "echo $POD; wc -l < pods.txt", shell=shell) == \
        cluster.kubectl("get pods -o name", echo=False).splitlines()[0] + "\n3\n"


def test_sleep_lets_simulated_time_pass_with_the_shells_units():
    c = Cluster(nodes=1, seed=0, clock="manual")
    start = c.sim.now_ms
    assert sh(c, "sleep 30; sleep 2m && sleep 1.5s") == ""
    assert c.sim.now_ms - start == 30_000 + 120_000 + 1_500
    out = sh(c, "sleep 2x")
    assert out == "sleep: invalid time interval '2x'\nTry 'sleep --help' for more information.\n"
    assert out.exit_code == 1
    assert sh(c, "sleep") == "sleep: missing operand\nTry 'sleep --help' for more information.\n"
    assert c.sim.now_ms - start == 151_500


def test_sleep_infinity_stops_the_cell_instead_of_hanging():
    c = Cluster(nodes=1, seed=0, clock="manual")
    out = sh(c, "sleep infinity; echo after")
    assert out.exit_code == 130 and "after" not in out and "sleep infinity" in out


def test_curl_is_clusters_curl_from_outside(cluster):
    ip = cluster.kubectl("get svc web -o jsonpath={.status.loadBalancer.ingress[0].ip}", echo=False)
    assert ip.count(".") == 3
    code = sh(cluster, "curl -s -o /dev/null -w '%{http_code}' http://$(kubectl get svc web "
                       "-o jsonpath='{.status.loadBalancer.ingress[0].ip}')")
    assert code == "200" and code.exit_code == 0
    assert sh(cluster, f"curl -I http://{ip}") == cluster.curl(f"curl -I http://{ip}", echo=False)
    page = cluster.curl(f"curl -s http://{ip}", echo=False)
    assert "<title>Welcome to nginx!</title>" in page
    assert sh(cluster, f"curl -s http://{ip} | grep -c nginx") == f"{sum('nginx' in line for line in page.splitlines())}\n"
    out = sh(cluster, "curl http://nope.example")
    assert out == "curl: (6) Could not resolve host: nope.example\n" and out.exit_code == 6
    out = sh(cluster, "curl -s -o /dev/null -w '%{http_code}' http://nope.example")
    assert out == "000" and out.exit_code == 6


def test_a_tool_on_screen_writes_to_the_sink_itself_and_captured_ones_do_not():
    seen, calls = [], []

    def kubectl(args, stdin, sink):
        calls.append(sink is not None)
        result = CommandResult("a\nb\n", "a\nb\n", "", 0)
        if sink is not None:
            sink("a\n")
            sink("b\n")
        return result

    out = run_script("kubectl; kubectl | tail -1", {"kubectl": kubectl}, advance=lambda s: None, sink=seen.append)
    assert calls == [True, False]
    assert out == "a\nb\nb\n" and "".join(seen) == "a\nb\nb\n"


def test_grep_takes_regular_expressions(cluster):
    lines = cluster.kubectl("get pods", echo=False).splitlines()
    assert sh(cluster, "kubectl get pods | grep ^web | wc -l") == "3\n"
    assert sh(cluster, "kubectl get pods | grep -E '^(NAME|zzz)'") == lines[0] + "\n"
    assert sh(cluster, "kubectl get pods | grep -v -c Running") == "1\n"
    assert sh(cluster, "kubectl get pods | grep -io 'running' | head -1") == "Running\n"
    out = sh(cluster, "kubectl get pods | grep -q nothing-here")
    assert out == "" and out.exit_code == 1


def test_awk_subset_and_programs_it_does_not_model():
    assert awk(parse_awk("/web/ {print $2}"), ["web 1", "api 2", "web2 3"]) == ["1", "3"]
    assert awk(parse_awk("!/web/"), ["web 1", "api 2"]) == ["api 2"]
    assert awk(parse_awk("END {print NR}"), ["x", "y"]) == ["2"]
    assert awk(parse_awk('BEGIN {print "n"} {print NF ":" $1}'), ["a b c"]) == ["n", "3:a"]
    assert awk(parse_awk("{print $2}"), ["a:b"], ":") == ["b"]
    with pytest.raises(ValueError):
        parse_awk("{sum += $2} END {print sum}")
    out = run_script("echo 1 2 | awk '{s+=$1} END {print s}'", {}, advance=lambda s: None)
    assert out.exit_code == 2 and "awk: this program is not modelled by the simulator" in out


def test_node_shell_answers_from_the_nodes_state(cluster):
    node = sorted(cluster.kubelets)[0]
    assert node_script(cluster, node, "ip addr") == node_command(cluster, node, "ip addr")
    ps = node_command(cluster, node, "crictl ps")
    assert node_script(cluster, node, "crictl ps | grep nginx | wc -l") == f"{ps.count('nginx:1.7.9')}\n"
    assert node_script(cluster, node, "cat /etc/os-release | head -1") == 'PRETTY_NAME="Ubuntu 22.04.5 LTS"\n'
    assert node_script(cluster, node, "hostname") == node + "\n"
    out = node_script(cluster, node, "frobnicate")
    assert out == "bash: frobnicate: command not found\n" and out.exit_code == 127
    out = node_script(cluster, "aks-nodepool1-00000000-vmss000009", "ip addr")
    assert out == 'Error from server (NotFound): nodes "aks-nodepool1-00000000-vmss000009" not found\n'
    assert out.exit_code == 1


def test_node_ps_lists_the_daemons_and_one_shim_and_pause_per_pod(cluster):
    node = sorted(cluster.kubelets)[0]
    out = node_script(cluster, node, "ps aux")
    lines = out.splitlines()
    assert lines[0] == "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND"
    assert lines[1].split()[-1] == "/sbin/init" and any(line.endswith("/usr/local/bin/kubelet") for line in lines)
    pods = node_command(cluster, node, "crictl pods").count("\n") - 1
    assert sum(line.endswith(" /pause") for line in lines) == pods
    assert node_script(cluster, node, "ps aux | grep -c containerd-shim-runc-v2") == f"{pods}\n"
    assert node_script(cluster, node, "ps aux | grep -c 'nginx -g daemon off;'") == \
        f"{node_command(cluster, node, 'crictl ps').count('nginx:1.7.9')}\n"


def test_plain_tools_write_their_whole_text_to_the_sink_at_the_end():
    seen = []
    tool = plain(lambda args, stdin: CommandResult("x\n", "x\n", "", 0))
    assert tool([], None, seen.append) == "x\n" and seen == ["x\n"]
