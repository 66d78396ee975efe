from django.contrib import admin, messages
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from actors.models import Actor, Alias
from claims.services.review import claims_relink_to_actor


def _relink(request: HttpRequest, model_admin: admin.ModelAdmin, actor: Actor) -> None:
    """A new actor or name links the pending claims that name it, in every article; the message says how many."""
    result = claims_relink_to_actor(actor=actor)
    model_admin.message_user(request, result.describe_everywhere(actor), messages.INFO)


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ["name", "is_role"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role", "country", "wikidata_id"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__name", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline]

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        # After the inlines, so the aliases typed on the same page count; only when a name may have appeared.
        if not change or "name" in form.changed_data or any(formset.has_changed() for formset in formsets):
            _relink(request, self, form.instance)


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["name", "actor", "is_role"]
    search_fields = ["name", "actor__name"]
    autocomplete_fields = ["actor"]

    def save_model(self, request: HttpRequest, obj: Alias, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change or form.has_changed():
            _relink(request, self, obj.actor)
