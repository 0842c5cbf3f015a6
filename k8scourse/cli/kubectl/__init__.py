"""The ``kubectl`` front end: the same command lines as the real kubectl, printing what it prints.

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> r = c.kubectl("get pods", echo=False)
>>> r.stderr, r.exit_code
('No resources found in default namespace.\\n', 0)
>>> print(c.kubectl("get podz", echo=False), end="")
error: the server doesn't have a resource type "podz"
"""

from __future__ import annotations

import logging
import shlex
from typing import Any, Callable

from ...errors import APIError, K8sCourseError
from ..flags import Flag, FlagError
from ..kubeconfig import KubeConfig
from ... import defaults
from ...result import CommandResult, Output
from ..yamljson import deep_recursion
from .apply import APPLY_FLAGS, run_apply
from . import cobra_path, record
from .cobra_path import help_text
from .command import MAPPER_WARNINGS, Command, CommandError, Invocation, RawError, flagset
from .create import CREATE_FLAGS, run_create
from .run import RUN_FLAGS, run_run
from .certificate import CERTIFICATE_FLAGS, run_certificate
from .delete import DELETE_FLAGS, run_delete
from .get import GET_FLAGS, run_get
from .label import META_FLAGS, run_meta
from .nodes import CORDON_FLAGS, TAINT_FLAGS, run_cordon, run_taint
from .logs import LOGS_FLAGS, run_logs
from .patch import PATCH_FLAGS, run_patch
from .exec import EXEC_FLAGS, run_exec
from .unreachable import refused
from .expose import EXPOSE_FLAGS, run_expose
from .rollout import ROLLOUT_FLAGS, run_rollout
from .scale import SCALE_FLAGS, run_scale
from .autoscale import AUTOSCALE_FLAGS, run_autoscale
from .drain import DRAIN_FLAGS, run_drain
from .setcmd import SET_FLAGS, run_set
from .top import TOP_FLAGS, run_top
from .auth import AUTH_FLAGS, run_auth
from .waitcmd import WAIT_FLAGS, run_wait
from .explain import EXPLAIN_FLAGS, run_explain
from .replace import REPLACE_FLAGS, run_replace
from .diff import DIFF_FLAGS, run_diff
from .events import EVENTS_FLAGS, run_events
from .edit import EDIT_FLAGS, run_edit
from .cp import CP_FLAGS, run_cp
from .debug import DEBUG_FLAGS, run_debug
from .port_forward import PORT_FORWARD_FLAGS, run_port_forward
from .misc import (API_RESOURCES_FLAGS, CONFIG_FLAGS, DESCRIBE_FLAGS, VERSION_FLAGS, run_api_resources,
                   run_api_versions,
                   run_cluster_info, run_config, run_describe, run_version)

logger = logging.getLogger(__name__)

