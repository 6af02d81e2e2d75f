"""The e-mail that goes out with an in-app notice (a job: the SMTP server may be slow or down)."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail

from assessments import jobs


@shared_task(name=jobs.EMAIL, acks_late=True, autoretry_for=jobs.TRANSIENT, max_retries=5)
def send_notification_email(user_ids: list[int], text: str, url: str) -> int:
    """E-mail a notice to these users (console backend by default, SMTP by settings)."""
    emails = get_user_model().objects.filter(pk__in=user_ids).exclude(email="").values_list("email", flat=True)
    body = f"{text}\n\nSee it in cspeval: {settings.SITE_URL.rstrip('/')}{url}\n" if url else f"{text}\n"
    subject = "cspeval: " + " ".join(text.split())[:80]  # a header is one line: a line break would drop the mail
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
