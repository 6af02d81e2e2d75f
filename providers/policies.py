"""Who may do what, organisation-wise. `user_context` loads a user's memberships once per request."""

from dataclasses import dataclass, field

from providers.models import Membership, MembershipRole, Organisation, OrganisationKind


@dataclass(frozen=True)
class PortalUser:
    """The signed-in user's organisations and roles, loaded in one query."""

    is_admin: bool
    roles: dict[int, str] = field(default_factory=dict)  # organisation id -> role
    organisations: tuple[Organisation, ...] = ()

    @property
    def reseller_ids(self) -> frozenset[int]:
        return frozenset(o.id for o in self.organisations if o.kind == OrganisationKind.RESELLER)

    @property
    def provider_ids(self) -> frozenset[int]:
        return frozenset(o.id for o in self.organisations if o.kind == OrganisationKind.PROVIDER)

    @property
    def reseller(self) -> Organisation | None:
        return next((o for o in self.organisations if o.kind == OrganisationKind.RESELLER), None)

    @property
    def provider(self) -> Organisation | None:
        return next((o for o in self.organisations if o.kind == OrganisationKind.PROVIDER), None)

    @property
    def member_reseller(self) -> Organisation | None:
        """The first reseller this user is a member (not a viewer) of."""
        return next(
            (o for o in self.organisations if o.kind == OrganisationKind.RESELLER and self.roles[o.id] == "member"),
            None,
        )

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(self.roles)

    def is_member_of(self, organisation_id: int | None) -> bool:
        return self.roles.get(organisation_id) == MembershipRole.MEMBER

    def belongs_to(self, organisation_id: int | None) -> bool:
        return organisation_id in self.roles

    @property
    def is_reseller_member(self) -> bool:
        return any(self.roles[o] == MembershipRole.MEMBER for o in self.reseller_ids)

    @property
    def is_reseller_viewer(self) -> bool:
        return bool(self.reseller_ids) and not self.is_reseller_member

    @property
    def is_read_only(self) -> bool:
        """A viewer of every organisation they belong to: they may read, never act."""
        return bool(self.roles) and all(role != MembershipRole.MEMBER for role in self.roles.values())

    @property
    def is_provider_member(self) -> bool:
        return bool(self.provider_ids)


def is_portal_admin(user) -> bool:
    """The one definition of a portal admin: an active, signed-in staff user."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def user_context(user) -> PortalUser:
    """The user's PortalUser, cached on the user object for the rest of the request."""
    cached = getattr(user, "_portal_user", None)
    if cached is not None:
        return cached
    if not user.is_authenticated:
        context = PortalUser(is_admin=False)
    else:
        memberships = list(Membership.objects.filter(user=user).select_related("organisation").order_by("id"))
        context = PortalUser(
            is_admin=is_portal_admin(user),
            roles={m.organisation_id: m.role for m in memberships},
            organisations=tuple(m.organisation for m in memberships),
        )
    user._portal_user = context
    return context
