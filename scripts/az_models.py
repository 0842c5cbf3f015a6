"""Record the shapes of the SDK models the Azure CLI prints (run with the Azure CLI's own Python).

    HOME=$(mktemp -d) /tmp/azcli/bin/python scripts/az_models.py k8scourse/cli/az/data/models.json

``az`` prints a result by turning the SDK model into a dict: every attribute of the model, in the
model's order, ``None`` when the service did not send it, nested models the same way, names in
camelCase. For each model a command of the course returns (and every model nested in it) this
writes down those attribute names in order and, for a nested model, its name (``Model``,
``[Model]`` for a list, ``{Model}`` for a dict of them; ``datetime`` for a date the SDK parses and
prints again in ISO format). ``additionalProperties`` is left out: the
CLI merges it into its owner. Facts only: no code of the SDK is carried.
"""

from __future__ import annotations

import json
import sys
import typing

ROOTS = {
    "azure.mgmt.containerservice.models": ["ManagedCluster", "AgentPool", "ManagedClusterUpgradeProfile",
                                           "KubernetesVersionListResult"],
    "azure.mgmt.containerregistry.models": ["Registry", "Replication"],
    "azure.mgmt.containerinstance.models": ["ContainerGroup"],
    "azure.mgmt.resource.resources.models": ["ResourceGroup"],
}


def camel(name: str) -> str:
    from knack.util import to_camel_case
    return to_camel_case(name)


def _model_of(tp, module):
    """(kind, model class) of an annotation: a model, a list or a dict of models, or (None, None)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union:
        inner = [a for a in args if a is not type(None)]
        return _model_of(inner[0], module) if len(inner) == 1 else (None, None)
    if origin in (list, typing.List) and args:
        kind, cls = _model_of(args[0], module)
        return ("list", cls) if kind == "model" else (None, None)
    if origin in (dict, typing.Dict) and len(args) == 2:
        kind, cls = _model_of(args[1], module)
        return ("dict", cls) if kind == "model" else (None, None)
    if isinstance(tp, type) and (getattr(tp, "_is_model", False) or hasattr(tp, "_attribute_map")):
        return "model", tp
    return None, None


def _hint(annotation, namespace):
    """One attribute's annotation, resolved (the SDK writes them as ``'_models.X'`` forward references)."""
    class _One:
        pass
    _One.__annotations__ = {"x": annotation}
    try:
        return typing.get_type_hints(_One, namespace)["x"]
    except Exception:  # noqa: BLE001 - an annotation naming something else than a model: no nesting
        return None


def _hints(cls, module) -> dict:
    namespace = {**vars(module), "_models": module}
    found: dict = {}
    for klass in cls.__mro__:
        for name, annotation in getattr(klass, "__annotations__", {}).items():
            if name not in found:
                found[name] = _hint(annotation, namespace)
    return found


def _typespec_fields(cls, module) -> list[tuple[str, object]]:
    from azure.core.serialization import attribute_list, get_backcompat_attr_name
    instance = cls({"properties": {}})      # a flattened "properties" is resolved once it is there
    hints = _hints(cls, module)
    if getattr(cls, f"_{cls.__name__}__flattened_items", None) and hints.get("properties") is not None:
        _, props = _model_of(hints["properties"], module)
        if props is not None:
            for name, hint in _hints(props, module).items():
                hints.setdefault(name, hint)
    return [(camel(get_backcompat_attr_name(instance, attr)), hints.get(attr)) for attr in attribute_list(instance)]


def _msrest_fields(cls, module) -> list[tuple[str, object]]:
    import inspect
    try:
        instance = cls()
    except TypeError:
        params = inspect.signature(cls.__init__).parameters
        instance = cls(**{n: None for n, p in params.items() if p.kind is p.KEYWORD_ONLY and p.default is p.empty})
    fields = []
    for attr, value in vars(instance).items():
        # additional_properties is merged into its owner by the CLI (the service's unknown keys)
        if attr.startswith("_") or callable(value) or attr == "additional_properties":
            continue
        spec = cls._attribute_map.get(attr, {}).get("type", "")
        fields.append((camel(attr), spec))
    return fields


def _unwrap(annotation):
    """``Optional[X]`` → X."""
    if typing.get_origin(annotation) is typing.Union:
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return inner[0] if len(inner) == 1 else annotation
    return annotation


def _nested_name(annotation, module) -> str | None:
    import datetime
    if annotation in ("iso-8601", "rfc-1123") or _unwrap(annotation) is datetime.datetime:
        return "datetime"                       # printed again by the SDK: isoformat()
    if isinstance(annotation, str):            # msrest: "[Container]", "{str}", "ContainerGroupProperties"
        inner = annotation.strip("[]{}")
        if inner in dir(module) and isinstance(getattr(module, inner), type):
            mark = "[" if annotation.startswith("[") else "{" if annotation.startswith("{") else ""
            return f"{mark}{inner}{']' if mark == '[' else '}' if mark == '{' else ''}"
        return None
    kind, cls = _model_of(annotation, module)
    if cls is None:
        return None
    return {"model": cls.__name__, "list": f"[{cls.__name__}]", "dict": f"{{{cls.__name__}}}"}[kind]


def main() -> None:
    import importlib
    out: dict = {}
    for module_name, roots in ROOTS.items():
        module = importlib.import_module(module_name)
        todo = list(roots)
        while todo:
            name = todo.pop(0)
            if name in out:
                continue
            cls = getattr(module, name)
            fields = _typespec_fields(cls, module) if getattr(cls, "_is_model", False) else _msrest_fields(cls, module)
            entry = []
            for key, annotation in fields:
                nested = _nested_name(annotation, module)
                entry.append([key, nested])
                if nested and nested != "datetime":
                    todo.append(nested.strip("[]{}"))
            out[name] = entry
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write("{\n")
        items = list(out.items())
        for i, (name, entry) in enumerate(items):
            f.write(f"  {json.dumps(name)}: {json.dumps(entry, separators=(',', ':'))}{',' if i < len(items) - 1 else ''}\n")
        f.write("}\n")


if __name__ == "__main__":
    main()
