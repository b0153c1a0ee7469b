"""The app's words for its ideas, one name each (str enums: each compares equal to its text, as
it is stored and typed).

    Language   de, en: the languages of the lessons and the replies
    Status     active, paused, unsubscribed, inactive: where a learner stands in the course
    Source     self, admin, audience: who enrolled a learner
"""

from __future__ import annotations

from enum import Enum


class Language(str, Enum):
    DE = "de"
    EN = "en"


class Status(str, Enum):
    ACTIVE = "active"  # gets a lesson every delivery day
    PAUSED = "paused"  # by themselves, perhaps until a date
    UNSUBSCRIBED = "unsubscribed"  # left, or taken out by an admin: the sync does not bring back
    INACTIVE = "inactive"  # Slack refused their DMs, or their account was deactivated


class Source(str, Enum):
    SELF = "self"  # /coach subscribe, or the App Home's button
    ADMIN = "admin"  # /coach enroll
    AUDIENCE = "audience"  # a member of COACH_AUDIENCE, by the sync


LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language)
# A learner in the course: one who gets lessons, or will again after a pause.
IN_COURSE: tuple[str, ...] = (Status.ACTIVE.value, Status.PAUSED.value)
