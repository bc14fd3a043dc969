"""vrest's own exception and warning types.

Every error caused by the user's input is a :class:`VrestInputError` whose message names the
field, the value given and what was expected (with its unit). The CLI turns any
:class:`VrestError` into a one-line message and exit code 2.
"""

from __future__ import annotations

from typing import Any


class VrestError(Exception):
    """Base class of every exception raised on purpose by vrest."""


class VrestInputError(VrestError, ValueError):
    """Bad input: names the ``field``, the ``value`` and what was ``expected``.

    >>> raise VrestInputError("K.c_in", -4.0, "a positive concentration in mM")
    Traceback (most recent call last):
    ...
    vrest.errors.VrestInputError: K.c_in = -4.0: expected a positive concentration in mM
    """

    def __init__(self, field: str, value: Any, expected: str, hint: str = "") -> None:
        self.field, self.value, self.expected, self.hint = field, value, expected, hint
        msg = f"{field} = {value!r}: expected {expected}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class CellFileError(VrestInputError):
    """A cell file (TOML) that cannot be read, is malformed or is incomplete."""

    def __init__(self, path: str, field: str, value: Any, expected: str, hint: str = "") -> None:
        self.path = path
        super().__init__(f"{path}: {field}" if field else path, value, expected, hint)
        if not field:
            msg = f"{path}: expected {expected}" + (f" ({hint})" if hint else "")
            self.args = (msg,)


class SolverError(VrestError):
    """A numerical solver failed (no root bracketed, no convergence). ``field`` names the
    inputs that decide whether a solution exists (may be empty)."""

    def __init__(self, message: str, field: str = "") -> None:
        self.field = field
        super().__init__(message)


class VrestWarning(UserWarning):
    """Something legal but suspicious, e.g. a temperature outside 0–45 °C."""
