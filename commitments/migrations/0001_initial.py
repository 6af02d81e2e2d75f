"""The commitments models, moved out of `assessments` with their tables: this migration only tells
Django's state where they live now (no table, column or row changes; assessments 0009 takes
them out of its state)."""


import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0008_derived_write_path'),
        ('providers', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Commitment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('data_version', models.PositiveIntegerField(default=1)),
                        ('computed_version', models.PositiveIntegerField(default=0)),
                        ('dirty_since', models.DateTimeField(blank=True, db_index=True, null=True)),
                        ('computed_at', models.DateTimeField(blank=True, null=True)),
                        ('side', models.CharField(choices=[('reseller', 'Reseller commits'), ('provider', 'Provider offers')], default='reseller', max_length=10)),
                        ('kpi', models.CharField(choices=[('seat_adds', 'Customer seat adds'), ('azure_consumed', 'Azure consumed revenue'), ('m365_seats', 'Microsoft 365 seats'), ('net_customer_adds', 'Net customer adds'), ('certifications', 'Certified staff'), ('events', 'Events attended'), ('case_studies', 'Case studies published'), ('margin_points', 'Margin points'), ('enablement_days', 'Enablement days'), ('marketing_funds', 'Marketing funds'), ('named_contact', 'A named contact'), ('support_response', 'Support response time'), ('custom', 'Something else')], max_length=20)),
                        ('custom_kpi', models.CharField(blank=True, max_length=120)),
                        ('target', models.DecimalField(decimal_places=2, max_digits=14)),
                        ('unit', models.CharField(blank=True, max_length=30)),
                        ('period_start', models.DateField()),
                        ('period_end', models.DateField()),
                        ('status', models.CharField(choices=[('proposed', 'Proposed'), ('countered', 'Countered'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], default='proposed', max_length=10)),
                        ('counter_target', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                        ('note', models.TextField(blank=True, max_length=2000)),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('attainment', models.DecimalField(blank=True, decimal_places=4, max_digits=6, null=True)),
                        ('proposed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('provider', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commitments_as_provider', to='providers.organisation')),
                        ('reseller', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commitments_as_reseller', to='providers.organisation')),
                    ],
                    options={
                        'db_table': 'assessments_commitment',
                        'ordering': ['-updated_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='CommitmentEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, choices=[('proposed', 'Proposed'), ('countered', 'Countered'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], max_length=10)),
                        ('to_status', models.CharField(choices=[('proposed', 'Proposed'), ('countered', 'Countered'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], max_length=10)),
                        ('target', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                        ('note', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='commitments.commitment')),
                    ],
                    options={
                        'db_table': 'assessments_commitmentevent',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCommitment',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('data_version', models.PositiveIntegerField(default=1)),
                        ('computed_version', models.PositiveIntegerField(default=0)),
                        ('dirty_since', models.DateTimeField(blank=True, db_index=True, null=True)),
                        ('computed_at', models.DateTimeField(blank=True, null=True)),
                        ('side', models.CharField(choices=[('reseller', 'Reseller commits'), ('provider', 'Provider offers')], default='reseller', max_length=10)),
                        ('kpi', models.CharField(choices=[('seat_adds', 'Customer seat adds'), ('azure_consumed', 'Azure consumed revenue'), ('m365_seats', 'Microsoft 365 seats'), ('net_customer_adds', 'Net customer adds'), ('certifications', 'Certified staff'), ('events', 'Events attended'), ('case_studies', 'Case studies published'), ('margin_points', 'Margin points'), ('enablement_days', 'Enablement days'), ('marketing_funds', 'Marketing funds'), ('named_contact', 'A named contact'), ('support_response', 'Support response time'), ('custom', 'Something else')], max_length=20)),
                        ('custom_kpi', models.CharField(blank=True, max_length=120)),
                        ('target', models.DecimalField(decimal_places=2, max_digits=14)),
                        ('unit', models.CharField(blank=True, max_length=30)),
                        ('period_start', models.DateField()),
                        ('period_end', models.DateField()),
                        ('status', models.CharField(choices=[('proposed', 'Proposed'), ('countered', 'Countered'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], default='proposed', max_length=10)),
                        ('counter_target', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                        ('note', models.TextField(blank=True, max_length=2000)),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('attainment', models.DecimalField(blank=True, decimal_places=4, max_digits=6, null=True)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('proposed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('provider', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='providers.organisation')),
                        ('reseller', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='providers.organisation')),
                    ],
                    options={
                        'verbose_name': 'historical commitment',
                        'verbose_name_plural': 'historical commitments',
                        'db_table': 'assessments_historicalcommitment',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ProgressEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField()),
                        ('actual', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))])),
                        ('note', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress', to='commitments.commitment')),
                        ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'assessments_progressentry',
                        'ordering': ['date', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='commitment',
                    constraint=models.CheckConstraint(condition=models.Q(('target__gt', 0)), name='commitment_target_positive'),
                ),
                migrations.AddConstraint(
                    model_name='commitment',
                    constraint=models.CheckConstraint(condition=models.Q(('counter_target__isnull', True), ('counter_target__gt', 0), _connector='OR'), name='commitment_counter_positive'),
                ),
                migrations.AddConstraint(
                    model_name='commitment',
                    constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='commitment_period_order'),
                ),
                migrations.AddConstraint(
                    model_name='commitment',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['proposed', 'countered', 'accepted', 'declined', 'withdrawn'])), name='commitment_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='commitment',
                    constraint=models.CheckConstraint(condition=models.Q(('attainment__isnull', True), models.Q(('attainment__gte', 0), ('attainment__lte', Decimal('1.5'))), _connector='OR'), name='commitment_attainment_capped'),
                ),
                migrations.AddConstraint(
                    model_name='progressentry',
                    constraint=models.CheckConstraint(condition=models.Q(('actual__gte', 0)), name='progress_actual_not_negative'),
                ),
            ],
        ),
    ]
