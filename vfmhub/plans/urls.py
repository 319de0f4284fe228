from django.urls import path

from vfmhub.plans import views_import
from vfmhub.plans.views import actions, items, my_actions, officers, plans, reviews, rounds

app_name = "plans"

urlpatterns = [
    path("organisations/<int:pk>/plans/", plans.organisation_plans, name="organisation_list"),
    path("organisations/<int:pk>/plans/create/", plans.plan_create, name="create"),
    path("organisations/<int:pk>/officer-titles/", officers.officer_titles, name="officer_titles"),
    path(
        "organisations/<int:pk>/officer-titles/add/",
        officers.officer_title_add,
        name="officer_title_add",
    ),
    path(
        "organisations/<int:pk>/officer-titles/<int:title_pk>/",
        officers.officer_title_edit,
        name="officer_title_edit",
    ),
    path(
        "partnerships/<int:pk>/plans-for-review/",
        reviews.shared_for_review,
        name="shared_for_review",
    ),
    path(
        "findings/<int:finding_pk>/add-to-plan/",
        items.item_from_finding,
        name="item_from_finding",
    ),
    path("my-actions/", my_actions.my_actions, name="my_actions"),
    path("my-peer-reviews/", reviews.reviews_to_do, name="reviews_to_do"),
    path("plans/<int:pk>/", plans.plan_detail, name="detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="edit"),
    path("plans/<int:pk>/progress/", plans.plan_progress, name="progress"),
    path("plans/<int:pk>/overdue/", my_actions.plan_overdue, name="overdue"),
    path("plans/<int:pk>/items/add/", items.item_add, name="item_add"),
    path("plans/<int:pk>/items/<int:item_pk>/edit/", items.item_edit, name="item_edit"),
    path("plans/<int:pk>/items/<int:item_pk>/actions/add/", actions.action_add, name="action_add"),
    path("plans/<int:pk>/actions/<int:action_pk>/", actions.action_detail, name="action"),
    path("plans/<int:pk>/actions/<int:action_pk>/edit/", actions.action_edit, name="action_edit"),
    path(
        "plans/<int:pk>/actions/<int:action_pk>/updates/add/",
        actions.update_add,
        name="update_add",
    ),
    path(
        "plans/<int:pk>/updates/<int:update_pk>/correct/",
        actions.update_correct,
        name="update_correct",
    ),
    path("plans/<int:pk>/rounds/add/", rounds.round_add, name="round_add"),
    path("plans/<int:pk>/rounds/<int:round_pk>/entry/", rounds.round_entry, name="round_entry"),
    path("plans/<int:pk>/share/", reviews.plan_share, name="share"),
    path("plans/<int:pk>/unshare/", reviews.plan_unshare, name="unshare"),
    path("plans/<int:pk>/reviews/", reviews.plan_reviews, name="reviews"),
    path("plans/<int:pk>/reviews/start/", reviews.review_start, name="review_start"),
    path("plans/<int:pk>/reviews/<int:review_pk>/", reviews.review_detail, name="review"),
    path("plans/<int:pk>/reviews/<int:review_pk>/edit/", reviews.review_edit, name="review_edit"),
    path(
        "plans/<int:pk>/reviews/<int:review_pk>/submit/",
        reviews.review_submit,
        name="review_submit",
    ),
    path(
        "plans/<int:pk>/reviews/<int:review_pk>/respond/",
        reviews.review_respond,
        name="review_respond",
    ),
    # Import and export (views_import)
    path("plans/<int:pk>/import/", views_import.plan_import_upload, name="import"),
    path(
        "plans/<int:pk>/import/<str:token>/",
        views_import.plan_import_preview,
        name="import_preview",
    ),
    path(
        "plans/<int:pk>/import/<str:token>/confirm/",
        views_import.plan_import_confirm,
        name="import_confirm",
    ),
    path("plans/<int:pk>/export/", views_import.plan_export, name="export"),
    path("plans/import-template/", views_import.plan_import_template, name="import_template"),
]
