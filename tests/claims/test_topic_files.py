"""`manage.py load_topics FILE.json` and `dump_topics`: topics as a JSON list, created or updated by slug."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Topic
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
TRADE = {
    "slug": "trade-deals",
    "name": "Trade deals",
    "description": "Free-trade agreements.",
    "keywords": ["TPP", "NAFTA"],
    "favor": ["free trade"],
    "against": ["renegotiate"],
}


def write(tmp_path: Path, data: object, name: str = "topics.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def load(path: Path) -> str:
    out = io.StringIO()
    call_command("load_topics", str(path), stdout=out)
    return out.getvalue()


def dump(*args: str) -> str:
    out = io.StringIO()
    call_command("dump_topics", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_creates_topics_and_then_updates_them_by_slug(tmp_path):
    assert "1 created, 0 updated, 0 unchanged" in load(write(tmp_path, [TRADE]))
    topic = Topic.objects.get(slug="trade-deals")
    assert (topic.name, topic.keywords, topic.favor_phrases, topic.against_phrases) == (
        "Trade deals",
        ["TPP", "NAFTA"],
        ["free trade"],
        ["renegotiate"],
    )
    assert "0 created, 0 updated, 1 unchanged" in load(write(tmp_path, [TRADE]))
    out = load(write(tmp_path, [{**TRADE, "keywords": ["TPP"], "name": "Trade agreements"}]))
    assert "0 created, 1 updated" in out
    assert "updated: trade-deals" in out
    topic.refresh_from_db()
    assert (topic.name, topic.keywords, Topic.objects.count()) == ("Trade agreements", ["TPP"], 1)


def test_topics_the_file_does_not_name_are_left_alone(tmp_path):
    TopicFactory(slug="peace-talks", name="Peace talks")
    load(write(tmp_path, [TRADE]))
    assert sorted(Topic.objects.values_list("slug", flat=True)) == ["peace-talks", "trade-deals"]


def test_dump_writes_what_load_reads_so_a_round_trip_changes_nothing(tmp_path):
    TopicFactory(slug="peace-talks", name="Peace talks", keywords=["talks"], favor_phrases=["ready to negotiate"])
    load(write(tmp_path, [TRADE]))
    dumped = json.loads(dump())
    assert [t["slug"] for t in dumped] == ["peace-talks", "trade-deals"]
    assert dumped[1] == TRADE
    Topic.objects.all().delete()
    load(write(tmp_path, dumped))
    assert json.loads(dump()) == dumped


def test_dump_out_writes_the_file(tmp_path):
    load(write(tmp_path, [TRADE]))
    target = tmp_path / "out.json"
    assert dump("--out", str(target)) == ""
    assert json.loads(target.read_text(encoding="utf-8")) == [TRADE]


def test_the_polnear_topics_file_loads_the_four_campaign_topics():
    load(REPO / "claims/demo/topics/polnear.json")
    topics = {t.slug: t for t in Topic.objects.all()}
    assert sorted(topics) == ["donald-trump", "hillary-clinton", "immigration-enforcement", "trade-deals"]
    assert "NAFTA" in topics["trade-deals"].keywords


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("[{", "not JSON: .* at line 1 column 3"),
        ({"slug": "x"}, "expected a list of topics, got dict"),
        ([TRADE, "nafta"], "topic 2: expected an object, got str"),
        ([{**TRADE, "favour": ["x"]}], "topic 1 \\(trade-deals\\): unknown field\\(s\\) favour"),
        ([{**TRADE, "name": " "}], "topic 1 \\(trade-deals\\): name is required"),
        ([{**TRADE, "slug": "trade deals"}], "slug 'trade deals' must be letters, digits"),
        ([{**TRADE, "keywords": "TPP"}], "topic 1 \\(trade-deals\\) keywords: expected a list of phrases"),
        ([{**TRADE, "against": ["tariffs", ""]}], "topic 1 \\(trade-deals\\) against item 2: expected a non-empty"),
        ([{**TRADE, "favor": ["x" * 101]}], "favor item 1: longer than 100 characters"),
        ([TRADE, {**TRADE, "name": "Again"}], "topic 2 \\(trade-deals\\): the same slug as topic 1"),
    ],
)
def test_a_bad_file_is_refused_naming_the_item_and_changes_nothing(tmp_path, data, message):
    TopicFactory(slug="trade-deals", name="Before", keywords=["old"])
    path = write(tmp_path, data)
    with pytest.raises(CommandError, match=message):
        load(path)
    topic = Topic.objects.get()
    assert (topic.name, topic.keywords) == ("Before", ["old"])


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read .*missing.json"):
        load(tmp_path / "missing.json")
