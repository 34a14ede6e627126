"""The role matrix is complete and says what the product promises."""

from desk_app.domain.access import PERMISSIONS, VISIBILITY, Action, Resource, Scope, may, scope_of
from desk_app.domain.enums import Role


def test_every_resource_and_action_has_a_rule_for_every_role() -> None:
    assert set(VISIBILITY) == set(Resource)
    assert all(set(rules) == set(Role) for rules in VISIBILITY.values())
    assert set(PERMISSIONS) == set(Action)


def test_reps_see_their_own_work_retail_their_store_supervisors_their_team() -> None:
    assert scope_of(Role.REP, Resource.WORK) is Scope.OWN
    assert scope_of(Role.RETAIL, Resource.WORK) is Scope.STORE
    assert scope_of(Role.SUPERVISOR, Resource.WORK) is Scope.TEAM
    assert scope_of(Role.ADMIN, Resource.WORK) is Scope.ALL
    assert scope_of(Role.RETAIL, Resource.CUSTOMER) is Scope.STORE


def test_only_managers_reassign_and_read_the_audit_log() -> None:
    for action in (Action.WORK_REASSIGN, Action.AUDIT_READ):
        assert [role for role in Role if may(role, action)] == [Role.SUPERVISOR, Role.ADMIN]
    assert [role for role in Role if may(role, Action.USER_MANAGE)] == [Role.ADMIN]