COMMANDS: dict[str, Command] = {c.name: c for c in (
    Command("get", run_get, GET_FLAGS, "Display one or many resources"),
    Command("describe", run_describe, DESCRIBE_FLAGS, "Show details of a specific resource or group of resources"),
    Command("apply", run_apply, APPLY_FLAGS, "Apply a configuration to a resource by file name or stdin"),
    Command("create", run_create, CREATE_FLAGS, "Create a resource from a file or from stdin"),
    Command("run", run_run, RUN_FLAGS, "Run a particular image on the cluster"),
    Command("delete", run_delete, DELETE_FLAGS, "Delete resources by file names, stdin, resources and names, or by resources and label selector"),
    Command("label", lambda inv: run_meta(inv, "labels"), META_FLAGS, "Update the labels on a resource"),
    Command("annotate", lambda inv: run_meta(inv, "annotations"), META_FLAGS, "Update the annotations on a resource"),
    Command("api-resources", run_api_resources, API_RESOURCES_FLAGS, "Print the supported API resources on the server"),
    Command("api-versions", run_api_versions, (), "Print the supported API versions on the server, in the form of \"group/version\""),
    Command("version", run_version, VERSION_FLAGS, "Print the client and server version information"),
    Command("cluster-info", run_cluster_info, (), "Display cluster information"),
    Command("config", run_config, CONFIG_FLAGS, "Modify kubeconfig files"),
    Command("cordon", lambda inv: run_cordon(inv, True), CORDON_FLAGS, "Mark node as unschedulable"),
    Command("uncordon", lambda inv: run_cordon(inv, False), CORDON_FLAGS, "Mark node as schedulable"),
    Command("taint", run_taint, TAINT_FLAGS, "Update the taints on one or more nodes"),
    Command("top", run_top, TOP_FLAGS, "Display resource (CPU/memory) usage"),
    Command("logs", run_logs, LOGS_FLAGS, "Print the logs for a container in a pod"),
    Command("exec", run_exec, EXEC_FLAGS, "Execute a command in a container"),
    Command("expose", run_expose, EXPOSE_FLAGS, "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service"),
    Command("wait", run_wait, WAIT_FLAGS, "Experimental: Wait for a specific condition on one or many resources"),
    Command("scale", run_scale, SCALE_FLAGS, "Set a new size for a deployment, replica set, or replication controller"),
    Command("autoscale", run_autoscale, AUTOSCALE_FLAGS, "Auto-scale a deployment, replica set, stateful set, or replication controller"),
    Command("drain", run_drain, DRAIN_FLAGS, "Drain node in preparation for maintenance"),
    Command("rollout", run_rollout, ROLLOUT_FLAGS, "Manage the rollout of a resource"),
    Command("set", run_set, SET_FLAGS, "Set specific features on objects"),
    Command("patch", run_patch, PATCH_FLAGS, "Update fields of a resource"),
    Command("auth", run_auth, AUTH_FLAGS, "Inspect authorization"),
    Command("explain", run_explain, EXPLAIN_FLAGS, "Get documentation for a resource"),
    Command("replace", run_replace, REPLACE_FLAGS, "Replace a resource by file name or stdin"),
    Command("diff", run_diff, DIFF_FLAGS, "Diff the live version against a would-be applied version"),
    Command("events", run_events, EVENTS_FLAGS, "List events"),
    Command("edit", run_edit, EDIT_FLAGS, "Edit a resource on the server"),
    Command("cp", run_cp, CP_FLAGS, "Copy files and directories to and from containers"),
    Command("debug", run_debug, DEBUG_FLAGS, "Create debugging sessions for troubleshooting workloads and nodes"),
    Command("port-forward", run_port_forward, PORT_FORWARD_FLAGS, "Forward one or more local ports to a pod"),
    Command("certificate", run_certificate, CERTIFICATE_FLAGS, "Modify certificate resources"),
)}

# Other kubectl commands, known so that typing them gets a clear "not yet" rather than "unknown".
_LATER = ("proxy", "attach", "kustomize")


