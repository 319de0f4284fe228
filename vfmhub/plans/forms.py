"""Forms for plan pages, and the import's upload form. GOV.UK markup comes from the project's form
renderer."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import Model, QuerySet

from vfmhub.accounts.models import User
from vfmhub.core.forms import UploadField, YearField
from vfmhub.frameworks.models import Criterion, FrameworkVersion
from vfmhub.organisations.models import Partnership
from vfmhub.plans.models import (
    Action,
    ActionStatus,
    ItemSource,
    OfficerTitle,
    PeerReview,
    Plan,
    PlanItem,
    PlanStatus,
    Rag,
    ReviewRating,
    UpdateRound,
)
from vfmhub.plans.selectors.actions import Due, MyActionFilters
from vfmhub.plans.services.actions import ACTION_FIELDS, NO_ACTION_NEEDS_REASON

DATE = forms.DateInput(attrs={"type": "date"})
NO_CHANGE = [("", "No change")]
NOT_SET = [("", "Not set")]


def _text(rows: int = 4, **kwargs) -> forms.CharField:
    return forms.CharField(widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class VersionedForm(forms.Form):
    """A form that adds or changes one record. Changing it, the form opens with the record's
    `RECORD_FIELDS` and carries the `updated_at` it was opened with, so a stale save is refused;
    adding one (no `record`), it carries no stamp."""

    RECORD_FIELDS: Sequence[str] = ()

    version_stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, record: Model | None = None, **kwargs: Any):
        if record is not None:
            kwargs.setdefault("initial", _initial(record, self.RECORD_FIELDS))
        super().__init__(*args, **kwargs)
        if record is None:
            del self.fields["version_stamp"]


def _initial(record: Model, names: Sequence[str]) -> dict[str, Any]:
    initial = {n: getattr(record, f"{n}_id", None) or getattr(record, n) for n in names}
    initial["version_stamp"] = record.updated_at.isoformat()  # type: ignore[attr-defined]
    return initial


def versioned(data: dict[str, Any]) -> dict[str, Any]:
    """A `VersionedForm`'s cleaned data as a service's arguments: the stamp becomes the
    `expected_updated_at` the service checks."""
    values = dict(data)
    values["expected_updated_at"] = values.pop("version_stamp", None) or None
    return values


class PlanForm(VersionedForm):
    RECORD_FIELDS = ["title", "version", "year", "owner", "status", "description"]

    title = forms.CharField(max_length=300)
    version = forms.ModelChoiceField(
        queryset=FrameworkVersion.objects.none(), required=False, label="Framework version"
    )
    year = YearField(
        required=False,
        label="Financial year (optional)",
        help_text="The starting year, such as 2009 for 2009/10.",
    )
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    status = forms.ChoiceField(choices=PlanStatus.choices)
    description = _text(required=False)

    def __init__(
        self,
        *args: Any,
        versions: QuerySet[FrameworkVersion],
        members: QuerySet[User],
        plan: Plan | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, record=plan, **kwargs)
        self.fields["version"].queryset = versions  # type: ignore[attr-defined]
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]
        if plan is None:
            del self.fields["status"]


class ItemForm(VersionedForm):
    RECORD_FIELDS = ["text", "criterion", "theme_heading", "criterion_heading", "source"]

    text = _text(label="Issue", help_text="The issue or area for improvement.")
    criterion = forms.ModelChoiceField(
        queryset=Criterion.objects.none(), required=False, label="Criterion (KLOE)"
    )
    theme_heading = forms.CharField(
        required=False, max_length=300, help_text='If there is no criterion: "Theme 1 - Managing".'
    )
    criterion_heading = forms.CharField(
        required=False,
        max_length=300,
        label="KLOE heading",
        help_text='If there is no criterion: "KLOE 1.1 - Financial planning".',
    )
    source = forms.ChoiceField(choices=ItemSource.choices, label="Where it came from")

    def __init__(
        self, *args: Any, criteria: QuerySet[Criterion], item: PlanItem | None = None, **kwargs: Any
    ):
        super().__init__(*args, record=item, **kwargs)
        self.fields["criterion"].queryset = criteria  # type: ignore[attr-defined]


class ActionForm(VersionedForm):
    description = _text(label="Action")
    officer = forms.CharField(
        required=False,
        max_length=200,
        label="Responsible officer",
        help_text='As the plan writes it, such as "HoF/IPM".',
    )
    officer_user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Linked user (optional)",
        help_text="They will see the action under “My actions” and get reminders.",
    )
    target_date = forms.DateField(required=False, widget=DATE)
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.RadioSelect)
    no_action_reason = _text(rows=3, required=False, label="Reason no action is proposed")
    rag = forms.ChoiceField(choices=NOT_SET + list(Rag.choices), required=False, label="RAG")
    added_in_round = forms.ModelChoiceField(
        queryset=UpdateRound.objects.none(), required=False, label="Added in round (optional)"
    )
    added_from = forms.CharField(
        required=False,
        max_length=200,
        help_text='Such as "Action Plan from 2010 Assessment".',
    )

    RECORD_FIELDS = [name for name in ACTION_FIELDS if name != "order"]

    def __init__(
        self,
        *args: Any,
        members: QuerySet[User],
        rounds: QuerySet[UpdateRound],
        action: Action | None = None,
        **kwargs: Any,
    ):
        if action is None:
            kwargs.setdefault("initial", {"status": ActionStatus.NOT_STARTED})
        super().__init__(*args, record=action, **kwargs)
        self.fields["officer_user"].queryset = members  # type: ignore[attr-defined]
        self.fields["added_in_round"].queryset = rounds  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == ActionStatus.NO_ACTION and not data.get("no_action_reason"):
            self.add_error("no_action_reason", NO_ACTION_NEEDS_REASON)
        return data


class RoundForm(forms.Form):
    label = forms.CharField(max_length=200, help_text='Such as "March 2010 update".')
    as_at = forms.DateField(required=False, widget=DATE, label="As at (optional)")


class UpdateForm(forms.Form):
    round = forms.ModelChoiceField(queryset=UpdateRound.objects.none(), empty_label=None)
    text = _text(label="Update")
    status = forms.ChoiceField(choices=NO_CHANGE + list(ActionStatus.choices), required=False)
    rag = forms.ChoiceField(choices=NO_CHANGE + list(Rag.choices), required=False, label="RAG")

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds  # type: ignore[attr-defined]


class CorrectionForm(forms.Form):
    text = _text(label="Corrected update")
    status = forms.ChoiceField(choices=NO_CHANGE + list(ActionStatus.choices), required=False)
    rag = forms.ChoiceField(choices=NO_CHANGE + list(Rag.choices), required=False, label="RAG")
    reason = forms.CharField(max_length=500, label="Reason for the correction")


class RoundEntryForm(forms.Form):
    """One text, status and RAG per action without an update in the round yet."""

    def __init__(self, *args, actions: list[Action], **kwargs):
        super().__init__(*args, **kwargs)
        self.open_actions = [a for a in actions if not a.given]  # type: ignore[attr-defined]
        for action in self.open_actions:
            self.fields[f"text_{action.pk}"] = _text(
                rows=3, required=False, label=f"Update on: {action.description[:120]}"
            )
            self.fields[f"status_{action.pk}"] = forms.ChoiceField(
                choices=NO_CHANGE + list(ActionStatus.choices), required=False, label="Status"
            )
            self.fields[f"rag_{action.pk}"] = forms.ChoiceField(
                choices=NO_CHANGE + list(Rag.choices), required=False, label="RAG"
            )

    def rows(self):
        """(action, text field, status field, RAG field) for the template."""
        for a in self.open_actions:
            yield a, self[f"text_{a.pk}"], self[f"status_{a.pk}"], self[f"rag_{a.pk}"]

    def entries(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "action": a,
                "text": data[f"text_{a.pk}"],
                "status": data[f"status_{a.pk}"],
                "rag": data[f"rag_{a.pk}"],
            }
            for a in self.open_actions
        ]


class PlanFilterForm(forms.Form):
    # Any text is accepted (an unknown theme shows nothing); the choices come from the plan.
    theme = forms.CharField(required=False, widget=forms.Select)
    status = forms.ChoiceField(choices=[("", "Any"), *ActionStatus.choices], required=False)
    rag = forms.ChoiceField(choices=[("", "Any"), *Rag.choices], required=False, label="RAG")
    overdue = forms.BooleanField(required=False, label="Only overdue actions")
    officer = forms.CharField(
        required=False,
        max_length=200,
        label="Officer",
        help_text="Initials such as HoF, or an email address.",
    )

    def set_themes(self, themes: list[str]) -> None:
        self.fields["theme"].widget.choices = [("", "Any")] + [(t, t) for t in themes]


class MyActionsFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Any"), *ActionStatus.choices],
        required=False,
        help_text="Leave as Any to see actions not started or in progress.",
    )
    plan = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    due = forms.ChoiceField(
        choices=[
            ("", "Any date"),
            (Due.OVERDUE, "Overdue"),
            (Due.MONTH, "Due between today and the end of this month"),
        ],
        required=False,
        label="Target date",
    )
    show_closed = forms.BooleanField(
        required=False, label="Include completed, deferred and no-action actions"
    )

    def __init__(self, *args, plans: list[Plan], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "Any")] + [  # type: ignore[attr-defined]
            (p.pk, f"{p.title} ({p.organisation.display_name})") for p in plans
        ]

    def filters(self) -> MyActionFilters:
        if not self.is_bound or not self.is_valid():
            return MyActionFilters()
        return MyActionFilters(**self.cleaned_data)


class ShareForm(forms.Form):
    partnership = forms.ModelChoiceField(queryset=Partnership.objects.none(), empty_label=None)

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]


class ReviewForm(VersionedForm):
    RECORD_FIELDS = ["overall_comment", "rating"]

    overall_comment = _text(rows=6, required=False)
    rating = forms.ModelChoiceField(
        queryset=ReviewRating.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        label="Rating of the plan's quality",
    )

    def __init__(
        self,
        *args: Any,
        ratings: QuerySet[ReviewRating],
        items: list[PlanItem],
        comments: dict[int, str],
        review: PeerReview | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, record=review, **kwargs)
        self.fields["rating"].queryset = ratings  # type: ignore[attr-defined]
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = _text(
                rows=2,
                required=False,
                label=f"Comment on: {item.text[:120]}",
                initial=comments.get(item.pk, ""),
            )

    def item_comments(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class ResponseForm(forms.Form):
    response = _text(rows=6, label="The body's response")


class OfficerTitleForm(forms.Form):
    abbreviation = forms.CharField(max_length=20, help_text="Such as HoF.")
    title = forms.CharField(max_length=200, required=False, help_text="Such as Head of Finance.")
    user = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Linked user (optional)"
    )

    def __init__(self, *args, members, officer: OfficerTitle | None = None, **kwargs):
        if officer is not None:
            kwargs.setdefault(
                "initial",
                {
                    "abbreviation": officer.abbreviation,
                    "title": officer.title,
                    "user": officer.user_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members  # type: ignore[attr-defined]
        if officer is not None:
            self.fields["abbreviation"].disabled = True


class ChoosePlanForm(forms.Form):
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        label="Improvement plan",
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]


# The import's upload form ----------------------------------------------------------------------

MAPPING_HINT = "Only if your file words this heading differently. Type the heading exactly."
MAPPED_COLUMNS = ("issue", "action", "officer", "target", "assessment")


def _heading(label: str) -> forms.CharField:
    """The heading a file gives a column, when it words it unusually."""
    return forms.CharField(label=label, required=False, help_text=MAPPING_HINT)


class PlanImportForm(forms.Form):
    """The file, and headings for columns a file words unusually."""

    file = UploadField(
        max_mb=20,
        endings=(".xlsx", ".xls", ".csv", ".docx"),
        label="Plan file",
        help_text="An Excel workbook (.xlsx or .xls), a CSV file or a Word document (.docx) with "
        "the plan as a table.",
    )
    sheet = forms.CharField(
        label="Worksheet (optional)",
        required=False,
        max_length=31,
        help_text="The name of the sheet to read. If you leave this empty, the sheet whose "
        "headings fit a plan best is read.",
    )
    issue = _heading("Heading of the issue column (optional)")
    action = _heading("Heading of the action column (optional)")
    officer = _heading("Heading of the responsible officer column (optional)")
    target = _heading("Heading of the target date column (optional)")
    assessment = _heading("Heading of the column of actions from a later assessment (optional)")

    def mapping(self) -> dict[str, str]:
        data = self.cleaned_data
        return {n: data[n].strip() for n in MAPPED_COLUMNS if data.get(n, "").strip()}
