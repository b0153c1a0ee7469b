"""Posting the daily DMs: Slack's errors sorted, throttling paced, no message posted twice.

slack_sdk's RateLimitErrorRetryHandler waits the Retry-After seconds of a 429 (a throttled call
was not carried out, so repeating it is safe). Here it also slows every sending thread to the
rate Slack accepted, so a big pass does not keep running into the limit. A 5xx or a dropped
connection is different: Slack may have posted the message before the answer was lost, so
instead of slack_sdk's blind retry the DM's history is read first, and the message is posted
again only if it is not there (with slack_sdk's backoff between tries).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from http.client import HTTPException
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry import (
    BackoffRetryIntervalCalculator,
    HttpRequest,
    HttpResponse,
    RateLimitErrorRetryHandler,
    RetryState,
)

from ..coaching import Coach
from ..config import Settings
from ..delivery import (
    AuthFailed,
    DayMessage,
    MaybeSent,
    MessageRejected,
    RecipientGone,
    SendError,
    Superseded,
    owners,
)
from ..lessons import Course
from .blocks import t
from .clients import make_client
from .daily import (
    DAY_BLOCK,
    METADATA_EVENT,
    REVIEW_EVENT,
    WELCOME_EVENT,
    day_blocks,
    day_text,
    metadata,
    review_blocks,
    welcome_message,
)

logger = logging.getLogger(__name__)

# Slack's errors that mean this person will never get a DM from the app.
RECIPIENT_GONE = {
    "account_inactive",
    "user_not_found",
    "users_not_found",
    "cannot_dm_bot",
    "user_disabled",
    "channel_not_found",
    "is_archived",
}
# Slack refuses the message itself: the same message would fail again.
MESSAGE_REJECTED = {
    "invalid_blocks",
    "invalid_blocks_format",
    "msg_too_long",
    "no_text",
    "too_many_attachments",
    "invalid_metadata_format",
    "invalid_metadata_schema",
    "metadata_too_large",
    "invalid_arguments",
}
# Answers after which Slack may have carried the call out (Slack's docs say so of these).
MAYBE_DONE = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}
# Transport errors: the request may or may not have reached Slack (see _never_sent).
TRANSPORT_ERRORS = (URLError, OSError, HTTPException, ValueError, SlackClientError)
# Errors that mean the app itself cannot send: an operator must act.
APP_REFUSED = {
    "messages_tab_disabled",  # the app's Messages tab is switched off (app settings)
    "not_allowed_token_type",
    "team_disabled",
    "ekm_access_denied",
    "invalid_auth",
    "not_authed",
    "token_revoked",
    "token_expired",
    "missing_scope",
    "no_permission",
    "team_access_not_granted",
}
# A message whose request failed with a 5xx, or never reached Slack, is tried this many times.
ATTEMPTS = 4
BACKOFF = BackoffRetryIntervalCalculator(backoff_factor=0.5)


class Pace:
    """Spaces the sending threads' calls to the rate Slack accepted before it answered 429."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._accepted: deque[float] = deque()
        self.interval = 0.0  # seconds between two calls; 0 until Slack first throttles
        self._next = 0.0
        self._paused_until = 0.0
        self._resumed = float("-inf")  # when sending went on after the last pause

    def wait(self, stop: threading.Event | None = None) -> None:
        """Wait for this thread's turn (no longer once `stop` is set)."""
        with self._lock:
            now = self._clock()
            turn = max(now, self._next, self._paused_until)
            self._next = turn + self.interval
        if turn > now:
            (stop or threading.Event()).wait(turn - now)

    def accepted(self) -> None:
        with self._lock:
            now = self._clock()
            self._accepted.append(now)
            while self._accepted and self._accepted[0] < now - 1.0:
                self._accepted.popleft()

    def throttled(self, retry_after: float) -> None:
        """Slack said 429: everyone waits `retry_after`, then goes a little under its limit.

        After a whole second of sending, the messages Slack accepted in that second are its
        limit; sooner after a pause there is nothing to measure, so the pace slows by a tenth.
        """
        with self._lock:
            now = self._clock()
            if now - self._paused_until < 0:
                return  # another thread's 429 already paused everyone
            recent = sum(1 for at in self._accepted if at > now - 1.0)
            if now - self._resumed >= 1.0 and recent:
                self.interval = 1.0 / (recent * 0.95)
            else:
                self.interval = self.interval * 1.1 if self.interval else 0.01
            self._accepted.clear()
            self._paused_until = now + retry_after
            self._resumed = self._paused_until


