"""Friendly 404 and 500 pages; server errors logged to stderr with the request path."""

import logging

import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_page_gets_our_404(owner_client):
    response = owner_client.get("/no/such/page/")
    assert response.status_code == 404
    assert "That page isn't here" in response.content.decode()


def test_a_server_error_gets_our_500_and_is_logged_with_its_path(owner_client, monkeypatch, caplog):
    from triage import dashboard_figures

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(dashboard_figures, "dashboard", broken)
    owner_client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = owner_client.get("/dashboard/?week=2026-W45")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    record = next(r for r in caplog.records if r.name == "django.request")
    assert "/dashboard/" in record.getMessage()
    assert record.exc_info[0] is RuntimeError
