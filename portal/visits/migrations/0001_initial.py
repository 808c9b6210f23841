"""VisitEvent moved here from the portal app. Only the migration state changes: the
tables stay as they are (portal 0006 takes the models out of portal's state)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0005_support_leads_view_insights'),
        ('sitesearch', '0001_initial'),
    ]

    operations = [
        # The tables exist already (created by the portal app's migrations 0001-0004).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='VisitEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('visit_key', models.CharField(max_length=32)),
                        ('kind', models.CharField(choices=[('article_view', 'Article read'), ('search', 'Search'), ('result_click', 'Search result opened'), ('vote', 'Vote'), ('contact_view', 'Contact form opened'), ('suggestion_shown', 'Articles suggested on the contact form'), ('suggestion_opened', 'Suggested article opened'), ('ticket', 'Ticket created')], max_length=20)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('language', models.CharField(blank=True, max_length=10)),
                        ('article_id', models.PositiveBigIntegerField(blank=True, null=True)),
                        ('data', models.JSONField(blank=True, default=dict)),
                        ('search', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sitesearch.searchlog')),
                    ],
                    options={
                        'verbose_name': 'visit event',
                        'db_table': 'portal_visitevent',
                        'indexes': [models.Index(fields=['visit_key', 'created_at'], name='portal_visi_visit_k_69835a_idx'), models.Index(fields=['kind', 'created_at'], name='portal_visi_kind_a1add1_idx'), models.Index(fields=['article_id', 'kind'], name='portal_visi_article_9bf2c8_idx'), models.Index(fields=['visit_key', 'kind', 'created_at'], name='portal_visit_key_kind_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