# The sending thread's check before each request (also the 429 handler's retries): it notes the
# request on the claim and says whether the claim is still this process's.
_attempt = threading.local()


def _before_request() -> bool:
    check = getattr(_attempt, "check", None)
    return check() if check is not None else True


class PacedRateLimitHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, telling the shared Pace instead of sleeping on its own."""

    def __init__(self, pace: Pace, max_retry_count: int = 30):
        super().__init__(max_retry_count=max_retry_count)
        self.pace = pace

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error  # type: ignore[misc]
        values = {name.lower(): value for name, value in response.headers.items()}
        retry_after = values.get("retry-after", ["1"])
        try:
            seconds = float(retry_after[0] if isinstance(retry_after, list) else retry_after)
        except ValueError:
            seconds = 1.0
        stop = getattr(_attempt, "stop", None)
        self.pace.throttled(seconds)
        self.pace.wait(stop)
        if (stop is not None and stop.is_set()) or not _before_request():
            state.next_attempt_requested = False  # the 429 surfaces: nothing was posted
            return
        state.next_attempt_requested = True
        state.increment_current_attempt()


def delivery_client(settings: Settings, pace: Pace) -> WebClient:
    """Give the WebClient for posting lessons: 429s paced and retried, nothing else retried."""
    return make_client(settings, retry_handlers=[PacedRateLimitHandler(pace)])


class SlackMessenger:
    """Posts day messages as DMs and finds them again (delivery.Messenger)."""

    def __init__(
        self,
        client: WebClient,
        settings: Settings,
        course: Course | None,
        lessons: int,
        *,
        pace: Pace | None = None,
    ):
        self.client = client
        self.settings = settings
        self.course = course
        self.lessons = lessons
        self.pace = pace or Pace()
        self._channels: dict[str, str] = {}
        self._welcomed: set[tuple[str, str]] = set()  # (user, day) whose welcome is out

    def send(
        self,
        message: DayMessage,
        *,
        before_post: Callable[[], bool] = lambda: True,
        stop: threading.Event | None = None,
    ) -> tuple[str | None, str | None]:
        blocks = day_blocks(
            message,
            self.course,
            lessons=self.lessons,
            time=message.send_at,
            days=self.settings.days,
        )
        stop = stop or threading.Event()
        _attempt.check, _attempt.stop = before_post, stop
        try:
            if message.welcome and self.course is not None:
                self._welcome(message, before_post, stop)
            posted = self._post(
                message, blocks, day_text(message), metadata(message), before_post, stop
            )
            if message.lesson is not None and message.reviews:
                self._reviews(message, before_post, stop)
            return posted
        finally:
            _attempt.check = _attempt.stop = None

    def _welcome(
        self, message: DayMessage, before_post: Callable[[], bool], stop: threading.Event
    ) -> None:
        """Post the welcome, its own message just before the first lesson, once: a pass that
        sends the day again looks in the history first."""
        key = (message.user_id, message.day)
        if key in self._welcomed:
            return
        if message.recovered and self._look(message, WELCOME_EVENT) is not None:
            self._welcomed.add(key)
            return
        assert self.course is not None
        blocks, text = welcome_message(
            self.course, message.language, lessons=self.lessons, time=message.send_at,
            days=self.settings.days, first="now",
        )  # fmt: skip
        meta = {"event_type": WELCOME_EVENT, "event_payload": {"day": message.day}}
        self._post(message, blocks, text, meta, before_post, stop)
        self._welcomed.add(key)

    def _reviews(
        self, message: DayMessage, before_post: Callable[[], bool], stop: threading.Event
    ) -> None:
        """Post the day's reviews after its lesson, a short message of their own. If Slack
        does not take them, they are like reviews not answered: they come back a few
        delivery days later (the day's ledger row is the lesson's)."""
        meta = {"event_type": REVIEW_EVENT, "event_payload": {"day": message.day}}
        text = t(message.language, "reviews_alt")
        try:
            self._post(message, review_blocks(message), text, meta, before_post, stop)
        except (SendError, MaybeSent) as error:
            logger.warning("the reviews for %s on %s did not go out (%s): they come back later",
                           message.user_id, message.day, error)  # fmt: skip

    def _post(
        self,
        message: DayMessage,
        blocks: list[dict],
        text: str,
        meta: dict,
        before_post: Callable[[], bool],
        stop: threading.Event,
    ) -> tuple[str | None, str | None]:
        last = "stopped"
        answered_failure = False  # Slack answered 5xx (or internal_error): it may have posted
        started = 0.0
        for attempt in range(ATTEMPTS):
            if attempt:
                # Before looking, wait until Slack cannot still be at the failed request (a
                # gateway may answer 504 while the post goes on behind it), and at least the
                # backoff.
                pause = BACKOFF.calculate_sleep_duration(attempt - 1)
                if answered_failure:
                    grace = owners.GRACE.total_seconds()
                    pause = max(pause, grace - (time.monotonic() - started))
                if stop.wait(pause):
                    break
                if answered_failure:
                    found = self._look(message, meta["event_type"])
                    if found is not None:
                        return found
            if stop.is_set():
                break
            self.pace.wait(stop)
            if stop.is_set():
                break
            if not before_post():  # noted just before the request, after any waiting
                raise Superseded("another process took this message over")
            started = time.monotonic()
            try:
                response = self.client.chat_postMessage(
                    channel=message.user_id,
                    text=text,
                    blocks=blocks,
                    metadata=meta,
                    unfurl_links=False,
                    unfurl_media=False,
                )
            except SlackApiError as error:
                status = error.response.status_code
                code = str(error.response.get("error") or f"HTTP {status}")
                if status == 429:  # not carried out; retries used up or stopping
                    raise SendError(code) from error
                if status >= 500 or code in MAYBE_DONE:
                    answered_failure, last = True, code
                    continue
                raise self._refused(code) from error
            except TRANSPORT_ERRORS as error:
                if not _never_sent(error):
                    # No answer (a timeout, a dropped connection): Slack may still be working
                    # on it, so a later pass looks in the history once that cannot be.
                    raise MaybeSent(f"connection: {error}") from error
                last = f"connection: {error}"
                continue
            self.pace.accepted()
            channel = response.get("channel")
            if channel:
                self._channels[message.user_id] = channel
            return channel, response.get("ts")
        if answered_failure:
            raise MaybeSent(last)
        raise SendError(last)

    def _look(
        self, message: DayMessage, event: str = METADATA_EVENT
    ) -> tuple[str | None, str | None] | None:
        try:
            return self.find(message.user_id, message.day, event)
        except (SendError, AuthFailed) as error:
            raise MaybeSent(f"could not check the history: {error}") from error

    def _refused(self, code: str) -> Exception:
        """Sort a refusal; account_inactive is the recipient's unless the app's own token is."""
        if code == "account_inactive":
            try:
                self.client.auth_test()
            except SlackApiError as error:
                return AuthFailed(str(error.response.get("error") or code))
            except TRANSPORT_ERRORS:
                return SendError(code)
        return _sorted(code)

    def find(
        self, user_id: str, day: str, event: str = METADATA_EVENT
    ) -> tuple[str | None, str | None] | None:
        """Give channel and ts of the day's message (or its welcome: `event`) in the DM."""
        try:
            channel = self._channels.get(user_id)
            if channel is None:
                opened = self.client.conversations_open(users=user_id)
                channel = self._channels[user_id] = opened["channel"]["id"]
            history = self.client.conversations_history(
                channel=channel, include_all_metadata=True, limit=50
            )
        except SlackApiError as error:
            raise _sorted(str(error.response.get("error") or "error")) from error
        except TRANSPORT_ERRORS as error:
            raise SendError(f"connection: {error}") from error
        for item in history.get("messages", []):
            if _is_day(item, day, event):
                return channel, item.get("ts")
        return None


