import pytest
from django.urls import reverse

from tests.factories import ActorFactory, AliasFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["actors_actor", "actors_alias", "claims_topic", "claims_article", "claims_claim"])
def test_it_lists_and_adds_through_the_admin(admin_client_, model):
    ActorFactory()
    AliasFactory()
    TopicFactory()
    assert admin_client_.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert admin_client_.get(reverse(f"admin:{model}_add")).status_code == 200


def test_it_edits_an_actor_with_its_aliases(admin_client_):
    actor = ActorFactory(name="Chuck Schumer", slug="chuck-schumer")
    response = admin_client_.get(reverse("admin:actors_actor_change", args=[actor.pk]))
    assert response.status_code == 200
    assert b"Chuck Schumer" in response.content


def test_it_keeps_non_staff_out_of_the_admin(outsider_client):
    response = outsider_client.get(reverse("admin:actors_actor_changelist"))
    assert response.status_code == 302
