"""A realistic volume of shopper activity for trying and timing the insights pages.

Visits are spread over the last ``days`` days with a daily rhythm (quiet at night, busiest
in the evening, so some visits run past midnight) and a slow upward trend. A visit runs
0–4 searches (most one), opens results, reads articles, sometimes opens the contact form,
where suggested articles are shown and opened, and sometimes sends a ticket. Votes are
spread over the articles with a quality of their own, so some articles help far more
often than others.
"""

import contextlib
import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from kb.models import ArticlePage
from portal.feedback.models import ArticleVote, VoteReason
from portal.sitesearch.models import SearchClick, SearchLog
from portal.support.models import Ticket
from portal.support.models.tickets import REFERENCE_ALPHABET
from portal.visits.models import VisitEvent

from .activity_texts import COMMENTS, MODIFIERS, QUERIES, SUBJECTS

LANGUAGE_WEIGHTS = {"en": 0.45, "de": 0.25, "fr": 0.15, "es": 0.15}
# Share of each hour of the day in a day's visits (0h … 23h).
HOUR_WEIGHTS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 3.5, 3.5, 4, 4, 3.5, 3.5, 3.5, 4, 4.5, 5,
                5.5, 5, 4, 2.5]  # fmt: skip
SEARCHES_PER_VISIT = {0: 0.18, 1: 0.47, 2: 0.2, 3: 0.1, 4: 0.05}
API_SHARE = 0.15
ZERO_RESULTS = 0.05  # for a query an article answers; gap queries fail far more often
GAP_ZERO_RESULTS = 0.55
GAP_SHARE = 0.06
CLICK = 0.6
TYPO = 0.12
CONTACT = 0.025
CONTACT_AFTER_FAILURE = 0.06
SUGGESTIONS_SHOWN = 0.7
SUGGESTION_OPENED = 0.4
TICKET_AFTER_SUGGESTION = 0.2
VOTE_CHANGED = 0.08
COMMENTED = 0.2
TREND = 1 / 3


def _typo(rng, text):
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    kind = rng.random()
    if kind < 0.4:  # swapped letters
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind < 0.7:  # dropped letter
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]  # doubled letter


def _zipf_weights(count, exponent=1.1):
    return [1 / (rank + 1) ** exponent for rank in range(count)]


@contextlib.contextmanager
def explicit_timestamps(*models):
    """Let bulk_create keep the ``created_at``/``updated_at`` values it is given."""
    changed = []
    for model in models:
        for model_field in model._meta.concrete_fields:
            for flag in ("auto_now", "auto_now_add"):
                if getattr(model_field, flag, False):
                    setattr(model_field, flag, False)
                    changed.append((model_field, flag))
    try:
        yield
    finally:
        for model_field, flag in changed:
            setattr(model_field, flag, True)


@dataclass
class Totals:
    searches: int = 0
    clicks: int = 0
    events: int = 0
    votes: int = 0
    tickets: int = 0
    contact_visits: int = 0
    visits: int = 0
    extra: dict = field(default_factory=dict)


