from .deliveries import Delivery
from .support_settings import SupportSettings
from .tickets import Ticket, TicketStatus, Topic

__all__ = ["Delivery", "SupportSettings", "Ticket", "TicketStatus", "Topic"]
