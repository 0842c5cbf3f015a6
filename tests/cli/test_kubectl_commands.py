"""kubectl's write commands and errors, through the command line a student types."""

from __future__ import annotations

import pytest

POD = """apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.7.9
    ports:
    - containerPort: 8090
"""


def test_apply_create_unchanged_configured(kubectl, cluster):
    assert kubectl("apply -f -", stdin=POD) == "pod/nginx created\n"
    assert kubectl("apply -f -", stdin=POD) == "pod/nginx unchanged\n"
    labelled = POD.replace("  name: nginx\n", "  name: nginx\n  labels:\n    app: web\n", 1)
    assert kubectl("apply -f -", stdin=labelled) == "pod/nginx configured\n"
    assert cluster.get("pods", "nginx")["metadata"]["labels"] == {"app": "web"}
    # dropping the label from the manifest removes it from the live object
    assert kubectl("apply -f -", stdin=POD) == "pod/nginx configured\n"
    assert "labels" not in cluster.get("pods", "nginx")["metadata"] or \
        cluster.get("pods", "nginx")["metadata"]["labels"] == {}
    annotation = cluster.get("pods", "nginx")["metadata"]["annotations"][
        "kubectl.kubernetes.io/last-applied-configuration"]
    assert annotation.startswith('{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"name":"nginx",'
                                 '"namespace":"default"}')


def test_apply_dry_runs_change_nothing(kubectl, cluster):
    before = cluster.store.revision
    assert kubectl("apply -f - --dry-run=client", stdin=POD) == "pod/nginx created (dry run)\n"
    assert kubectl("apply -f - --dry-run=server", stdin=POD) == "pod/nginx created (server dry run)\n"
    assert cluster.store.revision == before
    # a bare --dry-run is client (kubectl 1.32 warns it is deprecated)
    r = kubectl("apply -f - --dry-run", stdin=POD)
    assert r.exit_code == 0 and r.stdout == "pod/nginx created (dry run)\n"
    assert "--dry-run is deprecated and can be replaced with --dry-run=client." in r.stderr
    assert cluster.store.revision == before


def test_apply_multi_document_continues_after_errors(kubectl, cluster):
    text = POD + "---\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: old\n---\n" + \
        POD.replace("name: nginx\nspec", "name: second\nspec")
    r = kubectl("apply -f -", stdin=text)
    assert r.exit_code == 1
    assert r.stdout == "pod/nginx created\npod/second created\n"
    assert r.stderr == ('error: resource mapping not found for name: "old" namespace: "" from "STDIN": '
                        'no matches for kind "CronJob" in version "batch/v1beta1"\n'
                        'ensure CRDs are installed first\n')


def test_malformed_yaml_is_reported_and_changes_nothing(kubectl, cluster):
    before = cluster.store.revision
    r = kubectl("apply -f -", stdin="apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: [\n")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: error parsing STDIN: error converting YAML to JSON: yaml: line ")
    assert cluster.store.revision == before


def test_missing_file(kubectl):
    r = kubectl("apply -f nope.yaml")
    assert (r.stderr, r.exit_code) == ('error: the path "nope.yaml" does not exist\n', 1)


def test_create_twice_is_already_exists(kubectl):
    assert kubectl("create -f -", stdin=POD) == "pod/nginx created\n"
    r = kubectl("create -f -", stdin=POD)
    assert r.stderr == 'Error from server (AlreadyExists): error when creating "STDIN": pods "nginx" already exists\n'


def test_invalid_object_uses_the_api_servers_words(kubectl):
    r = kubectl("apply -f -", stdin=POD.replace("    image: nginx:1.7.9\n", ""))
    assert r.exit_code == 1
    assert r.stderr == 'The Pod "nginx" is invalid: spec.containers[0].image: Required value\n'


