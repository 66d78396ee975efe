"""Reading the files people hand to the commands (corpora, gold labels, topics): every problem is an InputFileError
whose message starts with FILE:LINE, never a traceback from deep inside a decoder.

Lines are read in bounded pieces, so an endless input (/dev/zero) stops at the first over-long line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# A corpus line holds one article, JSON-escaped; no real one comes near this.
MAX_LINE_BYTES = 64 * 1024 * 1024
NUL = b"\x00"


class InputFileError(ValueError):
    """A file that cannot be read as the command expects; str() is "FILE:LINE: problem" or "cannot read FILE: …"."""

    def __init__(self, message: str, *, problem: str | None = None) -> None:
        super().__init__(message)
        self.problem = problem or message  # without the place, for readers that report many bad lines


def _line_error(path: str | Path, number: int, problem: str) -> InputFileError:
    return InputFileError(f"{path}:{number}: {problem}", problem=problem)


def _decoded(path: str | Path, number: int, raw: bytes) -> str:
    if NUL in raw:
        raise _line_error(path, number, f"binary data (a NUL byte at byte {raw.index(NUL)} of the line)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _line_error(path, number, f"not UTF-8 (byte {error.start} of the line)") from None


def text_lines(path: str | Path, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, str]]:
    """(line number, text) of every line, blank ones too, decoded as UTF-8."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below; a generator keeps it open)
    except OSError as error:
        raise InputFileError(f"cannot read {path}: {error.strerror or error}") from None
    with handle:
        number = 0
        while raw := handle.readline(max_line_bytes + 1):
            number += 1
            if len(raw) > max_line_bytes:
                raise _line_error(path, number, f"line longer than {max_line_bytes} bytes")
            yield number, _decoded(path, number, raw)


def json_line(path: str | Path, number: int, line: str) -> Any:  # noqa: ANN401 (any JSON value)
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise _line_error(path, number, f"not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise _line_error(path, number, "not valid JSON (nested too deep)") from None


def json_object(path: str | Path, number: int, line: str) -> dict:
    record = json_line(path, number, line)
    if not isinstance(record, dict):
        raise _line_error(path, number, "not a JSON object")
    return record


def json_object_from_bytes(path: str | Path, number: int, raw: bytes) -> dict:
    """One JSON lines record as read from the file: InputFileError for binary, non-UTF-8, malformed or non-object."""
    return json_object(path, number, _decoded(path, number, raw))


def jsonl_objects(path: str | Path, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, dict]]:
    """(line number, object) of every non-blank line of a JSON lines file."""
    for number, line in text_lines(path, max_line_bytes=max_line_bytes):
        if line.strip():
            yield number, json_object(path, number, line)


def text_file(path: str | Path, *, max_bytes: int = MAX_LINE_BYTES) -> str:
    """The whole file as UTF-8 text, read in bounded pieces; InputFileError names the line of a bad byte."""
    try:
        handle = open(path, "rb")  # noqa: SIM115
    except OSError as error:
        raise InputFileError(f"cannot read {path}: {error.strerror or error}") from None
    with handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputFileError(f"{path}: larger than {max_bytes} bytes")
    for number, raw in enumerate(data.split(b"\n"), start=1):
        _decoded(path, number, raw)
    return data.decode("utf-8")
