"""Results printed the way the Azure CLI prints SDK models: every attribute, ``null`` when unset.

The CLI does not print what the service sent: it deserializes the response into the SDK's model
and turns the model back into a dict — every attribute the model has, in its order, ``None`` for
what the service left out, nested models the same way, names in camelCase — and then adds
``resourceGroup`` to every object whose ``id`` names one. The simulated cloud answers with the
fields it knows (as ARM does); :func:`render` gives them the model's shape, from the attribute lists
recorded from the SDK the CLI ships (``data/models.json``, ``scripts/az_models.py``).

>>> r = render("ResourceGroup", {"id": "/subscriptions/s/resourceGroups/rg", "name": "rg", "location": "eastus",
...                              "properties": {"provisioningState": "Succeeded"}})
>>> list(r.items())[2:]
[('type', None), ('properties', {'provisioningState': 'Succeeded'}), ('location', 'eastus'), ('managedBy', None), ('tags', None)]
>>> add_resource_group({"id": "/subscriptions/s/resourceGroups/rg/providers/P/t/n"})
{'id': '/subscriptions/s/resourceGroups/rg/providers/P/t/n', 'resourceGroup': 'rg'}
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _schemas() -> dict[str, list[tuple[str, str | None]]]:
    text = resources.files(__package__).joinpath("data", "models.json").read_text(encoding="utf-8")
    return {name: [(key, nested) for key, nested in fields] for name, fields in json.loads(text).items()}


def fields(model: str) -> list[str]:
    """The attribute names the CLI prints for ``model``, in the model's order."""
    return [key for key, _ in _schemas()[model]]


def render(model: str, body):
    """``body`` (an ARM answer, or None) as the CLI prints a ``model``. Keys the model does not have
    are left out, as the SDK does; ``resourceGroup`` comes back with :func:`add_resource_group`."""
    if body is None:
        return None
    out = {}
    for key, nested in _schemas()[model]:
        value = body.get(key)
        out[key] = _nested(nested, value) if nested and value is not None else value
    return out


def iso(value):
    """A date as the SDK prints it again: ``datetime.isoformat()`` (``+00:00``, microseconds only
    when there are some).

    >>> iso("2026-03-02T09:10:31Z"), iso("2026-03-02T09:10:31.250000+00:00")
    ('2026-03-02T09:10:31+00:00', '2026-03-02T09:10:31.250000+00:00')
    """
    from datetime import datetime
    if not isinstance(value, str):
        return value
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return value


def _nested(nested: str, value):
    if nested == "datetime":
        return iso(value)
    if nested.startswith("[") and isinstance(value, list):
        return [render(nested[1:-1], v) if isinstance(v, dict) else v for v in value]
    if nested.startswith("{") and isinstance(value, dict):
        return {k: render(nested[1:-1], v) if isinstance(v, dict) else v for k, v in value.items()}
    if isinstance(value, dict):
        return render(nested, value)
    return value


def add_resource_group(obj):
    """The CLI's last touch: ``resourceGroup`` beside every ``id`` of a resource in a resource group."""
    if isinstance(obj, list):
        for item in obj:
            add_resource_group(item)
    elif isinstance(obj, dict):
        if "resourcegroup" not in (k.lower() for k in obj) and isinstance(obj.get("id"), str) and obj["id"]:
            parts = obj["id"].split("/")
            if len(parts) > 8 and parts[3].lower() == "resourcegroups":
                obj["resourceGroup"] = parts[4]
        for key, value in list(obj.items()):
            if key != "sourceVault":
                add_resource_group(value)
    return obj
