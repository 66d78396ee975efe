"""`manage.py extract`: one JSON object per claim and line, with or without a database."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from claims.management.commands import extract as extract_command
from tests.factories import ActorFactory, AliasFactory, TopicFactory

TEXT = (
    "Kremlin spokesman Dmitry Peskov said on Monday that Moscow was ready to negotiate.\n"
    "He added that the peace talks could take place in Hungary.\n"
    "The weather stayed mild all week."
)
pytestmark = pytest.mark.django_db

KEYS = [
    "doc",
    "speaker",
    "antecedent",
    "actor",
    "actor_candidates",
    "cue",
    "content",
    "kind",
    "act",
    "said_on",
    "date_precision",
    "topic",
    "stance",
    "confidence",
    "nested_in",
]


def run(*args: str) -> tuple[list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("extract", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "peskov.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def peace_talks_gazetteer(db) -> None:  # noqa: ANN001
    # The stance is the speaker's: "Moscow was ready to negotiate" is the Kremlin spokesman's side only because the
    # actor speaks for Russia and Moscow is its capital.
    peskov = ActorFactory(name="Dmitry Peskov", slug="dmitry-peskov", role="", country="Russia")
    AliasFactory(actor=peskov, name="Kremlin spokesman", is_role=True)
    TopicFactory(
        name="Peace talks",
        slug="peace-talks",
        keywords=["negotiation", "peace talks"],
        favor_phrases=["ready to negotiate"],
    )


@pytest.mark.usefixtures("peace_talks_gazetteer")
def test_it_prints_each_claim_in_the_issue_format_linked_with_the_database(article: Path) -> None:
    lines, _ = run(str(article), "--published", "2024-03-15")

    assert [list(line) for line in lines] == [KEYS, KEYS]
    first, second = lines
    assert first["doc"] == str(article)
    assert (first["actor"], first["said_on"], first["date_precision"]) == ("dmitry-peskov", "2024-03-11", "day")
    assert (first["topic"], first["stance"]) == ("peace-talks", "favor")
    assert (second["speaker"]["text"], second["actor"], second["said_on"]) == ("He", "dmitry-peskov", "2024-03-11")
    assert (first["antecedent"], second["antecedent"]["text"]) == (None, "Dmitry Peskov")
    assert [line["act"] for line in lines] == ["speech", "speech"]
    for line in lines:
        for role in ("speaker", "antecedent", "cue", "content"):
            span = line[role]
            assert span is None or TEXT[span["start"] : span["end"]] == span["text"]
        # A continuous content is one fragment, the content itself.
        assert line["content"]["fragments"] == [{k: line["content"][k] for k in ("start", "end", "text")}]


def test_an_interrupted_quote_is_two_fragments_without_the_narrators_words(tmp_path: Path) -> None:
    text = "“The harbour will reopen in May,” said Ana Ruiz, the port director. “Nobody will lose their job.”"
    path = tmp_path / "port.txt"
    path.write_text(text, encoding="utf-8")

    (line,), _ = run(str(path))

    assert line["speaker"]["text"] == "Ana Ruiz"
    assert [fragment["text"] for fragment in line["content"]["fragments"]] == [
        "“The harbour will reopen in May,”",
        "“Nobody will lose their job.”",
    ]
    for fragment in line["content"]["fragments"]:
        assert text[fragment["start"] : fragment["end"]] == fragment["text"]
    assert line["content"]["text"] == text[line["content"]["start"] : line["content"]["end"]]


@pytest.mark.usefixtures("peace_talks_gazetteer")
def test_without_a_published_date_there_is_no_said_on(article: Path) -> None:
    lines, _ = run(str(article))
    assert {(line["said_on"], line["date_precision"]) for line in lines} == {(None, None)}


@pytest.mark.usefixtures("peace_talks_gazetteer")
def test_it_reads_a_jsonl_corpus_and_names_each_line_by_its_id(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    rows = [
        {"id": "a1", "text": TEXT, "published": "2024-03-15"},
        {"id": "empty", "text": "", "published": None},
        {"id": "a2", "text": "Dmitry Peskov told reporters that the talks were over.", "published": "2024-01-02"},
    ]
    corpus.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")

    lines, err = run("--jsonl", str(corpus))

    assert [line["doc"] for line in lines] == ["a1", "a1", "a2"]
    assert lines[2]["said_on"] == "2024-01-02"
    assert "empty: no claims" in err


def test_it_still_works_without_a_database(article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable() -> None:
        raise OperationalError('connection to server at "127.0.0.1", port 1 failed: Connection refused')

    monkeypatch.setattr(extract_command, "gazetteer_build", unreachable)
    lines, err = run(str(article), "--published", "2024-03-15")

    assert len(lines) == 2
    assert {(line["actor"], line["topic"]) for line in lines} == {(None, None)}
    assert lines[0]["said_on"] == "2024-03-11"
    assert "No database" in err


@pytest.mark.parametrize("args", [(), ("a.txt", "--jsonl", "b.jsonl"), ("a.txt", "--published", "7 Dec 2023")])
def test_it_refuses_unclear_arguments(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        call_command("extract", *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_a_malformed_jsonl_line_is_reported_with_its_number(tmp_path: Path) -> None:
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"id": "ok", "text": "Fine.", "published": null}\n{"text": "no id"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="bad.jsonl:2"):
        run("--jsonl", str(corpus))
