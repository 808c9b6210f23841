"""SearchLog, SearchClick moved here from the portal app. Only the migration state changes: the
tables stay as they are (portal 0006 takes the models out of portal's state)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0005_support_leads_view_insights'),
    ]

    operations = [
        # The tables exist already (created by the portal app's migrations 0001-0004).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SearchLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('language', models.CharField(max_length=10)),
                        ('query', models.CharField(max_length=500)),
                        ('normalized_query', models.CharField(db_index=True, max_length=500)),
                        ('result_count', models.PositiveIntegerField()),
                        ('top_results', models.JSONField(default=list, help_text='Article ids, best first.')),
                        ('fallback', models.BooleanField(default=False, help_text='Answered from other languages.')),
                        ('degraded', models.BooleanField(default=False, help_text='Answered by full text only.')),
                        ('latency_ms', models.FloatField()),
                        ('visitor_key', models.CharField(db_index=True, max_length=32)),
                        ('visit_key', models.CharField(db_index=True, max_length=32)),
                        ('source', models.CharField(choices=[('page', 'Search page'), ('api', 'API')], default='page', max_length=10)),
                        ('filters', models.JSONField(blank=True, default=dict)),
                    ],
                    options={
                        'verbose_name': 'search',
                        'verbose_name_plural': 'searches',
                        'db_table': 'portal_searchlog',
                        'indexes': [models.Index(fields=['language', 'created_at'], name='portal_sear_languag_5e28d4_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='SearchClick',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('article_id', models.PositiveBigIntegerField()),
                        ('position', models.PositiveSmallIntegerField()),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('search', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='clicks', to='sitesearch.searchlog')),
                    ],
                    options={
                        'verbose_name': 'search result click',
                        'db_table': 'portal_searchclick',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
