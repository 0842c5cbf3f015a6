"""Every command the lecture text shows appears in a course notebook, and ran there cleanly.

The lecture's commands (the course lecture's AKS, ACI and networking slides) are listed here as a
student would type them in the notebooks (`%az …` / `%kubectl …`, `az.curl(…)`, a node shell's
`docker ps` / `ip addr`). For each, some notebook's code cell contains it, and that cell's saved
output holds no error. Strict nbval then re-runs every notebook and compares the outputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

# (lecture line, text of the notebook cell that runs it — or several texts the cell must all contain —
#  and optionally what its output must show, as the lecture shows it)
LECTURE_COMMANDS = [
    ("az aks create -g myResourceGroup -n myCluster --generate-ssh-keys",
     "aks create -g myResourceGroup -n myCluster --generate-ssh-keys"),
    ("az aks install-cli", "aks install-cli"),
    ("az aks get-credentials -g myResourceGroup -n myCluster", "aks get-credentials -g myResourceGroup -n myCluster"),
    ("kubectl get nodes", "kubectl get nodes"),
    ("az aks get-upgrades --resource-group myResourceGroup --name myCluster -o table",
     "aks get-upgrades --resource-group myResourceGroup --name myCluster -o table"),
    ("az aks upgrade -g myResourceGroup -n myCluster --kubernetes-version …",
     "aks upgrade -g myResourceGroup -n myCluster --kubernetes-version"),
    ("az aks scale -g myResourceGroup -n myCluster --node-count 4",
     "aks scale -g myResourceGroup -n myCluster --node-count 4"),
    ("az container create --name mycontainer --image microsoft/aci-helloworld --resource-group myResourceGroup "
     "--ip-address public",
     "container create --name mycontainer --image microsoft/aci-helloworld --resource-group myResourceGroup "
     "--ip-address public"),
    # the lecture curls the public IP of the container it just created and shows the welcome page
    ("curl 52.168.86.133",
     ("container show -g myResourceGroup -n mycontainer --query ipAddress.ip -o tsv", "az.curl(ip)"),
     "<title>Welcome to Azure Container Instances!</title>"),
    ("docker ps (on a node: the pause containers)", "docker ps"),
    ("ip addr (on a node)", "ip addr"),
]


def _cells():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                yield path.name, "".join(cell["source"]), cell.get("outputs", [])


def _text(outputs) -> str:
    parts = []
    for out in outputs:
        if out.get("output_type") == "error":
            parts.append("TRACEBACK " + out.get("ename", ""))
        parts.append("".join(out.get("text", "")))
        parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "".join(parts)


@pytest.mark.parametrize("lecture, typed, shown", [c if len(c) == 3 else (*c, "") for c in LECTURE_COMMANDS],
                         ids=[c[0][:50] for c in LECTURE_COMMANDS])
def test_lecture_command_runs_in_a_notebook(lecture, typed, shown):
    typed = (typed,) if isinstance(typed, str) else typed
    hits = [(name, _text(outputs)) for name, source, outputs in _cells() if all(t in source for t in typed)]
    assert hits, f"no notebook runs the lecture's `{lecture}`"
    clean = [name for name, text in hits
             if "TRACEBACK" not in text and "ERROR:" not in text and "internal simulator error" not in text
             and shown in text]
    assert clean, f"`{lecture}` appears in {[n for n, _ in hits]} but no such cell printed {shown or 'cleanly'!r}"