def test_run_label_annotate_delete(kubectl, cluster):
    assert kubectl("run web --image=nginx:1.25 --port=80") == "pod/web created\n"
    pod = cluster.get("pods", "web")
    assert pod["metadata"]["labels"] == {"run": "web"}
    assert pod["spec"]["containers"][0]["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert kubectl("label pod web tier=front") == "pod/web labeled\n"
    r = kubectl("label pod web tier=back")
    assert r.stderr == "error: 'tier' already has a value (front), and --overwrite is false\n"
    assert kubectl("label pod web tier=back --overwrite") == "pod/web labeled\n"
    assert kubectl("label pod web tier-") == "pod/web unlabeled\n"
    assert cluster.get("pods", "web")["metadata"]["labels"] == {"run": "web"}
    assert kubectl("annotate pod/web note=hello") == "pod/web annotated\n"
    assert cluster.get("pods", "web")["metadata"]["annotations"]["note"] == "hello"
    assert kubectl("delete pod web") == 'pod "web" deleted\n'
    r = kubectl("delete pod web")
    assert (r.stderr, r.exit_code) == ('Error from server (NotFound): pods "web" not found\n', 1)


def test_create_generators(kubectl, cluster):
    assert kubectl("create namespace dev") == "namespace/dev created\n"
    assert kubectl("create deployment web --image=nginx:1.25 --replicas=3 -n dev") == \
        "deployment.apps/web created\n"
    d = cluster.get("deployments", "web", "dev")
    assert d["spec"]["replicas"] == 3 and d["spec"]["selector"] == {"matchLabels": {"app": "web"}}
    assert d["spec"]["template"]["spec"]["containers"][0]["name"] == "nginx"
    assert kubectl("create service clusterip web --tcp=80:8080 -n dev") == "service/web created\n"
    assert cluster.get("services", "web", "dev")["spec"]["ports"][0]["targetPort"] == 8080
    assert kubectl("create configmap cfg --from-literal=a=1 -n dev") == "configmap/cfg created\n"
    assert kubectl("create secret generic pw --from-literal=p=s3cret -n dev") == "secret/pw created\n"
    assert cluster.get("secrets", "pw", "dev")["data"] == {"p": "czNjcmV0"}
    assert kubectl("create quota q --hard=pods=2,requests.cpu=1 -n dev") == "resourcequota/q created\n"


def test_namespace_delete_waits_until_gone(kubectl, cluster):
    kubectl("create namespace dev")
    kubectl("run web --image=nginx -n dev")
    start = cluster.sim.now_ms
    assert kubectl("delete namespace dev") == 'namespace "dev" deleted\n'
    assert cluster.api.peek("namespaces", "dev") is None
    assert cluster.api.peek("pods", "web", "dev") is None
    assert cluster.sim.now_ms > start          # deleting a namespace takes simulated time


@pytest.mark.parametrize("command, message", [
    ("get pods --foo", "Error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n"),
    ("get pods -z", "Error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n"),
    ("get pods -n", "Error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n"),
    ("get podz", 'error: the server doesn\'t have a resource type "podz"\n'),
    ("get pod nope", 'Error from server (NotFound): pods "nope" not found\n'),
    ("describe pod nope", 'Error from server (NotFound): pods "nope" not found\n'),
    ("frobnicate", 'Error: unknown command "frobnicate" for "kubectl"\n'),
    ("config use-context nope", 'error: no context exists with the name: "nope"\n'),
    ("delete pods", "error: resource(s) were provided, but no name was specified\n"),
    # a required flag: cobra refuses before the command runs, reported by component-base through klog
    ("create deployment web", 'E0302 09:00:00.000000   20810 run.go:72] "command failed" '
                              'err="required flag(s) \\"image\\" not set"\n'),
])
def test_errors_read_like_kubectl(kubectl, command, message):
    r = kubectl(command)
    assert r.exit_code == 1
    assert r.stderr == message and r.stdout == ""


def test_version_and_contexts(kubectl):
    assert kubectl("version") == "Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.32.4\n"
    assert kubectl("version --client") == "Client Version: v1.32.4\nKustomize Version: v5.5.0\n"
    assert kubectl("config current-context") == "k8scourse\n"
    assert kubectl("config get-contexts").splitlines() == [
        "CURRENT   NAME        CLUSTER     AUTHINFO                NAMESPACE",
        "*         k8scourse   k8scourse   clusterUser_k8scourse   "]


def test_set_context_namespace_changes_the_default(kubectl, cluster):
    kubectl("create namespace dev")
    assert kubectl("config set-context --current --namespace=dev") == 'Context "k8scourse" modified.\n'
    assert kubectl("run web --image=nginx") == "pod/web created\n"
    assert cluster.api.peek("pods", "web", "dev") is not None


def test_get_with_selectors_and_formats(kubectl):
    kubectl("create namespace dev")
    kubectl("run web --image=nginx:1.25 -n dev --labels=app=web,tier=front")
    kubectl("run api --image=nginx:1.25 --labels=app=api")
    assert kubectl("get pods -A --field-selector status.phase=Pending -o name") == "pod/api\npod/web\n"
    assert kubectl("get pods -A --field-selector metadata.namespace=dev -o name") == "pod/web\n"
    r = kubectl("get pods --field-selector spec.foo=x")
    # kubectl's resource builder rewords the server's 400 (recorded: kubectl-recorded/events-api/list-error-*)
    assert (r.stderr, r.exit_code) == ('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match '
                                       'label selector "", field selector "spec.foo=x": field label not supported: '
                                       'spec.foo\n', 1)
    assert kubectl("get pods -A -l 'app in (web,api)',tier=front -o name") == "pod/web\n"
    assert kubectl("get pods -n dev -o jsonpath={.items[*].metadata.name}") == "web"
    assert kubectl("get pods -A -o custom-columns=NAME:.metadata.name,NS:.metadata.namespace") == \
        "NAME   NS\napi    default\nweb    dev\n"
    table = kubectl("get pods -A --show-labels").splitlines()
    assert table[0].split() == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "LABELS"]
    assert table[2].split()[-1] == "app=web,tier=front"
    assert kubectl("get pods -A -L tier --no-headers").splitlines()[1].split()[-1] == "front"
    assert kubectl("get pods -l app=nope").stderr == "No resources found in default namespace.\n"
    r = kubectl("get pods -o foo")
    assert r.exit_code == 1 and 'unable to match a printer suitable for the output format "foo"' in r.stderr


