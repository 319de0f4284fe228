"""Reminders: owners of actions due within 14 days or overdue get one email per period."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from vfmhub.plans import services
from vfmhub.plans.models import ActionReminder
from vfmhub.plans.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_it_emails_each_owner_once_about_their_due_actions(personas, actions):
    report = services.reminders_send(today=TODAY)
    # Editor: budget (overdue) and panel (due 1 May); manager: appraisals. Training is completed.
    assert (report.period, report.emails_sent, report.actions_reminded) == ("2010-W16", 2, 3)
    assert sorted(m.to[0] for m in mail.outbox) == ["editor@example.org", "manager@example.org"]
    editor_mail = next(m for m in mail.outbox if m.to == ["editor@example.org"])
    assert "Broaden scope of Citizens Panel questions." in editor_mail.body
    assert "(overdue)" in editor_mail.body
    assert editor_mail.from_email == "VFM Hub <no-reply@vfmhub.invalid>" or editor_mail.from_email
    assert ActionReminder.objects.count() == 3


def test_it_sends_nothing_twice_in_a_period(personas, actions):
    services.reminders_send(today=TODAY)
    mail.outbox.clear()
    report = services.reminders_send(today=TODAY + datetime.timedelta(days=1))
    assert (report.emails_sent, report.already_reminded) == (0, 3)
    assert mail.outbox == []


def test_it_reminds_again_in_the_next_period(personas, actions):
    services.reminders_send(today=TODAY)
    report = services.reminders_send(today=TODAY + datetime.timedelta(days=7))
    assert report.emails_sent == 2


def test_it_skips_actions_not_yet_due(personas, actions):
    report = services.reminders_send(today=datetime.date(2009, 12, 1))
    assert report.actions_due == 0 and mail.outbox == []


def test_it_runs_from_the_command_with_a_dry_run(personas, actions, capsys):
    call_command("send-reminders", "--date", TODAY.isoformat(), "--dry-run")
    assert "Would email 2 officer(s)" in capsys.readouterr().out
    assert mail.outbox == [] and not ActionReminder.objects.exists()
    call_command("send-reminders", "--date", TODAY.isoformat())
    assert len(mail.outbox) == 2
