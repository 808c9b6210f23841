from portal.insights.models import (
    DailyArticleViews,
    DailyContactVisit,
    DailyFigures,
    DailyQueryFigures,
)

from .deliveries import Delivery
from .feedback import ArticleVote, VoteReason
from .search_log import SearchClick, SearchLog
from .support_settings import SupportSettings
from .tickets import Ticket, TicketStatus, Topic
from .visits import VisitEvent

__all__ = [
    "ArticleVote",
    "DailyArticleViews",
    "DailyContactVisit",
    "DailyFigures",
    "DailyQueryFigures",
    "Delivery",
    "SearchClick",
    "SearchLog",
    "SupportSettings",
    "Ticket",
    "TicketStatus",
    "Topic",
    "VisitEvent",
    "VoteReason",
]
