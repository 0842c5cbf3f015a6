"""``kubectl create``: from manifests (``-f``) or with a generator sub-command (more in :mod:`.create_more`).

Generators build the same objects kubectl 1.32 builds:

* ``create namespace NAME``; ``create deployment NAME --image=… [--replicas] [--port]`` (label and
  selector ``app=NAME``, container named after the image); ``create service
  clusterip|nodeport|loadbalancer|externalname NAME --tcp=port[:targetPort]``;
  ``create configmap|secret generic NAME --from-literal=k=v``; ``create quota NAME --hard=…``;
* ``create job NAME --image=… [-- cmd args]`` (restartPolicy Never, the command as ``command``) or
  ``create job NAME --from=cronjob/X`` (the CronJob's job template, the
  ``cronjob.kubernetes.io/instantiate: manual`` annotation, the CronJob as controller);
  ``create cronjob NAME --image=… --schedule='*/1 * * * *' [--restart] [-- cmd args]``;
* ``create secret tls|docker-registry``, ``create ingress``, ``create pdb``, ``create priorityclass``
  (:mod:`.create_more`).

``--dry-run=client -o yaml`` prints the object without creating it, the usual way to start a
manifest.
"""

from __future__ import annotations

import base64

from ... import defaults
from ...api import typed
from ...api.objects import copy_json
from ...errors import APIError
from ..flags import Flag
from . import printing
from .apply import MANIFEST_FLAGS, _with_source, dry_run_mode, dry_run_suffix, load_documents, resolve_document
from .create_errors import failed_to_create
from . import klog
from ...api.quantity import Quantity
from .command import CommandError, Invocation, RawError, foreign_flag, kind_slash_name, unknown_subcommand
from . import raw
from . import record
from .record import cause_of
from . import create_more, create_rbac

CREATE_FLAGS = MANIFEST_FLAGS + create_rbac.RBAC_FLAGS + (
    Flag("raw", "", "string", "", "Raw URI to send to the server (the file's bytes as the body)."),
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
    Flag("field-manager", "", "string", "", "Name of the manager used to track field ownership."),
    Flag("save-config", "", "bool", False, "Save the configuration in an annotation (create)."),
    Flag("edit", "", "bool", False, "Edit the API resource before creating (not supported)."),
    Flag("image", "", "stringSlice", [], "Image names to run."),
    Flag("replicas", "r", "int", 1, "Number of replicas to create."),
    Flag("port", "", "int", -1, "The containerPort / port to expose."),
    Flag("tcp", "", "stringSlice", [], "Port pairs can be specified as '<port>:<targetPort>'."),
    Flag("node-port", "", "int", 0, "Port used to expose the service on each node in a cluster."),
    Flag("external-name", "", "string", "", "External name of service."),
    Flag("clusterip", "", "string", "", "Assign your own ClusterIP or set to 'None' for a 'headless' service."),
    Flag("from-literal", "", "stringArray", [], "Specify a key and literal value to insert (i.e. mykey=somevalue)."),
    Flag("from-file", "", "stringSlice", [], "Key files can be specified using their file path."),
    Flag("type", "", "string", "", "The type of secret to create."),
    Flag("hard", "", "string", "", "A comma-delimited set of resource=quantity pairs."),
    Flag("scopes", "", "string", "", "A comma-delimited set of quota scopes."),
    Flag("from", "", "string", "", "The name of the resource to create a Job from (only cronjob is supported)."),
    Flag("schedule", "", "string", "", "A schedule in the Cron format the job should be run with."),
    Flag("restart", "", "string", "", "job's restart policy. supported values: OnFailure, Never"),
) + create_more.MORE_FLAGS

def _emit(inv: Invocation, obj: dict, mode: str) -> int:
    """Create ``obj`` (or just print it for client dry runs) and print kubectl's answer."""
    output = inv.flags.get("output") or ""
    printing.check_output_format(output)
    info = inv.api.registry.for_kind(obj["apiVersion"], obj["kind"])
    result = typed.complete(obj) if mode == "client" else obj
    if mode != "client" and inv.flags.get("save-config"):
        from .run import with_saved_config
        obj = with_saved_config(obj)            # the generated object as kubectl's Go encoder writes it
    if mode != "client":
        result = inv.api.create(obj, inv.namespace if info.namespaced else None,
                                dry_run=(mode == "server"), user="kubectl")
    if output:
        inv.out.out(printing.format_objects(inv, [result], output, single=True, typed=True))
    else:
        inv.print(f"{kind_slash_name(info, result['metadata']['name'])} created{dry_run_suffix(mode)}")
    return 0


