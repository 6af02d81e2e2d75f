"""The provider directory's filter form: tags by kind (checkboxes), a search by name and a sort order.

The tag choices come from one list of tags loaded by the selector, so building and checking the
form runs no query of its own. Values nobody could have picked (an unknown tag, an unknown sort)
are left out before the form sees them, and `ignored` says so in plain words: a hand-edited or
stale link narrows the list as far as it can instead of failing.
"""

import django_filters
from django import forms
from django.db.models import QuerySet

from providers.models import Organisation, Tag

SORTS = [
    ("name", "Name (A to Z)"),
    ("score", "Score (highest first)"),
    ("reviews", "Number of reviews (most first)"),
]

# form field -> the tag kind it filters on, in the order the form shows them
TAG_FIELDS = {"region": Tag.Kind.REGION, "product": Tag.Kind.PRODUCT, "programme": Tag.Kind.PROGRAMME}


def _checkboxes(label: str) -> django_filters.MultipleChoiceFilter:
    return django_filters.MultipleChoiceFilter(
        label=label,
        method="filter_tags",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )


class ProviderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search by name",
        method="filter_name",
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search", "autocomplete": "off"}),
    )
    region = _checkboxes("Region")
    product = _checkboxes("Product")
    programme = _checkboxes("Programme")
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=SORTS,
        empty_label=None,
        method="sort_later",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def __init__(self, data=None, *, tags: list[Tag], queryset: QuerySet[Organisation], **kwargs):
        self.ignored: list[str] = []
        super().__init__(self._known_only(data, tags), queryset=queryset, **kwargs)
        for field, kind in TAG_FIELDS.items():
            self.form.fields[field].choices = [(t.slug, t.name) for t in tags if t.kind == kind]

    def _known_only(self, data, tags: list[Tag]):
        """A copy of `data` without values that match no choice, noting each one in `ignored`."""
        if data is None:
            return None
        data = data.copy()
        for field, kind in TAG_FIELDS.items():
            known = {t.slug for t in tags if t.kind == kind}
            values = data.getlist(field)
            for value in values:
                if value not in known:
                    label = Tag.Kind(kind).label.lower()
                    self.ignored.append(
                        f"No provider is listed under the {label} “{value}”, so that filter was left out."
                    )
            data.setlist(field, [v for v in values if v in known])
        sort = data.get("sort")
        if sort and sort not in dict(SORTS):
            self.ignored.append(f"“{sort}” is not a way to sort the list, so it is sorted by name.")
            data.pop("sort")
        return data

    def filter_name(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset

    def filter_tags(self, queryset, name, value):
        """Providers with any of the chosen tags of this kind (several kinds together: all must match)."""
        matching = Organisation.objects.filter(
            provider_profile__tags__kind=TAG_FIELDS[name], provider_profile__tags__slug__in=value
        ).values("pk")
        return queryset.filter(pk__in=matching)

    def sort_later(self, queryset, name, value):
        return queryset  # a score's order depends on what this user may see: the selector sorts

    @property
    def sort_value(self) -> str:
        return (self.form.cleaned_data.get("sort") if self.form.is_valid() else "") or "name"

    @property
    def is_narrowed(self) -> bool:
        """Whether any filter or search is in force (sorting alone narrows nothing)."""
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        return bool((cleaned.get("q") or "").strip() or any(cleaned.get(f) for f in TAG_FIELDS))

    def tag_fields(self):
        """The tag fields as bound fields, for one fieldset each."""
        return [self.form[field] for field in TAG_FIELDS]
