"""AKS pulls private images from ACR only when the registry is attached (--attach-acr)."""

from __future__ import annotations

from k8scourse.cloud import Azure

POD = """apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers: [{name: app, image: "myregistry12345.azurecr.io/web:v1"}]
"""


def status_of(az, name="app"):
    row = [line for line in az.kubectl("get pods", echo=False).splitlines() if line.startswith(name + " ")]
    return row[0].split()[2]


def test_unattached_registry_is_401_then_attach_makes_it_run():
    az = Azure(seed=0)
    run = lambda cmd: az(cmd, echo=False)          # noqa: E731
    assert run("group create -n rg -l eastus").exit_code == 0
    assert run("acr create -g rg -n myregistry12345 --sku Basic").exit_code == 0
    r = run("acr import -n myregistry12345 --source docker.io/library/nginx:1.25 --image web:v1")
    assert r.exit_code == 0, str(r)
    assert run("aks create -g rg -n aks1 --node-count 1 --generate-ssh-keys").exit_code == 0
    assert run("aks get-credentials -g rg -n aks1").exit_code == 0
    az.kubectl(["apply", "-f", "-"], stdin=POD, echo=False)
    az.run(seconds=30)
    assert status_of(az) in ("ErrImagePull", "ImagePullBackOff")
    described = az.kubectl("describe pod app", echo=False)
    assert ("failed to fetch anonymous token: unexpected status from GET request to "
            "https://myregistry12345.azurecr.io/oauth2/token?scope=repository%3Aweb%3Apull"
            "&service=myregistry12345.azurecr.io: 401 Unauthorized") in described
    assert run("aks update -g rg -n aks1 --attach-acr myregistry12345").exit_code == 0
    az.run(seconds=400)                            # the image pull back-off retries (max 5 min)
    assert status_of(az) == "Running"


def test_missing_tag_in_an_attached_registry_is_not_found():
    az = Azure(seed=1)
    run = lambda cmd: az(cmd, echo=False)          # noqa: E731
    run("group create -n rg -l eastus")
    run("acr create -g rg -n myregistry12345 --sku Basic")
    assert run("aks create -g rg -n aks1 --node-count 1 --generate-ssh-keys "
               "--attach-acr myregistry12345").exit_code == 0
    run("aks get-credentials -g rg -n aks1")
    az.kubectl(["apply", "-f", "-"], stdin=POD, echo=False)
    az.run(seconds=30)
    assert "myregistry12345.azurecr.io/web:v1: not found" in az.kubectl("describe pod app", echo=False)


def test_network_policy_is_enforced_only_with_a_policy_engine():
    import json
    deny_all = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n"
    results = {}
    for flag in ("", "--network-policy calico"):
        az = Azure(seed=2)
        az("group create -n rg -l eastus", echo=False)
        assert az(f"aks create -g rg -n aks1 --node-count 1 --generate-ssh-keys {flag}", echo=False).exit_code == 0
        shown = json.loads(az("aks show -g rg -n aks1", echo=False))
        az("aks get-credentials -g rg -n aks1", echo=False)
        az.kubectl("run web --image=nginx:1.25 --port=80", echo=False)
        az.kubectl("run client --image=busybox -- sleep 3600", echo=False)
        az.kubectl(["apply", "-f", "-"], stdin=deny_all, echo=False)
        az.run(seconds=60)
        ip = json.loads(az.kubectl("get pod web -o json", echo=False).stdout)["status"]["podIP"]
        r = az.kubectl(f"exec client -- wget -qO- -T 2 http://{ip}", echo=False)
        results[flag] = (shown["networkProfile"]["networkPolicy"], r.exit_code)
    assert results[""] == ("none", 0)                         # stored, not enforced
    assert results["--network-policy calico"][0] == "calico"
    assert results["--network-policy calico"][1] != 0         # denied