def _meta(inv: Invocation, name: str, namespaced: bool = True, **extra) -> dict:
    md = {"name": name, **extra}
    if namespaced and inv.explicit_namespace:
        md["namespace"] = inv.namespace
    return md


def run_create(inv: Invocation) -> int:
    if inv.flags.get("raw"):
        if not inv.flags.get("filename"):
            raise CommandError("must specify one of -f and -k")
        return raw.run(inv)
    if inv.flags.get("filename"):
        return _create_from_files(inv)
    if not inv.args:
        raise CommandError("must specify one of -f and -k", usage_of="create")
    sub, rest = inv.args[0], inv.args[1:]
    if sub == "token":
        return create_rbac.run_create_token(inv, rest)
    generator = _GENERATORS.get(sub)
    if generator is None:
        raise RawError(f"error: Unexpected args: [{' '.join(inv.args)}]\nSee 'kubectl create -h' for help and examples")
    mode = dry_run_mode(inv)
    obj = generator(inv, rest)
    try:
        return _emit(inv, obj, mode)
    except APIError as exc:
        wrapped = failed_to_create(inv.args, exc)        # most generators wrap the server's error
        if wrapped is None:
            raise
        raise wrapped from None


def _create_from_files(inv: Invocation) -> int:
    mode = dry_run_mode(inv)
    output = inv.flags.get("output") or ""
    printing.check_output_format(output)
    failed = False
    cause = cause_of(inv)
    for doc in load_documents(inv):
        try:
            info, namespace, name = resolve_document(inv, doc)
            obj = record.annotate(copy_json(doc.object), cause)
            if mode == "client":
                created = _client_side(obj, namespace if info.namespaced else "")
            else:
                if inv.flags.get("save-config"):
                    obj = _saved_manifest(obj, namespace if info.namespaced else "")
                try:
                    created = inv.api.create(obj, namespace or None, dry_run=(mode == "server"), user="kubectl")
                except APIError as exc:
                    raise _with_source(exc, "creating", doc.source) from None
        except (APIError, CommandError) as exc:
            inv.error_line(exc)
            failed = True
            continue
        if output:
            inv.out.out(printing.format_objects(inv, [created], output, single=True))
        else:
            shown = (created.get("metadata") or {}).get("name") or name or "<unknown>"
            inv.print(f"{kind_slash_name(info, shown)} created{dry_run_suffix(mode)}")
    return 1 if failed else 0


def _saved_manifest(obj: dict, namespace: str) -> dict:
    """``create -f --save-config``: the manifest as sent (namespace filled in, an annotations map)
    in its last-applied annotation, the way ``kubectl apply`` writes it."""
    from .apply import _last_applied
    out = copy_json(obj)
    md = out.get("metadata") if isinstance(out.get("metadata"), dict) else {}
    out["metadata"] = md
    if namespace:
        md["namespace"] = namespace
    md["annotations"] = dict(md.get("annotations") or {})
    md["annotations"].pop(defaults.LAST_APPLIED_ANNOTATION, None)
    text = _last_applied(copy_json(out))
    md["annotations"][defaults.LAST_APPLIED_ANNOTATION] = text
    return out


def _client_side(obj: dict, namespace: str) -> dict:
    """What a client dry run prints: the manifest with kubectl's namespace filled in (a missing
    ``metadata`` becomes one; a null one stays null, as kubectl leaves it)."""
    if not namespace or ("metadata" in obj and not isinstance(obj["metadata"], dict)):
        return obj
    return {**obj, "metadata": {**(obj.get("metadata") or {}), "namespace": namespace}}


def _one_name(rest: list[str], what: str) -> str:
    if len(rest) != 1:
        raise RawError(f"error: exactly one NAME is required, got {len(rest)}\n"
                       f"See 'kubectl create {what} -h' for help and examples")
    return rest[0]


def _name_and_command(inv: Invocation, rest: list[str], what: str) -> tuple[str, list[str]]:
    """``NAME [-- COMMAND…]``: exactly one name before the ``--`` (cobra's ArgsLenAtDash)."""
    dash = inv.extra.get("args_len_at_dash", -1)
    if dash < 0:
        names, command = rest, []
    else:
        before = max(0, dash - (len(inv.args) - len(rest)))
        names, command = rest[:before], rest[before:]
    return _one_name(names, what), list(command)