def _is_day(item: dict, day: str, event: str = METADATA_EVENT) -> bool:
    """Say whether a DM in the history is the day's message (its metadata, or its first block)
    or, with `event` WELCOME_EVENT, the welcome sent with it."""
    meta = item.get("metadata") or {}
    if meta.get("event_type") == event and (meta.get("event_payload") or {}).get("day") == day:
        return True
    if event != METADATA_EVENT:
        return False
    blocks = item.get("blocks") or [{}]
    return blocks[0].get("block_id") == f"{DAY_BLOCK}{day}"


def _never_sent(error: BaseException) -> bool:
    """Say whether a transport error happened before the request could reach Slack."""
    reason = getattr(error, "reason", error)
    return isinstance(reason, (ConnectionRefusedError, socket.gaierror))


def _sorted(code: str) -> Exception:
    if code in APP_REFUSED:
        return AuthFailed(code)
    if code in MESSAGE_REJECTED:
        return MessageRejected(code)
    if code in RECIPIENT_GONE:
        return RecipientGone(code)
    return SendError(code)


def make_messenger(coach: Coach) -> SlackMessenger:
    """Give the messenger for the coach's settings and course."""
    pace = Pace()
    client = delivery_client(coach.settings, pace)
    return SlackMessenger(client, coach.settings, coach.bank.course, len(coach.bank), pace=pace)
