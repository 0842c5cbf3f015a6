"""Fuzzing command lines: kubectl, az, docker, curl, and shells in containers through ``kubectl exec``.

Words come from each tool's vocabulary plus hostile ones (unbalanced quotes, NUL bytes, huge
numbers, paths like ``/`` and ``/proc``, flags with odd values). Every answer is the tool's message
with its exit code — never a traceback, never ``internal simulator error``.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fuzz_support import a_pod, check_answer, fuzz_settings, running_cluster
from k8scourse.azure import Azure

HOSTILE = ["'", '"', "\\", "\x00", "a\x00b", "-", "--", "---", "=", "-o=", "--output", "-n", "-A", "-f", "/",
           "/proc", "/dev/null", "~", "$HOME", "`id`", "$(id)", ";", "|", "&&", ">", "<", "*", "?", "[", "]",
           "{", "}", "9" * 30, "-1", "1e400", "nan", "0x10", "\t", "\n", " ", "", "é", "파드", "\U0001F600",
           "a" * 300, "--v=9", "--kubeconfig=/nope", "--context=nope", "-R"]

KUBECTL = ["get", "describe", "apply", "create", "delete", "label", "annotate", "run", "expose", "scale", "rollout",
           "status", "history", "undo", "restart", "logs", "exec", "top", "cordon", "drain", "uncordon", "taint",
           "config", "view", "patch", "set", "image", "env", "resources", "wait", "--for=condition=Ready",
           "autoscale", "auth", "can-i", "api-resources", "api-versions", "explain", "version", "cluster-info",
           "port-forward", "attach", "cp", "edit", "replace", "diff", "events", "debug", "certificate",
           "pods", "po", "nodes", "deploy", "deployment/web", "svc", "web", "rs", "ns", "all", "events", "cm",
           "secret", "generic", "--from-literal=a=b", "-o", "yaml", "json", "wide", "name", "jsonpath={.items[*]}",
           "jsonpath={", "go-template={{.x}}", "custom-columns=A:.b", "-l", "app=web", "app in (", "-w",
           "--watch-only", "-f", "-", "--replicas=3", "--replicas=1000000000000", "--replicas=-1", "--image=nginx",
           "--port=80", "--port=99999", "--grace-period=0", "--force", "--timeout=1s", "--since=1h", "--tail=-1",
           "-c", "web", "--all-namespaces", "--dry-run=client", "--dry-run=server", "-p", '{"spec":{}}',
           "--type=json", "--type=merge", "[{\"op\":\"remove\",\"path\":\"/x\"}]", "--field-selector", "a=b",
           "--sort-by", ".metadata.name", "--show-labels", "-L", "app", "-R", "--recursive", "--selector=",
           "--request-timeout=1s", "node/nope", "--to-revision=99", "-it", "--rm", "--restart=Never", "--",
           "sh", "-c", "echo hi"]


def _words(vocabulary):
    return st.lists(st.sampled_from(vocabulary + HOSTILE), min_size=0, max_size=7)


@fuzz_settings(250)
@given(words=_words(KUBECTL))
def test_kubectl_command_lines(words):
    c = running_cluster()
    result = c.kubectl(words, stdin="", echo=False)
    check_answer(result, words)
    c.run(1)


@fuzz_settings(120)
@given(words=_words(KUBECTL))
def test_kubectl_typed_as_one_string(words):
    c = running_cluster()
    check_answer(c.kubectl(" ".join(words), echo=False), words)


SHELL = ["ls", "cat", "echo", "sh", "-c", "env", "ps", "nginx", "-s", "reload", "curl", "wget", "-O", "-",
         "http://web", "http://localhost", "nslookup", "web", "kill", "1", "sleep", "1", "exit", "3", "cd", "/",
         "/etc/hosts", "/proc/1/status", "/dev/zero", "/nope", "rm", "-rf", "apt-get", "install", "mkdir",
         "touch", "/tmp/x", "hostname", "id", "true", "false", "printf", "%s", "head", "-c", "grep", "x",
         "|", ">", ">>", "2>&1", "&&", "||", ";", "$(", ")", "`", "'", '"', "$PATH", "${X:-y}", "*", "~"]


@fuzz_settings(150)
@given(words=st.lists(st.sampled_from(SHELL + HOSTILE), min_size=0, max_size=6), as_one=st.booleans())
def test_shells_in_containers_through_kubectl_exec(words, as_one):
    c = running_cluster("exec")
    pod = a_pod(c)
    command = ["exec", pod, "--"] + (["sh", "-c", " ".join(words)] if as_one else words)
    check_answer(c.kubectl(command, echo=False), command)


@fuzz_settings(100)
@given(words=st.lists(st.sampled_from(["http://", "https://", "-s", "-i", "-v", "-X", "POST", "-H", "Host: x",
                                       "--max-time", "1", "-o", "/dev/null", "-w", "%{http_code}",
                                       "10.0.0.1", "20.1.2.3", ":80", ":99999", "/path", "?q=1", "web",
                                       "localhost"] + HOSTILE), max_size=6))
def test_curl_from_outside(words):
    c = running_cluster()
    check_answer(c.curl(" ".join(words), echo=False), words)


AZ = ["group", "create", "delete", "show", "list", "aks", "get-credentials", "install-cli", "scale", "upgrade",
      "nodepool", "add", "browse", "acr", "build", "login", "container", "logs", "exec", "account", "set",
      "vm", "network", "-n", "-g", "--name", "--resource-group", "rg", "k", "--yes", "--no-wait", "-l", "eastus",
      "koreacentral", "nowhere", "--node-count", "0", "3", "1001", "--generate-ssh-keys", "-o", "table", "tsv",
      "json", "jsonc", "yaml", "none", "--query", "[0].name", "[", "--image", "nginx", "--ip-address", "public",
      "--ports", "80", "--help", "-h", "--debug", "--kubernetes-version", "1.32", "--subscription", "x"]


_AZURE: Azure | None = None


def azure() -> Azure:
    global _AZURE
    if _AZURE is None:
        _AZURE = Azure(seed=3)
        _AZURE("group create -n rg -l eastus", echo=False)
    return _AZURE


@fuzz_settings(200)
@given(words=st.lists(st.sampled_from(AZ + HOSTILE), max_size=7))
def test_az_command_lines(words):
    check_answer(azure()(words, echo=False), words)


@fuzz_settings(60)
@given(words=st.lists(st.sampled_from(AZ + HOSTILE), max_size=7))
def test_az_typed_as_one_string(words):
    check_answer(azure()(" ".join(words), echo=False), words)


DOCKER = ["build", "-t", "web:v1", ".", "run", "-d", "-p", "8080:80", "nginx", "images", "ps", "push", "pull",
          "tag", "login", "rmi", "stop", "rm", "logs", "exec", "inspect", "-f", "Dockerfile", "--name", "x",
          "myacr.azurecr.io/web:v1", "version", "info", "system", "prune", "-a", "--rm", "-it", "sh"]


@fuzz_settings(120)
@given(words=st.lists(st.sampled_from(DOCKER + HOSTILE), max_size=6), as_one=st.booleans())
def test_docker_command_lines(words, as_one):
    docker = azure().docker
    check_answer(docker(" ".join(words) if as_one else words, echo=False), words)


def test_the_lifecycle_the_issue_found_broken():
    """``az aks delete --no-wait`` then ``az group delete --yes``: both answer as az does."""
    az = Azure(seed=4)
    for command in ["group create -n rg2 -l eastus", "aks create -g rg2 -n k2 --node-count 1 --generate-ssh-keys",
                    "aks delete -g rg2 -n k2 --yes --no-wait", "group delete -n rg2 --yes", "group show -n rg2"]:
        result = az(command, echo=False)
        check_answer(result, command)
    assert result.exit_code == 3 and "ResourceGroupNotFound" in result.stderr
