"""A notice reaches every member of an organisation but the one who acted, in the app and by e-mail,
and each user reads and clears only their own."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify_organisation


@pytest.fixture
def emails(world):
    world.viewer.email, world.reseller.email = "viewer@contoso.example", "reseller@contoso.example"
    world.viewer.save(update_fields=["email"])
    world.reseller.save(update_fields=["email"])
    return world


def test_notice_reaches_every_member_but_the_actor_in_the_app_and_by_email(emails, django_capture_on_commit_callbacks):
    world = emails
    # when Contoso is notified of something its member did
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify_organisation(
            organisation_id=world.contoso.pk, text="Northwind accepted 40 seat adds.", url="/commitments/1/",
            exclude_user_id=world.reseller.pk,
        )  # fmt: skip
    # then only the other member (the viewer) has it, in the app and in one e-mail with its link
    assert sent == 1
    assert list(Notification.objects.values_list("user__username", "text")) == [
        ("viewer", "Northwind accepted 40 seat adds.")
    ]
    assert [m.to for m in mail.outbox] == [["viewer@contoso.example"]]
    assert "/commitments/1/" in mail.outbox[0].body


def test_each_user_sees_and_clears_only_their_own_notices(client, world):
    # given a notice for the viewer and one for the provider
    notify_organisation(organisation_id=world.contoso.pk, text="For Contoso", exclude_user_id=world.reseller.pk)
    notify_organisation(organisation_id=world.northwind.pk, text="For Northwind")
    client.force_login(world.viewer)
    # when the viewer opens the page, then they see theirs, not Northwind's
    page = client.get(reverse("notification_list")).content.decode()
    assert "For Contoso" in page and "For Northwind" not in page
    # when they mark all as read, then theirs is read and Northwind's is untouched
    assert client.post(reverse("notification_list")).status_code == 302
    assert Notification.objects.get(user=world.viewer).read_at is not None
    assert Notification.objects.get(user=world.provider).read_at is None