class VolumeGenerator:
    def __init__(self, searches, votes, tickets, days, seed=1, batch_size=5000, now=None):
        self.target_searches = searches
        self.target_votes = votes
        self.target_tickets = tickets
        self.days = days
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.now = now or timezone.now()
        self.tz = timezone.get_current_timezone()
        self.totals = Totals()
        self.references = set(Ticket.objects.values_list("reference", flat=True))
        self._load_articles()
        self._build_query_pool()

    # Setup ---------------------------------------------------------------------------

    def _load_articles(self):
        articles = list(ArticlePage.objects.live().order_by("path").specific())
        if not articles:
            raise ValueError("No live articles: run `manage.py load_initial_data` first.")
        self.articles = [a.pk for a in articles]
        self.by_topic = {}
        for article in articles:
            topic = getattr(article.get_parent().specific, "icon", "general")
            self.by_topic.setdefault(topic, []).append(article.pk)
        self.article_weights = _zipf_weights(len(self.articles), 0.8)
        self.rng.shuffle(self.article_weights)
        # How often each article helps: most do, a few clearly do not.
        self.quality = {pk: self.rng.betavariate(6, 2) for pk in self.articles}

    def _build_query_pool(self):
        self.pool = {}
        for language, topics in QUERIES.items():
            entries = [
                (query, topic)
                for topic, queries in topics.items()
                if topic != "gap"
                for query in queries
            ]
            self.rng.shuffle(entries)
            gaps = [(query, "gap") for query in topics.get("gap", [])]
            self.pool[language] = (
                entries,
                _zipf_weights(len(entries)),
                gaps,
            )

    # Drawing -------------------------------------------------------------------------

    def _language(self):
        return self.rng.choices(list(LANGUAGE_WEIGHTS), weights=LANGUAGE_WEIGHTS.values())[0]

    def _moment(self):
        """A random moment in the period: later days a little busier, evenings busiest."""
        rng = self.rng
        latest = self.now - datetime.timedelta(minutes=30)
        while True:
            age = rng.random() * self.days
            # A day's chance falls linearly by TREND from today back to the first day.
            if rng.random() > 1 - TREND * age / self.days:
                continue
            day = (self.now - datetime.timedelta(days=age)).astimezone(self.tz).date()
            hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
            moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=self.tz)
            moment += datetime.timedelta(seconds=rng.randrange(3600))
            if moment <= latest:
                return moment

    def _query(self, language):
        entries, weights, gaps = self.pool[language]
        if gaps and self.rng.random() < GAP_SHARE:
            query, topic = self.rng.choice(gaps)
        else:
            query, topic = self.rng.choices(entries, weights=weights)[0]
        modifier = self.rng.choice(MODIFIERS[language])
        if modifier:
            query = f"{query} {modifier}"
        if self.rng.random() < TYPO:
            query = _typo(self.rng, query)
        if self.rng.random() < 0.1:
            query = query.capitalize()
        return query, topic

    def _article_for(self, topic):
        candidates = self.by_topic.get(topic) or self.articles
        return self.rng.choice(candidates)

    def _popular_article(self):
        return self.rng.choices(self.articles, weights=self.article_weights)[0]

    def _key(self):
        return uuid.UUID(int=self.rng.getrandbits(128)).hex[:24]

    def _reference(self):
        while True:
            code = "".join(self.rng.choice(REFERENCE_ALPHABET) for _ in range(6))
            reference = f"HC-{code}"
            if reference not in self.references:
                self.references.add(reference)
                return reference

    # Visits --------------------------------------------------------------------------

    def _visit(self, tickets_left, contacts_expected):
        """One visit: (searches with their clicks, events, ticket or None)."""
        rng = self.rng
        language = self._language()
        visit_key = self._key()
        visitor_key = self._key()
        at = self._moment()
        searches = []  # (SearchLog, [click article ids])
        events = []
        failed = False

        def step(seconds=(5, 240)):
            nonlocal at
            at += datetime.timedelta(seconds=rng.randint(*seconds))
            return at

        count = rng.choices(list(SEARCHES_PER_VISIT), weights=SEARCHES_PER_VISIT.values())[0]
        if count == 0:
            for _ in range(rng.choice((1, 1, 2))):
                article = self._popular_article()
                events.append(("article_view", step(), article, None))
        for _ in range(count):
            query, topic = self._query(language)
            source = SearchLog.Source.API if rng.random() < API_SHARE else SearchLog.Source.PAGE
            zero = rng.random() < (GAP_ZERO_RESULTS if topic == "gap" else ZERO_RESULTS)
            results = [] if zero else [self._article_for(topic) for _ in range(rng.randint(1, 5))]
            created = step()
            log = SearchLog(
                created_at=created,
                language=language,
                query=query,
                normalized_query=" ".join(query.lower().split()),
                result_count=0 if zero else len(results) + rng.randint(0, 12),
                top_results=list(dict.fromkeys(results)),
                fallback=not zero and rng.random() < 0.03,
                degraded=False,
                latency_ms=round(rng.uniform(15, 180), 2),
                visitor_key=visitor_key,
                visit_key=visit_key,
                source=source,
            )
            clicks = []
            if source == SearchLog.Source.PAGE:
                events.append(("search", created, None, log))
                if results and rng.random() < CLICK * (0.6 if topic == "gap" else 1):
                    article = results[0] if rng.random() < 0.7 else rng.choice(results)
                    clicked = step((3, 40))
                    clicks.append((article, clicked))
                    events.append(("result_click", clicked, article, log))
                    events.append(("article_view", clicked, article, None))
                    failed = False
                else:
                    failed = True
            searches.append((log, clicks))

        ticket = None
        contact = CONTACT_AFTER_FAILURE if failed else CONTACT
        if rng.random() < contact:
            events.append(("contact_view", step(), None, None))
            opened = False
            if rng.random() < SUGGESTIONS_SHOWN:
                events.append(("suggestion_shown", step((20, 90)), None, None))
                if rng.random() < SUGGESTION_OPENED:
                    article = self._popular_article()
                    events.append(("suggestion_opened", step((5, 30)), article, None))
                    events.append(("article_view", at, article, None))
                    opened = True
            chance = tickets_left / max(contacts_expected, 1)
            if opened:
                chance *= TICKET_AFTER_SUGGESTION / 0.45
            if tickets_left > 0 and rng.random() < min(chance, 1):
                ticket = self._ticket(language, visit_key, visitor_key, step((60, 400)), events)
                events.append(("ticket", ticket.created_at, None, None))
        return language, visit_key, searches, events, ticket

    def _ticket(self, language, visit_key, visitor_key, created, events):
        number = self.totals.tickets + 1
        return Ticket(
            reference=self._reference(),
            created_at=created,
            language=language,
            topic=self.rng.choice(
                ["orders", "returns", "shipping", "payment", "account", "privacy"]
            ),
            name="Demo shopper",
            email=f"shopper{number}@example.com",
            subject=SUBJECTS[language],
            message=SUBJECTS[language] + ".",
            response_time_hours=24,
            timeline=[
                {"at": at.isoformat(), "kind": kind, "article_id": article}
                for kind, at, article, _log in events
            ][-10:],
            visit_key=visit_key,
            visitor_key=visitor_key,
            submission_token=uuid.UUID(int=self.rng.getrandbits(128)).hex,
        )

    # Writing -------------------------------------------------------------------------

    def run(self, progress=None):
        with explicit_timestamps(SearchLog, SearchClick, VisitEvent, Ticket, ArticleVote):
            self._visits(progress)
            self._votes(progress)
        return self.totals

    def _visits(self, progress):
        mean_searches = sum(n * w for n, w in SEARCHES_PER_VISIT.items())
        visits_expected = self.target_searches / mean_searches
        contacts_expected_total = visits_expected * (CONTACT + 0.5 * CONTACT_AFTER_FAILURE)
        buffer = []
        searches_made = 0
        tickets_made = 0
        while searches_made < self.target_searches:
            tickets_left = self.target_tickets - tickets_made
            contacts_left = contacts_expected_total - self.totals.contact_visits
            visit = self._visit(tickets_left, contacts_left)
            surplus = searches_made + len(visit[2]) - self.target_searches
            if surplus > 0:
                visit = (*visit[:2], visit[2][: len(visit[2]) - surplus], *visit[3:])
                kept = {id(log) for log, _clicks in visit[2]}
                events = [e for e in visit[3] if e[3] is None or id(e[3]) in kept]
                visit = (*visit[:3], events, visit[4])
            searches_made += len(visit[2])
            tickets_made += visit[4] is not None
            if any(kind == "contact_view" for kind, *_rest in visit[3]):
                self.totals.contact_visits += 1
            buffer.append(visit)
            if len(buffer) >= self.batch_size // 2:
                self._write(buffer)
                buffer = []
                if progress:
                    progress(f"{searches_made:,} searches")
        # Top up tickets that the random draw left short, as visits that go straight to
        # the contact form.
        while tickets_made < self.target_tickets:
            language = self._language()
            visit_key, visitor_key = self._key(), self._key()
            at = self._moment()
            ticket = self._ticket(
                language, visit_key, visitor_key, at + datetime.timedelta(minutes=3), []
            )
            events = [("contact_view", at, None, None), ("ticket", ticket.created_at, None, None)]
            self.totals.contact_visits += 1
            tickets_made += 1
            buffer.append((language, visit_key, [], events, ticket))
            if len(buffer) >= self.batch_size // 2:
                self._write(buffer)
                buffer = []
        self._write(buffer)

    @transaction.atomic
    def _write(self, visits):
        if not visits:
            return
        logs = [log for _l, _k, searches, _e, _t in visits for log, _clicks in searches]
        SearchLog.objects.bulk_create(logs, batch_size=self.batch_size)
        clicks = []
        events = []
        for language, visit_key, searches, visit_events, _ticket in visits:
            for log, log_clicks in searches:
                for position, (article, at) in enumerate(log_clicks, start=1):
                    clicks.append(
                        SearchClick(
                            search=log, article_id=article, position=position, created_at=at
                        )
                    )
            for kind, at, article, log in visit_events:
                events.append(
                    VisitEvent(
                        visit_key=visit_key,
                        kind=kind,
                        created_at=at,
                        language=language,
                        article_id=article,
                        search=log,
                    )
                )
        SearchClick.objects.bulk_create(clicks, batch_size=self.batch_size)
        VisitEvent.objects.bulk_create(events, batch_size=self.batch_size)
        tickets = [ticket for *_rest, ticket in visits if ticket is not None]
        Ticket.objects.bulk_create(tickets, batch_size=self.batch_size)
        self.totals.visits += len(visits)
        self.totals.searches += len(logs)
        self.totals.clicks += len(clicks)
        self.totals.events += len(events)
        self.totals.tickets += len(tickets)

    def _votes(self, progress):
        rng = self.rng
        reasons = [choice for choice, _label in VoteReason.choices]
        made = 0
        while made < self.target_votes:
            size = min(self.batch_size, self.target_votes - made)
            votes = []
            for _ in range(size):
                article = self._popular_article()
                language = self._language()
                helpful = rng.random() < self.quality[article]
                created = self._moment()
                updated = created
                if rng.random() < VOTE_CHANGED:
                    updated = min(
                        created + datetime.timedelta(minutes=rng.randint(1, 60 * 24 * 10)),
                        self.now,
                    )
                    helpful = not helpful if rng.random() < 0.5 else helpful
                comment = ""
                if not helpful and rng.random() < COMMENTED:
                    comment = rng.choice(COMMENTS[language])
                votes.append(
                    ArticleVote(
                        article_id=article,
                        language=language,
                        helpful=helpful,
                        reason="" if helpful else rng.choice(reasons),
                        comment=comment,
                        voter_key=uuid.UUID(int=rng.getrandbits(128)).hex,
                        visit_key=self._key(),
                        created_at=created,
                        updated_at=updated,
                    )
                )
            with transaction.atomic():
                ArticleVote.objects.bulk_create(votes, batch_size=self.batch_size)
            made += size
            self.totals.votes += size
            if progress:
                progress(f"{made:,} votes")


def clear():
    """Delete all recorded shopper activity: searches, clicks, visit steps, votes, tickets."""
    counts = {}
    for model in (SearchClick, VisitEvent, SearchLog, ArticleVote):
        queryset = model.objects.all()
        counts[str(model._meta.verbose_name_plural)] = queryset._raw_delete(queryset.db)
    counts["tickets"] = Ticket.objects.all().delete()[0]
    return counts
