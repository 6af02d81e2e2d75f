"""The demo app: no models, only `manage.py seed_demo`, its builders and the demo world's content."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo world"
