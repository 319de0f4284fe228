import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from vfmhub.assessments.models import Assessment, AssessmentKind, Finding, Score
from vfmhub.assessments.services.checks import Gaps, listed
from vfmhub.frameworks.models import Criterion, FindingType, FrameworkVersion
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label, financial_year_of
from vfmhub.organisations.models import Partnership

NOT_SCORED = ""
NOT_SCORED_LABEL = "Not scored"
PEER_PARTNERSHIP_REQUIRED = "Choose the partnership whose peer review this is."
VERSION_NOT_IN_FORCE = "{version} is for {span}. {advice}"
SUBMIT_NEEDS_CONFIRMATION = (
    "Confirm that you want to submit the assessment with {count} {noun} not scored, "
    "or score them first."
)


def score_choices(labels: dict[int, str]) -> list[tuple[str, str]]:
    """“1 – Below minimum requirements – inadequate performance”, …, then “Not scored”."""
    levels = [(str(value), f"{value} – {label}") for value, label in sorted(labels.items())]
    return [*levels, (NOT_SCORED, NOT_SCORED_LABEL)]


def _score_value(raw: str) -> int | None:
    return int(raw) if raw not in (None, NOT_SCORED) else None


class ScoreField(forms.TypedChoiceField):
    """A radio choice of the version's levels, or not scored (None)."""

    def __init__(self, labels: dict[int, str], **kwargs):
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(
            choices=score_choices(labels),
            coerce=_score_value,
            empty_value=None,
            required=False,
            **kwargs,
        )


def version_in_force(versions, year: int) -> FrameworkVersion | None:
    """The first of `versions` (in their order) whose years cover `year`."""
    return next(
        (
            v
            for v in versions
            if v.first_year <= year and (v.last_year is None or year <= v.last_year)
        ),
        None,
    )