def test_apply_directory_and_delete_by_file_selector_and_all(kubectl, cluster, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.yaml").write_text(POD)
    (tmp_path / "notes.txt").write_text("not a manifest")
    (tmp_path / "sub" / "b.yaml").write_text(POD.replace("name: nginx\nspec", "name: b\n  labels: {app: b}\nspec"))
    assert kubectl(f"apply -f {tmp_path}") == "pod/nginx created\n"          # no -R: top level only
    assert kubectl(f"apply -R -f {tmp_path}") == "pod/nginx unchanged\npod/b created\n"
    out = kubectl(f"apply -f {tmp_path / 'a.yaml'} -o yaml")
    assert out.startswith("apiVersion: v1\nkind: Pod\nmetadata:\n")
    assert kubectl("delete pods -l app=b") == 'pod "b" deleted\n'
    assert kubectl(f"delete -f {tmp_path / 'a.yaml'}") == 'pod "nginx" deleted\n'
    kubectl("run x --image=nginx")
    kubectl("run y --image=nginx")
    assert kubectl("delete pods --all") == 'pod "x" deleted\npod "y" deleted\n'
    assert kubectl("delete pods --all") == "No resources found\n"


def test_patch_strategic_merge_json_and_errors(kubectl, cluster):
    kubectl("create deployment web --image=nginx:1.25 --replicas=1")
    assert kubectl("""patch deployment web -p '{"spec":{"replicas":3}}'""") == "deployment.apps/web patched\n"
    assert cluster.get("deployments", "web")["spec"]["replicas"] == 3
    assert kubectl("""patch deployment web -p '{"spec":{"replicas":3}}'""") == \
        "deployment.apps/web patched (no change)\n"
    assert kubectl("patch deploy/web --type merge -p 'metadata: {labels: {tier: front}}'") == \
        "deployment.apps/web patched\n"
    assert cluster.get("deployments", "web")["metadata"]["labels"]["tier"] == "front"
    assert kubectl("""patch deploy web --type json -p '[{"op":"replace","path":"/spec/replicas","value":1}]'""") == \
        "deployment.apps/web patched\n"
    assert cluster.get("deployments", "web")["spec"]["replicas"] == 1
    r = kubectl("patch deploy web -p '{\"spec\":{\"replicas\":-1}}'")
    assert r.exit_code == 1 and 'The Deployment "web" is invalid: spec.replicas' in r.stderr
    r = kubectl("patch deploy nope -p '{}'")
    assert r.stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n'
