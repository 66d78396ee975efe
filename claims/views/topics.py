"""Editors' topic pages: the list, create and edit with a live preview of what the definition matches, and the
re-run of topic and stance on pending claims."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from claims.forms.topics import TopicForm, topic_spec_for_preview
from claims.models import Claim, Topic
from claims.selectors.topic_preview import PREVIEW_LIMIT, topic_list_for_editors, topic_preview
from claims.services.topics import TopicRerunOutcome, TopicSaveError, claims_topics_rerun, topic_create, topic_update
from claims.views.review import action, editor_required


@editor_required
def topic_manage_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "topics/manage_list.html",
        {
            "topics": topic_list_for_editors(),
            "pending": Claim.objects.filter(status=Claim.Status.PENDING).count(),
        },
    )


def _form_page(request: HttpRequest, form: TopicForm, *, status: int = 200, **extra: object) -> HttpResponse:
    topic = form.topic
    return render(
        request,
        "topics/topic_form.html",
        {
            "form": form,
            "topic": topic,
            "preview_url": reverse("topic-preview-edit", args=[topic.pk]) if topic else reverse("topic-preview-new"),
            "preview_limit": PREVIEW_LIMIT,
            **extra,
        },
        status=status,
    )


def _save(request: HttpRequest, topic: Topic | None) -> HttpResponse:
    form = TopicForm(request.POST, topic=topic)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        saved = topic_create(spec=form.spec()) if topic is None else topic_update(topic=topic, spec=form.spec())
    except TopicSaveError as error:
        form.add_error("slug", str(error))
        return _form_page(request, form, status=400)
    messages.success(
        request,
        f"Saved “{saved.name}”. New articles use it from now on; re-run topic and stance to apply it to the "
        "claims waiting for review.",
    )
    return redirect("topic-edit", pk=saved.pk)


@editor_required
def topic_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save(request, None)
    return _form_page(request, TopicForm())


@editor_required
def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    if request.method == "POST":
        return _save(request, topic)
    return _form_page(request, TopicForm(topic=topic))


@action
def topic_preview_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The form as typed, not saved: which recent claims and statements it would match. htmx gets the preview
    alone; a plain form post (the Preview button without JavaScript) gets the whole page with it."""
    topic = get_object_or_404(Topic, pk=pk) if pk is not None else None
    form = TopicForm(request.POST, topic=topic)
    spec = topic_spec_for_preview(form)
    context = {"preview": None if spec is None else topic_preview(spec=spec, topic=topic), "spec": spec}
    if request.htmx:
        return render(request, "topics/_preview.html", context)
    form.is_valid()  # shows what would stop a save next to the preview
    return _form_page(request, form, **context)


def _rerun_message(outcome: TopicRerunOutcome) -> str:
    if not outcome.checked:
        return "No claims are waiting for review: nothing to re-run."
    changed = f"{outcome.changed} changed topic or stance" if outcome.changed else "none changed topic or stance"
    plural = "s" if outcome.checked != 1 else ""
    message = f"Re-ran topic and stance on {outcome.checked} pending claim{plural}: {changed}."
    if outcome.skipped:
        message += f" {outcome.skipped} reviewed or edited meanwhile kept the editor's version."
    return message


@action
def topics_rerun(request: HttpRequest) -> HttpResponse:
    pending = Claim.objects.filter(status=Claim.Status.PENDING).count()
    if pending <= settings.TOPIC_RERUN_INLINE_MAX:
        messages.success(request, _rerun_message(claims_topics_rerun()))
    else:
        from claims.tasks import claims_topics_rerun_task

        # Thousands of claims take minutes: a worker does it, and each claim changes as soon as it is checked.
        transaction.on_commit(claims_topics_rerun_task.delay)
        messages.success(
            request,
            f"Re-running topic and stance on {pending} pending claims in the background; the review queue shows "
            "the new topics as they are checked.",
        )
    return redirect("topic-manage")
