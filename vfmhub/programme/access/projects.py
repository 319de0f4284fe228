"""Reaching a partnership's projects, and the milestones, funding lines and linked gains of a
project, for a user: the partnership's readers read, its managers write; no access at all is 404
and read-only access 403 on writes (`programme_partnership_for_user` raises both).

A child (a milestone, a funding line, a linked gain) is looked for only under a project already
reached, so an id of another project's child is 404 as well.
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.http import Http404

from vfmhub.accounts.models import User
from vfmhub.efficiency.models import Gain
from vfmhub.organisations.access import NOT_FOUND, one_or_404
from vfmhub.organisations.models import Organisation, Partnership
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.models import Project, ProjectFunding, ProjectMilestone
from vfmhub.programme.selectors.projects import project_detail

Child = TypeVar("Child", ProjectMilestone, ProjectFunding)


def project_in(partnership: Partnership, project_pk: Any) -> Project:
    """One of the partnership's projects (the partnership already reached); 404 otherwise."""
    project = one_or_404(Project.objects.filter(partnership=partnership, pk=project_pk))
    project.partnership = partnership
    return project


def project_for_user(user: User, pk: Any, project_pk: Any, *, need: Need = Need.READ) -> Project:
    """The project `project_pk` of partnership `pk`, as `user` may reach it for `need`."""
    partnership = programme_partnership_for_user(user, pk, need=need).partnership
    return project_in(partnership, project_pk)


def project_detail_in(partnership: Partnership, project_pk: Any) -> Project:
    """The project with everything its page and the API's detail show; 404 if not the
    partnership's (the partnership already reached)."""
    project = project_detail(partnership, project_pk)
    if project is None:
        raise Http404(NOT_FOUND)
    return project


def _child_of(model: type[Child], project: Project, pk: Any) -> Child:
    child = one_or_404(model.objects.filter(project=project, pk=pk))
    child.project = project
    return child


def milestone_of(project: Project, milestone_pk: Any) -> ProjectMilestone:
    """One of the project's milestones; 404 otherwise."""
    return _child_of(ProjectMilestone, project, milestone_pk)


def funding_line_of(project: Project, funding_pk: Any) -> ProjectFunding:
    """One of the project's funding lines; 404 otherwise."""
    return _child_of(ProjectFunding, project, funding_pk)


def linked_gain_of(project: Project, gain_pk: Any) -> Gain:
    """A gain linked to the project; 404 for any other gain."""
    return one_or_404(Gain.objects.filter(pk=gain_pk, programme_projects=project))


def bodies_named(ids: Iterable[int]) -> list[Organisation]:
    """The organisations a request names by id, in its order. An unknown id stands as an unsaved
    body, so the services' membership check refuses it as it refuses any other non-member."""
    ids = list(ids)
    found = Organisation.objects.in_bulk(ids)
    return [found.get(pk) or Organisation(pk=pk, name=f"Organisation {pk}") for pk in ids]
