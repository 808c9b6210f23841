"""ArticleVote moved here from the portal app. Only the migration state changes: the
tables stay as they are (portal 0006 takes the models out of portal's state)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0005_support_leads_view_insights'),
        ('kb', '0001_initial'),
    ]

    operations = [
        # The tables exist already (created by the portal app's migrations 0001-0004).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ArticleVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(max_length=10)),
                        ('helpful', models.BooleanField()),
                        ('reason', models.CharField(blank=True, choices=[('missing', 'Missing information'), ('unclear', 'Hard to understand'), ('incorrect', 'Incorrect'), ('outdated', 'Outdated'), ('other', 'Something else')], max_length=20)),
                        ('comment', models.TextField(blank=True, max_length=1000)),
                        ('voter_key', models.CharField(max_length=64)),
                        ('visit_key', models.CharField(blank=True, max_length=32)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='kb.articlepage')),
                    ],
                    options={
                        'verbose_name': 'article vote',
                        'db_table': 'portal_articlevote',
                        'indexes': [models.Index(fields=['article', 'language', 'helpful'], name='portal_arti_article_d5bcec_idx')],
                        'constraints': [models.UniqueConstraint(fields=('article', 'voter_key'), name='one_vote_per_visitor')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
