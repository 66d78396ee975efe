from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from actors.models import Actor


class Stance(models.TextChoices):
    FAVOR = "favor", "Favor"
    AGAINST = "against", "Against"
    NEUTRAL = "neutral", "Neutral"


class ClaimKind(models.TextChoices):
    DIRECT = "direct", "Direct quote"
    INDIRECT = "indirect", "Indirect speech"
    MIXED = "mixed", "Mixed"


class ClaimAct(models.TextChoices):
    """What the source does with the content; the labels read as the verb on a timeline ("Believes")."""

    SPEECH = "speech", "Said"
    BELIEF = "belief", "Believes"
    INTENTION = "intention", "Intends"
    PERCEPTION = "perception", "Perceived"
    DOCUMENT = "document", "In a document"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    PUBLISHED = "published", "Publication date"


class Topic(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    keywords = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        help_text="Words and phrases that signal the topic, one per item",
    )
    favor_phrases = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        help_text="Phrases that signal support in the topic's sense",
    )
    against_phrases = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        help_text="Phrases that signal opposition in the topic's sense",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("topic-detail", kwargs={"slug": self.slug})


class Source(models.Model):
    """An RSS or Atom feed polled for new articles."""

    name = models.CharField(max_length=200)
    outlet = models.CharField(max_length=200, blank=True)
    feed_url = models.URLField(max_length=1000, unique=True)
    is_active = models.BooleanField(default=True)
    poll_interval_minutes = models.PositiveIntegerField(default=30)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, null=True, blank=True)  # noqa: DJ001 (NULL: unique only when set)
    published_on = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the time of day is known")
    text = models.TextField(help_text="Normalised text; every offset refers to it")
    text_hash = models.CharField(max_length=64, unique=True, editable=False)
    word_count = models.PositiveIntegerField(default=0)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    extraction_error = models.TextField(blank=True)
    extraction_attempts = models.PositiveIntegerField(default=0)
    extraction_run_id = models.UUIDField(null=True, blank=True)
    extractor_version = models.CharField(max_length=50, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("ingest_article", "Can ingest articles")]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=Q(url__isnull=False), name="article_url_unique"),
            models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty"),
        ]
        indexes = [models.Index(fields=["status", "status_changed_at"], name="article_status_age")]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"


