"""Container, volume and pod-template sections shared by the pod and workload describers.

Models kubectl's ``describeContainers`` (Container ID, Image, Image ID, Port(s), Host Port(s),
Command/Args, State / Last State, Ready, Restart Count, Limits/Requests, probes, Environment,
Mounts), ``describeVolumes`` and ``DescribePodTemplate``.

Deliberate difference: a projected ``configMap``/``secret`` source's ``optional`` prints as
``true``/``false`` when set (kubectl prints a pointer's address there), ``<nil>`` when unset.

>>> describe_probe({"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 10,
...                 "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3})
'http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3'
"""

from __future__ import annotations

from ...api.objects import dig
from ...apiserver.tables.cells import format_label_selector, quantity_str
from .writer import print_labels, print_tolerations, print_annotations, rfc1123z


def describe_probe(p: dict) -> str:
    """``DescribeProbe``: handler then ``delay= timeout= period= #success= #failure=``."""
    attrs = (f"delay={p.get('initialDelaySeconds', 0)}s timeout={p.get('timeoutSeconds', 0)}s "
             f"period={p.get('periodSeconds', 0)}s #success={p.get('successThreshold', 0)} "
             f"#failure={p.get('failureThreshold', 0)}")
    if isinstance(p.get("exec"), dict):
        return f"exec [{' '.join(p['exec'].get('command') or [])}] {attrs}"
    if isinstance(p.get("httpGet"), dict):
        h = p["httpGet"]
        host, port = h.get("host", ""), str(h.get("port", ""))
        if port:
            host = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        return f"http-get {str(h.get('scheme', 'HTTP')).lower()}://{host}{h.get('path', '')} {attrs}"
    if isinstance(p.get("tcpSocket"), dict):
        t = p["tcpSocket"]
        return f"tcp-socket {t.get('host', '')}:{t.get('port', '')} {attrs}"
    if isinstance(p.get("grpc"), dict):
        g = p["grpc"]
        return f"grpc <pod>:{g.get('port', 0)} {g.get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _describe_state(w, title: str, state: dict) -> None:
    if isinstance(state.get("running"), dict):
        w.write(2, "%s:\tRunning\n", title)
        w.write(3, "Started:\t%s\n", rfc1123z(state["running"].get("startedAt")))
    elif isinstance(state.get("waiting"), dict):
        w.write(2, "%s:\tWaiting\n", title)
        if state["waiting"].get("reason"):
            w.write(3, "Reason:\t%s\n", state["waiting"]["reason"])
    elif isinstance(state.get("terminated"), dict):
        t = state["terminated"]
        w.write(2, "%s:\tTerminated\n", title)
        if t.get("reason"):
            w.write(3, "Reason:\t%s\n", t["reason"])
        if t.get("message"):
            w.write(3, "Message:\t%s\n", t["message"])
        w.write(3, "Exit Code:\t%d\n", int(t.get("exitCode") or 0))
        if (t.get("signal") or 0) > 0:
            w.write(3, "Signal:\t%d\n", t["signal"])
        w.write(3, "Started:\t%s\n", rfc1123z(t.get("startedAt")))
        w.write(3, "Finished:\t%s\n", rfc1123z(t.get("finishedAt")))
    else:
        w.write(2, "%s:\tWaiting\n", title)


def _field_value(pod: dict | None, path: str) -> str:
    if pod is None:
        return ""
    simple = {"metadata.name": ("metadata", "name"), "metadata.namespace": ("metadata", "namespace"),
              "metadata.uid": ("metadata", "uid"), "spec.nodeName": ("spec", "nodeName"),
              "spec.serviceAccountName": ("spec", "serviceAccountName"), "status.hostIP": ("status", "hostIP"),
              "status.podIP": ("status", "podIP")}
    if path in simple:
        return str(dig(pod, *simple[path], default=""))
    for field in ("labels", "annotations"):
        prefix = f"metadata.{field}['"
        if path.startswith(prefix) and path.endswith("']"):
            return str(dig(pod, "metadata", field, path[len(prefix):-2], default=""))
    return ""


