from django.urls import include, path

from vfmhub.plans.views import (
    actions,
    imports,
    items,
    my_actions,
    officers,
    plans,
    reviews,
    rounds,
)

app_name = "plans"

# Under /organisations/<pk>/: a body's plans and officer titles.
organisation_patterns = [
    path("plans/", plans.organisation_plans, name="organisation_list"),
    path("plans/create/", plans.plan_create, name="create"),
    path("officer-titles/", officers.officer_titles, name="officer_titles"),
    path("officer-titles/add/", officers.officer_title_add, name="officer_title_add"),
    path("officer-titles/<int:title_pk>/", officers.officer_title_edit, name="officer_title_edit"),
]

# Under /findings/<finding_pk>/add-to-plan/: one click, or choosing among the body's plans.
finding_patterns = [
    path("", items.item_from_finding, name="item_from_finding"),
    path("choose/", items.item_from_finding_choose, name="item_from_finding_choose"),
]

# Under /plans/<pk>/: one plan and everything in it.
plan_patterns = [
    path("", plans.plan_detail, name="detail"),
    path("edit/", plans.plan_edit, name="edit"),
    path("progress/", plans.plan_progress, name="progress"),
    path("overdue/", my_actions.plan_overdue, name="overdue"),
    path("items/add/", items.item_add, name="item_add"),
    path("items/<int:item_pk>/edit/", items.item_edit, name="item_edit"),
    path("items/<int:item_pk>/actions/add/", actions.action_add, name="action_add"),
    path("actions/<int:action_pk>/", actions.action_detail, name="action"),
    path("actions/<int:action_pk>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:action_pk>/updates/add/", actions.update_add, name="update_add"),
    path("updates/<int:update_pk>/correct/", actions.update_correct, name="update_correct"),
    path("rounds/add/", rounds.round_add, name="round_add"),
    path("rounds/<int:round_pk>/entry/", rounds.round_entry, name="round_entry"),
    path("share/", reviews.plan_share, name="share"),
    path("unshare/", reviews.plan_unshare, name="unshare"),
    path("reviews/", reviews.plan_reviews, name="reviews"),
    path("reviews/start/", reviews.review_start, name="review_start"),
    path("reviews/<int:review_pk>/", reviews.review_detail, name="review"),
    path("reviews/<int:review_pk>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<int:review_pk>/submit/", reviews.review_submit, name="review_submit"),
    path("reviews/<int:review_pk>/respond/", reviews.review_respond, name="review_respond"),
    path("import/", imports.plan_import_upload, name="import"),
    path("import/<str:token>/", imports.plan_import_preview, name="import_preview"),
    path("import/<str:token>/confirm/", imports.plan_import_confirm, name="import_confirm"),
    path("export/", imports.plan_export, name="export"),
]

urlpatterns = [
    path("organisations/<int:pk>/", include(organisation_patterns)),
    path(
        "partnerships/<int:pk>/plans-for-review/",
        reviews.shared_for_review,
        name="shared_for_review",
    ),
    path("findings/<int:finding_pk>/add-to-plan/", include(finding_patterns)),
    path("my-actions/", my_actions.my_actions, name="my_actions"),
    path("my-peer-reviews/", reviews.reviews_to_do, name="reviews_to_do"),
    path("plans/import-template/", imports.plan_import_template, name="import_template"),
    path("plans/<int:pk>/", include(plan_patterns)),
]
