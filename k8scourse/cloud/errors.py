"""Errors of the simulated Azure: what Azure Resource Manager answers, not how a CLI prints it.

ARM answers a refused request with an HTTP status and an OData error body
(``{"error": {"code": "ResourceGroupNotFound", "message": "Resource group 'x' could not be
found."}}``); a long-running operation that fails ends with the same body. :class:`ARMError`
carries those three facts. The models raise it; a front end decides how to show it (the ``az``
front end prints ARM errors the way Azure CLI 2.x does, with exit code 3 for a 404 and 1
otherwise — :mod:`k8scourse.cli.az.errors`).

>>> err = ARMError("ResourceGroupNotFound", "Resource group 'x' could not be found.")
>>> err.status, err.code
(404, 'ResourceGroupNotFound')
>>> ARMError("OperationNotAllowed", "busy", status=409).status
409
"""

from __future__ import annotations

from ..errors import K8sCourseError


class CloudError(K8sCourseError):
    """Something the simulated cloud refuses or cannot finish."""


class ARMError(CloudError):
    """An error response of Azure Resource Manager: ``code``, ``message`` and HTTP ``status``.

    ``status`` defaults to 404 for the ``…NotFound`` codes ARM answers with Not Found and to 400
    (Bad Request) for the rest; callers pass 409 and others where ARM uses them.
    """

    def __init__(self, code: str, message: str, status: int | None = None, target: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status if status is not None else (404 if code.endswith("NotFound") else 400)
        self.target = target

    def body(self) -> dict:
        """The OData error body ARM returns."""
        error = {"code": self.code, "message": self.message}
        if self.target:
            error["target"] = self.target
        return {"error": error}


class OperationTimeout(CloudError):
    """A simulated long-running operation that did not finish within the waiting time allowed."""
