"""Turn the domain's role matrix into SQL filters."""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, false, true

from desk_app.domain.access import Resource, Scope, scope_of
from desk_app.server.users.models import User


def scope_filter(
    user: User,
    resource: Resource,
    *,
    own: Any = None,
    team: Any = None,
    store: Any = None,
) -> ColumnElement[bool]:
    """The WHERE clause that limits ``resource`` rows to what ``user`` may see.

    ``own``/``team``/``store`` are the columns holding the row's owner, team
    and store; a scope whose column the resource lacks sees nothing.
    """
    scope = scope_of(user.role, resource)
    column, value = {
        Scope.ALL: (None, None),
        Scope.NONE: (None, None),
        Scope.OWN: (own, user.id),
        Scope.TEAM: (team, user.team_id),
        Scope.STORE: (store, user.store_id),
    }[scope]
    if scope is Scope.ALL:
        return true()
    if column is None or value is None:
        return false()
    return column == value  # type: ignore[no-any-return]


def in_scope(
    user: User,
    resource: Resource,
    *,
    own: uuid.UUID | None = None,
    team: uuid.UUID | None = None,
    store: uuid.UUID | None = None,
) -> bool:
    """The same rule as :func:`scope_filter`, for one record already loaded."""
    scope = scope_of(user.role, resource)
    if scope is Scope.ALL:
        return True
    wanted = {
        Scope.OWN: (own, user.id),
        Scope.TEAM: (team, user.team_id),
        Scope.STORE: (store, user.store_id),
    }.get(scope)
    return wanted is not None and wanted[1] is not None and wanted[0] == wanted[1]
