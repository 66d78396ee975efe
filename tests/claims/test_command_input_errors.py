"""Every command that reads a file answers a bad one with "FILE:LINE: what is wrong", never a traceback.

Each file below has blank lines before the bad one, which every reader skips, so the line number is the bad line's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.nlp.input_files import InputFileError, text_lines

BAD_LINES = {
    # (file content, line of the problem, what the message says)
    "binary": (b"\n\x89PNG\r\x1a\x00\x00\x00\rIHDR\n", 2, "binary data"),
    "not-utf8": (
        b"\n\n" + '{"id": "a1", "text": "Caf\u00e9 owners said so."}'.encode("latin-1") + b"\n",
        3,
        "not UTF-8",
    ),
    "malformed": (b'\n{"id": "a1", "text": "The mayor said\n', 2, "not valid JSON|not JSON"),
    "deeply-nested": (b"\n" + b"[" * 100_000 + b"]" * 100_000 + b"\n", 2, r"not (valid )?JSON \(nested too deep\)"),
}
TOPICS_BAD = {
    "binary": (b"[\n\x00]\n", 2, "binary data"),
    "not-utf8": (b'[\n\n{"slug": "caf\xe9"}]\n', 3, "not UTF-8"),
    "malformed": (b'[\n{"slug": }\n]\n', 2, "not JSON"),
}


def _run(name: str, *args: str, **options: object) -> None:
    call_command(name, *args, stdout=StringIO(), stderr=StringIO(), **options)


def _evaluate_enrichment_gold(path: Path, tmp_path: Path) -> None:
    _run("evaluate_enrichment", str(path), texts=str(tmp_path / "unused.jsonl"), topics=str(tmp_path / "unused.json"))


def _evaluate_enrichment_texts(path: Path, tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text("")
    (tmp_path / "topics.json").write_text("[]")
    _run("evaluate_enrichment", str(tmp_path / "gold.jsonl"), texts=str(path), topics=str(tmp_path / "topics.json"))


JSONL_COMMANDS: dict[str, Callable[[Path, Path], None]] = {
    "ingest --jsonl": lambda path, tmp: _run("ingest", jsonl=[str(path)]),
    "extract --jsonl": lambda path, tmp: _run("extract", jsonl=str(path)),
    "evaluate_extraction": lambda path, tmp: _run("evaluate_extraction", str(path), rules_only=True),
    "evaluate_enrichment (gold)": _evaluate_enrichment_gold,
    "evaluate_enrichment --texts": _evaluate_enrichment_texts,
    "train_extractor --jsonl": lambda path, tmp: _run("train_extractor", jsonl=str(path), out=str(tmp / "model")),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BAD_LINES)
@pytest.mark.parametrize("command", JSONL_COMMANDS)
def test_a_bad_jsonl_line_is_a_command_error_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, kind: str
) -> None:
    content, line, message = BAD_LINES[kind]
    path = tmp_path / "input.jsonl"
    path.write_bytes(content)

    with pytest.raises(CommandError) as raised:
        JSONL_COMMANDS[command](path, tmp_path)

    if command == "ingest --jsonl":
        # ingest goes on past a bad line, says which it was, and fails at the end.
        assert "1 input(s) rejected" in str(raised.value)
        said = capsys.readouterr().err
    else:
        said = str(raised.value)
    assert re.search(rf"{re.escape(str(path))}:{line}: ({message})", said), said


def _evaluate_enrichment_topics(path: Path, tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text("")
    _run("evaluate_enrichment", str(tmp_path / "gold.jsonl"), texts=str(path), topics=str(path))


TOPICS_COMMANDS: dict[str, Callable[[Path, Path], None]] = {
    "load_topics": lambda path, tmp: _run("load_topics", str(path)),
    "evaluate_enrichment --topics": _evaluate_enrichment_topics,
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", TOPICS_BAD)
@pytest.mark.parametrize("command", TOPICS_COMMANDS)
def test_a_bad_topics_file_is_a_command_error_naming_file_and_line(tmp_path: Path, command: str, kind: str) -> None:
    content, line, message = TOPICS_BAD[kind]
    path = tmp_path / "topics.json"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=rf"^{re.escape(str(path))}:{line}: .*{message}"):
        TOPICS_COMMANDS[command](path, tmp_path)


@pytest.mark.parametrize(
    "command", ["load_topics", "evaluate_enrichment --topics", "evaluate_extraction", "train_extractor --jsonl"]
)
def test_a_missing_file_is_a_command_error_naming_it(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "nowhere.jsonl"
    run = {**TOPICS_COMMANDS, **JSONL_COMMANDS}[command]

    with pytest.raises(CommandError, match=re.escape(str(missing))):
        run(missing, tmp_path)


def test_an_endless_input_stops_at_the_first_over_long_line() -> None:
    with pytest.raises(InputFileError, match="^/dev/zero:1: line longer than 4096 bytes"):
        list(text_lines("/dev/zero", max_line_bytes=4096))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"The mayor said so.\n\x89PNG\r\x1a\x00\x00\n", r":2: binary data"),
        ("The mayor said so.\nCaf\u00e9 owners agreed.\n".encode("latin-1"), r":2: not UTF-8"),
        (b"The mayor said so. " * 20, r": larger than 100 bytes"),
    ],
    ids=["binary", "not-utf8", "oversized"],
)
def test_extract_refuses_a_text_file_that_is_not_an_article(tmp_path: Path, settings, content: bytes, message: str):
    settings.ARTICLE_MAX_BYTES = 100
    path = tmp_path / "article.txt"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=rf"^{re.escape(str(path))}{message}"):
        _run("extract", str(path))
