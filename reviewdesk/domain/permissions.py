"""What each moderator role may do: the service enforces it, the desk hides what is refused."""

from __future__ import annotations

from enum import StrEnum

from reviewdesk.domain.enums import Role


class Permission(StrEnum):
    """One kind of action a role may or may not take."""

    DECIDE = "decide"
    READ_LOG = "read_log"
    REVIEW = "review"
    REVERSE_BATCH = "reverse_batch"
    SAMPLE = "sample"
    TEAM_STATS = "team_stats"
    EXPORT = "export"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_POLICY = "manage_policy"


_AGENT = frozenset({Permission.DECIDE})
_SENIOR = _AGENT | {
    Permission.READ_LOG,
    Permission.REVIEW,
    Permission.REVERSE_BATCH,
    Permission.SAMPLE,
    Permission.TEAM_STATS,
    Permission.EXPORT,
}
_ADMIN = _SENIOR | {Permission.MANAGE_ACCOUNTS, Permission.MANAGE_POLICY}

#: Every permission of each role; each role includes the one before.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: _AGENT,
    Role.SENIOR: frozenset(_SENIOR),
    Role.ADMIN: frozenset(_ADMIN),
}

#: Who may do each thing, in words, for the 403 answers.
REFUSALS: dict[Permission, str] = {
    Permission.DECIDE: "Only moderators decide cases.",
    Permission.READ_LOG: "The decision log is for senior moderators and admins.",
    Permission.REVIEW: "Second reviews are for senior moderators and admins.",
    Permission.REVERSE_BATCH: "Reversing a batch is for senior moderators and admins.",
    Permission.SAMPLE: "Quality samples are for senior moderators and admins.",
    Permission.TEAM_STATS: "Other moderators' statistics are for senior moderators and admins.",
    Permission.EXPORT: "Exports are for senior moderators and admins.",
    Permission.MANAGE_ACCOUNTS: "Moderator accounts are managed by admins.",
    Permission.MANAGE_POLICY: "The policy catalogue is published by admins.",
}


def may(role: Role, permission: Permission) -> bool:
    """True when a moderator of ``role`` may do what ``permission`` names."""
    return permission in ROLE_PERMISSIONS[role]
