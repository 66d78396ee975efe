"""`manage.py load_topics FILE.json`: creates or updates topics by slug from a list of
{slug, name, description, keywords, favor, against}. Topics the file does not name are left alone; a bad
file changes nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.nlp.input_files import InputFileError, text_file
from claims.services.topic_files import TopicFileError, topics_load, topics_parse


class Command(BaseCommand):
    help = __doc__.splitlines()[0].strip("`")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="JSON file: a list of {slug, name, description, keywords, favor, against}")

    def handle(self, *args: object, path: str, **options: object) -> None:
        try:
            specs = topics_parse(text=text_file(path))
        except InputFileError as error:
            raise CommandError(str(error)) from None
        except TopicFileError as error:
            raise CommandError(f"{path}:{error.line}: {error}" if error.line else f"{path}: {error}") from None
        result = topics_load(specs=specs)
        self.stdout.write(
            f"Topics from {path}: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged."
        )
        for label, slugs in (("created", result.created), ("updated", result.updated)):
            if slugs:
                self.stdout.write(f"  {label}: {', '.join(slugs)}")
