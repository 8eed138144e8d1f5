"""Issue 17 §2: the API's documentation loads from the product itself, with its content
security policy, and no request leaves the installation (127.0.0.1)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from api.tests.factories import make_integration
from participants.tests.factories import make_participant

from .conftest import AXE_JS, go

pytestmark = pytest.mark.browser

LOCAL = {"127.0.0.1", "localhost"}


def test_the_documentation_loads_with_nothing_from_outside(browser, live_server):
    # The page's own content security policy applies (no bypass, unlike axe's tests):
    # a blocked script or style would leave the page empty.
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    requests, violations = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_role("heading", name="Stegvis API")).to_be_visible()
    # Every operation is listed, read from the schema the product generated.
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() == 15
    page.wait_for_load_state("networkidle")
    outside = [url for url in requests if urlsplit(url).hostname not in LOCAL]
    assert requests
    assert not outside, outside
    assert not violations, violations
    context.close()


def test_a_call_from_the_documentation_with_a_key(browser, live_server):
    """Swagger UI's "Try it out" with a key reaches the API on this installation."""
    unit = UnitFactory()
    make_participant(coach=make_user(Role.COACH, unit), first_name="Dokumenterad")
    _, key = make_integration(Role.MANAGER, unit)
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".auth-wrapper button.authorize").click()
    dialog = page.locator(".modal-ux")
    dialog.locator("input").fill(key)
    dialog.locator("button.authorize").click()
    dialog.locator("button.btn-done").click()
    page.locator("#operations-participants-participants_list").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".responses-wrapper .live-responses-table")).to_contain_text("Dokumenterad")
    assert all(urlsplit(url).hostname in LOCAL for url in requests)
    context.close()


def test_the_documentation_is_accessible(page):
    go(page, "/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "sv"
    # Swagger UI puts its operation's link inside the button that opens it
    # (nested-interactive): the vendored page's structure, not ours to change. Every
    # other WCAG 2.1 A/AA rule applies, contrast included (static/css/api-docs.css).
    page.add_script_tag(content=AXE_JS)
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            rules: {'nested-interactive': {enabled: false}}})"""
    )
    problems = [
        f"{v['id']}: {v['help']} – {[node['target'] for node in v['nodes'][:5]]}"
        for v in result["violations"]
    ]
    assert not problems, "\n".join(problems)
