"""ACI: the lecture's command and curl, container groups, restart policies, limits, billing."""

from __future__ import annotations

import json

import pytest

from k8scourse.cloud import Azure
from k8scourse.cloud.aci import billing, find_group
from k8scourse.cloud.http import curl
from k8scourse.cloud.pricing import aci_costs


@pytest.fixture
def az():
    a = Azure(seed=0)
    a("group create -n myResourceGroup -l eastus", echo=False)
    return a


def run(az, cmd):
    return az(cmd, echo=False)


def test_lecture_command_and_curl(az):
    r = run(az, "container create --name mycontainer --image microsoft/aci-helloworld "
                "--resource-group myResourceGroup --ip-address public")
    assert r.exit_code == 0 and r.stderr == " - Running ..\n"
    group = json.loads(r.stdout)
    assert group["provisioningState"] == "Succeeded" and group["osType"] == "Linux"
    assert group["location"] == "eastus" and group["name"] == "mycontainer"
    assert group["ipAddress"]["type"] == "Public" and group["ipAddress"]["ports"] == [{"port": 80, "protocol": "TCP"}]
    c = group["containers"][0]
    assert c["resources"]["requests"] == {"cpu": 1.0, "gpu": None, "memoryInGb": 1.5}
    assert c["instanceView"]["currentState"]["state"] == "Running"
    assert [e["name"] for e in c["instanceView"]["events"]] == ["Pulling", "Pulled", "Created", "Started"]
    page = curl(az, group["ipAddress"]["ip"], echo=False)
    assert page.exit_code == 0
    assert page.startswith("<html>\n<head>\n  <title>Welcome to Azure Container Instances!</title>\n</head>\n")
    assert "listening on port 80" in run(az, "container logs -g myResourceGroup -n mycontainer")
    table = run(az, "container list -o table").splitlines()
    assert table[0].split() == ["Name", "ResourceGroup", "Status", "Image", "IP:ports", "Network", "CPU/Memory",
                                "OsType", "Location"]
    assert f"{group['ipAddress']['ip']}:80" in table[2] and "1.0 core/1.5 gb" in table[2]


def test_dns_label_unique_per_region_and_fqdn(az):
    r = run(az, "container create -g myResourceGroup -n web --image nginx --dns-name-label aci-demo")
    assert json.loads(r.stdout)["ipAddress"]["fqdn"] == "aci-demo.eastus.azurecontainer.io"
    assert "<title>Welcome to nginx!</title>" in curl(az, "http://aci-demo.eastus.azurecontainer.io", echo=False)
    r = run(az, "container create -g myResourceGroup -n web2 --image httpd --dns-name-label aci-demo")
    assert r.exit_code == 1 and r.stderr.startswith(
        "ERROR: (DnsNameLabelNotAvailable) The DNS name label 'aci-demo' in container group 'web2' not available.")
    assert find_group(az, "myResourceGroup", "web2") is None
    r = run(az, "container create -g myResourceGroup -n web3 --image httpd --dns-name-label aci-demo -l westus")
    assert r.exit_code == 0
    assert curl(az, "aci-demo.westus.azurecontainer.io", echo=False) == "<html><body><h1>It works!</h1></body></html>\n"


def test_curl_errors(az):
    r = json.loads(run(az, "container create -g myResourceGroup -n web --image nginx --ports 80 8080 "
                           "--ip-address Public").stdout)
    ip = r["ipAddress"]["ip"]
    refused = curl(az, f"{ip}:8080", echo=False)
    assert refused.exit_code == 7
    assert refused.stderr == f"curl: (7) Failed to connect to {ip} port 80".replace(" 80", " 8080") + \
        " after 0 ms: Couldn't connect to server\n"
    assert curl(az, "nope.eastus.azurecontainer.io", echo=False).stderr == \
        "curl: (6) Could not resolve host: nope.eastus.azurecontainer.io\n"
    before = az.sim.now_ms
    timeout = curl(az, f"{ip}:443", echo=False)
    assert timeout.exit_code == 28 and az.sim.now_ms - before == 134_167
    run(az, "container stop -g myResourceGroup -n web")
    assert curl(az, ip, echo=False).exit_code == 28


def test_restart_policies(az):
    run(az, "container create -g myResourceGroup -n once --image busybox --restart-policy Never "
            "--command-line \"sh -c 'echo hello; sleep 5'\"")
    run(az, "container create -g myResourceGroup -n retry --image busybox --restart-policy OnFailure "
            "--command-line \"sh -c 'echo bad; exit 3'\"")
    az.run(seconds=120)
    once, retry = find_group(az, "myResourceGroup", "once"), find_group(az, "myResourceGroup", "retry")
    assert once.state == "Succeeded" and once.containers[0].exit_code == 0
    assert run(az, "container logs -g myResourceGroup -n once") == "hello\n"
    assert retry.containers[0].restart_count >= 2 and retry.state == "Running"


