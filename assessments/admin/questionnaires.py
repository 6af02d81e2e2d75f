"""Admin for questionnaires, areas, questions and options.

A published (or retired) version is never edited in place: its wording, kinds, options and
bounds are read-only here, and only weights stay editable. Every weight edited here goes
through `weights_set` (history, revision bump, stale marks, one fleet job) once per save,
however many areas and questions the form changed.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import Area, Question, Questionnaire, QuestionnaireStatus, QuestionOption
from assessments.services import questionnaires as services

QUESTION_CONTENT = [
    "area",
    "order",
    "text",
    "help_text",
    "kind",
    "evidence_expected",
    "reverse",
    "low",
    "high",
    "direction",
    "unit",
]
AREA_CONTENT = ["questionnaire", "order", "key", "title", "description"]
OPTION_CONTENT = ["question", "order", "key", "label", "points"]


def _locked(questionnaire: Questionnaire | None) -> bool:
    """A questionnaire that is no longer a draft keeps its questions as they were published."""
    return questionnaire is not None and questionnaire.status != QuestionnaireStatus.DRAFT


def _questionnaire_of(obj) -> Questionnaire | None:
    if isinstance(obj, Questionnaire):
        return obj
    if isinstance(obj, Area):
        return obj.questionnaire
    if isinstance(obj, Question):
        return obj.area.questionnaire
    if isinstance(obj, QuestionOption):
        return obj.question.area.questionnaire
    return None


# --- Weights: validated like the service, saved through it ------------------------------------


class WeightForm(forms.ModelForm):
    weight = forms.CharField(
        widget=forms.NumberInput(attrs={"step": "0.001", "min": "0"}),
        help_text="0 or more, at most 3 decimals; 0 takes it out of the score without losing answers.",
    )

    def _weight_label(self) -> str:
        text = getattr(self.instance, "title", None) or getattr(self.instance, "text", "") or "this row"
        return text if len(text) <= 60 else text[:59] + "…"

    def clean_weight(self):
        return services.weight_value(self.cleaned_data.get("weight"), self._weight_label())


class AreaForm(WeightForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "weight" in cleaned:
            try:
                services.weights_clean(
                    questionnaire=self.instance.questionnaire, area_weights={self.instance.pk: cleaned["weight"]}
                )
            except ValidationError as exc:
                self.add_error("weight", [m for ms in exc.message_dict.values() for m in ms])
        return cleaned


class AreaInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        weights = [
            f.cleaned_data["weight"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and "weight" in f.cleaned_data
        ]
        if weights and not any(weights):
            raise ValidationError("At least one area needs a weight above zero.")


def _pending(request) -> dict:
    if not hasattr(request, "_pending_weights"):
        request._pending_weights = {}
    return request._pending_weights


def _stash(request, obj, new_weight) -> None:
    """Remember a weight change for `weights_set`, and put the row's own weight back meanwhile."""
    if isinstance(obj, Area):
        questionnaire_id, kind = obj.questionnaire_id, "areas"
        obj.weight = Area.objects.values_list("weight", flat=True).get(pk=obj.pk)
    else:
        questionnaire_id, kind = (
            Area.objects.values_list("questionnaire_id", flat=True).get(pk=obj.area_id),
            "questions",
        )
        obj.weight = Question.objects.values_list("weight", flat=True).get(pk=obj.pk)
    batch = _pending(request).setdefault(questionnaire_id, {"areas": {}, "questions": {}})
    batch[kind][obj.pk] = new_weight


class WeightsThroughService:
    """ModelAdmin mixin: weight changes are stashed while saving and saved by `weights_set` at the end."""

    def save_model(self, request, obj, form, change):
        if change and "weight" in form.changed_data:
            _stash(request, obj, obj.weight)
            if not set(form.changed_data) - {"weight"}:
                return
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model not in (Area, Question):
            return super().save_formset(request, form, formset, change)
        weight_only = set()
        for f in formset.initial_forms:
            if f in formset.deleted_forms or "weight" not in f.changed_data:
                continue
            _stash(request, f.instance, f.instance.weight)
            if not set(f.changed_data) - {"weight"}:
                weight_only.add(f.instance.pk)
        for obj in formset.save(commit=False):
            if obj.pk not in weight_only:
                obj._history_user = request.user
                obj.save()
        for obj in formset.deleted_objects:
            obj._history_user = request.user
            obj.delete()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for questionnaire_id, batch in _pending(request).items():
            marked = services.weights_set(
                user=request.user,
                questionnaire_id=questionnaire_id,
                area_weights=batch["areas"],
                question_weights=batch["questions"],
            )
            self.message_user(
                request,
                format_html(
                    'Weights saved; {} scores are being recalculated (<a href="{}">see their progress</a>).',
                    marked,
                    reverse("weights_edit", args=[questionnaire_id]),
                ),
                messages.INFO,
            )
        _pending(request).clear()


# --- Questionnaires ----------------------------------------------------------------------------


