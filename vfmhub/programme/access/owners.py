"""Who a risk register belongs to, and who may read and change it.

A register belongs to a partnership, a body or one of the partnership's projects. Pages and
endpoints reach registers through a `RegisterOwner`:

- a partnership owner covers the partnership's own registers and its projects' registers; its
  readers are the partnership's readers and only its managers write (as for all programme data);
- an organisation owner covers the body's own registers; the body's readers read them and its
  editors and managers write.

No access at all is 404; read-only access is 403 on writes (the access layer raises both).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse

from vfmhub.accounts.models import User
from vfmhub.organisations.access import Need, organisation_for_user
from vfmhub.organisations.models import Organisation, Partnership
from vfmhub.programme.access import programme_partnership_for_user

PARTNERSHIP = "partnership"
ORGANISATION = "organisation"
URL_PREFIX = {PARTNERSHIP: "", ORGANISATION: "organisation_"}


@dataclass(frozen=True)
class RegisterOwner:
    kind: str
    partnership: Partnership | None = None
    organisation: Organisation | None = None
    can_manage: bool = False

    @property
    def obj(self) -> Partnership | Organisation:
        found = self.partnership or self.organisation
        assert found is not None
        return found

    @property
    def pk(self) -> int:
        return self.obj.pk

    @property
    def name(self) -> str:
        return self.obj.name

    @property
    def is_partnership(self) -> bool:
        return self.kind == PARTNERSHIP

    def registers_filter(self, prefix: str = "") -> Q:
        """The registers this owner covers; `prefix` reaches them from a risk ("register__")."""
        if self.partnership is not None:
            return Q(**{f"{prefix}partnership": self.partnership}) | Q(
                **{f"{prefix}project__partnership": self.partnership}
            )
        return Q(**{f"{prefix}organisation": self.organisation})

    def owner_fields(self) -> dict[str, Any]:
        """The owner as `register_create` takes it."""
        if self.partnership is not None:
            return {"partnership": self.partnership}
        return {"organisation": self.organisation}

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"programme:{URL_PREFIX[self.kind]}{name}", args=[self.pk, *args])


def register_owner_for_user(
    user: User, kind: str, pk: Any, *, need: Need = Need.READ
) -> RegisterOwner:
    """The owner `kind` ("partnership" or "organisation") with id `pk`, as `user` may reach it.

    `need` is READ for pages that show registers; anything else means "change registers": MANAGE
    at a partnership, EDIT at a body.
    """
    if kind == ORGANISATION:
        access = organisation_for_user(user, pk, need=Need.READ if need == Need.READ else Need.EDIT)
        return RegisterOwner(
            ORGANISATION, organisation=access.organisation, can_manage=access.can_edit
        )
    found = programme_partnership_for_user(user, pk, need=need)
    return RegisterOwner(PARTNERSHIP, partnership=found.partnership, can_manage=found.can_manage)
