"""The operator's commands: ingest, pipeline_status, requeue_stale."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.models import Article, Claim
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

PESKOV = "Dmitry Peskov said on Tuesday that Russia was ready to negotiate with Ukraine."
SCHUMER = "Chuck Schumer told reporters that the Senate would pass more aid for Ukraine."


def run(*args, **kwargs) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def sent(monkeypatch):
    batches = []
    monkeypatch.setattr(
        "claims.management.commands.ingest.articles_enqueue", lambda *, article_ids: batches.append(list(article_ids))
    )
    return batches


def test_ingest_reads_text_and_html_files_and_folders(tmp_path, sent):
    (tmp_path / "a.txt").write_text(PESKOV)
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "b.html").write_text(f"<html><head><title>Aid</title></head><body><p>{SCHUMER}</p></body></html>")
    (folder / "notes.md").write_text("ignored: not an article type")
    out, _ = run("ingest", str(tmp_path / "a.txt"), str(folder), "--published", "2023-12-07", "--source", "Wire")
    assert "Ingested 2 new article(s), 0 already stored, 0 rejected." in out
    assert set(Article.objects.values_list("outlet", "published_on")) == {("Wire", dt.date(2023, 12, 7))}
    assert Article.objects.get(text=SCHUMER).title == "Aid"
    assert sorted(sum(sent, [])) == sorted(Article.objects.values_list("pk", flat=True))


def test_ingest_queues_extraction_in_batches(tmp_path, sent, settings):
    settings.EXTRACTION_BATCH_SIZE = 2
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"{PESKOV} Story {n}.")
    run("ingest", str(tmp_path))
    assert [len(batch) for batch in sent] == [2, 2, 1]


def test_ingest_links_the_feed_source_named_by_source(tmp_path, sent):
    source = SourceFactory(name="Wire", outlet="Wire Service")
    (tmp_path / "a.txt").write_text(PESKOV)
    run("ingest", str(tmp_path / "a.txt"), "--source", "Wire")
    assert Article.objects.get().source == source


def test_ingest_names_each_bad_file_and_the_byte_offset_and_stores_the_rest(tmp_path, sent):
    (tmp_path / "good.txt").write_text(PESKOV)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"abc\x00\x01\x02")
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "story.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="4 input"):
        run("ingest", *sorted(str(p) for p in tmp_path.iterdir()))
    assert Article.objects.count() == 1


def test_ingest_error_messages_name_the_file(tmp_path, sent, capsys):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 talks".encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("ingest", str(bad))
    assert f"{bad}: The file is not valid UTF-8: byte 3 (0xe9)" in capsys.readouterr().err


def test_ingest_reads_json_lines_and_reports_bad_lines(tmp_path, sent, capsys):
    lines = [
        json.dumps({"id": "d1", "text": PESKOV, "published": "2016-09-12", "title": "Talks"}),
        "{not json",
        json.dumps({"id": "d3", "text": "", "title": "Empty"}),
        json.dumps({"id": "d4", "text": SCHUMER, "published": "2016-09-13T10:00:00"}),
        json.dumps({"id": "d5", "text": PESKOV}),  # a duplicate of d1
    ]
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError, match="2 input"):
        call_command("ingest", "--jsonl", str(jsonl))
    captured = capsys.readouterr()
    assert "Ingested 2 new article(s), 1 already stored, 2 rejected." in captured.out
    assert f"{jsonl}:2: not valid JSON" in captured.err
    assert f"{jsonl}:3 (d3): The article has no text." in captured.err
    talks = Article.objects.get(title="Talks")
    assert talks.published_on == dt.date(2016, 9, 12)
    assert Article.objects.get(text=SCHUMER).published_on == dt.date(2016, 9, 13)


def test_ingest_wait_extracts_and_prints_a_summary(tmp_path):
    call_command("load_demo", verbosity=0)
    (tmp_path / "a.txt").write_text(PESKOV)
    (tmp_path / "b.txt").write_text(SCHUMER)
    out, _ = run("ingest", str(tmp_path), "--published", "2023-12-07", "--wait")
    claims = Claim.objects.filter(article__text__in=[PESKOV, SCHUMER]).count()
    assert claims >= 2
    assert f"Articles: 2 (2 done, 0 failed, 0 unfinished). Claims: {claims}. Failures: 0." in out


def test_ingest_without_input_explains_itself():
    with pytest.raises(CommandError, match="Give files"):
        call_command("ingest")


def test_pipeline_status_prints_counts_ages_and_the_last_finish():
    queued = ArticleFactory(status=Article.Status.QUEUED)
    Article.objects.filter(pk=queued.pk).update(status_changed_at=timezone.now() - dt.timedelta(minutes=5))
    done = ArticleFactory(status=Article.Status.DONE)
    ClaimFactory(article=done)
    ClaimFactory(article=done, status="approved")
    ArticleFactory(status=Article.Status.FAILED)
    data = json.loads(run("pipeline_status", "--json")[0])
    assert data["articles"] == {"queued": 1, "running": 0, "done": 1, "failed": 1}
    assert data["claims"] == {"pending": 1, "approved": 1, "rejected": 0}
    assert 299 <= data["oldest_queued_age_seconds"] < 400
    assert data["last_finished_at"] is not None
    text = run("pipeline_status")[0]
    assert "Articles: queued 1, running 0, done 1, failed 1" in text
    assert "Oldest queued article: 5m" in text


def test_pipeline_status_on_an_empty_database():
    data = json.loads(run("pipeline_status", "--json")[0])
    assert (data["oldest_queued_at"], data["last_finished_at"]) == (None, None)
    assert "Last finished by a worker: never" in run("pipeline_status")[0]


def test_requeue_stale_sends_lost_articles_again(monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr("claims.services.articles.articles_enqueue", lambda *, article_ids: sent.append(article_ids))
    lost = ArticleFactory(status=Article.Status.QUEUED)
    Article.objects.filter(pk=lost.pk).update(status_changed_at=timezone.now() - dt.timedelta(minutes=20))
    ArticleFactory(status=Article.Status.QUEUED)
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run("requeue_stale", "--older-than", "600")
    assert out.strip() == f"Requeued 1 article(s): [{lost.pk}]"
    assert sent == [[lost.pk]]


def test_ingest_of_an_endless_file_stops_at_the_size_limit(settings, capsys):
    settings.ARTICLE_MAX_BYTES = 1024 * 1024

    with pytest.raises(CommandError, match="1 input"):
        call_command("ingest", "/dev/zero")

    assert "/dev/zero: larger than ARTICLE_MAX_BYTES (1048576 bytes)" in capsys.readouterr().err


def test_ingest_of_an_endless_jsonl_stops_at_the_line_limit(settings, capsys):
    settings.ARTICLE_MAX_BYTES = 1024

    with pytest.raises(CommandError, match="1 input"):
        call_command("ingest", "--jsonl", "/dev/zero")

    assert "/dev/zero:1: line longer than" in capsys.readouterr().err


def test_ingest_names_the_file_and_line_of_binary_and_non_utf8_jsonl(tmp_path, sent, capsys):
    jsonl = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok", "text": PESKOV}).encode()
    jsonl.write_bytes(b"\n".join([good, b"\x00\x01\xff\xfe" * 50, b'{"text": "caf\xe9"}', b"[" * 100_000]) + b"\n")

    with pytest.raises(CommandError, match="3 input"):
        call_command("ingest", "--jsonl", str(jsonl))

    err = capsys.readouterr().err
    assert f"{jsonl}:2: binary data" in err
    assert f"{jsonl}:3: not UTF-8 (byte 13 of the line)" in err
    assert f"{jsonl}:4: not valid JSON" in err
    assert Article.objects.count() == 1, "the good line is still ingested"


def test_ingest_of_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="missing.jsonl: No such file"):
        call_command("ingest", "--jsonl", str(tmp_path / "missing.jsonl"))
