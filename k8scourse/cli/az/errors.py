"""The Azure CLI's errors as it prints them: its own, and those of Azure Resource Manager.

The CLI prints an error as ``ERROR: <message>``, then its recommendations one per line (``Did you
mean 'create' ?``), then — when its recommender ran (argument errors) — a blank line, up to three
examples from the command's help under ``Examples from command's help:``, and the link to the
reference docs::

    >>> print(AzError("the following arguments are required: --name/-n", 2,
    ...               examples=[("az aks show --name MyManagedCluster --resource-group MyResourceGroup",
    ...                          "Show the details for a managed Kubernetes cluster")]).text(), end="")
    ERROR: the following arguments are required: --name/-n
    <BLANKLINE>
    Examples from command's help:
    az aks show --name MyManagedCluster --resource-group MyResourceGroup
    Show the details for a managed Kubernetes cluster
    <BLANKLINE>
    https://aka.ms/cli_ref
    Read more about the command in reference docs

An ARM error (:class:`~k8scourse.cloud.errors.ARMError`) comes out as azure-core formats an OData
error, ``(Code) Message`` followed by ``Code:`` and ``Message:`` lines; the exit code is 3 for a
404 (the CLI's ResourceNotFoundError) and 1 otherwise::

    >>> from k8scourse.cloud.errors import ARMError
    >>> err = ARMError("ResourceGroupNotFound", "Resource group 'x' could not be found.")
    >>> print(arm_error_text(err)); arm_exit_code(err)
    ERROR: (ResourceGroupNotFound) Resource group 'x' could not be found.
    Code: ResourceGroupNotFound
    Message: Resource group 'x' could not be found.
    3
"""

from __future__ import annotations

from ...cloud.errors import ARMError
from ...errors import K8sCourseError

REFERENCE_LINK = "https://aka.ms/cli_ref"
REFERENCE_TEXT = "Read more about the command in reference docs"
QUERY_REFERENCE = "To learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'"


class AzError(K8sCourseError):
    """An error the Azure CLI itself prints (argument errors, its validators); ``exit_code`` as the CLI's.

    ``examples`` is None when the CLI's recommender did not run (errors raised by commands and
    validators), else the examples it chose — possibly none, in which case only the reference link
    follows.
    """

    def __init__(self, message: str, exit_code: int = 1, recommendations: list[str] | tuple[str, ...] = (),
                 examples: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.recommendations = list(recommendations)
        self.examples = examples

    def text(self) -> str:
        lines = [f"ERROR: {self.message}"] + self.recommendations
        text = "\n".join(lines) + "\n"
        if self.examples is not None:
            text += "\n"
            if self.examples:
                text += "Examples from command's help:\n"
            for command, description in self.examples:
                text += f"{command}\n{description}\n\n"
            text += f"{REFERENCE_LINK}\n{REFERENCE_TEXT}\n"
        return text


def arm_error_text(exc: ARMError) -> str:
    """An ARM error as the CLI prints it (azure-core's ``(code) message`` and its details)."""
    text = f"ERROR: ({exc.code}) {exc.message}\nCode: {exc.code}\nMessage: {exc.message}"
    if exc.target:
        text += f"\nTarget: {exc.target}"
    return text


def arm_exit_code(exc: ARMError) -> int:
    return 3 if exc.status == 404 else 1
