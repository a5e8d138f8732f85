"""Coded errors: every failure a user can cause has a code, a message and what to do next.

The library raises these; only the CLI turns them into stderr lines and exit codes (convention 3).
Codes are stable: tests and users' scripts match on them. Families:

- ``E1xx`` input files and documents
- ``E2xx`` wire format and gold data
- ``E3xx`` models and base encoder
- ``E4xx`` configuration and command-line usage
- ``E5xx`` corpus converters
"""

from __future__ import annotations


class AttribError(Exception):
    """Base class: an error with a stable code, a message and an optional hint."""

    code = "E000"
    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


# -- inputs ---------------------------------------------------------------------------------------------
class InputNotFound(AttribError):
    code = "E101"


class NoTextFiles(AttribError):
    code = "E102"


class UndecodableInput(AttribError):
    code = "E103"


class BinaryInput(AttribError):
    code = "E104"


class InputTooLarge(AttribError):
    code = "E105"


class MalformedJsonl(AttribError):
    code = "E106"


class UnsupportedInput(AttribError):
    code = "E107"


class UnreadableInput(AttribError):
    code = "E108"


class EmptySource(AttribError):
    """A source with no text: verifying against it would call every quote unsupported."""

    code = "E109"


# -- wire format ----------------------------------------------------------------------------------------
class WireFormatError(AttribError):
    code = "E201"


class OffsetError(AttribError):
    code = "E202"


# -- models ---------------------------------------------------------------------------------------------
class NoModelInstalled(AttribError):
    code = "E301"


class ModelLoadError(AttribError):
    code = "E302"


class EncoderChecksumMismatch(AttribError):
    code = "E303"


class EncoderNotInstalled(AttribError):
    code = "E304"


# -- configuration and usage ----------------------------------------------------------------------------
class ConfigError(AttribError):
    code = "E401"


class UsageError(AttribError):
    code = "E402"


class OutputError(AttribError):
    code = "E403"


# -- converters -----------------------------------------------------------------------------------------
class CorpusError(AttribError):
    code = "E501"