class Kubectl:
    """kubectl bound to a kubeconfig; call it with a command line."""

    def __init__(self, config: KubeConfig, cwd: str | None = None):
        self.config = config
        self.cwd = cwd
        # ``--raw``: (engine, path, user, method=, body=) -> (HTTP status, body), the served endpoint's
        # answer; set by the facade that owns this kubectl (the endpoint sits above the command line)
        self.raw_handler: Callable[..., tuple[int, str]] | None = None
        self.history: list[str] = []

    def __call__(self, command: str | list[str], stdin: str | None = None, sink=None) -> CommandResult:
        """Run one command line; ``sink(text)`` also receives the output as it is written."""
        out = Output(sink)
        try:
            with deep_recursion(defaults.YAML_MAX_DEPTH):     # manifests may nest as deep as go-yaml allows
                code = self._run(command, stdin, out)
        except CommandError as exc:
            out.err(exc.text())
            code = exc.exit_code
        except APIError as exc:
            if exc.reason == "Unauthorized":    # kubectl's words for a 401
                out.err(f"error: You must be logged in to the server ({exc.message})\n")
            else:
                out.err(exc.kubectl_text() + "\n")
            code = 1
        except K8sCourseError as exc:
            out.err(f"error: {exc}\n")
            code = 1
        except Exception as exc:  # noqa: BLE001 - the front end's one guard: never a traceback for a student
            logger.exception("kubectl %r: internal simulator error", command)
            out.err(f"error: internal simulator error ({type(exc).__name__}: {exc}); "
                    f"please report this command\n")
            code = 1
        return out.result(code or 0)

    def _run(self, command: str | list[str], stdin: str | None, out: Output) -> int:
        if isinstance(command, str):
            self.history.append(command)
            try:
                argv = shlex.split(command, comments=False)
            except ValueError as exc:
                raise CommandError(f"unable to parse the command line: {exc}") from None
        else:
            argv = list(command)
        if argv and argv[0] == "kubectl":
            argv = argv[1:]
        # The command is the first word that is not a flag (kubectl allows `kubectl -n dev get pods`).
        name, index = "", -1
        skip = False
        for i, word in enumerate(argv):
            if skip:
                skip = False
                continue
            if word in ("-n", "--namespace", "--context", "--kubeconfig", "--as", "--as-group", "--as-uid",
                        "--token", "--user"):
                skip = True
                continue
            if not word.startswith("-"):
                name, index = word, i
                break
        if not name:
            out.out(_USAGE)
            return 0
        cmd = COMMANDS.get(name)
        if name == "help":          # kubectl help [COMMAND …]: that command's --help
            topic = [w for w in argv[index + 1:] if not w.startswith("-")]
            out.out(help_text(topic) if topic and help_text(topic) else _USAGE)
            return 0
        if cmd is None:
            if name in _LATER:
                raise CommandError(f'"kubectl {name}" is not available in the simulator yet')
            raise RawError(f'Error: unknown command "{name}" for "kubectl"')
        rest = argv[:index] + argv[index + 1:]
        own = {f.name for f in cmd.flags}
        hidden = () if "record" in own or not any(p.split()[0] == name for p in cobra_path.RECORD_PATHS) else \
            (Flag("record", "", "bool", False, "Record current kubectl command in the resource annotation (deprecated)."),)
        parser = flagset(*cmd.flags, *hidden)
        try:
            args, flags = parser.parse(rest)
        except FlagError as exc:          # cobra's flag errors start with a capital "Error:"
            path = cobra_path.command_path(name, cobra_path.words_of(rest, parser))
            raise CommandError(f"Error: {cobra_path.foreign(path, rest, parser) or exc}", usage_of=path) from None
        if not flags.get("help"):         # a flag the verb has but not its subcommand (create deployment --from-literal)
            path = cobra_path.command_path(name, args)
            foreign = cobra_path.foreign(path, rest, parser)
            if foreign:
                raise CommandError(f"Error: {foreign}", usage_of=path)
            if cobra_path.sets_record(rest):      # pflag warns of a deprecated flag as it parses it
                out.err(cobra_path.RECORD_WARNING + "\n")
        if flags.get("help"):
            out.out(help_text([name, *args]) or f"{cmd.short}.\n\nUsage:\n  kubectl {name} [options]\n")
            return 0
        context_name = flags.get("context") or self.config.current_context
        ctx = self.config.context(context_name)
        if (ctx is None or ctx.cluster is None) and name != "config":     # no server: kubectl tries localhost
            if flags.get("context") and ctx is None:
                raise CommandError(f'context was not found for specified context: {flags["context"]}')
            raise RawError("The connection to the server localhost:8080 was refused - did you "
                           "specify the right host or port?")
        explicit = bool(flags.get("namespace"))
        namespace = flags.get("namespace") or (ctx.namespace if ctx else "") or "default"
        inv = Invocation(command=name, args=args, flags=flags, cluster=ctx.cluster if ctx else None,
                         namespace=namespace, explicit_namespace=explicit, out=out, stdin=stdin,
                         context_name=context_name, kubectl=self,
                         extra={"cwd": self.cwd, "args_len_at_dash": parser.args_len_at_dash,
                                "argv": list(rest)})
        if flags.get("record"):
            inv.extra["change_cause"] = record.change_cause(name, list(rest), cmd.flags)
        if inv.cluster is not None and name != "config" and not (name == "version" and flags.get("client")) \
                and not inv.cluster.reachable():
            host = inv.cluster.server_url.split("//", 1)[-1]
            stdout, stderr, code = refused(name, args, flags, host, inv.cluster.dial_error(), inv.now_unix_ms())
            out.out(stdout)
            out.err(stderr)
            return code
        if inv.cluster is not None and name != "config":
            inv.user = self._user(inv, ctx)
        token = MAPPER_WARNINGS.set(inv.warn)
        try:
            return cmd.run(inv) or 0
        finally:
            MAPPER_WARNINGS.reset(token)

    def _user(self, inv: Invocation, ctx):
        """Who this command's requests authenticate as (then impersonate), as the API server sees them."""
        from ...apiserver.authentication import Credentials, authenticate
        from ...apiserver.impersonation import impersonate
        flags = inv.flags
        # `create rolebinding --user` is the command's own flag (a subject), not the kubeconfig user
        kube_user = flags.get("user") if isinstance(flags.get("user"), str) else ""
        if flags.get("token"):
            credentials = Credentials(token=flags["token"])
        else:
            user_name = kube_user or (ctx.user if ctx else "")
            if kube_user and self.config.credentials(user_name) is None:
                raise CommandError(f'auth info "{user_name}" does not exist')
            credentials = self.config.credentials(user_name)
            if credentials is not None and credentials.certificate_path:
                from .config_auth import client_certificate
                credentials = client_certificate(inv, user_name, credentials)
        api = inv.cluster.api
        user = authenticate(api, credentials)
        if flags.get("as") or flags.get("as-group") or flags.get("as-uid"):
            api.rbac_aggregator.sync()
            user = impersonate(api.authorizer, user, flags.get("as") or "", flags.get("as-group") or [],
                               flags.get("as-uid") or "")
        return user


