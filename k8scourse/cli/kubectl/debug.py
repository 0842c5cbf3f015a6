"""``kubectl debug``: what the simulator can say about debugging containers.

The argument checks and errors are kubectl 1.32's (``you must specify --image when not using
--copy-to.``, the ``--profile=legacy`` deprecation note, ``pods "x" not found``). Ephemeral
containers (``kubectl debug POD -it --image=busybox``), pod copies (``--copy-to``) and node
debugging (``kubectl debug node/NAME``) are not modelled: the command then says so plainly and
points at ``kubectl exec``, which runs a command in a running container.

>>> from k8scourse import Cluster
>>> print(Cluster(nodes=1, seed=0).kubectl("debug", echo=False), end="")
error: you must specify --image when not using --copy-to.
"""

from __future__ import annotations

from ..flags import Flag
from .command import CommandError, Invocation

DEBUG_FLAGS = (
    Flag("image", "", "string", "", "Container image to use for debug container."),
    Flag("copy-to", "", "string", "", "Create a copy of the target Pod with this name."),
    Flag("set-image", "", "stringSlice", [], "When used with '--copy-to', a list of name=image pairs for changing container images."),
    Flag("target", "", "string", "", "When using an ephemeral container, target processes in this container name."),
    Flag("container", "c", "string", "", "Container name to use for debug container."),
    Flag("profile", "", "string", "legacy", "Options are \"legacy\", \"general\", \"baseline\", \"netadmin\", \"restricted\" or \"sysadmin\"."),
    Flag("stdin", "i", "bool", False, "Keep stdin open on the container(s) in the pod."),
    Flag("tty", "t", "bool", False, "Allocate a TTY for the debugging container."),
    Flag("attach", "", "bool", False, "If true, wait for the container to start running, and then attach."),
    Flag("quiet", "q", "bool", False, "If true, suppress informational messages."),
    Flag("share-processes", "", "bool", True, "When used with '--copy-to', enable process namespace sharing in the copy."),
    Flag("replace", "", "bool", False, "When used with '--copy-to', delete the original Pod."),
    Flag("same-node", "", "bool", False, "When used with '--copy-to', schedule the copy of target Pod on the same node."),
    Flag("env", "", "stringArray", [], "Environment variables to set in the container."),
    Flag("image-pull-policy", "", "string", "", "The image pull policy for the container."),
)

_NOT_MODELLED = ("kubectl debug {what} is not modelled by the simulator; run commands in a running "
                 "container with kubectl exec {pod} -- COMMAND instead")


def run_debug(inv: Invocation) -> int:
    flags = inv.flags
    copy_to = flags.get("copy-to") or ""
    if not flags.get("image") and not copy_to:
        raise CommandError("you must specify --image when not using --copy-to.")
    command = inv.args[1:]
    if copy_to and not (flags.get("image") or flags.get("set-image") or command):
        raise CommandError("you must specify --image, --set-image or command arguments.")
    if not inv.args:
        raise CommandError("debugging requires a target pod or node (kubectl debug POD or kubectl debug node/NAME)")
    target = inv.args[0]
    if (flags.get("profile") or "legacy") == "legacy" and not flags.get("quiet"):
        inv.warn("--profile=legacy is deprecated and will be removed in the future. It is recommended to "
                 "explicitly specify a profile, for example \"--profile=general\".")
    kind, _, name = target.rpartition("/")
    if kind in ("node", "nodes", "no"):
        inv.api.get("nodes", name, "")
        raise CommandError(_NOT_MODELLED.format(what="node/…", pod="POD"))
    if kind and kind not in ("pod", "pods", "po"):
        raise CommandError(f"kubectl debug of {kind}/{name} is not modelled by the simulator; debug one of its pods")
    inv.api.get("pods", name, inv.namespace)
    what = "--copy-to" if copy_to else "with an ephemeral container"
    raise CommandError(_NOT_MODELLED.format(what=what, pod=name))
