from django.urls import path

from actors import views
from claims.feeds import ActorFeed

urlpatterns = [
    path("actors/", views.actor_list, name="actor-list"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor-detail"),
    path("actors/<slug:slug>/shifts/", views.actor_shifts, name="actor-shifts"),
    path("actors/<slug:slug>/feed/", ActorFeed(), name="actor-feed"),
]
