"""Every table of a client's database, imported in one place so that Alembic and tests see them all."""

from servicedesk.announcements.models import Announcement, AnnouncementPost, AnnouncementUpdate
from servicedesk.approvals.models import Approval
from servicedesk.articles.models import Article, ArticleVersion
from servicedesk.conversations.models import Conversation, InboundMessage, Takeover
from servicedesk.kb_misses.models import KbMiss
from servicedesk.models import Base
from servicedesk.nlu_inbox.models import UnsureMessage
from servicedesk.notifications.models import Notification
from servicedesk.people.models import DirectorySync, Person, PersonChatId
from servicedesk.privacy.models import PrivacyRequest
from servicedesk.remote.models import RemoteSession
from servicedesk.settings.store import SettingsVersion
from servicedesk.sla.models import Clock, ClockEvent
from servicedesk.tickets.models import Attachment, HistoryEntry, LogEntry, Ticket
from servicedesk.uploads.models import UploadLink

__all__ = ["Announcement", "AnnouncementPost", "AnnouncementUpdate", "Approval", "Article", "ArticleVersion",
           "Attachment", "Base", "Clock", "ClockEvent", "Conversation", "DirectorySync", "HistoryEntry",
           "InboundMessage", "KbMiss", "LogEntry", "Notification", "Person", "PersonChatId", "PrivacyRequest",
           "RemoteSession", "SettingsVersion", "Takeover", "Ticket", "UnsureMessage", "UploadLink"]