def _namespace(inv: Invocation, rest: list[str]) -> dict:
    name = _one_name(rest, "namespace")
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def _image_base(image: str) -> str:
    base = image.split("@", 1)[0].rsplit("/", 1)[-1]
    return base.split(":", 1)[0]


def _deployment(inv: Invocation, rest: list[str]) -> dict:
    images = inv.flags.get("image") or []
    if not images:                      # cobra checks required flags before the command runs
        raise klog.required_flag(inv.now_unix_ms(), "image")
    name, command = _name_and_command(inv, rest, "deployment")
    containers = []
    for image in images:
        c = {"name": _image_base(image), "image": image}
        if command:
            c["command"] = list(command)
        if inv.flags.get("port", -1) >= 0 and not containers:
            c["ports"] = [{"containerPort": inv.flags["port"]}]
        containers.append(c)
    labels = {"app": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": _meta(inv, name, labels=dict(labels)),
            "spec": {"replicas": inv.flags.get("replicas", 1), "selector": {"matchLabels": dict(labels)},
                     "template": {"metadata": {"labels": dict(labels)}, "spec": {"containers": containers}}}}


def _service(inv: Invocation, rest: list[str]) -> dict:
    if not rest:                        # the group's help, on standard error
        from .cobra_path import help_text
        raise foreign_flag(inv, "create service") or RawError(help_text(["create", "service"]).rstrip("\n"))
    kind, rest = rest[0], rest[1:]
    types = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer",
             "externalname": "ExternalName"}
    if kind not in types:
        raise foreign_flag(inv, "create service") or unknown_subcommand("create service", [kind, *rest])
    name = _one_name(rest, f"service {kind}")
    spec: dict = {"type": types[kind]}
    if kind == "externalname":
        if not inv.flags.get("external-name"):
            raise klog.required_flag(inv.now_unix_ms(), "external-name")
        spec["externalName"] = inv.flags["external-name"]
        spec["selector"] = {"app": name}        # kubectl sets it on every type, ExternalName too
    else:
        tcp = inv.flags.get("tcp") or []
        if not tcp and inv.flags.get("clusterip") != "None":
            raise CommandError("at least one tcp port specifier must be provided", usage_of=f"create service {kind}")
        ports = []
        for pair in tcp:
            port, _, target = pair.partition(":")
            try:
                # kubectl names a port after its specifier, ':' made '-' ("80", "80-8080")
                p = {"name": pair.replace(":", "-"), "port": int(port), "protocol": "TCP",
                     "targetPort": int(target or port)}
            except ValueError:
                raise CommandError(f"invalid port: {pair}") from None
            if kind == "nodeport" and inv.flags.get("node-port"):
                p["nodePort"] = inv.flags["node-port"]
            ports.append(p)
        spec["ports"] = ports
        spec["selector"] = {"app": name}
        if inv.flags.get("clusterip"):
            spec["clusterIP"] = inv.flags["clusterip"]
    return {"apiVersion": "v1", "kind": "Service", "metadata": _meta(inv, name, labels={"app": name}),
            "spec": spec}


def _configmap(inv: Invocation, rest: list[str]) -> dict:
    name = _one_name(rest, "configmap")
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": _meta(inv, name), "data": create_more.sources(inv)}


def _secret(inv: Invocation, rest: list[str]) -> dict:
    if not rest:
        raise RawError(create_more.SECRET_HELP.rstrip("\n"))
    kind = rest[0]
    if kind not in ("generic", "tls", "docker-registry"):
        raise foreign_flag(inv, "create secret") or unknown_subcommand("create secret", rest)
    name = _one_name(rest[1:], f"secret {kind}")
    if kind == "tls":
        return create_more.secret_tls(inv, _meta(inv, name))
    if kind == "docker-registry":
        return create_more.secret_docker(inv, _meta(inv, name))
    data = {k: base64.b64encode(v.encode()).decode() for k, v in create_more.sources(inv).items()}
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": _meta(inv, name), "data": data}
    if inv.flags.get("type"):
        secret["type"] = inv.flags["type"]
    return secret


