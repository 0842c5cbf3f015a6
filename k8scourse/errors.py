"""The small error taxonomy of the simulator.

Models the API server's ``Status`` errors (``k8s.io/apimachinery/pkg/api/errors``): every failed API
call carries a *reason* (NotFound, AlreadyExists, Conflict, Invalid, Forbidden, BadRequest, ...), an
HTTP *code* and a human message worded like the real API server's. kubectl prints them as
``Error from server (<Reason>): <message>``.

Expected outcomes of a running cluster (an unschedulable pod, a crash loop) are *states and events*,
never exceptions. Exceptions are only for calls that the real API server would refuse, and for
misuse of the simulator itself (:class:`SimulationError`).

>>> e = APIError.not_found("pods", "web")
>>> e.reason, e.code, str(e)
('NotFound', 404, 'pods "web" not found')
"""

from __future__ import annotations

from typing import Any, Iterable


class K8sCourseError(Exception):
    """Base class of every error k8scourse raises on purpose."""


class SimulationError(K8sCourseError):
    """Misuse of the simulation itself (bad arguments to ``Cluster``, running a stopped clock...)."""


class ArgumentError(SimulationError, ValueError):
    """A Python API call given an argument it cannot take (``c.run("x")``, ``c.get(3, "web")``).

    Its text comes from the message catalogue (English or Korean, :mod:`k8scourse.i18n`), built by
    :mod:`k8scourse.arguments`; ``key`` and ``values`` keep what it was built from.

    >>> e = ArgumentError("arg.type", call="get", param="kind", expected="a string", got="int")
    >>> str(e)
    'get: kind must be a string, not int'
    """

    def __init__(self, key: str, **values: Any) -> None:
        from .i18n import t
        self.key, self.values = key, values
        super().__init__(t(key, **values))


class FieldError:
    """One field-level validation error, printed the way ``field.Error`` prints upstream.

    >>> str(FieldError.required("spec.containers[0].image"))
    'spec.containers[0].image: Required value'
    >>> str(FieldError.invalid("metadata.name", "Web", "must be lower case"))
    'metadata.name: Invalid value: "Web": must be lower case'
    """

    __slots__ = ("type", "field", "value", "detail", "_show_value")

    def __init__(self, type_: str, field: str, value: Any = None, detail: str = "",
                 show_value: bool = True) -> None:
        self.type = type_
        self.field = field
        self.value = value
        self.detail = detail
        self._show_value = show_value

    # Constructors named after upstream's field.Required / field.Invalid / ... helpers.
    @classmethod
    def required(cls, field: str, detail: str = "") -> "FieldError":
        return cls("Required value", field, None, detail, show_value=False)

    @classmethod
    def invalid(cls, field: str, value: Any, detail: str = "") -> "FieldError":
        return cls("Invalid value", field, value, detail)

    @classmethod
    def not_supported(cls, field: str, value: Any, supported: Iterable[str]) -> "FieldError":
        quoted = ", ".join(f'"{s}"' for s in supported)
        return cls("Unsupported value", field, value, f"supported values: {quoted}")

    @classmethod
    def duplicate(cls, field: str, value: Any) -> "FieldError":
        return cls("Duplicate value", field, value)

    @classmethod
    def forbidden(cls, field: str, detail: str) -> "FieldError":
        return cls("Forbidden", field, None, detail, show_value=False)

    @classmethod
    def too_long(cls, field: str, value: Any, max_length: int) -> "FieldError":
        return cls("Too long", field, value, f"may not be more than {max_length} bytes", show_value=False)

    @classmethod
    def not_found(cls, field: str, value: Any) -> "FieldError":
        return cls("Not found", field, value)

    def __str__(self) -> str:
        text = f"{self.field}: {self.type}"
        if self._show_value:
            text += ": " + _format_value(self.value)
        if self.detail:
            text += ": " + self.detail
        return text

    def __repr__(self) -> str:
        return f"FieldError({str(self)!r})"

    def to_cause(self) -> dict:
        """The ``StatusCause`` the API server puts in ``status.details.causes``."""
        reason = {
            "Required value": "FieldValueRequired",
            "Invalid value": "FieldValueInvalid",
            "Unsupported value": "FieldValueNotSupported",
            "Duplicate value": "FieldValueDuplicate",
            "Forbidden": "FieldValueForbidden",
            "Too long": "FieldValueTooLong",
            "Not found": "FieldValueNotFound",
        }.get(self.type, "FieldValueInvalid")
        message = str(self)[len(self.field) + 2:]
        return {"reason": reason, "message": message, "field": self.field}


