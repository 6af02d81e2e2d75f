"""The Django admin of assessments: questionnaires (areas, questions, options, weights through the
services), scorecards, standings and the portal settings."""

from assessments.admin import questionnaires, scorecards  # noqa: F401  (each registers its admins)
