"""``kubectl certificate approve|deny``: set a CertificateSigningRequest's Approved or Denied condition.

Models kubectl's ``certificate`` command: each request named (or read from ``-f``) is fetched, the
condition is added on the client — ``Approved`` with reason ``KubectlApprove`` and message *This
CSR was approved by kubectl certificate approve.* (``Denied``/``KubectlDeny``/*…denied by kubectl
certificate deny.*), ``lastUpdateTime`` now — and sent to the ``approval`` subresource
(:meth:`k8scourse.apiserver.APIServer.update_approval`). A request that already has the condition is
not sent again unless ``--force``; one that has the opposite condition is refused
(``certificate signing request "x" is already Denied``). Printed:
``certificatesigningrequest.certificates.k8s.io/x approved`` (``-o name``: the name alone; ``-o
yaml|json``: the request as sent). Errors of single requests (not found, forbidden, invalid) are
collected and printed after the others were handled, as kubectl's resource builder does.

The certificate itself is then issued by kube-controller-manager's signer
(:mod:`k8scourse.controllers.certificates`).
"""

from __future__ import annotations

from ...api.objects import copy_json
from ...errors import APIError
from ...i18n import t
from ..flags import Flag
from . import printing
from .cobra_path import help_text
from .command import CommandError, Invocation
from .manifests import parse_documents, read_sources

CERTIFICATE_FLAGS = (
    Flag("allow-missing-template-keys", "", "bool", True, "Ignore missing keys in templates."),
    Flag("filename", "f", "stringSlice", [], "Filename, directory, or URL to files identifying the resource to update"),
    Flag("force", "", "bool", False, "Update the CSR even if it is already approved."),
    Flag("kustomize", "k", "string", "", "Process the kustomization directory."),
    Flag("output", "o", "string", "", "Output format."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f, --filename recursively."),
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects."),
    Flag("template", "", "string", "", "Template string or path to template file to use."),
)
_QUALIFIED = "certificatesigningrequest.certificates.k8s.io"
_ACTIONS = {
    "approve": ("Approved", "Denied", "KubectlApprove", "This CSR was approved by kubectl certificate approve.",
                "approved"),
    "deny": ("Denied", "Approved", "KubectlDeny", "This CSR was denied by kubectl certificate deny.", "denied"),
}


class _Refused(CommandError):
    """A request kubectl refuses on the client side (printed ``error: …`` when it is the only error)."""

    def __init__(self, message: str):
        super().__init__(f"error: {message}")
        self.message = message


def _names(inv: Invocation, names: list[str]) -> list[str]:
    """The requests to act on: the names typed, then the ones the ``-f`` files name."""
    out = list(names)
    files = inv.flags.get("filename") or []
    if files:
        for source in read_sources(files, bool(inv.flags.get("recursive")), inv.stdin, inv.extra.get("cwd")):
            for doc in parse_documents(source):
                out.append((doc.object.get("metadata") or {}).get("name", ""))
    return out


def _now(inv: Invocation) -> str:
    return inv.cluster.sim.clock.rfc3339()


def run_certificate(inv: Invocation) -> int:
    if not inv.args or inv.args[0] not in _ACTIONS:
        inv.out.out(help_text(["certificate"]))
        return 0
    action, names = inv.args[0], inv.args[1:]
    output = inv.flags.get("output") or ""
    printing.check_output_format(output)
    if not names and not inv.flags.get("filename") and not inv.flags.get("kustomize"):
        raise CommandError("error: one or more CSRs must be specified as <name> or -f <filename>")
    if inv.flags.get("kustomize"):
        raise CommandError(t("kubectl.kustomize_not_modelled"))
    ctype, opposite, reason, message, verb = _ACTIONS[action]
    errors: list[Exception] = []
    for name in _names(inv, names):
        try:
            csr = inv.api.get("certificatesigningrequests", name, "")
        except APIError as exc:
            errors.append(exc)
            continue
        conditions = (csr.get("status") or {}).get("conditions") or []
        types = {c.get("type") for c in conditions if isinstance(c, dict)}
        if opposite in types:
            errors.append(_Refused(f'certificate signing request "{name}" is already {opposite}'))
            continue
        sent = copy_json(csr)
        if ctype not in types:
            sent.setdefault("status", {})["conditions"] = list(conditions) + [{
                "type": ctype, "status": "True", "reason": reason, "message": message,
                "lastUpdateTime": _now(inv)}]
        if ctype not in types or inv.flags.get("force"):
            try:
                inv.api.update_approval(sent, user=getattr(inv.user, "name", "") or "admin")
            except APIError as exc:
                errors.append(exc)
                continue
        if output:
            inv.out.out(printing.format_objects(inv, [csr], output, single=True))   # as fetched: kubectl modifies a copy
        else:
            inv.print(f"{_QUALIFIED}/{name} {verb}")
    if len(errors) == 1:
        raise errors[0]
    if errors:
        # kubectl's MultipleErrors: one line each, API errors as "Error from server …", the others bare
        for exc in errors:
            inv.out.err((exc.kubectl_text() if isinstance(exc, APIError) else exc.message) + "\n")
        return 1
    return 0
