"""Topics as JSON: a list of {slug, name, description, keywords, favor, against}, loaded by slug.

The same file format is read by `manage.py load_topics`, written by `manage.py dump_topics` and accepted by
`manage.py evaluate_enrichment --topics`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.db import transaction

from claims.models import Topic
from claims.nlp.types import TopicEntry

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_REQUIRED = ("slug", "name")
_LISTS = ("keywords", "favor", "against")
_KEYS = {"slug", "name", "description", *_LISTS}
_NAME_MAX = Topic._meta.get_field("name").max_length
_SLUG_MAX = Topic._meta.get_field("slug").max_length
_PHRASE_MAX = Topic._meta.get_field("keywords").base_field.max_length


class TopicFileError(ValueError):
    """The topics JSON is malformed; the message names the item and the field (`line`: where JSON stops parsing)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class TopicSpec:
    slug: str
    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    favor: tuple[str, ...] = ()
    against: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "slug": self.slug,
            "name": self.name,
            "description": self.description,
            "keywords": list(self.keywords),
            "favor": list(self.favor),
            "against": list(self.against),
        }

    def as_entry(self) -> TopicEntry:
        return TopicEntry(
            slug=self.slug,
            name=self.name,
            keywords=self.keywords,
            favor_phrases=self.favor,
            against_phrases=self.against,
            description=self.description,
        )


@dataclass(frozen=True, slots=True)
class TopicLoadResult:
    created: list[str]
    updated: list[str]
    unchanged: list[str]


def _phrases(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TopicFileError(f"{where}: expected a list of phrases, got {type(value).__name__}")
    phrases: list[str] = []
    for index, phrase in enumerate(value, start=1):
        if not isinstance(phrase, str) or not phrase.strip():
            raise TopicFileError(f"{where} item {index}: expected a non-empty phrase, got {phrase!r}")
        phrase = phrase.strip()
        if len(phrase) > _PHRASE_MAX:
            raise TopicFileError(f"{where} item {index}: longer than {_PHRASE_MAX} characters")
        phrases.append(phrase)
    return tuple(dict.fromkeys(phrases))


def _spec(item: object, index: int) -> TopicSpec:
    where = f"topic {index}"
    if not isinstance(item, dict):
        raise TopicFileError(f"{where}: expected an object, got {type(item).__name__}")
    if isinstance(item.get("slug"), str) and item["slug"]:
        where = f"topic {index} ({item['slug']})"
    unknown = sorted(item.keys() - _KEYS)
    if unknown:
        raise TopicFileError(f"{where}: unknown field(s) {', '.join(unknown)}; expected {', '.join(sorted(_KEYS))}")
    for key in _REQUIRED:
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise TopicFileError(f"{where}: {key} is required and must be a non-empty string")
    slug, name = item["slug"].strip(), item["name"].strip()
    if not _SLUG.match(slug) or len(slug) > _SLUG_MAX:
        raise TopicFileError(f"{where}: slug {slug!r} must be letters, digits, '-' or '_' (at most {_SLUG_MAX})")
    if len(name) > _NAME_MAX:
        raise TopicFileError(f"{where}: name is longer than {_NAME_MAX} characters")
    description = item.get("description", "")
    if not isinstance(description, str):
        raise TopicFileError(f"{where}: description must be a string")
    lists = {key: _phrases(item.get(key, []), f"{where} {key}") for key in _LISTS}
    return TopicSpec(slug=slug, name=name, description=description.strip(), **lists)


def topics_parse(*, text: str) -> list[TopicSpec]:
    """The topics of a JSON document, validated; raises TopicFileError naming the first bad item."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TopicFileError(
            f"not JSON: {error.msg} at line {error.lineno} column {error.colno}", line=error.lineno
        ) from None
    except RecursionError:
        raise TopicFileError("not JSON: nested too deep") from None
    if not isinstance(data, list):
        raise TopicFileError(f"expected a list of topics, got {type(data).__name__}")
    specs = [_spec(item, index) for index, item in enumerate(data, start=1)]
    seen: dict[str, int] = {}
    for index, spec in enumerate(specs, start=1):
        if spec.slug in seen:
            raise TopicFileError(f"topic {index} ({spec.slug}): the same slug as topic {seen[spec.slug]}")
        seen[spec.slug] = index
    return specs


def _fields(spec: TopicSpec) -> dict[str, object]:
    return {
        "name": spec.name,
        "description": spec.description,
        "keywords": list(spec.keywords),
        "favor_phrases": list(spec.favor),
        "against_phrases": list(spec.against),
    }


@transaction.atomic
def topics_load(*, specs: list[TopicSpec]) -> TopicLoadResult:
    """Creates or updates each topic by slug, all or none; topics the file does not name are left alone."""
    existing = {
        topic.slug: topic for topic in Topic.objects.select_for_update().filter(slug__in=[s.slug for s in specs])
    }
    result = TopicLoadResult(created=[], updated=[], unchanged=[])
    for spec in specs:
        fields = _fields(spec)
        topic = existing.get(spec.slug)
        if topic is None:
            Topic.objects.create(slug=spec.slug, **fields)
            result.created.append(spec.slug)
        elif any(getattr(topic, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(topic, key, value)
            topic.save(update_fields=list(fields))
            result.updated.append(spec.slug)
        else:
            result.unchanged.append(spec.slug)
    return result


def topic_spec_from_model(topic: Topic) -> TopicSpec:
    return TopicSpec(
        slug=topic.slug,
        name=topic.name,
        description=topic.description,
        keywords=tuple(topic.keywords),
        favor=tuple(topic.favor_phrases),
        against=tuple(topic.against_phrases),
    )