def _describe_env(w, container: dict, pod: dict | None) -> None:
    env_from = container.get("envFrom") or []
    if env_from:
        w.write(2, "Environment Variables from:\n")
        for e in env_from:
            if e.get("configMapRef"):
                ref, source = e["configMapRef"], "ConfigMap"
            else:
                ref, source = e.get("secretRef") or {}, "Secret"
            optional = go_bool(ref.get("optional"))
            if e.get("prefix"):
                w.write(3, "%s\t%s with prefix '%s'\tOptional: %s\n", ref.get("name", ""), source, e["prefix"],
                        optional)
            else:
                w.write(3, "%s\t%s\tOptional: %s\n", ref.get("name", ""), source, optional)
    env = container.get("env") or []
    w.write(2, "Environment:%s\n", "" if env else "\t<none>")
    for e in env:
        vf = e.get("valueFrom")
        if not isinstance(vf, dict):
            for i, line in enumerate(str(e.get("value", "")).split("\n")):
                if i == 0:
                    w.write(3, "%s:\t%s\n", e.get("name", ""), line)
                else:
                    w.write(3, "\t%s\n", line)
        elif isinstance(vf.get("fieldRef"), dict):
            f = vf["fieldRef"]
            w.write(3, "%s:\t%s (%s:%s)\n", e.get("name", ""), _field_value(pod, f.get("fieldPath", "")),
                    f.get("apiVersion", "v1"), f.get("fieldPath", ""))
        elif isinstance(vf.get("resourceFieldRef"), dict):
            res = vf["resourceFieldRef"].get("resource", "")
            kind, _, rname = res.partition(".")
            value = dig(container, "resources", kind, rname)
            text = quantity_str(value) if value is not None else "0"
            if text == "0" and res in ("limits.cpu", "limits.memory"):
                text = "node allocatable"
            w.write(3, "%s:\t%s (%s)\n", e.get("name", ""), text, res)
        elif isinstance(vf.get("secretKeyRef"), dict):
            r = vf["secretKeyRef"]
            w.write(3, "%s:\t<set to the key '%s' in secret '%s'>\tOptional: %s\n", e.get("name", ""),
                    r.get("key", ""), r.get("name", ""), go_bool(r.get("optional")))
        elif isinstance(vf.get("configMapKeyRef"), dict):
            r = vf["configMapKeyRef"]
            w.write(3, "%s:\t<set to the key '%s' of config map '%s'>\tOptional: %s\n", e.get("name", ""),
                    r.get("key", ""), r.get("name", ""), go_bool(r.get("optional")))


def go_bool(value) -> str:
    return "true" if value else "false"


def describe_containers(w, label: str, containers, statuses, pod: dict | None, space: str = "") -> None:
    """``describeContainers``: one block per container; statuses only for a real pod."""
    by_name = {s.get("name"): s for s in statuses or []}
    w.write(0, "%s%s:%s\n", space, label, "" if containers else " <none>")
    for c in containers or []:
        status = by_name.get(c.get("name"))
        w.write(1, "%s%s:\n", " " if space else "", c.get("name", ""))
        if status is not None:
            w.write(2, "Container ID:\t%s\n", status.get("containerID", ""))
        w.write(2, "Image:\t%s\n", c.get("image", ""))
        if status is not None:
            w.write(2, "Image ID:\t%s\n", status.get("imageID", ""))
        ports = c.get("ports") or []
        port_text = ", ".join(f"{p.get('containerPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
        host_text = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
        if "," in port_text:
            w.write(2, "Ports:\t%s\n", port_text)
        else:
            w.write(2, "Port:\t%s\n", port_text or "<none>")
        if "," in host_text:
            w.write(2, "Host Ports:\t%s\n", host_text)
        else:
            w.write(2, "Host Port:\t%s\n", host_text or "<none>")
        if c.get("restartPolicy"):
            w.write(2, "Restart Policy:\t%s\n", c["restartPolicy"])
        for title, key in (("Command", "command"), ("Args", "args")):
            if c.get(key):
                w.write(2, "%s:\n", title)
                for item in c[key]:
                    for line in str(item).split("\n"):
                        w.write(3, "%s\n", line)
        if status is not None:
            _describe_state(w, "State", status.get("state") or {})
            if isinstance(dig(status, "lastState", "terminated"), dict):
                _describe_state(w, "Last State", status["lastState"])
            w.write(2, "Ready:\t%s\n", "True" if status.get("ready") else "False")
            w.write(2, "Restart Count:\t%d\n", int(status.get("restartCount") or 0))
        resources = c.get("resources") or {}
        for title, key in (("Limits", "limits"), ("Requests", "requests")):
            if resources.get(key):
                w.write(2, "%s:\n", title)
                for name in sorted(resources[key]):
                    w.write(3, "%s:\t%s\n", name, quantity_str(resources[key][name]))
        for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                           ("Startup", "startupProbe")):
            if isinstance(c.get(key), dict):
                w.write(2, "%s:\t%s\n", title, describe_probe(c[key]))
        _describe_env(w, c, pod)
        mounts = c.get("volumeMounts") or []
        w.write(2, "Mounts:%s\n", "" if mounts else "\t<none>")
        for m in sorted(mounts, key=lambda m: m.get("mountPath", "")):
            flags = ["ro" if m.get("readOnly") else "rw"]
            if m.get("subPath"):
                flags.append(f'path="{m["subPath"]}"')
            w.write(3, "%s from %s (%s)\n", m.get("mountPath", ""), m.get("name", ""), ",".join(flags))
        devices = c.get("volumeDevices") or []
        if devices:
            w.write(2, "Devices:\n")
            for d in sorted(devices, key=lambda d: d.get("devicePath", "")):
                w.write(3, "%s from %s\n", d.get("devicePath", ""), d.get("name", ""))


def _optional(value) -> str:
    return "<nil>" if value is None else go_bool(value)


