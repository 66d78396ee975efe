import pytest
from django.contrib.auth.models import Group

from claims.permissions import EDITORS_GROUP, user_can_ingest, user_is_editor
from tests.factories import EditorFactory, UserFactory


@pytest.mark.django_db
def test_an_editor_may_review_and_ingest_and_an_outsider_may_not():
    editor, outsider = EditorFactory(), UserFactory()
    assert user_is_editor(editor)
    assert user_can_ingest(editor)
    assert not user_is_editor(outsider)
    assert not user_can_ingest(outsider)


@pytest.mark.django_db
def test_an_inactive_editor_may_do_nothing():
    editor = EditorFactory(is_active=False)
    assert not user_is_editor(editor)


@pytest.mark.django_db(transaction=True)
def test_the_editors_group_survives_the_flush_of_transactional_tests():
    # This test runs after a flush (or is followed by one); the group must come back with its permissions.
    group = Group.objects.get(name=EDITORS_GROUP)
    assert group.permissions.filter(codename="review_claim").exists()
