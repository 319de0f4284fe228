"""The benchmarking club pages: the clubs a user can see, a club's page (its measures, windows
and members, and for a window the values the user may see with the group's median and
quartiles), a body's entry page for a window, and the forms that run a club. Visibility is the
selectors' rule (`selectors/club.py`); every list downloads as CSV or Excel with `?export=`."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vfmhub.accounts.access import is_site_staff
from vfmhub.benchmarking.access.club import (
    ClubAccess,
    club_for_user,
    measure_of,
    member_of,
    own_member_for_user,
    window_of,
)
from vfmhub.benchmarking.forms.club import (
    ClubForm,
    EntryForm,
    MeasureForm,
    MemberForm,
    MemberLeaveForm,
    WindowChangeForm,
    WindowForm,
)
from vfmhub.benchmarking.models import Club, ClubMeasure, ClubMember, ClubWindow
from vfmhub.benchmarking.selectors import club as selectors
from vfmhub.benchmarking.services import club as services
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import add_service_errors, save_form_page
from vfmhub.lib import clock
from vfmhub.organisations.access import Need
from vfmhub.organisations.models import Partnership, PartnershipRole, PartnershipRoleKind

CANNOT_START = "Only a partnership's managers or site staff can start a club."
CLUB_HEADERS = ["Club", "Run by", "Members", "Measures"]
VALUE_HEADERS = ["Window", "Measure", "Code", "Unit", "Body", "Value", "Status", "Note"]
STATS_HEADERS = [
    "Window",
    "Measure",
    "Code",
    "Submitted values",
    "Lower quartile",
    "Median",
    "Upper quartile",
]


def _club_url(club: Club | int) -> str:
    return reverse("benchmarking:club", args=[getattr(club, "pk", club)])


def _manage_page(
    request: Any, access: ClubAccess, form: Any, save: Any, **page: Any
) -> HttpResponse:
    """A form page that runs the club: it goes back to the club's page, under the club's name."""
    return save_form_page(
        request,
        form,
        save,
        back_url=_club_url(access.club),
        caption=access.club.name,
        **page,
    )


def run_by(club: Club) -> str:
    return club.partnership.name if club.partnership else "Site staff"


def rounded(measure: ClubMeasure, value: Decimal) -> Decimal:
    """To the measure's decimal places (the statistics interpolate to many more)."""
    return value.quantize(Decimal(1).scaleb(-measure.decimal_places))


def value_text(measure: ClubMeasure, value: Decimal | None) -> str:
    if value is None:
        return ""
    number = f"{value:,.{measure.decimal_places}f}"
    if measure.unit in ("£", "$", "€"):
        return f"-{measure.unit}{number[1:]}" if value < 0 else f"{measure.unit}{number}"
    if measure.unit == "%":
        return f"{number}%"
    return f"{number} {measure.unit}" if measure.unit else number


def clubs(request: Any) -> HttpResponse:
    found = selectors.clubs_for_user(request.user)
    if fmt := request.GET.get("export"):
        rows = [[c.name, run_by(c), c.member_count, c.measure_count] for c in found]  # type: ignore[attr-defined]
        return export_response(fmt, filename="benchmarking clubs", headers=CLUB_HEADERS, rows=rows)
    context = {
        "clubs": list(found),
        "can_create": _creatable(request.user).exists() or is_site_staff(request.user),
    }
    return render(request, "benchmarking/club/list.html", context)


def _creatable(user: Any) -> Any:
    """The partnerships the user may start a club for: those they manage (staff: all)."""
    if is_site_staff(user):
        return Partnership.objects.order_by("name")
    managed = PartnershipRole.objects.filter(user=user, role=PartnershipRoleKind.MANAGER)
    return Partnership.objects.filter(pk__in=managed.values("partnership_id")).order_by("name")


def _window_rows(access: ClubAccess, window: ClubWindow, measures: list) -> list[dict]:
    today = clock.today()
    tables = []
    for table in selectors.window_tables(access, window, measures, today):
        stats, measure = table.stats, table.measure
        rows = [
            {
                "body": v.organisation.name,
                "own": v.organisation_id in access.own_ids,
                "value": value_text(measure, v.value),
                "status": v.get_status_display(),
                "provisional": v.status == "provisional",
                "note": v.note,
            }
            for v in table.rows
        ]
        tables.append(
            {
                "measure": measure,
                "rows": rows,
                "stats": stats,
                "median": value_text(measure, stats.median) if stats else "",
                "lower": value_text(measure, stats.lower_quartile) if stats else "",
                "upper": value_text(measure, stats.upper_quartile) if stats else "",
            }
        )
    return tables