def test_yaml_group_shares_ip_and_lifecycle(az):
    az.files["group.yaml"] = """
apiVersion: 2019-12-01
location: eastus
name: twocontainers
properties:
  containers:
  - name: web
    properties:
      image: nginx
      resources: {requests: {cpu: 1, memoryInGb: 1.5}}
      ports: [{port: 80}]
  - name: sidecar
    properties:
      image: busybox
      command: ["sh", "-c", "while true; do echo tick; sleep 10; done"]
      resources: {requests: {cpu: 0.5, memoryInGb: 0.5}}
  osType: Linux
  ipAddress:
    type: Public
    ports: [{protocol: tcp, port: 80}]
type: Microsoft.ContainerInstance/containerGroups
"""
    r = run(az, "container create -g myResourceGroup -f group.yaml")
    assert r.exit_code == 0, r
    g = find_group(az, "myResourceGroup", "twocontainers")
    assert [c.name for c in g.containers] == ["web", "sidecar"] and g.cpu == 1.5 and g.memory == 2.0
    assert "Welcome to nginx!" in curl(az, g.ip, echo=False)
    az.run(seconds=30)
    assert "tick" in run(az, "container logs -g myResourceGroup -n twocontainers --container-name sidecar")
    assert run(az, "container logs -g myResourceGroup -n twocontainers").exit_code == 2
    run(az, "container stop -g myResourceGroup -n twocontainers")
    assert [c.state for c in g.containers] == ["Terminated", "Terminated"] and g.ip is None
    az.files["bad.yaml"] = "name: x\nproperties:\n  containers:\n  - name: a\n    properties: {image: nginx}\n"
    r = run(az, "container create -g myResourceGroup -f bad.yaml")
    assert r.exit_code == 1 and "properties.containers[0].properties.resources.requests" in r.stderr


def test_limits_and_quota(az):
    r = run(az, "container create -g myResourceGroup -n big --image nginx --cpu 5")
    assert r.stderr.startswith("ERROR: (ServiceUnavailable) The requested resource is not available in the location "
                               "'eastus' at this moment. Please retry with a different resource request or in another "
                               "location. Resource requested: '5' CPU '1.5' GB memory 'Linux' OS\n")
    r = run(az, "container create -g myResourceGroup -n ports --image nginx --ip-address Public --ports 1 2 3 4 5 6")
    assert r.exit_code == 1 and "at most 5" in r.stderr
    r = run(az, "container create -g myResourceGroup -n Bad_Name --image nginx")
    assert "(InvalidContainerGroupName)" in r.stderr
    r = run(az, "container create -g myResourceGroup -n ghost --image nosuchimage:1")   # no such official image
    assert "(InaccessibleImage) The image 'nosuchimage:1' in container group 'ghost' is not accessible." in r.stderr
    r = run(az, "container create -g myResourceGroup")
    assert r.stderr == "ERROR: the --name/-n argument is required unless specified with a passed in file.\n"
    for i in range(25):
        assert run(az, f"container create -g myResourceGroup -n g{i} --image nginx --cpu 4 --no-wait").exit_code == 0
    r = run(az, "container create -g myResourceGroup -n g25 --image nginx --cpu 1")
    assert r.exit_code == 1 and "(ContainerGroupQuotaReached)" in r.stderr and "'StandardCores'" in r.stderr
    assert find_group(az, "myResourceGroup", "g25") is None


def test_billing_per_second(az):
    run(az, "container create -g myResourceGroup -n job --image busybox --cpu 2 --memory 4 --restart-policy Never "
            "--command-line \"sleep 100\"")
    az.run(seconds=300)
    frame = billing(az)
    row = frame[frame["name"] == "job"].iloc[0]
    g = find_group(az, "myResourceGroup", "job")
    started = g.containers[0].start_ms
    assert g.state == "Succeeded" and not row["running"]
    assert row["seconds"] == (started + 100_000) / 1000     # billed from the pull until the container stopped
    assert row["vcpu_seconds"] == 2 * row["seconds"] and row["gb_seconds"] == 4 * row["seconds"]
    cost = aci_costs(az)["cost_usd"].iloc[0]
    assert cost == pytest.approx(row["seconds"] * (2 * 0.0000113 + 4 * 0.0000012375))


def test_exec_attach_delete(az):
    run(az, "container create -g myResourceGroup -n hello --image mcr.microsoft.com/azuredocs/aci-helloworld")
    out = run(az, "container exec -g myResourceGroup -n hello --exec-command 'ls /usr/src/app'")
    assert out.splitlines() == ["index.html", "index.js", "package.json"]
    assert run(az, "container exec -g myResourceGroup -n hello --exec-command 'echo hi'") == "hi\n"
    attach = run(az, "container attach -g myResourceGroup -n hello")
    assert attach.startswith("Container 'hello' is in state 'Running'...\n(count: 1) (last timestamp: ")
    assert "\nStart streaming logs:\nlistening on port 80\n" in attach
    assert run(az, "container delete -g myResourceGroup -n hello").exit_code == 1
    assert json.loads(run(az, "container delete -g myResourceGroup -n hello --yes"))["name"] == "hello"
    assert run(az, "container show -g myResourceGroup -n hello").exit_code == 3


def test_deterministic():
    def scenario():
        a = Azure(seed=3)
        a("group create -n rg -l eastus", echo=False)
        return [str(a(c, echo=False)) for c in (
            "container create -g rg -n a --image nginx --ip-address Public",
            "container create -g rg -n b --image microsoft/aci-helloworld --dns-name-label hello-b",
            "container list -o table")]
    first = scenario()
    assert first == scenario()                 # a second, independent run
    assert len(first) == 3 and all(first) and not any("ERROR" in o for o in first)