class StartAssessmentForm(forms.Form):
    year = forms.TypedChoiceField(coerce=int, label="Financial year")
    version = forms.ModelChoiceField(
        queryset=FrameworkVersion.objects.none(),
        label="Framework version",
        empty_label=None,
        help_text="Starts as the version in force for the financial year.",
    )
    kind = forms.ChoiceField(label="Kind of assessment", widget=forms.RadioSelect)
    peer_partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        required=False,
        label="Partnership (peer assessments only)",
    )

    def __init__(
        self,
        *args,
        versions: QuerySet[FrameworkVersion],
        kinds: list[str],
        partnerships: QuerySet[Partnership],
        year: int | None = None,
        **kwargs,
    ):
        """`year`: the financial year to start with (by default the current one)."""
        super().__init__(*args, **kwargs)
        self.versions = list(versions)
        self.fields["version"].queryset = versions  # type: ignore[attr-defined]
        today = clock.today()
        first = min((v.first_year for v in self.versions), default=today.year)
        years = range(today.year, first - 1, -1)
        self.fields["year"].choices = [(y, financial_year_label(y)) for y in years]  # type: ignore[attr-defined]
        initial = year if year is not None and year in years else financial_year_of(today)
        self.fields["year"].initial = initial
        in_force = version_in_force(self.versions, initial)
        self.fields["version"].initial = in_force.pk if in_force else None
        self.fields["kind"].choices = [(k, AssessmentKind(k).label) for k in kinds]  # type: ignore[attr-defined]
        if AssessmentKind.PEER in kinds:
            self.fields["peer_partnership"].queryset = partnerships  # type: ignore[attr-defined]
        else:
            del self.fields["peer_partnership"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == AssessmentKind.PEER and not data.get("peer_partnership"):
            self.add_error("peer_partnership", PEER_PARTNERSHIP_REQUIRED)
        version, year = data.get("version"), data.get("year")
        if version is not None and year is not None:
            self._check_version_covers(version, year)
        return data

    def _check_version_covers(self, version: FrameworkVersion, year: int) -> None:
        if version_in_force([version], year) is not None:
            return
        in_force = version_in_force(self.versions, year)
        advice = f"For {financial_year_label(year)} choose {in_force.name}." if in_force else ""
        first, last = version.first_year, version.last_year
        span = financial_year_label(first) + (
            "" if last == first else f" to {financial_year_label(last) if last else 'now'}"
        )
        self.add_error(
            "version",
            VERSION_NOT_IN_FORCE.format(version=version.name, span=span, advice=advice).strip(),
        )


class ScoreForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput)
    value = forms.Field(label="Score")
    narrative = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="How the body meets the criterion, with reference to the evidence.",
    )
    strengths = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    areas_for_improvement = forms.CharField(
        label="Areas for improvement", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, labels: dict[int, str], score: Score, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "version": score.updated_at.isoformat(),
                "value": NOT_SCORED if score.value is None else str(score.value),
                "narrative": score.narrative,
                "strengths": score.strengths,
                "areas_for_improvement": score.areas_for_improvement,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["value"] = ScoreField(labels, label="Score")


class FinaliseForm(forms.Form):
    """One final score per criterion (starting from the provisional one), and the embargo date."""

    publish_on = forms.DateField(
        label="Publication date (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Until this date only the body and its auditor see the final scores.",
    )

    def __init__(
        self,
        *args,
        labels: dict[int, str],
        provisional: list[Score],
        answers: tuple[dict[int, int | None], datetime.date | None] | None = None,
        **kwargs,
    ):
        """`answers`: final values and publication date given before, to change them."""
        super().__init__(*args, **kwargs)
        given, publish_on = answers or ({}, None)
        self.fields["publish_on"].initial = publish_on
        self.criterion_fields: list[tuple[str, Score]] = []
        for score in provisional:
            name = f"criterion_{score.criterion_id}"
            value = given.get(score.criterion_id, score.value)
            self.fields[name] = ScoreField(
                labels,
                label=f"{score.criterion.code} {score.criterion.title}",
                initial=NOT_SCORED if value is None else str(value),
            )
            self.criterion_fields.append((name, score))

    def final_values(self) -> dict[int, int | None]:
        return {s.criterion_id: self.cleaned_data[name] for name, s in self.criterion_fields}


class SubmitCheckForm(forms.Form):
    """The confirmation an incomplete assessment needs before it is submitted, naming the gaps."""

    confirm_incomplete = forms.BooleanField(required=True)

    def __init__(self, *args, assessment: Assessment, gaps: Gaps, **kwargs):
        super().__init__(*args, **kwargs)
        codes = gaps.unscored_codes
        if not codes:
            del self.fields["confirm_incomplete"]
            return
        version = assessment.version
        noun = version.criterion_noun if len(codes) == 1 else version.criterion_noun_plural
        field = self.fields["confirm_incomplete"]
        field.label = f"Submit with {len(codes)} {noun} not scored: {listed(codes)}"
        field.error_messages["required"] = SUBMIT_NEEDS_CONFIRMATION.format(
            count=len(codes), noun=noun
        )


class ConfirmForm(forms.Form):
    """A confirm button: no fields, but the service's refusal shows in the error summary."""


class AmendForm(forms.Form):
    value = forms.Field(label="Corrected score")
    narrative = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the final score is being corrected. This is kept with the history.",
    )

    def __init__(self, *args, labels: dict[int, str], score: Score, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "value": NOT_SCORED if score.value is None else str(score.value),
                "narrative": score.narrative,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["value"] = ScoreField(labels, label="Corrected score")


class ReopenForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the self-assessment needs changing. This is kept with its history.",
    )


class RolledUpForm(forms.Form):
    value = forms.Field(label="Score")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when the score differs from the calculated one, or the scores are final.",
    )

    def __init__(self, *args, labels: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"] = ScoreField(labels, label="Score")


class EvidenceFileForm(forms.Form):
    title = forms.CharField(
        max_length=200, required=False, help_text="Leave empty to use its name."
    )
    file = forms.FileField(label="File")


class EvidenceLinkForm(forms.Form):
    title = forms.CharField(max_length=200)
    url = forms.URLField(label="Link", max_length=500, assume_scheme="https")


class FindingForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    finding_type = forms.ModelChoiceField(
        queryset=FindingType.objects.none(), label="Type", empty_label=None
    )
    criterion = forms.ModelChoiceField(
        queryset=Criterion.objects.none(),
        required=False,
        label="Criterion (optional)",
        empty_label="Whole assessment",
    )
    title = forms.CharField(max_length=300)
    detail = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(
        self,
        *args,
        finding_types: QuerySet[FindingType],
        criteria: QuerySet[Criterion],
        finding: Finding | None = None,
        **kwargs,
    ):
        if finding is not None:
            kwargs.setdefault(
                "initial",
                {
                    "version": finding.updated_at.isoformat(),
                    "finding_type": finding.finding_type_id,
                    "criterion": finding.criterion_id,
                    "title": finding.title,
                    "detail": finding.detail,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["finding_type"].queryset = finding_types  # type: ignore[attr-defined]
        self.fields["criterion"].queryset = criteria  # type: ignore[attr-defined]


class FindingResponseForm(forms.Form):
    management_response = forms.CharField(
        label="Management response", widget=forms.Textarea(attrs={"rows": 6})
    )
