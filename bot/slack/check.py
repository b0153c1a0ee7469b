"""`coach check`, the Slack half: the token, its scopes, DMs and each COACH_AUDIENCE entry.

Only calls that read or change nothing a person would see: auth.test, conversations.open (it
opens a DM without posting to it), conversations.members and usergroups.users.list.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ..checks import Check
from ..config import Settings
from .manifest import manifest
from .roster import SLACK_ERRORS, audience_fix, error_code, members_of

# Slack's answers to auth.test that mean the token itself is not (or no longer) good.
REFUSED = {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
# conversations.open's answers about the person asked for, not about the app: try another.
NOT_THIS_PERSON = {"cannot_dm_bot", "user_not_found", "user_disabled", "user_not_visible"}
NEW_TOKEN = (
    "copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page into "
    "SLACK_BOT_TOKEN; if there is none, install the app to the workspace"
)


def required_scopes() -> list[str]:
    """Give the bot scopes this version's manifest asks for."""
    # The same in both modes: Socket Mode's connections:write belongs to the app-level token.
    return manifest(socket_mode=True)["oauth_config"]["scopes"]["bot"]


def slack_checks(settings: Settings, client: WebClient) -> list[Check]:
    """Give the verdicts on the token, its scopes, DMs and each COACH_AUDIENCE entry."""
    if not settings.bot_token:
        not_set = Check("token", False, "SLACK_BOT_TOKEN is not set.", NEW_TOKEN)
        return [not_set, *_not_checked(settings, "there is no token")]
    try:
        auth = client.auth_test()
    except SlackApiError as error:
        code = error_code(error)
        if code in REFUSED:
            refused = Check("token", False, f"Slack refused SLACK_BOT_TOKEN ({code}).", NEW_TOKEN)
        else:
            refused = Check(
                "token",
                False,
                f"auth.test failed ({code}).",
                "run it again; https://status.slack.com says whether Slack has trouble",
            )
        return [refused, *_not_checked(settings, "the token does not work")]
    except SLACK_ERRORS as error:  # no answer at all: the address, the network or a proxy
        unreachable = Check(
            "token",
            False,
            f"no answer from Slack at {settings.api_url} ({error}).",
            "check the network, any proxy, and SLACK_API_URL (default https://slack.com/api/)",
        )
        return [unreachable, *_not_checked(settings, "Slack did not answer")]
    who = f"@{auth.get('user')}"
    token = Check("token", True, f"works in {auth.get('team')} ({auth.get('team_id')}) as {who}")
    audience: list[Check] = []
    members: set[str] = set()
    for target in settings.audience:
        check, found = _audience_check(client, target)
        audience.append(check)
        members.update(found)
    if not settings.audience:
        empty = (
            "COACH_AUDIENCE is empty: managers join with /coach subscribe, or an admin enrols them"
        )
        audience.append(Check("audience", True, empty))
    others = sorted(members - settings.admins - {auth.get("user_id")})
    dms = dm_check(client, admins=sorted(settings.admins), others=others)
    return [token, scopes_check(auth.headers, settings), dms, *audience]


def scopes_check(headers: dict, settings: Settings) -> Check:
    """Give the verdict on the scopes Slack says the token has (x-oauth-scopes) against the
    manifest's: each missing one named."""
    granted = {name.lower(): value for name, value in headers.items()}.get("x-oauth-scopes")
    if granted is None:
        return Check(
            "scopes",
            False,
            "Slack's answer had no x-oauth-scopes header, so the granted scopes are unknown.",
            "check that SLACK_API_URL is Slack's Web API (a proxy must pass that header on)",
        )
    required = required_scopes()
    have = {scope.strip() for scope in granted.split(",")}
    missing = [scope for scope in required if scope not in have]
    if not missing:
        return Check("scopes", True, f"all {len(required)} the manifest asks for are granted")
    where = "--socket-mode" if settings.socket_mode else "--url https://YOUR-HOST"
    return Check(
        "scopes",
        False,
        f"missing {', '.join(missing)} (the app was installed from an older manifest).",
        f"paste `coach manifest {where}` under App Manifest in the app's settings, then "
        "reinstall the app (OAuth & Permissions > Reinstall to Workspace)",
    )


def dm_check(client: WebClient, *, admins: list[str], others: list[str]) -> Check:
    """Give the verdict on opening a DM: conversations.open with an admin (COACH_ADMINS) or,
    failing one, a member of the audience; it posts nothing and notifies nobody."""
    for user_id in [*admins, *others][:5]:
        try:
            client.conversations_open(users=user_id)
        except SlackApiError as error:
            code = error_code(error)
            if code in NOT_THIS_PERSON:
                continue
            fix = (
                "reinstall the app with the manifest's scopes (im:write)"
                if code == "missing_scope"
                else f"Slack said {code}: see https://api.slack.com/methods/conversations.open"
            )
            return Check("DMs", False, f"the app cannot open a DM ({code}).", fix)
        except SLACK_ERRORS as error:
            return Check(
                "DMs", False, f"conversations.open got no answer ({error}).", "run it again"
            )
        # An admin's ID is configuration; a member of the audience stays unnamed.
        with_whom = (
            f"{user_id} from COACH_ADMINS" if user_id in admins else "a member of the audience"
        )
        return Check(
            "DMs",
            True,
            f"the app can open a DM (conversations.open with {with_whom}; nothing is posted)",
        )
    return Check("DMs", None, "not checked: nobody to open a DM with (set COACH_ADMINS)")


def _audience_check(client: WebClient, target: str) -> tuple[Check, list[str]]:
    """Give the verdict on reading one COACH_AUDIENCE entry's members, as the sync does, and
    the members."""
    name = f"audience {target}"
    try:
        members = members_of(client, target)
    except SlackApiError as error:
        code = error_code(error)
        return Check(
            name, False, f"cannot read its members ({code}).", audience_fix(target, code)
        ), []
    except SLACK_ERRORS as error:
        return Check(name, False, f"got no answer ({error}).", "run it again"), []
    count = f"{len(members)} member{'' if len(members) == 1 else 's'}"
    return Check(name, True, f"{count} readable"), members


def _not_checked(settings: Settings, why: str) -> list[Check]:
    names = ["scopes", "DMs", *(f"audience {target}" for target in settings.audience)]
    return [Check(name, None, f"not checked: {why}") for name in names]