def _describe_volume_source(w, v: dict) -> None:
    if isinstance(v.get("hostPath"), dict):
        h = v["hostPath"]
        w.write(2, "Type:\tHostPath (bare host directory volume)\n    Path:\t%s\n    HostPathType:\t%s\n",
                h.get("path", ""), h.get("type") or "")   # defaulted to "" (HostPathUnset)
    elif isinstance(v.get("emptyDir"), dict):
        e = v["emptyDir"]
        limit = quantity_str(e["sizeLimit"]) if e.get("sizeLimit") not in (None, "", "0") else "<unset>"
        w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                   "    Medium:\t%s\n    SizeLimit:\t%s\n", e.get("medium", ""), limit)
    elif isinstance(v.get("secret"), dict):
        s = v["secret"]
        w.write(2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t%s\n    Optional:\t%s\n",
                s.get("secretName", ""), go_bool(s.get("optional")))
    elif isinstance(v.get("configMap"), dict):
        c = v["configMap"]
        w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t%s\n    Optional:\t%s\n",
                c.get("name", ""), go_bool(c.get("optional")))
    elif isinstance(v.get("persistentVolumeClaim"), dict):
        c = v["persistentVolumeClaim"]
        w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
                   "namespace)\n    ClaimName:\t%s\n    ReadOnly:\t%s\n", c.get("claimName", ""),
                go_bool(c.get("readOnly")))
    elif isinstance(v.get("projected"), dict):
        w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
        for src in v["projected"].get("sources") or []:
            if isinstance(src.get("secret"), dict):
                w.write(2, "SecretName:\t%s\n    SecretOptionalName:\t%s\n", src["secret"].get("name", ""),
                        _optional(src["secret"].get("optional")))
            elif isinstance(src.get("downwardAPI"), dict):
                w.write(2, "DownwardAPI:\ttrue\n")
            elif isinstance(src.get("configMap"), dict):
                w.write(2, "ConfigMapName:\t%s\n    ConfigMapOptional:\t%s\n", src["configMap"].get("name", ""),
                        _optional(src["configMap"].get("optional")))
            elif isinstance(src.get("serviceAccountToken"), dict):
                seconds = int(src["serviceAccountToken"].get("expirationSeconds") or 3600)
                w.write(2, "TokenExpirationSeconds:\t%d\n", seconds)
    elif isinstance(v.get("downwardAPI"), dict):
        w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
        for item in v["downwardAPI"].get("items") or []:
            if isinstance(item.get("fieldRef"), dict):
                w.write(3, "%s -> %s\n", item["fieldRef"].get("fieldPath", ""), item.get("path", ""))
            if isinstance(item.get("resourceFieldRef"), dict):
                w.write(3, "%s -> %s\n", item["resourceFieldRef"].get("resource", ""), item.get("path", ""))
    else:
        w.write(1, "<unknown>\n")


def describe_volumes(w, volumes, space: str = "") -> None:
    """``describeVolumes``: ``Volumes: <none>`` or one typed block per volume."""
    if not volumes:
        w.write(0, "%sVolumes:\t<none>\n", space)
        return
    w.write(0, "%sVolumes:\n", space)
    for v in volumes:
        w.write(1, "%s%s:\n", " " if space else "", v.get("name", ""))
        _describe_volume_source(w, v)


def describe_topology_spread(w, constraints, space: str = "") -> None:
    if not constraints:
        return
    w.write(0, "%sTopology Spread Constraints:\t", space)
    for i, c in enumerate(sorted(constraints, key=lambda c: c.get("topologyKey", ""))):
        if i:
            w.write(0, "%s\t", space)
        text = (f"{c.get('topologyKey', '')}:{c.get('whenUnsatisfiable', '')} "
                f"when max skew {c.get('maxSkew', 0)} is exceeded")
        if c.get("labelSelector") is not None:
            text += f" for selector {format_label_selector(c['labelSelector'])}"
        w.write(0, "%s\n", text)


def describe_pod_template(w, template: dict | None) -> None:
    """``DescribePodTemplate`` (deployment/RS describe, ``rollout history --revision``)."""
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    md, spec = template.get("metadata") or {}, template.get("spec") or {}
    print_labels(w, "  Labels", md.get("labels"))
    if md.get("annotations"):
        print_annotations(w, "  Annotations", md["annotations"])
    if spec.get("serviceAccountName"):
        w.write(1, "Service Account:\t%s\n", spec["serviceAccountName"])
    if spec.get("initContainers"):
        describe_containers(w, "Init Containers", spec["initContainers"], None, None, "  ")
    describe_containers(w, "Containers", spec.get("containers"), None, None, "  ")
    describe_volumes(w, spec.get("volumes"), "  ")
    describe_topology_spread(w, spec.get("topologySpreadConstraints"), "  ")
    if spec.get("priorityClassName"):
        w.write(1, "Priority Class Name:\t%s\n", spec["priorityClassName"])
    print_labels(w, "Node-Selectors", spec.get("nodeSelector"), "  ", "\t")
    print_tolerations(w, "Tolerations", spec.get("tolerations"), "  ", "\t")
