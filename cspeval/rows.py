"""Idempotent writes of rows kept by natural key: create what is missing, save only what differs.

Installing shipped content (`questionnaire_install`) and seeding the demo world both run again
and again over the same data; writing only the fields that changed keeps a second run from
writing anything at all, not even history rows.
"""

from __future__ import annotations

from django.db.models import Model


def sync(obj: Model, **values) -> bool:
    """Set the fields that differ and save only those; True if anything changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def upsert(model: type[Model], lookup: dict, values: dict, create_only: dict | None = None) -> tuple[Model, bool]:
    """Get by `lookup` and sync `values`, or create with both (and `create_only`); True when created."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values, **(create_only or {})), True
    sync(obj, **values)
    return obj, False
