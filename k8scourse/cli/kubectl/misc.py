"""Small kubectl commands: ``api-resources``, ``api-versions``, ``version``, ``cluster-info``, ``config …``, ``describe``.

``describe`` itself is composed client-side by :mod:`k8scourse.cli.describe`; here it only finds
the objects (by name, by name prefix as kubectl does, or by ``-l``) and joins their descriptions.
"""

from __future__ import annotations

from ... import defaults
from ...api import version
from ...errors import APIError
from ..flags import Flag
from .command import CommandError, Invocation, RawError, parse_resource_args, unknown_subcommand

API_RESOURCES_FLAGS = (
    Flag("namespaced", "", "bool", None, "If false, non-namespaced resources will be returned."),
    Flag("api-group", "", "string", None, "Limit to resources in the specified API group."),
    Flag("output", "o", "string", "", "Output format. One of: (wide, name)."),
    Flag("no-headers", "", "bool", False, "When using the default or custom-column output format, don't print headers."),
    Flag("sort-by", "", "string", "", "If non-empty, sort list of resources using specified field (name or kind)."),
    Flag("verbs", "", "stringSlice", [], "Limit to resources that support the specified verbs."),
    Flag("cached", "", "bool", False, "Use the cached list of resources if available."),
)

DESCRIBE_FLAGS = (
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("all-namespaces", "A", "bool", False, "List the requested object(s) across all namespaces."),
    Flag("filename", "f", "stringSlice", [], "Files containing the resource to describe."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f recursively."),
    Flag("show-events", "", "bool", True, "If true, display events related to the described object."),
    Flag("chunk-size", "", "int", 500, "Return large lists in chunks."),
)

VERSION_FLAGS = (
    Flag("client", "", "bool", False, "If true, shows client version only (no server required)."),
    Flag("output", "o", "string", "", "One of 'yaml' or 'json'."),
)

CONFIG_FLAGS = (
    Flag("current", "", "bool", False, "Modify the current context."),
    Flag("no-headers", "", "bool", False, "Don't print headers."),
    Flag("output", "o", "string", "", "Output format. One of: (name)."),
    Flag("cluster", "", "string", "", "cluster for the context entry in kubeconfig"),
    Flag("user", "", "string", "", "user for the context entry in kubeconfig"),
    Flag("minify", "", "bool", False, "Remove all information not used by current-context."),
    Flag("raw", "", "bool", False, "Display raw byte data and sensitive data."),
    Flag("username", "", "string", "", "username for the user entry in kubeconfig"),
    Flag("password", "", "string", "", "password for the user entry in kubeconfig"),
    Flag("client-certificate", "", "string", "", "Path to client-certificate file for the user entry in kubeconfig"),
    Flag("client-key", "", "string", "", "Path to client-key file for the user entry in kubeconfig"),
    Flag("embed-certs", "", "bool", False, "Embed client cert/key for the user entry in kubeconfig"),
    Flag("auth-provider", "", "string", "", "Auth provider for the user entry in kubeconfig"),
    Flag("exec-command", "", "string", "", "Command for the exec credential plugin for the user entry in kubeconfig"),
)


def _tab(rows: list[list[str]]) -> str:
    """Rows through kubectl's tab writer (the one ``kubectl get`` uses)."""
    from ..printers.tabwriter import tabwrite
    return tabwrite("".join("\t".join(r) + "\n" for r in rows), minwidth=6, tabwidth=4, padding=3)


def run_api_resources(inv: Invocation) -> int:
    output = inv.flags.get("output") or ""
    if output not in ("", "wide", "name"):
        raise CommandError(f'--output {output} is not available')
    if inv.flags.get("sort-by") not in ("", None, "name", "kind"):
        raise CommandError("--sort-by accepts only name or kind")
    infos = list(inv.api.registry)
    if inv.flags.get("namespaced") is not None:
        infos = [i for i in infos if i.namespaced == inv.flags["namespaced"]]
    if inv.flags.get("api-group") is not None:
        infos = [i for i in infos if i.group == inv.flags["api-group"]]
    for verb in inv.flags.get("verbs") or []:
        infos = [i for i in infos if verb in i.verbs]
    # kubectl sorts by group, then by resource name (core group first).
    infos.sort(key=lambda i: (i.group, i.plural))
    if inv.flags.get("sort-by") == "kind":
        infos.sort(key=lambda i: i.kind)
    elif inv.flags.get("sort-by") == "name":
        infos.sort(key=lambda i: i.plural)
    if output == "name":
        inv.out.out("".join(f"{i.plural}{'.' + i.group if i.group else ''}\n" for i in infos))
        return 0
    header = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    if output == "wide":
        header += ["VERBS", "CATEGORIES"]
    rows = [] if inv.flags.get("no-headers") else [header]
    for i in infos:
        row = [i.plural, ",".join(i.short_names), i.api_version, "true" if i.namespaced else "false", i.kind]
        if output == "wide":
            row += [",".join(sorted(i.verbs)), ",".join(i.categories)]
        rows.append(row)
    inv.out.out(_tab(rows))
    return 0


def run_api_versions(inv: Invocation) -> int:
    """``kubectl api-versions``: every served group/version, sorted as strings (so ``v1`` comes last)."""
    if inv.args:
        raise RawError(f"error: unexpected arguments: [{' '.join(inv.args)}]\n"
                       f"See 'kubectl api-versions -h' for help and examples")
    versions = {v for info in inv.api.registry for v in info.served_api_versions()}
    inv.out.out("".join(f"{v}\n" for v in sorted(versions)))
    return 0


def run_version(inv: Invocation) -> int:
    client = f"v{defaults.KUBECTL_VERSION}"
    server = f"v{inv.cluster.kubernetes_version}"
    output = inv.flags.get("output") or ""
    if output in ("yaml", "json"):
        import json
        import k8scourse.cli.printers as printers
        doc = {"clientVersion": version.info(client), "kustomizeVersion": defaults.KUSTOMIZE_VERSION}
        if not inv.flags.get("client"):
            doc["serverVersion"] = version.info(server)
        # json.MarshalIndent with two spaces (not the object printer's four), fields in struct order;
        # either is followed by a newline, so the YAML (which ends in one) by an empty line
        inv.out.out((printers.to_yaml(doc) if output == "yaml" else json.dumps(doc, indent=2)) + "\n")
        return 0
    if output:
        raise CommandError("--output must be 'yaml' or 'json'")
    text = f"Client Version: {client}\nKustomize Version: {defaults.KUSTOMIZE_VERSION}\n"
    if not inv.flags.get("client"):
        text += f"Server Version: {server}\n"
    inv.out.out(text)
    return 0


def run_cluster_info(inv: Invocation) -> int:
    server = inv.cluster.server_url          # (kubectl ignores arguments here)
    lines = [f"Kubernetes control plane is running at {server}"]
    listed = inv.api.list("services", "kube-system", "kubernetes.io/cluster-service=true")
    for svc in listed["items"]:
        name = svc["metadata"]["name"]
        label = (svc["metadata"].get("labels") or {}).get("kubernetes.io/name", name)
        ports = (svc.get("spec") or {}).get("ports") or []
        port_name = ports[0].get("name") if ports else ""
        suffix = f"{name}:{port_name}" if port_name else name
        lines.append(f"{label} is running at {server}/api/v1/namespaces/kube-system/services/{suffix}/proxy")
    lines.append("")
    lines.append("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")
    inv.print("\n".join(lines))
    return 0


def run_config(inv: Invocation) -> int:
    from . import config_auth
    config = inv.kubectl.config
    if not inv.args:                    # kubectl prints the group's help on standard error
        from .cobra_path import help_text
        raise RawError(help_text(["config"]).rstrip("\n"))
    sub, rest = inv.args[0], inv.args[1:]
    if sub == "current-context":
        if not config.current_context:
            raise CommandError("current-context is not set")
        inv.print(config.current_context)
    elif sub == "get-contexts":
        names = rest or sorted(config.contexts)
        missing = [n for n in names if n not in config.contexts]
        if missing:
            raise CommandError(f'context {missing[0]} not found')
        if inv.flags.get("output") == "name":
            inv.out.out("".join(n + "\n" for n in names))
            return 0
        rows = [] if inv.flags.get("no-headers") else [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
        for n in names:
            c = config.contexts[n]
            rows.append(["*" if n == config.current_context else "", n, c.cluster_name, c.user, c.namespace])
        inv.out.out(_tab(rows))
    elif sub in ("use-context", "use"):
        if len(rest) != 1:
            raise CommandError("Unexpected args: " + str(rest), usage_of="config use-context")
        if rest[0] not in config.contexts:
            raise CommandError(f'no context exists with the name: "{rest[0]}"')
        config.current_context = rest[0]
        inv.print(f'Switched to context "{rest[0]}".')
    elif sub in config_auth.SUBCOMMANDS:
        return config_auth.SUBCOMMANDS[sub](inv, rest)
    elif sub == "view":
        import k8scourse.cli.printers as printers
        doc = {"apiVersion": "v1", "kind": "Config", "preferences": {},
               "current-context": config.current_context,
               "contexts": [{"name": c.name, "context": {k: v for k, v in (
                   ("cluster", c.cluster_name), ("user", c.user), ("namespace", c.namespace)) if v}}
                   for c in sorted(config.contexts.values(), key=lambda c: c.name)],
               "clusters": [{"name": name, "cluster": {
                   "certificate-authority-data": "DATA+OMITTED", "server": cluster.server_url}}
                   for name, cluster in sorted({c.cluster_name: c.cluster for c in config.contexts.values()
                                                if c.cluster is not None}.items())],
               "users": config_auth.users_view(config)}
        inv.print(printers.to_yaml(doc))
    else:
        raise unknown_subcommand("config", inv.args)
    return 0


def run_describe(inv: Invocation) -> int:
    from ..describe import describe

    selector = inv.flags.get("selector") or ""
    all_ns = bool(inv.flags.get("all-namespaces"))
    if inv.flags.get("filename"):
        from .apply import load_documents, resolve_document
        targets = []
        for doc in load_documents(inv):
            info, namespace, name = resolve_document(inv, doc)
            targets.append((info, [name], namespace, True))
    else:
        groups = parse_resource_args(inv.api, inv.args)
        if not groups:
            raise CommandError("You must specify the type of resource to describe. Use \"kubectl "
                               "api-resources\" for a complete list of supported resources.")
        targets = [(info, names, inv.namespace, False) for info, names in groups]
    texts, failed = [], False
    for info, names, namespace, exact in targets:
        ns = namespace if info.namespaced else ""
        if names:
            for name in names:
                found = inv.api.peek(info, name, ns)
                if found is None and not exact:
                    # kubectl describe falls back to a name-prefix match
                    listed = inv.api.list(info, ns or None)["items"]
                    matches = [o for o in listed if o["metadata"]["name"].startswith(name)]
                    if matches:
                        texts.extend(describe(inv.api, info, o["metadata"].get("namespace", ""),
                                              o["metadata"]["name"], inv.now_unix_ms()) for o in matches)
                        continue
                if found is None:
                    inv.error_line(APIError.not_found(info.plural, name, info.group))
                    failed = True
                    continue
                texts.append(describe(inv.api, info, ns, name, inv.now_unix_ms()))
        else:
            listed = inv.api.list(info, None if all_ns else (ns or None), selector)["items"]
            texts.extend(describe(inv.api, info, o["metadata"].get("namespace", ""), o["metadata"]["name"],
                                  inv.now_unix_ms()) for o in listed)
            if not listed and not failed:
                from .command import no_resources_message
                # describe names the namespace even for a cluster-scoped kind (kubectl's describe
                # does not ask the kind's scope, unlike get)
                inv.warn(no_resources_message(inv, all_ns).rstrip("\n"))
    if texts:
        inv.out.out("\n\n".join(t if t.endswith("\n") else t + "\n" for t in texts))
    return 1 if failed else 0
