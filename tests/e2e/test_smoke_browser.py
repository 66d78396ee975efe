import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in_with_form
from tests.factories import ActorFactory, EditorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_logs_in_and_sees_the_editor_menu(page, screenshot):
    ActorFactory(name="Dmitry Peskov", slug="dmitry-peskov")
    EditorFactory(username="eve")
    page.goto("/actors/")
    assert page.get_by_role("link", name="Dmitry Peskov").is_visible()
    assert page.get_by_role("link", name="Review").count() == 0
    log_in_with_form(page, "eve")
    expect(page.get_by_role("link", name="Review")).to_be_visible()
    screenshot(page, "home-as-editor")


def test_the_api_docs_work_under_the_content_security_policy(page):
    page.goto("/api/docs/")
    # Swagger UI renders the schema's operations only once its init script (a file, not inline) has run.
    expect(page.get_by_text("/api/statements/", exact=True).first).to_be_visible()
    expect(page.locator("#swagger-ui .info .title")).to_contain_text("OnRecord API")
