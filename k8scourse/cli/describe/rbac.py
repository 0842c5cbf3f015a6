"""``kubectl describe role|clusterrole``: the PolicyRule table.

Layout of kubectl's ``RoleDescriber``/``ClusterRoleDescriber``: each rule is broken down into one
rule per (API group, resource, resource name) and per non-resource URL, keeping its verbs; rules
for the same single resource (and name) are merged, verbs added in order; the rows are sorted by the
rule's protobuf ``String()`` (``&PolicyRule{Verbs:[…],APIGroups:[…],…}`` — so by verbs first); a
row shows ``resource.group`` (``*.*`` for every resource of every group), the URLs, the names and
the verbs as Go prints slices (``[get list watch]``).

>>> print(describe_role(None, {"metadata": {"name": "r"}, "rules": [
...     {"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list"]}]}, 0), end="")
Name:         r
Labels:       <none>
Annotations:  <none>
PolicyRule:
  Resources  Non-Resource URLs  Resource Names  Verbs
  ---------  -----------------  --------------  -----
  pods/log   []                 []              [get list]
  pods       []                 []              [get list]
"""

from __future__ import annotations

from .writer import DescribeWriter, print_annotations, print_labels


def _breakdown(rule: dict) -> list[dict]:
    out = []
    verbs = list(rule.get("verbs") or [])
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            names = rule.get("resourceNames") or []
            for name in names or [None]:
                sub = {"verbs": list(verbs), "apiGroups": [group], "resources": [resource]}
                if name is not None:
                    sub["resourceNames"] = [name]
                out.append(sub)
    for url in rule.get("nonResourceURLs") or []:
        out.append({"verbs": list(verbs), "nonResourceURLs": [url]})
    return out


def _compact(rules: list[dict]) -> list[dict]:
    compacted, simple = [], {}
    for rule in rules:
        names = rule.get("resourceNames") or []
        if not rule.get("nonResourceURLs") and len(rule.get("apiGroups") or []) == 1 \
                and len(rule.get("resources") or []) == 1 and len(names) <= 1:
            key = (rule["apiGroups"][0], rule["resources"][0], names[0] if names else None)
            if key in simple:
                for verb in rule["verbs"]:
                    if verb not in simple[key]["verbs"]:
                        simple[key]["verbs"].append(verb)
            else:
                simple[key] = {k: list(v) for k, v in rule.items()}
        else:
            compacted.append(rule)
    return compacted + list(simple.values())


def go_slice(values) -> str:
    return "[" + " ".join(values or []) + "]"


def _proto_string(rule: dict) -> str:
    return (f"&PolicyRule{{Verbs:{go_slice(rule.get('verbs'))},APIGroups:{go_slice(rule.get('apiGroups'))},"
            f"Resources:{go_slice(rule.get('resources'))},ResourceNames:{go_slice(rule.get('resourceNames'))},"
            f"NonResourceURLs:{go_slice(rule.get('nonResourceURLs'))},}}")


def resource_group(rule: dict) -> str:
    resources, groups = rule.get("resources") or [], rule.get("apiGroups") or []
    if not resources:
        return ""
    if not groups or not groups[0]:
        return resources[0]
    resource, slash, sub = resources[0].partition("/")      # a subresource follows the group
    return f"{resource}.{groups[0]}{slash}{sub}"


def policy_rows(rules: list[dict]) -> list[dict]:
    """The rules as kubectl describe lists them."""
    broken = [sub for rule in rules or [] for sub in _breakdown(rule)]
    return sorted(_compact(broken), key=lambda r: _proto_string(r).encode())


def describe_role(server, role: dict, now_ms: int, show_events: bool = True) -> str:
    md = role.get("metadata") or {}
    w = DescribeWriter()
    w.write(0, "Name:\t%s\n", md.get("name", ""))
    print_labels(w, "Labels", md.get("labels"))
    print_annotations(w, "Annotations", md.get("annotations"))
    w.write(0, "PolicyRule:\n")
    w.write(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    w.write(1, "---------\t-----------------\t--------------\t-----\n")
    for rule in policy_rows(role.get("rules") or []):
        w.write(1, "%s\t%s\t%s\t%s\n", resource_group(rule), go_slice(rule.get("nonResourceURLs")),
                go_slice(rule.get("resourceNames")), go_slice(rule.get("verbs")))
    return w.text()
