"""The Kubernetes versions AKS offers in a region (``az aks get-versions``, ``az aks get-upgrades``).

A dated catalogue (the simulator's "now" is March 2026, :data:`k8scourse.defaults.EPOCH`): four
minor versions with two patches each, the default being 1.32.4 — the version the kubectl golden
files of the course show. AKS's rules, as its documentation states them (kubernetes-facts §7.3):

* a cluster upgrades to a newer patch of its minor version or to a patch of the *next* minor
  version; skipping a minor version (1.31 → 1.33) is refused with ``OperationNotAllowed``;
* ``--kubernetes-version 1.32`` (an alias without patch) means the newest patch of that minor.

Deliberate difference: every region offers the same catalogue; the LTS support plan is listed for
the two oldest minors as AKS lists it, but nothing else about LTS is modelled.

>>> upgrades_for("1.31.7")
['1.31.8', '1.32.3', '1.32.4']
>>> resolve("1.32"), DEFAULT_VERSION
('1.32.4', '1.32.4')
"""

from __future__ import annotations

from ... import defaults

# minor -> its patch versions, oldest first; the default minor and patch.
CATALOGUE: dict[str, tuple[str, ...]] = {
    "1.30": ("1.30.11", "1.30.12"),
    "1.31": ("1.31.7", "1.31.8"),
    "1.32": ("1.32.3", "1.32.4"),
    "1.33": ("1.33.0", "1.33.1"),
}
DEFAULT_MINOR = "1.32"
DEFAULT_VERSION = defaults.KUBERNETES_VERSION          # 1.32.4, the newest patch of the default minor
LTS_MINORS = ("1.30", "1.31")


def key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.lstrip("vV").split("."))


def minor_of(version: str) -> str:
    return ".".join(version.lstrip("vV").split(".")[:2])


def all_patches() -> list[str]:
    return [p for patches in CATALOGUE.values() for p in patches]


def resolve(version: str | None) -> str | None:
    """A full patch version for what the student typed (``1.32`` → newest 1.32 patch); None if unknown."""
    if not version:
        return DEFAULT_VERSION
    version = version.lstrip("vV")
    if version in CATALOGUE:
        return CATALOGUE[version][-1]
    return version if version in all_patches() else None


def upgrades_for(current: str) -> list[str]:
    """Versions a cluster on ``current`` may upgrade to: newer patches of its minor, then the next minor."""
    minors = list(CATALOGUE)
    minor = minor_of(current)
    found = [p for p in CATALOGUE.get(minor, ()) if key(p) > key(current)]
    if minor in minors and minors.index(minor) + 1 < len(minors):
        found += list(CATALOGUE[minors[minors.index(minor) + 1]])
    elif minor not in minors:          # an unsupported (older) version may jump to the oldest supported minor
        found += [p for p in CATALOGUE[minors[0]]]
    return found


def versions_json(location: str, subscription: str) -> dict:
    """``az aks get-versions -l LOCATION``: the API's ``KubernetesVersionListResult``."""
    values = []
    for minor, patches in CATALOGUE.items():
        plans = ["KubernetesOfficial", "AKSLongTermSupport"] if minor in LTS_MINORS else ["KubernetesOfficial"]
        values.append({
            "capabilities": {"supportPlan": plans},
            "isDefault": True if minor == DEFAULT_MINOR else None,
            "isPreview": None,
            "patchVersions": {p: {"upgrades": upgrades_for(p)} for p in patches},
            "version": minor,
        })
    values.sort(key=lambda v: key(v["version"]), reverse=True)
    return {"id": f"/subscriptions/{subscription}/providers/Microsoft.ContainerService/locations/{location}"
                  f"/kubernetesVersions/default",
            "name": "default", "type": "Microsoft.ContainerService/locations/kubernetesVersions", "values": values}


def versions_table(result: dict) -> list[dict]:
    """The CLI's table for get-versions: one row per patch, newest first."""
    rows = []
    for release in result.get("values", []):
        for version, info in release.get("patchVersions", {}).items():
            rows.append({"kubernetesVersion": version, "isPreview": release.get("isPreview"),
                         "upgrades": ", ".join(sorted(info.get("upgrades") or [], key=key)) or "None available",
                         "supportPlan": ", ".join(release.get("capabilities", {}).get("supportPlan", []))})
    return sorted(rows, key=lambda r: key(r["kubernetesVersion"]), reverse=True)


def upgrades_table(result: dict) -> list[dict]:
    """The CLI's table for get-upgrades: ``Name ResourceGroup MasterVersion Upgrades``."""
    cp = result.get("controlPlaneProfile") or {}
    versions = [u["kubernetesVersion"] for u in cp.get("upgrades") or []]
    return [{"name": result.get("name"), "resourceGroup": result.get("resourceGroup"),
             "masterVersion": cp.get("kubernetesVersion") or "unknown",
             "upgrades": ", ".join(sorted(versions, key=key)) if versions else "None available"}]