class AreaInline(admin.TabularInline):
    model = Area
    form = WeightForm
    formset = AreaInlineFormSet
    extra = 0
    fields = ["order", "key", "title", "weight"]
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return ["order", "key", "title"] if _locked(obj) else []

    def has_add_permission(self, request, obj=None):
        return not _locked(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _locked(obj) and super().has_delete_permission(request, obj)


@admin.register(Questionnaire)
class QuestionnaireAdmin(WeightsThroughService, admin.ModelAdmin):
    list_display = ["title", "kind", "version", "status", "weights_revision", "based_on", "published_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "description"]
    list_select_related = ["based_on"]
    inlines = [AreaInline]
    actions = ["publish_as_new_version", "publish", "retire"]

    def get_readonly_fields(self, request, obj=None):
        always = ["status", "weights_revision", "based_on", "published_at", "created_at", "weights_page"]
        return [*always, "kind", "version"] if _locked(obj) else always

    @admin.display(description="Weights page")
    def weights_page(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        return format_html('<a href="{}">Edit weights with a preview</a>', reverse("weights_edit", args=[obj.pk]))

    def has_delete_permission(self, request, obj=None):
        return not _locked(obj) and super().has_delete_permission(request, obj)

    def _each(self, request, queryset, service, done: str):
        for questionnaire in queryset.order_by("kind", "version"):
            try:
                result = service(user=request.user, questionnaire_id=questionnaire.pk)
            except ValidationError as exc:
                self.message_user(request, f"{questionnaire}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, done.format(q=result), messages.SUCCESS)

    @admin.action(description="Publish as new version")
    def publish_as_new_version(self, request, queryset):
        done = "{q.title} v{q.version} is a new draft copied from v{q.based_on.version}: edit it, then publish it."
        self._each(request, queryset, services.questionnaire_new_version, done)

    @admin.action(description="Publish")
    def publish(self, request, queryset):
        self._each(request, queryset, services.questionnaire_publish, "{q.title} v{q.version} is published.")

    @admin.action(description="Retire")
    def retire(self, request, queryset):
        self._each(request, queryset, services.questionnaire_retire, "{q.title} v{q.version} is retired.")


# --- Areas and questions -------------------------------------------------------------------


class QuestionInline(admin.StackedInline):
    model = Question
    form = WeightForm
    extra = 0
    fields = [
        "order",
        "text",
        "help_text",
        "kind",
        "weight",
        "evidence_expected",
        "reverse",
        "low",
        "high",
        "direction",
        "unit",
    ]
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return [f for f in self.fields if f != "weight"] if _locked(_questionnaire_of(obj)) else []

    def has_add_permission(self, request, obj=None):
        return not _locked(_questionnaire_of(obj)) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _locked(_questionnaire_of(obj)) and super().has_delete_permission(request, obj)


def _draft_only(db_field, kwargs, field_name: str, queryset) -> None:
    if db_field.name == field_name:
        kwargs["queryset"] = queryset


@admin.register(Area)
class AreaAdmin(WeightsThroughService, SimpleHistoryAdmin):
    form = AreaForm
    list_display = ["title", "questionnaire", "key", "weight", "order"]
    list_filter = ["questionnaire__kind", "questionnaire__status", "key"]
    search_fields = ["title", "questionnaire__title"]
    list_select_related = ["questionnaire"]
    history_list_display = ["weight"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("questionnaire")

    def get_readonly_fields(self, request, obj=None):
        return AREA_CONTENT if _locked(_questionnaire_of(obj)) else []

    def has_delete_permission(self, request, obj=None):
        return not _locked(_questionnaire_of(obj)) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _draft_only(db_field, kwargs, "questionnaire", Questionnaire.objects.filter(status=QuestionnaireStatus.DRAFT))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OptionInline(admin.TabularInline):
    model = QuestionOption
    extra = 0
    fields = ["order", "key", "label", "points"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if _locked(_questionnaire_of(obj)) else []

    def has_add_permission(self, request, obj=None):
        return not _locked(_questionnaire_of(obj)) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _locked(_questionnaire_of(obj)) and super().has_delete_permission(request, obj)


@admin.register(Question)
class QuestionAdmin(WeightsThroughService, SimpleHistoryAdmin):
    form = WeightForm
    list_display = ["text", "area", "version", "kind", "weight", "order", "evidence_expected"]
    list_filter = [
        "area__questionnaire__kind",
        "area__questionnaire__status",
        "area__key",
        "kind",
        "evidence_expected",
    ]
    search_fields = ["text", "help_text"]
    list_select_related = ["area", "area__questionnaire"]
    history_list_display = ["weight"]
    inlines = [OptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("area__questionnaire")

    @admin.display(description="Questionnaire", ordering="area__questionnaire__version")
    def version(self, obj):
        return f"{obj.area.questionnaire.get_kind_display()} v{obj.area.questionnaire.version}"

    def get_readonly_fields(self, request, obj=None):
        return QUESTION_CONTENT if _locked(_questionnaire_of(obj)) else []

    def has_delete_permission(self, request, obj=None):
        return not _locked(_questionnaire_of(obj)) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        drafts = Area.objects.filter(questionnaire__status=QuestionnaireStatus.DRAFT).select_related("questionnaire")
        _draft_only(db_field, kwargs, "area", drafts)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(QuestionOption)
class QuestionOptionAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "points", "question", "order"]
    list_filter = ["question__area__questionnaire__kind", "question__area__questionnaire__status"]
    search_fields = ["label", "key", "question__text"]
    list_select_related = ["question"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question__area__questionnaire")

    def get_readonly_fields(self, request, obj=None):
        return OPTION_CONTENT if _locked(_questionnaire_of(obj)) else []

    def has_delete_permission(self, request, obj=None):
        return not _locked(_questionnaire_of(obj)) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        drafts = Question.objects.filter(area__questionnaire__status=QuestionnaireStatus.DRAFT)
        _draft_only(db_field, kwargs, "question", drafts)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