def _quota(inv: Invocation, rest: list[str]) -> dict:
    name = _one_name(rest, "quota")
    hard = {}
    for pair in filter(None, (inv.flags.get("hard") or "").split(",")):
        key, eq, value = pair.partition("=")
        if not eq:
            raise CommandError(f"Invalid argument syntax {pair}, expected <resource>=<value>")
        try:                            # kubectl parses the quantities (and writes them canonical)
            hard[key] = Quantity.parse(value).canonical()
        except ValueError:
            raise CommandError("quantities must match the regular expression "
                               "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'") from None
    spec: dict = {"hard": hard}
    scopes = [s for s in (inv.flags.get("scopes") or "").split(",") if s]
    if scopes:
        spec["scopes"] = scopes
    return {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": _meta(inv, name), "spec": spec}


def _job(inv: Invocation, rest: list[str]) -> dict:
    name, command = _name_and_command(inv, rest, "job")
    images, source = inv.flags.get("image") or [], inv.flags.get("from") or ""
    if bool(images) == bool(source):
        raise CommandError("either --image or --from must be specified")
    if source:
        if command:
            raise CommandError("cannot specify --from and command")
        kind, _, cj_name = source.partition("/")
        info = inv.api.registry.by_name(kind) if cj_name else None
        if info is not None and info.kind != "CronJob":
            inv.api.get(info, cj_name, inv.namespace)       # kubectl fetches it first (NotFound)
        if info is None or info.kind != "CronJob":
            raise CommandError(f"from must be an existing cronjob: {source}")
        cj = inv.api.get(info, cj_name, inv.namespace)
        template = cj["spec"].get("jobTemplate") or {}
        annotations = {"cronjob.kubernetes.io/instantiate": "manual",
                       **(dict((template.get("metadata") or {}).get("annotations") or {}))}
        md = _meta(inv, name, annotations=annotations, ownerReferences=[{
            "apiVersion": "batch/v1", "kind": "CronJob", "name": cj["metadata"]["name"],
            "uid": cj["metadata"]["uid"], "controller": True}])
        if (template.get("metadata") or {}).get("labels"):
            md["labels"] = dict(template["metadata"]["labels"])
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": md, "spec": template.get("spec") or {}}
    container: dict = {"name": name, "image": images[0]}
    if command:
        container["command"] = command
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": _meta(inv, name),
            "spec": {"template": {"metadata": {}, "spec": {"containers": [container], "restartPolicy": "Never"}}}}


def _cronjob(inv: Invocation, rest: list[str]) -> dict:
    images = inv.flags.get("image") or []
    missing = [flag for flag, value in (("image", images), ("schedule", inv.flags.get("schedule"))) if not value]
    if missing:                         # cobra checks required flags before the command runs
        raise klog.required_flag(inv.now_unix_ms(), *missing)
    name, command = _name_and_command(inv, rest, "cronjob")
    restart = inv.flags.get("restart") or "OnFailure"
    if restart not in ("OnFailure", "Never"):
        raise CommandError(f"invalid restart policy: {restart}")
    container: dict = {"name": name, "image": images[0]}
    if command:
        container["command"] = command
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": _meta(inv, name),
            "spec": {"schedule": inv.flags["schedule"], "jobTemplate": {"metadata": {"name": name}, "spec": {
                "template": {"metadata": {}, "spec": {"containers": [container], "restartPolicy": restart}}}}}}


_GENERATORS = {
    "namespace": _namespace, "ns": _namespace,
    "deployment": _deployment, "deploy": _deployment,
    "service": _service, "svc": _service,
    "configmap": _configmap, "cm": _configmap,
    "secret": _secret,
    "quota": _quota, "resourcequota": _quota,
    "job": _job,
    "cronjob": _cronjob, "cj": _cronjob,
    "ingress": lambda inv, rest: create_more.ingress(inv, _meta(inv, _one_name(rest, "ingress"))),
    "ing": lambda inv, rest: create_more.ingress(inv, _meta(inv, _one_name(rest, "ingress"))),
    "poddisruptionbudget": lambda inv, rest: create_more.pdb(inv, _meta(inv, _one_name(rest, "poddisruptionbudget"))),
    "pdb": lambda inv, rest: create_more.pdb(inv, _meta(inv, _one_name(rest, "poddisruptionbudget"))),
    "priorityclass": lambda inv, rest: create_more.priorityclass(inv, _meta(inv, _one_name(rest, "priorityclass"), False)),
    "pc": lambda inv, rest: create_more.priorityclass(inv, _meta(inv, _one_name(rest, "priorityclass"), False)),
    "serviceaccount": create_rbac.serviceaccount, "sa": create_rbac.serviceaccount,
    "role": create_rbac.role, "clusterrole": create_rbac.clusterrole,
    "rolebinding": create_rbac.rolebinding, "clusterrolebinding": create_rbac.clusterrolebinding,
}
