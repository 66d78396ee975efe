"""Editor review, mounted under /review/."""

from django.urls import path

from claims.views import review

urlpatterns = [
    path("", review.queue, name="review-queue"),
    path("undo/", review.undo, name="review-undo"),
    path("bulk/", review.bulk, name="review-bulk"),
    path("skipped/clear/", review.skipped_clear, name="review-skipped-clear"),
    path("actors/search/", review.actor_search, name="review-actor-search"),
    path("claims/<int:pk>/", review.claim_detail, name="review-claim"),
    path("claims/<int:pk>/approve/", review.claim_approve, name="review-claim-approve"),
    path("claims/<int:pk>/reject/", review.claim_reject, name="review-claim-reject"),
    path("claims/<int:pk>/skip/", review.claim_skip, name="review-claim-skip"),
    path("claims/<int:pk>/lock/", review.claim_lock, name="review-claim-lock"),
    path("claims/<int:pk>/unlock/", review.claim_unlock, name="review-claim-unlock"),
    path("claims/<int:pk>/edit/", review.claim_edit, name="review-claim-edit"),
    path("claims/<int:pk>/save/", review.claim_save, name="review-claim-save"),
    path("articles/", review.article_list, name="review-article-list"),
    path("articles/<int:pk>/", review.article_detail, name="review-article"),
    path("articles/<int:pk>/statements/", review.statement_create, name="review-statement-create"),
    path("statements/<int:pk>/", review.statement_detail, name="review-statement"),
    path("statements/<int:pk>/edit/", review.statement_edit, name="review-statement-edit"),
    path("statements/<int:pk>/unapprove/", review.statement_unapprove, name="review-statement-unapprove"),
]