# kubectl 1.32's `kubectl --help` (recorded); the simulator prints it with only the commands it has.
_KUBECTL_HELP = """kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller
  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

Cluster Management Commands:
  certificate     Modify certificate resources
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  attach          Attach to a running container
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  proxy           Run a proxy to the Kubernetes API server
  cp              Copy files and directories to and from containers
  auth            Inspect authorization
  debug           Create debugging sessions for troubleshooting workloads and nodes
  events          List events

Advanced Commands:
  diff            Diff the live version against a would-be applied version
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin
  wait            Experimental: Wait for a specific condition on one or many resources
  kustomize       Build a kustomization target from a directory or URL

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource
  completion      Output shell completion code for the specified shell (bash, zsh, fish, or powershell)

Subcommands provided by plugins:

Other Commands:
  api-resources   Print the supported API resources on the server
  api-versions    Print the supported API versions on the server, in the form of "group/version"
  config          Modify kubeconfig files
  plugin          Provides utilities for interacting with plugins
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""


def _usage() -> str:
    """kubectl's help without the commands the simulator does not have (and groups left empty)."""
    out: list[str] = []
    group: list[str] = []
    for line in _KUBECTL_HELP.splitlines(keepends=True):
        if line.endswith(":\n") and not line.startswith(" "):
            group = [line]
            continue
        if group:
            if line.startswith("  ") and line.split()[0] != "kubectl":
                if line.split()[0] in COMMANDS:
                    group.append(line)
                continue
            if line == "\n":
                if len(group) > 1 or group[0].startswith("Usage"):
                    out.extend(group + [line])
                group = []
                continue
            group.append(line)
            continue
        out.append(line)
    out.extend(group)
    return "".join(out)


_USAGE = _usage()


