"""Freshness bookkeeping shared by every stored score.

Writers bump `data_version` and set `dirty_since` in the same transaction as the change
(`mark_dirty`); the recompute job writes the score with the version it read (`computed_version`)
and clears `dirty_since` only if the version did not move meanwhile. A score is stale while
`computed_version < data_version` (a scorecard also when computed against older weights).
"""

from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce, Now


class RecomputableQuerySet(models.QuerySet):
    def stale(self):
        """The rows being recalculated (the queryset form of `Recomputable.is_stale`)."""
        return self.filter(computed_version__lt=F("data_version"))

    def fresh(self):
        return self.filter(computed_version__gte=F("data_version"))

    def mark_dirty(self, *, at=None, **also) -> int:
        """Mark these rows stale from this commit on, the one way every writer does: the data version
        goes up, and `dirty_since` keeps the time of the oldest change not yet computed (the
        database's now, or `at`). `also`: more columns to set in the same statement. Returns how
        many rows were marked."""
        since = Coalesce(F("dirty_since"), at if at is not None else Now())
        return self.update(data_version=F("data_version") + 1, dirty_since=since, **also)


class Recomputable(models.Model):
    """Freshness bookkeeping shared by every stored score. The one rule of staleness: a row is stale
    from the commit that changed one of its inputs (which bumps `data_version` and sets
    `dirty_since`) until a recompute stores figures computed from that version."""

    data_version = models.PositiveIntegerField(default=1)
    computed_version = models.PositiveIntegerField(default=0)
    dirty_since = models.DateTimeField(null=True, blank=True, db_index=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    objects = RecomputableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_stale(self) -> bool:
        return self.computed_version < self.data_version
