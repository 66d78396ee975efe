from django.contrib import admin

from claims.models import (
    Article,
    Claim,
    ReviewEvent,
    Source,
    Statement,
    Topic,
    WebhookDelivery,
    WebhookSubscription,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "keywords"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "feed_url", "is_active", "last_polled_at"]
    list_filter = ["is_active"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_on", "status", "created_at"]
    list_filter = ["status", "outlet"]
    search_fields = ["title", "url"]
    readonly_fields = ["text_hash", "status_changed_at", "extraction_run_id", "extractor_version", "extracted_at"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["speaker_text", "cue_text", "actor", "status", "confidence", "article"]
    list_filter = ["status", "kind", "act", "stance"]
    search_fields = ["speaker_text", "content_text"]
    raw_id_fields = ["article", "actor", "nested_in", "topic"]
    filter_horizontal = ["actor_candidates"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["actor", "said_on", "topic", "stance", "kind", "act"]
    list_filter = ["stance", "kind", "act", "topic"]
    search_fields = ["text", "actor__name"]
    raw_id_fields = ["claim", "article", "actor"]


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ["action", "user", "claim", "statement", "created_at"]
    list_filter = ["action"]
    raw_id_fields = ["claim", "statement"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    """Subscribers of the statement.approved webhook; give each its own secret (see claims/services/webhooks.py)."""

    list_display = ["url", "description", "is_active", "created_at"]
    list_filter = ["is_active"]

    def get_changeform_initial_data(self, request: object) -> dict[str, str]:
        from claims.services.webhooks import webhook_secret_generate

        return {"secret": webhook_secret_generate()}


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "subscription", "statement", "status", "attempts", "last_status_code", "created_at"]
    list_filter = ["status", "event"]
    raw_id_fields = ["subscription", "statement"]
    readonly_fields = ["payload", "attempts", "last_status_code", "last_error", "delivered_at", "sending_until"]
