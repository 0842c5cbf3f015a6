"""Owner references: which object controls which (``metav1.GetControllerOf``, ``NewControllerRef``).

An object made by a controller (a ReplicaSet's pod, a Deployment's ReplicaSet) carries one owner
reference with ``controller: true``; the garbage collector, the controllers' adoption and
``kubectl describe``'s ``Controlled By:`` line all read that one reference.

>>> rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web-5559847b68", "uid": "u1"}}
>>> ref = controller_ref(rs); ref["kind"], ref["controller"], ref["blockOwnerDeletion"]
('ReplicaSet', True, True)
>>> controller_of({"metadata": {"ownerReferences": [{"kind": "Node", "name": "n"}, ref]}})["name"]
'web-5559847b68'
>>> controller_of({"metadata": {}}) is None
True
"""

from __future__ import annotations

from .objects import dig


def controller_ref(owner: dict) -> dict:
    """The controller owner reference an object created by ``owner`` carries."""
    md = owner.get("metadata") or {}
    return {"apiVersion": owner.get("apiVersion", ""), "kind": owner.get("kind", ""),
            "name": md.get("name", ""), "uid": md.get("uid", ""), "controller": True,
            "blockOwnerDeletion": True}


def controller_of(obj: dict) -> dict | None:
    """The owner reference with ``controller: true``, or None."""
    for ref in dig(obj, "metadata", "ownerReferences", default=[]) or []:
        if ref.get("controller"):
            return ref
    return None