def _export_club(
    access: ClubAccess, window: ClubWindow | None, measures: list, fmt: str, table: str
) -> HttpResponse:
    name = access.club.name
    if table == "statistics" and window is not None:
        label = selectors.window_label(window)
        rows = [
            [
                label,
                t.measure.title,
                t.measure.code,
                t.submitted_count,
                *(
                    (
                        rounded(t.measure, t.stats.lower_quartile),
                        rounded(t.measure, t.stats.median),
                        rounded(t.measure, t.stats.upper_quartile),
                    )
                    if t.stats
                    else ("", "", "")
                ),
            ]
            for t in selectors.window_tables(access, window, measures, clock.today())
        ]
        return export_response(
            fmt, filename=f"{name} {label} statistics", headers=STATS_HEADERS, rows=rows
        )
    rows = []
    if window is not None:
        label = selectors.window_label(window)
        rows = [
            [
                label,
                v.measure.title,
                v.measure.code,
                v.measure.unit,
                v.organisation.name,
                v.value,
                v.get_status_display(),
                v.note,
            ]
            for v in selectors.visible_values(access, window, clock.today())
        ]
    return export_response(fmt, filename=f"{name} values", headers=VALUE_HEADERS, rows=rows)


def club(request: Any, pk: int) -> HttpResponse:
    access = club_for_user(request.user, pk)
    today = clock.today()
    chosen = request.GET.get("window")
    window = (
        window_of(access, chosen) if chosen else selectors.latest_closed_window(access.club, today)
    )
    measures = selectors.club_measures(access.club)
    if fmt := request.GET.get("export"):
        return _export_club(access, window, measures, fmt, request.GET.get("table", ""))
    windows = selectors.club_windows(access.club)
    members = selectors.club_members(access.club)
    context = {
        "club": access.club,
        "access": access,
        "run_by": run_by(access.club),
        "measures": measures,
        "windows": [
            (w, selectors.window_label(w), selectors.window_state(w, today)) for w in windows
        ],
        "members": members,
        "own_members": [m for m in members if m.organisation_id in access.own_ids],
        "window": window,
        "window_label": selectors.window_label(window) if window else "",
        "window_state": selectors.window_state(window, today) if window else "",
        "tables": _window_rows(access, window, measures) if window else [],
        "query": f"window={window.pk}" if window else "",
    }
    return render(request, "benchmarking/club/detail.html", context)


def club_create(request: Any) -> HttpResponse:
    partnerships = _creatable(request.user)
    allow_staff_club = bool(is_site_staff(request.user))
    if not allow_staff_club and not partnerships.exists():
        raise PermissionDenied(CANNOT_START)
    form = ClubForm(
        request.POST or None, partnerships=partnerships, allow_staff_club=allow_staff_club
    )

    def save(data: dict) -> Club:
        return services.club_create(
            acting_user=request.user,
            name=data["name"],
            description=data["description"],
            partnership=data["partnership"],
        )

    return save_form_page(
        request,
        form,
        save,
        done="Club started.",
        back_url=reverse("benchmarking:clubs"),
        next_url=_club_url,
        title="Start a benchmarking club",
        caption="Benchmarking clubs",
        intro="Members enter quarterly values for the club's measures; they "
        "see each other's submitted values once each window closes.",
    )


def measure_create(request: Any, pk: int) -> HttpResponse:
    access = club_for_user(request.user, pk, need=Need.MANAGE)
    form = MeasureForm(request.POST or None)

    def save(data: dict) -> ClubMeasure:
        return services.club_measure_create(
            acting_user=request.user, club=access.club, **form.measure_fields()
        )

    return _manage_page(request, access, form, save, done="Measure added.", title="Add a measure")


def measure_change(request: Any, pk: int, measure_pk: int) -> HttpResponse:
    access = club_for_user(request.user, pk, need=Need.MANAGE)
    measure = measure_of(access, measure_pk)
    initial = {name: getattr(measure, name) for name in services.MEASURE_FIELDS}
    initial["version"] = measure.updated_at.isoformat()
    form = MeasureForm(request.POST or None, initial=initial)

    def save(data: dict) -> ClubMeasure:
        return services.club_measure_change(
            acting_user=request.user,
            measure=measure,
            expected_updated_at=data["version"],
            **form.measure_fields(),
        )

    return _manage_page(
        request, access, form, save, done="Measure saved.", title=f"Change {measure.title}"
    )


