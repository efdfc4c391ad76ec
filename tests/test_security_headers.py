"""Security headers on every page: a strict CSP with nonces, no framing, no sniffing."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_a_strict_csp_with_a_script_nonce(owner_client):
    response = owner_client.get("/log/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts, "the page loads htmx and our script"
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_no_inline_handlers_or_styles(client, owner):
    responses = [client.get("/"), client.get("/accounts/signup/")]
    client.force_login(owner)
    responses += [client.get(path) for path in ("/log/", "/dashboard/", "/tasks/", "/settings/")]
    for response in responses:
        html = response.content.decode()
        assert not re.search(r"\son[a-z]+=", html), "inline event handlers break the CSP"
        assert not re.search(r"\sstyle=", html), "inline styles break the CSP"
        assert "hx-on" not in html


def test_htmx_is_told_not_to_eval(client):
    html = client.get("/").content.decode()
    assert '"allowEval": false' in html
    assert '"includeIndicatorStyles": false' in html


def test_other_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_hsts_and_secure_cookies_over_https(client, owner):
    response = client.post(
        "/accounts/login/", {"login": "olivia", "password": "correct-horse-battery"}, secure=True
    )
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert response.cookies["sessionid"]["secure"]
    assert response.cookies["sessionid"]["httponly"]


def test_a_post_without_csrf_token_is_refused(owner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    assert strict.post("/log/quick/", {"entry": "45m invoicing"}).status_code == 403
