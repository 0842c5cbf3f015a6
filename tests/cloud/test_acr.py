"""ACR: names, SKUs, replication, build, import, repositories, usage, the lookup API."""

from __future__ import annotations

import json

import pytest

from k8scourse.cloud import Azure
from k8scourse.cloud.acr import find_registry
from k8scourse.cloud.pricing import acr_costs


@pytest.fixture
def az():
    a = Azure(seed=0)
    a("group create -n rg -l eastus", echo=False)
    return a


def run(az, cmd):
    return az(cmd, echo=False)


def test_names_and_uniqueness(az):
    r = run(az, "acr create -g rg -n my-registry --sku Basic")
    assert (r.exit_code, r.stderr) == (1, "ERROR: Registry names may contain only alpha numeric characters and must "
                                          "be between 5 and 50 characters\n")
    assert run(az, "acr create -g rg -n abcd --sku Basic").exit_code == 1
    r = run(az, "acr create -g rg -n mycontainerregistry --sku Basic")
    assert r.stderr.startswith("ERROR: The registry DNS name mycontainerregistry.azurecr.io is already in use.")
    created = json.loads(run(az, "acr create -g rg -n K8sCourseAcr --sku Basic").stdout)
    assert created["loginServer"] == "k8scourseacr.azurecr.io" and created["sku"] == {"name": "Basic", "tier": "Basic"}
    run(az, "group create -n other -l westus")
    assert "already in use" in run(az, "acr create -g other -n k8scourseacr --sku Basic").stderr
    r = run(az, "acr create -g rg -n k8scourseacr2 --sku Gold")
    assert r.exit_code == 2 and "Allowed values: Basic, Standard, Premium." in r.stderr
    assert run(az, "acr list -o table").splitlines()[0].split() == [
        "NAME", "RESOURCE", "GROUP", "LOCATION", "SKU", "LOGIN", "SERVER", "CREATION", "DATE", "ADMIN", "ENABLED"]


def test_replication_needs_premium(az):
    run(az, "acr create -g rg -n k8scourseacr --sku Basic")
    before = run(az, "acr show -n k8scourseacr")
    r = run(az, "acr replication create -r k8scourseacr -l westus")
    assert (r.exit_code, r.stderr) == (1, "ERROR: Replications are only supported for managed registries in Premium "
                                          "SKU.\n")
    assert run(az, "acr show -n k8scourseacr") == before
    assert find_registry(az.subscription, "k8scourseacr").replications == []
    run(az, "acr update -n k8scourseacr --sku Premium")
    r = run(az, "acr replication create -r k8scourseacr -l westus")
    assert r.exit_code == 0 and json.loads(r.stdout)["location"] == "westus"
    assert len(json.loads(run(az, "acr replication list -r k8scourseacr"))) == 2


def test_build_push_list_and_usage(az):
    run(az, "acr create -g rg -n k8scourseacr --sku Basic")
    az.files["Dockerfile"] = "FROM mcr.microsoft.com/azuredocs/aci-helloworld\nCOPY index.html /usr/src/app/\n"
    az.files["index.html"] = "<h1>built in the registry</h1>\n"
    r = run(az, "acr build --registry k8scourseacr --image sample/hello-world:v1 .")
    assert r.exit_code == 0, r
    assert "Queued a build with ID: ca1\n" in r.stderr and r.stderr.endswith("Run ID: ca1 was successful after 6s\n")
    assert "Step 1/2 : FROM mcr.microsoft.com/azuredocs/aci-helloworld\n" in r.stdout
    assert "Successfully tagged k8scourseacr.azurecr.io/sample/hello-world:v1\n" in r.stdout
    assert json.loads(run(az, "acr repository list -n k8scourseacr")) == ["sample/hello-world"]
    assert json.loads(run(az, "acr repository show-tags -n k8scourseacr --repository sample/hello-world")) == ["v1"]
    r = run(az, "acr build -r k8scourseacr -t sample/hello-world:{{.Run.ID}} .")
    assert "Run ID: ca2 was successful" in r.stderr
    assert json.loads(run(az, "acr repository show-tags -n k8scourseacr --repository sample/hello-world")) == ["ca2", "v1"]
    reg = find_registry(az.subscription, "k8scourseacr.azurecr.io/sample/hello-world:v1")
    assert reg.has_image("sample/hello-world", "v1") and not reg.has_image("sample/hello-world", "v9")
    assert reg.image_info("sample/hello-world", "v1").program == "aci-helloworld"
    usage = json.loads(run(az, "acr show-usage -n k8scourseacr"))["value"]
    size = usage[0]["currentValue"]
    # the two tags share every layer but the COPY one: stored once
    assert reg.image_size("sample/hello-world", "v1") < size < 2 * reg.image_size("sample/hello-world", "v1")
    assert usage[0]["limit"] == 10 * 1024 ** 3
    run(az, "acr import -n k8scourseacr --source docker.io/library/nginx:1.25 --image nginx:1.25")
    assert json.loads(run(az, "acr repository list -n k8scourseacr")) == ["nginx", "sample/hello-world"]
    run(az, "acr repository delete -n k8scourseacr --image nginx:1.25 --yes")
    assert json.loads(run(az, "acr repository list -n k8scourseacr")) == ["sample/hello-world"]
    r = run(az, "acr build -r k8scourseacr .")
    assert r.exit_code == 0 and "Successfully built" in r.stdout
    assert run(az, "acr build -r k8scourseacr").stderr.startswith(
        "ERROR: the following arguments are required: <SOURCE_LOCATION>")


def test_failed_build(az):
    run(az, "acr create -g rg -n k8scourseacr --sku Basic")
    az.files["Dockerfile"] = "FROM busybox\nRUN exit 3\n"
    r = run(az, "acr build -r k8scourseacr -t broken:v1 .")
    assert r.exit_code == 1 and "The command '/bin/sh -c exit 3' returned a non-zero code: 3" in r.stdout
    assert "Run ID: ca1 failed after" in r.stderr
    assert json.loads(run(az, "acr repository list -n k8scourseacr")) == []


def test_login_and_cost(az):
    run(az, "acr create -g rg -n k8scourseacr --sku Standard")
    r = run(az, "acr login -n k8scourseacr")
    assert r.stdout == "Login Succeeded\n"
    assert "k8scourseacr.azurecr.io" in json.loads(az.files[".docker/config.json"])["auths"]
    az.run(seconds=86_400)
    cost = acr_costs(az)
    assert cost["days"].iloc[0] == pytest.approx(1 + 5 / 86_400)        # create takes 5 s, then a day
    assert cost["cost_usd"].iloc[0] == pytest.approx(0.6666 * cost["days"].iloc[0])
