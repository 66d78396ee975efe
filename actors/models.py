from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from actors.names import name_normalise


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        MEDIA = "media", "Media outlet"
        GOVERNMENT = "government", "Government body"
        GROUP = "group", "Group"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(max_length=300, blank=True, help_text='e.g. "Press Secretary of the President of Russia"')
    description = models.TextField(blank=True)
    country = models.CharField(max_length=100, blank=True)
    wikidata_id = models.CharField(max_length=20, null=True, blank=True, help_text="e.g. Q4116220")  # noqa: DJ001 (NULL keeps unset ids out of the unique constraint)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"], condition=Q(wikidata_id__isnull=False), name="actor_wikidata_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id__isnull=True) | Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="actor_wikidata_id_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actor-detail", kwargs={"slug": self.slug})

    @property
    def wikidata_url(self) -> str | None:
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else None


class Alias(models.Model):
    """A name variant of an actor ("Peskov", "Kremlin spokesman"), normalised for lookup."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False, db_index=True)
    is_role = models.BooleanField(default=False, help_text="A role description rather than a name")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "aliases"
        constraints = [models.UniqueConstraint(fields=["actor", "normalized"], name="alias_unique_per_actor")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.normalized = name_normalise(self.name)
        super().save(*args, **kwargs)