class Claim(models.Model):
    """A machine candidate: who said what, where in the article. Editors turn it into a Statement."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    class Origin(models.TextChoices):
        EXTRACTOR = "extractor", "Extractor"
        EDITOR = "editor", "Added by an editor"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EXTRACTOR)
    run_id = models.UUIDField(null=True, blank=True, help_text="The extraction run that made it")
    extractor_version = models.CharField(max_length=50, blank=True)

    speaker_text = models.CharField(max_length=500, blank=True)
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    antecedent_text = models.CharField(max_length=500, blank=True, help_text="Who a pronoun speaker refers to")
    antecedent_start = models.PositiveIntegerField(null=True, blank=True)
    antecedent_end = models.PositiveIntegerField(null=True, blank=True)
    actor = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    actor_candidates = models.ManyToManyField(Actor, blank=True, related_name="candidate_claims")

    cue_text = models.CharField(max_length=200)
    cue_start = models.PositiveIntegerField()
    cue_end = models.PositiveIntegerField()
    content_text = models.TextField()
    content_start = models.PositiveIntegerField()
    content_end = models.PositiveIntegerField()
    sentence_start = models.PositiveIntegerField(null=True, blank=True)
    sentence_end = models.PositiveIntegerField(null=True, blank=True)
    # The pieces of a content its cue interrupts ("“A,” he said, “B.”"), [[start, end], …] in text order; empty when
    # the content is one piece. content_start/end cover them all, the narrator's words between included.
    content_fragments = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=10, choices=ClaimKind.choices, default=ClaimKind.INDIRECT)
    act = models.CharField(max_length=10, choices=ClaimAct.choices, default=ClaimAct.SPEECH, db_default=ClaimAct.SPEECH)

    said_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, blank=True)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    stance = models.CharField(max_length=10, choices=Stance.choices, blank=True)
    stance_confidence = models.FloatField(default=0.0)
    confidence = models.FloatField(default=0.0)
    # Set when a learned model scored the claim: the probability it gave and the threshold it decided at, so the
    # queue can put first the claims it was least sure of (the decisions that teach it the most).
    model_score = models.FloatField(null=True, blank=True)
    model_threshold = models.FloatField(null=True, blank=True)
    rationale = models.JSONField(default=list, blank=True, help_text="The words that decided speaker, topic, stance")
    nested_in = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="nested_claims"
    )

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField(blank=True)
    # An editor who opened the claim for editing holds it until locked_until, so others skip it.
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_until = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article", "content_start"]
        permissions = [("review_claim", "Can review candidate claims and edit statements")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "run_id", "cue_start", "content_start", "content_end"],
                name="claim_spans_unique_per_run",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(content_start__lt=F("content_end")), name="claim_content_span_valid"),
            models.CheckConstraint(condition=Q(cue_start__lt=F("cue_end")), name="claim_cue_span_valid"),
            models.CheckConstraint(
                condition=Q(speaker_start__isnull=True, speaker_end__isnull=True)
                | Q(speaker_start__lt=F("speaker_end")),
                name="claim_speaker_span_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="claim_confidence_range"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-confidence", "created_at"], name="claim_review_queue"),
            models.Index(fields=["article", "status"], name="claim_article_status"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_text or '?'} {self.cue_text}: {self.content_text[:60]}"

    def content_pieces(self) -> list[tuple[int, int]]:
        """The content as (start, end) pieces in text order: its fragments, or the one continuous span."""
        pieces = [(int(start), int(end)) for start, end in self.content_fragments or []]
        return pieces or [(self.content_start, self.content_end)]


class Statement(models.Model):
    """The curated record that analysts and the public API see."""

    claim = models.OneToOneField(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="statement")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="statements")
    text = models.TextField(help_text="The content's words: its fragments joined with ' … ', never the words between")
    cue_text = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=ClaimKind.choices, default=ClaimKind.INDIRECT)
    # Copied from the claim (not read through it): the actor page filters by act on its own index.
    act = models.CharField(max_length=10, choices=ClaimAct.choices, default=ClaimAct.SPEECH, db_default=ClaimAct.SPEECH)
    said_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, blank=True)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements")
    stance = models.CharField(max_length=10, choices=Stance.choices, blank=True)
    # The extractor's confidence in the stance, kept from the claim; 1.0 once an editor set the stance by hand.
    # Stance shifts consider only statements at or above settings.STANCE_SHIFT_MIN_CONFIDENCE.
    stance_confidence = models.FloatField(default=1.0, db_default=1.0)
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="statements")
    start = models.PositiveIntegerField(help_text="Evidence span in the article's text")
    end = models.PositiveIntegerField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("text", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-said_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="statement_span_valid"),
        ]
        indexes = [
            models.Index(fields=["actor", "said_on", "id"], name="statement_actor_date"),
            models.Index(fields=["topic", "said_on", "id"], name="statement_topic_date"),
            # Covers the actor page's per-topic reads (stance chart, stance shifts, previous stance) as index-only
            # scans, in the order the shift window needs.
            models.Index(
                fields=["actor", "topic", "said_on", "id"],
                include=["stance", "stance_confidence", "article"],
                name="statement_actor_topic_date",
            ),
            models.Index(fields=["said_on", "id"], name="statement_date"),
            # The actor page filtered by act ("what X believes"), in timeline order.
            models.Index(fields=["actor", "act", "said_on", "id"], name="statement_actor_act_date"),
            # Newest on the record first (home page, Atom feeds): a page is the head of an index, not a sort of
            # every statement of the topic or actor.
            models.Index(fields=["-approved_at", "-id"], name="statement_recent"),
            models.Index(fields=["actor", "-approved_at", "-id"], name="statement_actor_recent"),
            models.Index(fields=["topic", "-approved_at", "-id"], name="statement_topic_recent"),
            GinIndex(fields=["search_vector"], name="statement_search"),
        ]

    def __str__(self) -> str:
        return f"{self.actor}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("statement-detail", kwargs={"pk": self.pk})


class ReviewEvent(models.Model):
    """The audit trail: every decision and edit, who made it, and what changed from what to what."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        EDIT = "edit", "Edited"
        UNDO = "undo", "Undone"
        UNAPPROVE = "unapprove", "Un-approved"
        CREATE = "create", "Created by an editor"

    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    statement = models.ForeignKey(Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict, blank=True, help_text='{"field": [old, new], ...}')
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.user} at {self.created_at:%Y-%m-%d %H:%M}"


class WebhookSubscription(models.Model):
    """A URL that receives an HMAC-signed POST for each newly approved statement (see claims/services/webhooks.py)."""

    url = models.URLField(max_length=1000)
    secret = models.CharField(max_length=200, help_text="Shared key for the X-OnRecord-Signature HMAC")
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one subscriber: written in the statement's transaction, then sent and retried by Celery."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhook_deliveries"
    )
    event = models.CharField(max_length=50)
    payload = models.JSONField(help_text="The body sent, fixed when the event happened")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sending_until = models.DateTimeField(null=True, blank=True, help_text="Held by the attempt under way until then")
    next_attempt_at = models.DateTimeField(help_text="When the next attempt is due; the sweeper resends overdue ones")
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk} to {self.subscription}"


class ExtractorModel(models.Model):
    """A trained extractor model directory and how it compared with the rules and the model active before it.

    At most one model is active; the extractor uses it unless the EXTRACTOR_MODEL setting names a directory."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", "Trained, not active"
        ACTIVE = "active", "Active"
        REJECTED = "rejected", "Refused by the promotion gate"
        RETIRED = "retired", "Was active"

    version = models.CharField(max_length=100, unique=True)
    path = models.CharField(max_length=1000)
    source = models.JSONField(default=dict)  # {"kind": "jsonl", "path": …, "sha256": …} or {"kind": "reviews", …}
    counts = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)  # meta.json's scores
    comparison = models.JSONField(default=dict)  # the promotion gate's figures and decision
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CANDIDATE)
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    # The model that was active when this one was activated: what a rollback goes back to (None: the rules).
    replaced = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["status"], condition=Q(status="active"), name="one_active_extractor_model")
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.status})"
