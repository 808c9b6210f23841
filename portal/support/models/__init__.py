from .deliveries import Delivery
from .support_settings import SupportSettings
from .tickets import Ticket, TicketSource, TicketStatus, Topic

__all__ = ["Delivery", "SupportSettings", "Ticket", "TicketSource", "TicketStatus", "Topic"]
