"""Editor review pages. Each action validates a form, checks the claim belongs to the article the form came from, calls
one service and redirects (303) to where the editor was. htmx follows that redirect and swaps in the fresh queue, so
the same views serve the keyboard UI and plain forms without JavaScript.

A ReviewError becomes a 4xx page with its message: 409 when someone else got there first, 400 for bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from django_htmx.http import reswap, retarget

from actors.kinds import actor_kind_guess, actor_role_guess
from actors.models import Actor
from claims.forms.review import (
    BulkForm,
    ClaimActionForm,
    ClaimEditForm,
    ManualStatementForm,
    NextForm,
    QueueFilterForm,
    RejectForm,
    StatementEditForm,
    UnapproveForm,
    UndoForm,
)
from claims.models import Article, Claim, ClaimAct, ClaimKind, DatePrecision, Stance, Statement, Topic
from claims.permissions import user_is_editor
from claims.selectors import review as selectors
from claims.services import review as services
from claims.services.review import ReviewError

SKIPPED_SESSION_KEY = "review_skipped"
SKIPPED_MAX = 500
FOCUS_SESSION_KEY = "review_focus"

STATUS_BY_CODE = {
    "forbidden": 403,
    "not_found": 404,
    "invalid": 400,
    "already_decided": 409,
    "locked": 409,
    "nothing_to_undo": 409,
}

View = Callable[..., HttpResponse]


# --- Guards


def _error_page(request: HttpRequest, message: str, *, status: int, back: str | None = None) -> HttpResponse:
    return render(
        request,
        "review/error.html",
        {"message": message, "status": status, "back": back or reverse("review-queue")},
        status=status,
    )


def editor_required(view: View) -> View:
    """Anonymous visitors are sent to log in (pages) or refused (actions); logged-in non-editors get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.method == "GET":
                return redirect_to_login(request.get_full_path())
            return _error_page(request, "Log in as an editor to review claims.", status=403)
        if not user_is_editor(request.user):
            return _error_page(request, "Only editors can review claims and edit statements.", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def action(view: View) -> View:
    """An editor-only POST. A GET (a prefetching crawler, a pasted link) changes nothing and says why."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            response = _error_page(request, "This is an action: send it with the form's button (POST).", status=405)
            response["Allow"] = "POST"
            return response
        return view(request, *args, **kwargs)

    return editor_required(wrapper)


def _safe_next(request: HttpRequest, raw: str | None) -> str:
    """Where to go after an action: a local URL the form carried, else the queue."""
    if raw and url_has_allowed_host_and_scheme(raw, allowed_hosts={request.get_host()}, require_https=False):
        return raw
    return reverse("review-queue")


def _done(request: HttpRequest, next_url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(next_url, status=303)


def _failed(request: HttpRequest, next_url: str, message: str, *, status: int) -> HttpResponse:
    """Stay where the editor was and say what went wrong: the queue re-renders with the message, other pages get an
    error page that links back."""
    parts = urlsplit(next_url)
    if parts.path == reverse("review-queue"):
        response = _queue_page(request, params=QueryDict(parts.query), status=status, error=message)
        if request.htmx:
            # Whatever the button aimed at (a card opening for edit), the message belongs in the whole queue.
            response = reswap(retarget(response, "#queue"), "outerHTML")
            response["HX-Reselect"] = "#queue"
        return response
    return _error_page(request, message, status=status, back=next_url)


def _review_failed(request: HttpRequest, next_url: str, error: ReviewError) -> HttpResponse:
    return _failed(request, next_url, error.message, status=STATUS_BY_CODE.get(error.code, 400))


def _form_failed(request: HttpRequest, next_url: str, form: Any) -> HttpResponse:
    problems = "; ".join(
        f"{form.fields[name].label or name if name in form.fields else 'form'}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )
    return _failed(request, next_url, f"The form was not accepted ({problems}).", status=400)


def _claim_of_article(claim_id: int, article_id: int) -> Claim | ReviewError:
    claim = Claim.objects.filter(pk=claim_id).only("id", "article_id").first()
    if claim is None:
        return services.ClaimNotFound(f"Claim {claim_id} does not exist.")
    if claim.article_id != article_id:
        return services.InvalidChange("This claim belongs to another article than the form's; reload the page.")
    return claim


def _claim_short(claim: Claim | Statement) -> str:
    text = claim.content_text if isinstance(claim, Claim) else claim.text
    return f"“{text[:60]}{'…' if len(text) > 60 else ''}”"


# --- The queue


def _queue_page(
    request: HttpRequest, *, params: QueryDict, status: int = 200, error: str | None = None
) -> HttpResponse:
    filters = QueueFilterForm(params)
    values = filters.cleaned_data if filters.is_valid() else {}
    skipped = request.session.get(SKIPPED_SESSION_KEY, [])
    criteria = {
        "editor": request.user,
        "article_id": values.get("article"),
        "actor_id": values.get("actor"),
        "topic_id": values.get("topic"),
        "outlet": values.get("outlet") or "",
        "act": values.get("act") or "",
        "order": values.get("order") or selectors.QUEUE_ORDER_CONFIDENT,
    }
    queue = selectors.claim_queue(**criteria, exclude_ids=skipped)
    claims = list(queue[: selectors.QUEUE_PAGE_SIZE])
    # The claim an undo brought back is the current one, wherever the queue's order puts it.
    focus_id = request.session.pop(FOCUS_SESSION_KEY, None)
    if focus_id and focus_id not in {claim.pk for claim in claims}:
        claims = list(queue.filter(pk=focus_id)) + claims[: selectors.QUEUE_PAGE_SIZE - 1]
    shown = len(claims) if len(claims) < selectors.QUEUE_PAGE_SIZE else queue.count()
    # A skipped claim is put aside for this editor only: it is still pending and still counts.
    total = selectors.claim_queue(**criteria).count() if skipped else shown
    notices = [(m.tags, str(m)) for m in messages.get_messages(request)]
    if error:
        notices.append(("error", error))
    query = params.urlencode()
    context = {
        "cards": [(claim, selectors.claim_excerpt(claim=claim)) for claim in claims],
        "total": total,
        "shown_total": shown,
        "focus_id": focus_id if any(claim.pk == focus_id for claim in claims) else None,
        "filters": filters,
        "values": values,
        "filtered": any(value for name, value in values.items() if name != "order"),
        "order": criteria["order"],
        "orders": selectors.QUEUE_ORDERS,
        "options": selectors.queue_filter_options(),
        "skipped_count": max(0, total - shown),
        "can_undo": selectors.review_undoable_events(editor=request.user).exists(),
        "here": reverse("review-queue") + (f"?{query}" if query else ""),
        "notices": notices,
        "messages": (),  # shown inside the queue, where htmx swaps, instead of by the base template
    }
    return render(request, "review/queue.html", context, status=status)


@require_GET
@editor_required
def queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, params=request.GET)


# --- Claim decisions


@action
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve as it stands, or with the edit form's changes (edit-then-approve)."""
    form = ClaimEditForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next"))
    if not form.is_valid():
        return _edit_failed(request, pk, form, next_url, status=400)
    claim = _claim_of_article(pk, form.cleaned_data["article"])
    if isinstance(claim, ReviewError):
        return _review_failed(request, next_url, claim)
    try:
        statement = services.claim_approve(claim_id=pk, editor=request.user, changes=form.changes())
    except services.InvalidChange as error:
        return _edit_failed(request, pk, form, next_url, status=400, error=error.message)
    except ReviewError as error:
        return _review_failed(request, next_url, error)
    new = form.cleaned_data.get("actor_choice") == "new"
    relinked = _relinked(statement.actor, form.cleaned_data["article"], new=new)
    return _done(request, next_url, f"Approved: {statement.actor} {_claim_short(statement)}.{relinked}")


def _relinked(actor: Any, article_id: int, *, new: bool, claim_id: int | None = None) -> str:
    """The services link a new actor's other pending claims (this article first) as they create it; say how many."""
    if not new or actor is None:
        return ""
    result = selectors.actor_pending_claim_counts(actor=actor, article_id=article_id, except_claim_id=claim_id)
    return f" {result.describe(actor)}" if result.total else ""


def _edit_failed(
    request: HttpRequest, pk: int, form: ClaimEditForm, next_url: str, *, status: int, error: str | None = None
) -> HttpResponse:
    """Show the edit form again with what was wrong. Quick actions (no edit fields) fall back to the plain message."""
    if "actor_choice" not in request.POST:
        return (
            _form_failed(request, next_url, form) if error is None else _failed(request, next_url, error, status=status)
        )
    try:
        claim = selectors.claim_for_review(claim_id=pk)
    except Claim.DoesNotExist:
        return _failed(request, next_url, f"Claim {pk} does not exist.", status=404)
    response = _edit_page(request, claim, form=form, error=error, next_url=next_url, status=status)
    if request.htmx:
        # The buttons target the whole queue; a rejected edit replaces only its own form.
        response = reswap(retarget(response, f"#claim-edit-{pk}"), "outerHTML")
        response["HX-Reselect"] = f"#claim-edit-{pk}"
    return response


@action
def claim_reject(request: HttpRequest, pk: int) -> HttpResponse:
    form = RejectForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next"))
    if not form.is_valid():
        return _form_failed(request, next_url, form)
    claim = _claim_of_article(pk, form.cleaned_data["article"])
    if isinstance(claim, ReviewError):
        return _review_failed(request, next_url, claim)
    try:
        claim = services.claim_reject(claim_id=pk, editor=request.user, reason=form.cleaned_data["reason"])
    except ReviewError as error:
        return _review_failed(request, next_url, error)
    return _done(request, next_url, f"Rejected: {_claim_short(claim)}.")


@action
def claim_skip(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the claim aside for this session; it stays pending for everybody else."""
    form = ClaimActionForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next"))
    if not form.is_valid():
        return _form_failed(request, next_url, form)
    claim = _claim_of_article(pk, form.cleaned_data["article"])
    if isinstance(claim, ReviewError):
        return _review_failed(request, next_url, claim)
    skipped = [i for i in request.session.get(SKIPPED_SESSION_KEY, []) if i != pk] + [pk]
    request.session[SKIPPED_SESSION_KEY] = skipped[-SKIPPED_MAX:]
    services.claim_unlock(claim_id=pk, editor=request.user)
    return _done(request, next_url, "Skipped for now.")


@action
def skipped_clear(request: HttpRequest) -> HttpResponse:
    form = NextForm(request.POST)
    next_url = _safe_next(request, form.data.get("next"))
    request.session.pop(SKIPPED_SESSION_KEY, None)
    return _done(request, next_url, "Skipped claims are back in the queue.")


@action
def undo(request: HttpRequest) -> HttpResponse:
    form = UndoForm(request.POST)
    next_url = _safe_next(request, form.data.get("next"))
    try:
        [claim] = services.review_undo(editor=request.user)
    except ReviewError as error:
        return _review_failed(request, next_url, error)
    # The undone claim comes back first, even if the editor had skipped it.
    request.session[SKIPPED_SESSION_KEY] = [i for i in request.session.get(SKIPPED_SESSION_KEY, []) if i != claim.pk]
    request.session[FOCUS_SESSION_KEY] = claim.pk
    return _done(request, next_url, f"Undone: {_claim_short(claim)} is pending again.")


@action
def bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next"))
    if not form.is_valid():
        return _form_failed(request, next_url, form)
    ids, article_id = form.cleaned_data["claim"], form.cleaned_data["article"]
    if article_id:
        foreign = Claim.objects.filter(pk__in=ids).exclude(article_id=article_id).exists()
        if foreign:
            return _failed(
                request, next_url, "The selection holds claims of another article; reload the page.", status=400
            )
    if form.cleaned_data["action"] == "approve":
        result = services.claims_bulk_approve(claim_ids=ids, editor=request.user)
        verb = "Approved"
    else:
        result = services.claims_bulk_reject(claim_ids=ids, editor=request.user, reason=form.cleaned_data["reason"])
        verb = "Rejected"
    if result.skipped:
        reasons = "; ".join(f"#{pk}: {why}" for pk, why in sorted(result.skipped.items()))
        messages.warning(request, f"{len(result.skipped)} left as they were — {reasons}")
    if not result.done:
        return _failed(request, next_url, f"Nothing was {verb.lower()}.", status=409)
    return _done(request, next_url, f"{verb} {len(result.done)} claim{'s' if len(result.done) != 1 else ''}.")


# --- Editing a claim


def _edit_page(
    request: HttpRequest,
    claim: Claim,
    *,
    form: ClaimEditForm | None = None,
    error: str | None = None,
    next_url: str | None = None,
    status: int = 200,
) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:100]
    new_name = claim.antecedent_text or claim.speaker_text
    return render(
        request,
        "review/claim_edit.html",
        {
            "actor_kinds": Actor.Kind.choices,
            "kind_guess": actor_kind_guess(name=new_name),
            "role_guess": actor_role_guess(mention=claim.speaker_text, name=new_name),
            "claim": claim,
            "excerpt": selectors.claim_excerpt(claim=claim),
            "fragments": selectors.claim_fragment_texts(claim=claim),
            "form": form,
            "error": error,
            "query": query,
            "results": selectors.actor_search(query=query) if query else None,
            "topics": Topic.objects.all(),
            "precisions": DatePrecision.choices,
            "stances": Stance.choices,
            "kinds": ClaimKind.choices,
            "acts": ClaimAct.choices,
            "form_id": f"claim-form-{claim.pk}",
            "next": next_url or _safe_next(request, request.GET.get("next")),
            "lock_holder": claim.locked_by
            if claim.locked_by_id and claim.locked_by_id != request.user.pk and claim.locked_until
            else None,
        },
        status=status,
    )


@require_GET
@editor_required
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The edit form. The editor opens it through claim_lock, which holds the claim for them."""
    try:
        claim = selectors.claim_for_review(claim_id=pk)
    except Claim.DoesNotExist:
        return _error_page(request, f"Claim {pk} does not exist.", status=404)
    if claim.status != Claim.Status.PENDING:
        return _error_page(
            request,
            f"This claim was already {claim.get_status_display().lower()}.",
            status=409,
            back=reverse("review-claim", args=[pk]),
        )
    return _edit_page(request, claim)


@action
def claim_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the edit form's changes without deciding; the claim stays pending."""
    form = ClaimEditForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next"))
    if not form.is_valid():
        return _edit_failed(request, pk, form, next_url, status=400)
    claim = _claim_of_article(pk, form.cleaned_data["article"])
    if isinstance(claim, ReviewError):
        return _review_failed(request, next_url, claim)
    try:
        claim = services.claim_edit(claim_id=pk, editor=request.user, changes=form.changes())
    except services.InvalidChange as error:
        return _edit_failed(request, pk, form, next_url, status=400, error=error.message)
    except ReviewError as error:
        return _review_failed(request, next_url, error)
    new = form.cleaned_data.get("actor_choice") == "new"
    relinked = _relinked(claim.actor, form.cleaned_data["article"], new=new, claim_id=claim.pk)
    return _done(request, next_url, f"Saved: {_claim_short(claim)} (still pending).{relinked}")


@action
def claim_lock(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the claim for editing: hold it for this editor, then show the edit form."""
    form = ClaimActionForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next"))
    if not form.is_valid():
        return _form_failed(request, next_url, form)
    claim = _claim_of_article(pk, form.cleaned_data["article"])
    if isinstance(claim, ReviewError):
        return _review_failed(request, next_url, claim)
    try:
        services.claim_lock(claim_id=pk, editor=request.user)
    except ReviewError as error:
        return _review_failed(request, next_url, error)
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return HttpResponseRedirect(f"{reverse('review-claim-edit', args=[pk])}?{query.urlencode()}", status=303)


@action
def claim_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    form = NextForm(request.POST)
    next_url = _safe_next(request, form.data.get("next"))
    try:
        services.claim_unlock(claim_id=pk, editor=request.user)
    except ReviewError as error:
        return _review_failed(request, next_url, error)
    return HttpResponseRedirect(next_url, status=303)


@require_GET
@editor_required
def actor_search(request: HttpRequest) -> HttpResponse:
    """htmx: the actors matching `q`, as radio buttons for the edit form named by `form`."""
    query = (request.GET.get("q") or "").strip()[:100]
    form_id = request.GET.get("form", "")
    if not form_id.replace("-", "").isalnum():
        form_id = ""
    return render(
        request,
        "review/_actor_results.html",
        {"results": selectors.actor_search(query=query) if query else None, "query": query, "form_id": form_id},
    )


# --- Claim and article pages


@require_GET
@editor_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim = selectors.claim_for_review(claim_id=pk)
    except Claim.DoesNotExist:
        return _error_page(request, f"Claim {pk} does not exist.", status=404)
    return render(
        request,
        "review/claim_detail.html",
        {
            "claim": claim,
            "excerpt": selectors.claim_excerpt(claim=claim),
            "history": selectors.claim_history(claim=claim),
            "here": request.get_full_path(),
        },
    )


@require_GET
@editor_required
def article_list(request: HttpRequest) -> HttpResponse:
    articles = selectors.article_list_for_review().annotate(
        pending=Count("claims", filter=Q(claims__status=Claim.Status.PENDING)),
        approved=Count("claims", filter=Q(claims__status=Claim.Status.APPROVED)),
        rejected=Count("claims", filter=Q(claims__status=Claim.Status.REJECTED)),
    )[:200]
    return render(request, "review/article_list.html", {"articles": articles})


def _article_page(
    request: HttpRequest, article: Article, *, form: ManualStatementForm | None = None, status: int = 200
) -> HttpResponse:
    claims = list(selectors.article_claims(article=article))
    counts = {s: sum(1 for c in claims if c.status == s) for s in Claim.Status.values}
    return render(
        request,
        "review/article.html",
        {
            "article": article,
            "claims": claims,
            "counts": counts,
            "segments": selectors.article_segments(article=article, claims=claims),
            "form": form or ManualStatementForm(),
            "here": reverse("review-article", args=[article.pk]),
        },
        status=status,
    )


def _article_or_none(pk: int) -> Article | None:
    return Article.objects.filter(pk=pk).first()


@require_GET
@editor_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_none(pk)
    if article is None:
        return _error_page(request, f"Article {pk} does not exist.", status=404)
    return _article_page(request, article)


@action
def statement_create(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_none(pk)
    if article is None:
        return _error_page(request, f"Article {pk} does not exist.", status=404)
    form = ManualStatementForm(request.POST)
    if not form.is_valid():
        return _article_page(request, article, form=form, status=400)
    try:
        statement = services.statement_create_manual(article_id=pk, editor=request.user, **form.service_kwargs())
    except ReviewError as error:
        form.add_error(None, error.message)
        return _article_page(request, article, form=form, status=STATUS_BY_CODE.get(error.code, 400))
    relinked = _relinked(statement.actor, pk, new=bool(form.cleaned_data.get("new_actor_name")))
    return _done(
        request, reverse("review-article", args=[pk]), f"Added: {statement.actor} {_claim_short(statement)}.{relinked}"
    )


# --- Statements


def _statement_page(
    request: HttpRequest, statement: Statement, *, form: StatementEditForm | None = None, status: int = 200
) -> HttpResponse:
    initial = {
        "actor": statement.actor_id,
        "start": statement.start,
        "end": statement.end,
        "said_on": statement.said_on,
        "date_precision": statement.date_precision,
        "topic": statement.topic_id,
        "stance": statement.stance,
        "kind": statement.kind,
        "act": statement.act,
    }
    history = list(selectors.statement_history(statement=statement))
    return render(
        request,
        "review/statement.html",
        {
            "statement": statement,
            "history": history,
            "last_edit": next((e for e in history if e.action == "edit" and e.statement_id == statement.pk), None),
            "form": form or StatementEditForm(initial=initial),
            "unapprove_form": UnapproveForm(),
        },
        status=status,
    )


def _statement_or_none(pk: int) -> Statement | None:
    try:
        return selectors.statement_for_review(statement_id=pk)
    except Statement.DoesNotExist:
        return None


@require_GET
@editor_required
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement_or_none(pk)
    if statement is None:
        return _error_page(request, f"Statement {pk} does not exist (it may have been un-approved).", status=404)
    return _statement_page(request, statement)


@action
def statement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement_or_none(pk)
    if statement is None:
        return _error_page(request, f"Statement {pk} does not exist (it may have been un-approved).", status=404)
    form = StatementEditForm(request.POST)
    if not form.is_valid():
        return _statement_page(request, statement, form=form, status=400)
    try:
        services.statement_edit(statement_id=pk, editor=request.user, changes=form.changes())
    except ReviewError as error:
        form.add_error(None, error.message)
        return _statement_page(request, statement, form=form, status=STATUS_BY_CODE.get(error.code, 400))
    return _done(request, reverse("review-statement", args=[pk]), "Statement saved.")


@action
def statement_unapprove(request: HttpRequest, pk: int) -> HttpResponse:
    form = UnapproveForm(request.POST)
    back = reverse("review-statement", args=[pk])
    if not form.is_valid():
        return _form_failed(request, back, form)
    try:
        claim = services.statement_unapprove(statement_id=pk, editor=request.user, reason=form.cleaned_data["reason"])
    except ReviewError as error:
        return _review_failed(request, back, error)
    target = reverse("review-claim", args=[claim.pk]) if claim else reverse("review-queue")
    return _done(request, target, "Statement withdrawn; its claim is pending again.")
