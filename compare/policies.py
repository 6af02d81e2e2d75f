"""Who may use the comparison page and save its weights (no queries: PortalUser is loaded once)."""

from django.core.exceptions import PermissionDenied

from providers.models import Organisation
from providers.policies import user_context


def compare_reseller(user) -> Organisation | None:
    """The reseller organisation whose weights and own reviews the page uses: one it is a member of, else any."""
    ctx = user_context(user)
    return ctx.member_reseller or ctx.reseller


def can_compare_providers(user) -> bool:
    """A reseller tool: its members and viewers use it; providers and portal staff do not."""
    return bool(user_context(user).reseller_ids)


def can_save_weight_profile(user, reseller: Organisation | None) -> bool:
    """Members (not viewers) of the reseller may save its comparison weights."""
    return reseller is not None and reseller.is_reseller and user_context(user).is_member_of(reseller.pk)


def require_compare(user) -> None:
    if not can_compare_providers(user):
        raise PermissionDenied("The comparison is a tool for resellers.")


def require_save_weight_profile(user, reseller: Organisation | None) -> None:
    if not can_save_weight_profile(user, reseller):
        raise PermissionDenied("Only members of a reseller can save its weights; your role lets you read them.")