def window_create(request: Any, pk: int) -> HttpResponse:
    access = club_for_user(request.user, pk, need=Need.MANAGE)
    form = WindowForm(request.POST or None)

    def save(data: dict) -> ClubWindow:
        return services.club_window_create(acting_user=request.user, club=access.club, **data)

    return _manage_page(
        request,
        access,
        form,
        save,
        done="Window added.",
        title="Add a window",
        intro="A quarter's collection: members enter values from the day it "
        "opens to the day it closes, and see each other's submitted values "
        "after that.",
    )


def window_change(request: Any, pk: int, window_pk: int) -> HttpResponse:
    access = club_for_user(request.user, pk, need=Need.MANAGE)
    window = window_of(access, window_pk)
    initial = {
        "opens": window.opens,
        "closes": window.closes,
        "version": window.updated_at.isoformat(),
    }
    form = WindowChangeForm(request.POST or None, initial=initial)

    def save(data: dict) -> ClubWindow:
        return services.club_window_change(
            acting_user=request.user,
            window=window,
            opens=data["opens"],
            closes=data["closes"],
            expected_updated_at=data["version"],
        )

    return _manage_page(
        request,
        access,
        form,
        save,
        done="Window saved.",
        title=f"Change the dates of {selectors.window_label(window)}",
    )


def member_add(request: Any, pk: int) -> HttpResponse:
    access = club_for_user(request.user, pk, need=Need.MANAGE)
    form = MemberForm(request.POST or None)

    def save(data: dict) -> ClubMember:
        return services.club_member_add(
            acting_user=request.user, club=access.club, organisation=data["organisation"]
        )

    return _manage_page(
        request, access, form, save, done="Member added.", title="Add a member body"
    )


def member_leave(request: Any, pk: int, member_pk: int) -> HttpResponse:
    access = club_for_user(request.user, pk, need=Need.MANAGE)
    member = member_of(access, member_pk)
    form = MemberLeaveForm(request.POST if request.method == "POST" else None)

    def save(data: dict) -> ClubMember:
        return services.club_member_leave(acting_user=request.user, member=member)

    return _manage_page(
        request,
        access,
        form,
        save,
        done=f"{member.organisation.name} has left.",
        title=f"{member.organisation.name} leaves the club",
        submit_label="Confirm",
        intro="It stops entering values from today. Its values so far are "
        "kept, and stay shared with the members for the windows they were "
        "submitted in.",
    )


def _entry_export(
    fmt: str, member: ClubMember, window: ClubWindow, measures: list, saved: dict
) -> HttpResponse:
    label = selectors.window_label(window)
    rows = [
        [
            label,
            m.title,
            m.code,
            m.unit,
            member.organisation.name,
            saved[m.pk].value,
            saved[m.pk].get_status_display(),
            saved[m.pk].note,
        ]
        for m in measures
        if m.pk in saved
    ]
    return export_response(
        fmt, filename=f"{member.organisation.name} {label}", headers=VALUE_HEADERS, rows=rows
    )


def _entry_saved(request: Any, form: EntryForm, member: ClubMember, window: ClubWindow) -> bool:
    """Save or submit the form's values; False (with the errors on the form) when refused."""
    submit = form.cleaned_data["status"] == "submitted"
    entries = [
        services.ValueEntry(measure=m, value=v, note=n, expected_updated_at=ver)
        for m, v, n, ver in form.entries()
    ]
    try:
        services.club_values_save(
            acting_user=request.user, member=member, window=window, entries=entries, submit=submit
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    messages.success(request, "Values submitted." if submit else "Values saved as provisional.")
    return True


def entry(request: Any, pk: int, window_pk: int, org_pk: int) -> HttpResponse:
    need = Need.EDIT if request.method == "POST" else Need.READ
    access, member = own_member_for_user(request.user, pk, org_pk, need=need)
    window = window_of(access, window_pk)
    measures = selectors.club_measures(access.club)
    saved = selectors.own_values(window, member)
    if fmt := request.GET.get("export"):
        return _entry_export(fmt, member, window, measures, saved)
    today = clock.today()
    is_open = selectors.window_is_open(window, today)
    form = EntryForm(request.POST or None, measures=measures, saved=saved, readonly=not is_open)
    if request.method == "POST" and form.is_valid() and _entry_saved(request, form, member, window):
        return redirect(request.path)
    context = {
        "club": access.club,
        "member": member,
        "window": window,
        "window_label": selectors.window_label(window),
        "window_state": selectors.window_state(window, today),
        "is_open": is_open,
        "form": form,
        "rows": [
            (m, saved.get(m.pk), value_text(m, saved[m.pk].value) if m.pk in saved else "")
            for m in measures
        ],
    }
    return render(request, "benchmarking/club/entry.html", context)
