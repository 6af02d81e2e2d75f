"""The commitment ledger, notifications and comparison weights moved to apps of their own
(`commitments`, `notifications`, `compare`) with their tables: this takes them out of the state of
`assessments` (no table, column or row changes) and moves their content types, so that admin
history and permissions follow them."""

from django.db import migrations

MOVED = {
    "commitments": ["commitment", "commitmentevent", "progressentry", "historicalcommitment"],
    "notifications": ["notification"],
    "compare": ["weightprofile"],
}


def move_content_types(apps, schema_editor, *, forward=True):
    content_type = apps.get_model("contenttypes", "ContentType")
    for app_label, models in MOVED.items():
        old, new = ("assessments", app_label) if forward else (app_label, "assessments")
        moving = set(content_type.objects.filter(app_label=old, model__in=models).values_list("model", flat=True))
        # a content type made for the new label before this ran (by a migrate that stopped short of
        # it) holds nothing yet: the old one, with its permissions and admin history, takes its place
        content_type.objects.filter(app_label=new, model__in=moving).delete()
        content_type.objects.filter(app_label=old, model__in=moving).update(app_label=new)


def move_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_derived_write_path"),
        ("commitments", "0001_initial"),
        ("notifications", "0001_initial"),
        ("compare", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="CommitmentEvent"),
                migrations.DeleteModel(name="ProgressEntry"),
                migrations.DeleteModel(name="HistoricalCommitment"),
                migrations.DeleteModel(name="Commitment"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="WeightProfile"),
            ],
        ),
        migrations.RunPython(move_content_types, move_back),
    ]
