from django.urls import path

from claims.views import models

urlpatterns = [
    path("", models.model_list, name="model-list"),
    path("<int:pk>/activate/", models.model_activate, name="model-activate"),
    path("rollback/", models.model_rollback, name="model-rollback"),
    path("retrain/", models.model_retrain, name="model-retrain"),
]