def _format_value(value: Any) -> str:
    """Values print like Go's ``%#v`` for the common JSON types, as upstream's field errors do."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    return f'"{value}"'


class APIError(K8sCourseError):
    """An error answer of the API server: a ``Status`` with reason, code and message."""

    def __init__(self, reason: str, code: int, message: str, *, kind: str = "", name: str = "",
                 group: str = "", causes: list[dict] | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.code = code
        self.message = message
        # StatusDetails: name/group/kind strings and, for Invalid, the list of causes
        self.details: dict[str, Any] = {"name": name, "group": group, "kind": kind}
        if causes:
            self.details["causes"] = causes

    def status(self) -> dict:
        """The ``Status`` object the real API server returns (``kubectl ... -v=8`` shows it)."""
        details = {k: v for k, v in self.details.items() if v}
        return {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "details": details,
            "code": self.code,
        }

    def kubectl_text(self) -> str:
        """How kubectl shows this error: ``Error from server (NotFound): pods "x" not found``.

        Invalid errors are the exception: kubectl rebuilds them from the causes, one per line when
        there are several (``The Pod "x" is invalid: \n* a: ...\n* b: ...``).
        """
        causes = self.details.get("causes")
        if self.reason == "Invalid" and causes:
            head = f'The {self.details["kind"]} "{self.details["name"]}" is invalid: '
            lines = []
            for cause in causes:
                # always "<field>: <message>", even for a cause on the whole object (": Too long: ...")
                line = f'{cause.get("field", "")}: {cause["message"]}'
                if line not in lines:
                    lines.append(line)
            if len(lines) == 1:
                return head + lines[0]
            return head + "\n" + "\n".join(f"* {line}" for line in lines)
        if not self.reason:
            return f"Error from server: {self.message}"
        return f"Error from server ({self.reason}): {self.message}"

    # Factories: the messages follow k8s.io/apimachinery/pkg/api/errors.
    @staticmethod
    def _qualified(resource: str, group: str) -> str:
        return f"{resource}.{group}" if group else resource

    @classmethod
    def not_found(cls, resource: str, name: str, group: str = "") -> "APIError":
        res = cls._qualified(resource, group)
        return cls("NotFound", 404, f'{res} "{name}" not found', kind=resource, name=name, group=group)

    @classmethod
    def already_exists(cls, resource: str, name: str, group: str = "") -> "APIError":
        res = cls._qualified(resource, group)
        return cls("AlreadyExists", 409, f'{res} "{name}" already exists', kind=resource, name=name,
                   group=group)

    @classmethod
    def conflict(cls, resource: str, name: str, detail: str, group: str = "") -> "APIError":
        res = cls._qualified(resource, group)
        return cls("Conflict", 409, f'Operation cannot be fulfilled on {res} "{name}": {detail}',
                   kind=resource, name=name, group=group)

    @classmethod
    def invalid(cls, kind: str, name: str, errors: list[FieldError], group: str = "") -> "APIError":
        if len(errors) == 1:
            text = str(errors[0])
        else:
            text = "[" + ", ".join(str(e) for e in errors) + "]"
        qkind = f"{kind}.{group}" if group else kind
        return cls("Invalid", 422, f'{qkind} "{name}" is invalid: {text}',
                   kind=kind, name=name, group=group, causes=[e.to_cause() for e in errors])

    @classmethod
    def forbidden(cls, resource: str, name: str, detail: str, group: str = "") -> "APIError":
        res = cls._qualified(resource, group)
        subject = f'{res} "{name}"' if name else res
        return cls("Forbidden", 403, f"{subject} is forbidden: {detail}", kind=resource, name=name,
                   group=group)

    @classmethod
    def no_such_path(cls) -> "APIError":
        """The answer to a path the server does not serve (a ``404`` with the generic text)."""
        return cls("NotFound", 404, "the server could not find the requested resource")

    @classmethod
    def bad_request(cls, message: str) -> "APIError":
        return cls("BadRequest", 400, message)

    @classmethod
    def method_not_allowed(cls, message: str) -> "APIError":
        return cls("MethodNotAllowed", 405, message)

    @classmethod
    def unavailable(cls, message: str) -> "APIError":
        return cls("ServiceUnavailable", 503, message)

    @classmethod
    def internal(cls, message: str) -> "APIError":
        return cls("InternalError", 500, f"Internal error occurred: {message}")
