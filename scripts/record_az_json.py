"""Record how the real Azure CLI prints the results of a course scenario (the JSON golden files).

    .venv/bin/python scripts/record_az_json.py /tmp/azcli/bin/python

Offline the real CLI cannot create anything, so the answers come from the simulator and the
*printing* from the real CLI: each step of :data:`SCENARIO` runs against a simulated subscription;
its JSON result goes, with the name of the SDK model the real command returns, to the Azure CLI's
own Python (``--render``), which deserializes it into that model exactly as the CLI deserializes
a service response and prints it as ``az`` does (the model turned into a dict — every attribute,
``null`` when unset, camelCase names, dates re-printed by the SDK — then ``resourceGroup`` added).
What comes back is written to ``tests/data/az-golden/json/NN-<step>.json``. The simulator's output
must equal it: same keys, same nulls, same values.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "data" / "az-golden" / "json"

# (file name, command line, SDK model of the result — "[Model]" for a list)
SCENARIO = [
    ("group-create", "group create -n myResourceGroup -l eastus", "ResourceGroup"),
    ("group-show", "group show -n myResourceGroup", "ResourceGroup"),
    ("group-list", "group list", "[ResourceGroup]"),
    ("aks-create", "aks create -g myResourceGroup -n myAKSCluster --node-count 2 --generate-ssh-keys",
     "ManagedCluster"),
    ("aks-show", "aks show -g myResourceGroup -n myAKSCluster", "ManagedCluster"),
    ("aks-list", "aks list", "[ManagedCluster]"),
    ("aks-nodepool-add", "aks nodepool add -g myResourceGroup --cluster-name myAKSCluster -n np2 --node-count 1",
     "AgentPool"),
    ("aks-nodepool-show", "aks nodepool show -g myResourceGroup --cluster-name myAKSCluster -n np2", "AgentPool"),
    ("aks-nodepool-list", "aks nodepool list -g myResourceGroup --cluster-name myAKSCluster", "[AgentPool]"),
    ("aks-scale", "aks scale -g myResourceGroup -n myAKSCluster --node-count 3 --nodepool-name nodepool1",
     "ManagedCluster"),
    ("aks-get-upgrades", "aks get-upgrades -g myResourceGroup -n myAKSCluster", "ManagedClusterUpgradeProfile"),
    ("aks-get-versions", "aks get-versions -l eastus", "KubernetesVersionListResult"),
    ("acr-create", "acr create -g myResourceGroup -n k8scourseacr01 --sku Premium", "Registry"),
    ("acr-show", "acr show -n k8scourseacr01", "Registry"),
    ("acr-update", "acr update -n k8scourseacr01 --admin-enabled true", "Registry"),
    ("acr-list", "acr list", "[Registry]"),
    ("acr-replication-create", "acr replication create -r k8scourseacr01 -l westeurope", "Replication"),
    ("acr-replication-list", "acr replication list -r k8scourseacr01", "[Replication]"),
    ("container-create", "container create -g myResourceGroup -n mycontainer --image microsoft/aci-helloworld "
                         "--ip-address public --dns-name-label k8scourse-aci-demo", "ContainerGroup"),
    ("container-show", "container show -g myResourceGroup -n mycontainer", "ContainerGroup"),
    ("container-list", "container list", "[ContainerGroup]"),
]

MODULES = {
    "ManagedCluster": "azure.mgmt.containerservice.models", "AgentPool": "azure.mgmt.containerservice.models",
    "ManagedClusterUpgradeProfile": "azure.mgmt.containerservice.models",
    "KubernetesVersionListResult": "azure.mgmt.containerservice.models",
    "Registry": "azure.mgmt.containerregistry.models", "Replication": "azure.mgmt.containerregistry.models",
    "ContainerGroup": "azure.mgmt.containerinstance.models", "ResourceGroup": "azure.mgmt.resource.resources.models",
}


def run_scenario() -> list[dict]:
    """The simulator's results of every step (run from the project's own environment)."""
    from k8scourse.cloud import Azure
    az = Azure(seed=0)
    steps = []
    for name, line, model in SCENARIO:
        result = az(line, echo=False)
        if result.exit_code != 0:
            raise SystemExit(f"az {line} failed:\n{result}")
        steps.append({"name": name, "command": line, "model": model, "output": json.loads(result.stdout)})
    return steps


def _rest(cls, data: dict, module) -> dict:
    """A CLI-shaped dict (flattened ``properties``, attribute names in camelCase) as the service's
    JSON for a typespec-generated model (its REST names, ``properties`` nested)."""
    from azure.core.serialization import get_backcompat_attr_name
    from az_models import _hints, camel
    instance = cls({"properties": {}})
    hints = _hints(cls, module)
    flattened = getattr(cls, f"_{cls.__name__}__flattened_items", None) and "properties"
    rest: dict = {}
    for attr, field in cls._attr_to_rest_field.items():
        if attr == flattened:
            inner_cls = field._class_type
            inner_cls({})
            inner_hints = _hints(inner_cls, module)
            inner = {}
            for inner_attr, inner_field in inner_cls._attr_to_rest_field.items():
                key = camel(get_backcompat_attr_name(instance, inner_attr))
                if key in data:
                    inner[inner_field._rest_name] = _value(inner_hints.get(inner_attr), data[key], module)
            rest[field._rest_name] = inner
            continue
        key = camel(get_backcompat_attr_name(instance, attr))
        if key in data:
            rest[field._rest_name] = _value(hints.get(attr), data[key], module)
    return rest


def _value(hint, value, module):
    from az_models import _model_of
    kind, cls = _model_of(hint, module)
    if cls is None or value is None:
        return value
    if kind == "list":
        return [_rest(cls, v, module) if isinstance(v, dict) else v for v in value]
    if kind == "dict":
        return {k: _rest(cls, v, module) if isinstance(v, dict) else v for k, v in value.items()}
    return _rest(cls, value, module) if isinstance(value, dict) else value


def _msrest_rest(cls, data: dict, module) -> dict:
    """The same for an msrest-generated model: its ``_attribute_map`` gives each attribute's REST
    path (``properties.containers``) and type (``[Container]``)."""
    from az_models import camel
    rest: dict = {}
    for attr, spec in cls._attribute_map.items():
        key = camel(attr)
        if not spec.get("key") or key not in data:
            continue
        value = data[key]
        kind = spec.get("type", "")
        inner = getattr(module, kind.strip("[]{}"), None)
        if isinstance(inner, type) and hasattr(inner, "_attribute_map") and value is not None:
            if kind.startswith("["):
                value = [_msrest_rest(inner, v, module) if isinstance(v, dict) else v for v in value]
            elif kind.startswith("{"):
                value = {k: _msrest_rest(inner, v, module) if isinstance(v, dict) else v for k, v in value.items()}
            elif isinstance(value, dict):
                value = _msrest_rest(inner, value, module)
        # "a.b" is nested, "a\\.b" one key with a dot
        path = [p.replace("\0", ".") for p in spec["key"].replace("\\.", "\0").split(".")]
        target = rest
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = value
    return rest


def _to_model(model: str, data: dict):
    """A CLI-shaped dict back into the SDK's model, as the service's answer would be deserialized."""
    import importlib
    module = importlib.import_module(MODULES[model])
    cls = getattr(module, model)
    if getattr(cls, "_is_model", False):
        return cls(_rest(cls, data, module))
    return cls.deserialize(_msrest_rest(cls, data, module))


def render(steps: list[dict]) -> list[dict]:
    """Print each result as the CLI does (run with the Azure CLI's Python)."""
    from azure.cli.core.commands import AzCliCommandInvoker
    from azure.cli.core.commands.transform import _add_resource_group
    from azure.cli.core.util import todict
    out = []
    for step in steps:
        model = step["model"].strip("[]")
        data = step["output"]
        objects = [_to_model(model, d) for d in data] if isinstance(data, list) else _to_model(model, data)
        printed = todict(objects, AzCliCommandInvoker.remove_additional_prop_layer)
        _add_resource_group(printed)
        out.append({**step, "output": printed})
    return out


def main(argv: list[str]) -> None:
    if argv[:1] == ["--render"]:
        steps = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        Path(argv[2]).write_text(json.dumps(render(steps)), encoding="utf-8")
        return
    azcli_python = argv[0]
    steps = run_scenario()
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "sim.json", Path(tmp) / "real.json"
        src.write_text(json.dumps(steps), encoding="utf-8")
        subprocess.run([azcli_python, __file__, "--render", str(src), str(dst)], check=True,
                       env={"HOME": tmp, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parent)})
        rendered = json.loads(dst.read_text(encoding="utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    for i, step in enumerate(rendered, start=1):
        text = json.dumps({"command": f"az {step['command']}", "model": step["model"], "output": step["output"]},
                          indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        (OUT / f"{i:02d}-{step['name']}.json").write_text(text, encoding="utf-8")
        print(f"{i:02d}-{step['name']}")


if __name__ == "__main__":
    main(sys.argv[1:])
