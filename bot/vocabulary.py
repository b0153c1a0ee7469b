"""The app's words for its ideas, one name each (str enums: each compares equal to its text, as
it is stored and typed, and formats as that text).

    Language      de, en: the languages of the lessons and the replies
    Status        active, paused, unsubscribed, inactive: where a learner stands in the course
    Source        self, admin, audience: who enrolled a learner, or who took them out
    Enrolled      new, again, already, declined: what enrolling someone did
    Event         delivered, completed, quiz_right, rated_helpful, asked, paused, ...: the kinds
                  of engagement event, what a person did or was sent
    MessageKind   lesson, reviews, complete: what a day's message carries
    DeliveryState sending, sent, failed: where a day's message stands in the ledger
    SendNow       sent, had, nothing, failed: what sending a learner's message now did
                  (/coach next)

    QUIZ, RATED   the events of a lesson's quiz answered and of a lesson rated (the first counts)
    LANGUAGES     every Language, as text; other_language(language) gives the other one
    IN_COURSE     the statuses of a learner in the course
    DEACTIVATED   an inactive learner's reason when Slack deactivated the account
    BY_DATE       a resumed event's detail when a pause ran out by its date

Words that one package alone uses and prints stay in it: the reasons a delivery pass skips a
learner (Skip, bot/delivery/summary.py) and the sync does not enroll one (NotEnrolled,
bot/slack/roster.py) are sentences of the commands' output, not words stored or compared
elsewhere.
"""

from __future__ import annotations

from enum import Enum


class Word(str, Enum):
    """A str enum that formats as its text: f"{Status.ACTIVE}" is "active" on every Python,
    so a word goes into SQL, JSON, block ids and messages as it is stored."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class Language(Word):
    DE = "de"
    EN = "en"


class Status(Word):
    ACTIVE = "active"  # gets a lesson every delivery day
    PAUSED = "paused"  # by themselves, perhaps until a date
    UNSUBSCRIBED = "unsubscribed"  # left, or taken out by an admin: the sync does not bring back
    INACTIVE = "inactive"  # Slack refused their DMs, or their account was deactivated


class Source(Word):
    SELF = "self"  # /coach subscribe, or the App Home's button
    ADMIN = "admin"  # /coach enroll
    AUDIENCE = "audience"  # a member of COACH_AUDIENCE, by the sync


class Enrolled(Word):
    NEW = "new"  # never in the course before
    AGAIN = "again"  # back in after leaving or being made inactive
    ALREADY = "already"  # in the course (or the sync, which brings nobody back): nothing changed
    DECLINED = "declined"  # left by themselves: an admin does not bring them back


class Event(Word):
    # The course's messages (the ledger's events, logged as the message is confirmed)
    DELIVERED = "delivered"
    REVIEW_DELIVERED = "review_delivered"
    COURSE_COMPLETED = "course_completed"  # the course-complete message
    # What a learner does with a lesson; the first of each per lesson is what the figures count
    COMPLETED = "completed"
    QUIZ_RIGHT = "quiz_right"
    QUIZ_WRONG = "quiz_wrong"
    REVIEW_RIGHT = "review_right"  # a quiz asked again, for review
    REVIEW_WRONG = "review_wrong"
    RATED_HELPFUL = "rated_helpful"
    RATED_NOT_HELPFUL = "rated_not_helpful"
    # Questions, and whether the lesson given as the answer helped
    ASKED = "asked"
    ANSWER_HELPFUL = "answer_helpful"
    ANSWER_NOT_HELPFUL = "answer_not_helpful"
    # Changes to one's course
    SUBSCRIBED = "subscribed"
    UNSUBSCRIBED = "unsubscribed"
    PAUSED = "paused"
    RESUMED = "resumed"
    TIME_CHANGED = "time_changed"
    LANGUAGE_CHANGED = "language_changed"


class MessageKind(Word):
    LESSON = "lesson"  # the day's lesson, perhaps with reviews in a message of their own
    REVIEWS = "reviews"  # quizzes due again, on a day without a new lesson
    COMPLETE = "complete"  # the course-complete message


class DeliveryState(Word):
    SENDING = "sending"  # claimed, not yet confirmed by Slack
    SENT = "sent"
    FAILED = "failed"


class SendNow(Word):
    SENT = "sent"
    HAD = "had"  # the day has its message already
    NOTHING = "nothing"  # not in the course, or the course is done with nothing to review
    FAILED = "failed"


def other_language(language: str) -> Language:
    """Give the language that is not `language`."""
    return Language.EN if language == Language.DE else Language.DE


QUIZ = (Event.QUIZ_RIGHT, Event.QUIZ_WRONG)
RATED = (Event.RATED_HELPFUL, Event.RATED_NOT_HELPFUL)
LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language)
# A learner in the course: one who gets lessons, or will again after a pause.
IN_COURSE: tuple[str, ...] = (Status.ACTIVE.value, Status.PAUSED.value)
# An inactive learner's reason when Slack deactivated the account (else: the error Slack gave
# when it refused their DM).
DEACTIVATED = "deactivated"
BY_DATE = "by date"
