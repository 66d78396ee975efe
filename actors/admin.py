from django.contrib import admin

from actors.models import Actor, Alias


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


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["name", "actor", "is_role"]
    search_fields = ["name", "actor__name"]
    autocomplete_fields = ["actor"]
