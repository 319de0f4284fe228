"""The programme's records in the admin: staff look every kind up, and change none of them
(changes go through the pages and their audited services)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db

KINDS = list(apps.get_app_config("programme").get_models())


def test_every_programme_record_is_in_the_admin():
    assert KINDS and all(admin.site.is_registered(model) for model in KINDS)


def test_staff_list_each_kind_and_may_add_change_or_remove_none(personas, built):
    client = client_for(personas.staff)
    for model in KINDS:
        name = f"admin:programme_{model._meta.model_name}"
        listed = client.get(reverse(f"{name}_changelist"))
        assert listed.status_code == 200, model
        assert client.get(reverse(f"{name}_add")).status_code == 403, model
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            shown = client.get(reverse(f"{name}_change", args=[first.pk]))
            assert shown.status_code == 200 and "Save" not in shown.content.decode(), model
            assert client.post(reverse(f"{name}_delete", args=[first.pk])).status_code == 403


def test_the_lists_search_their_text(personas, built):
    url = reverse("admin:programme_risk_changelist")
    page = client_for(personas.staff).get(url, {"q": "Member engagement"}).content.decode()
    assert "Lack of Member engagement" in page and "Funding is withdrawn" not in page
