from django.shortcuts import render

from vfmhub.organisations.models import AuditorAssignment
from vfmhub.organisations.selectors import my_organisations, partnerships_for_user


def home(request):
    user = request.user
    context = {
        "memberships": my_organisations(user),
        "partnerships": partnerships_for_user(user),
        "auditor_assignments": AuditorAssignment.objects.filter(user=user).select_related(
            "organisation"
        ),
    }
    return render(request, "core/home.html", context)
