"""Input forms of the quiz pages: parsing and field checks only; the rules are in services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.errors import ValidationFailed
from tongxin.core.web import choice_field

from .choices import OPTION_LETTERS, QuestionKind
from .importing import parse_answer
from .models import Question, QuestionCategory, Quiz
from .services import QuestionData, QuizData

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _node_label(node: Any) -> str:
    return f"{'— ' * max(node.depth - 1, 0)}{node.name}"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME_FORMAT)


def _datetime(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
    )


class CategoryForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Bank of"), coerce=int)
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=60)
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)

    def __init__(self, *args: Any, nodes: list | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if nodes is None:
            del self.fields["node"]
        else:
            choice_field(self, "node").choices = [(n.pk, _node_label(n)) for n in nodes]


class QuestionForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    stem = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    option_0 = forms.CharField(label=_("Option A"), required=False, max_length=300)
    option_1 = forms.CharField(label=_("Option B"), required=False, max_length=300)
    option_2 = forms.CharField(label=_("Option C"), required=False, max_length=300)
    option_3 = forms.CharField(label=_("Option D"), required=False, max_length=300)
    option_4 = forms.CharField(label=_("Option E"), required=False, max_length=300)
    option_5 = forms.CharField(label=_("Option F"), required=False, max_length=300)
    answer = forms.CharField(
        label=_("Correct answer"),
        max_length=20,
        help_text=_("The letters of the correct options, like B or ACD; T or F for true/false."),
    )
    explanation = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=100, initial=1)

    def __init__(self, *args: Any, categories: list[QuestionCategory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "category").choices = [
            (c.pk, f"{c.node.name} · {c.name}") for c in categories
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "kind" in data and data.get("answer"):
            try:
                data["answer_indices"] = parse_answer(data["kind"], data["answer"])
            except ValidationFailed as error:
                self.add_error("answer", error.message)
        return data

    def question_data(self) -> QuestionData:
        data = self.cleaned_data
        return QuestionData(
            kind=data["kind"],
            stem=data["stem"],
            options=[data[f"option_{i}"] for i in range(len(OPTION_LETTERS))],
            answer=data["answer_indices"],
            explanation=data["explanation"],
            points=data["points"],
        )


def question_initial(question: Question) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "category": question.category_id,
        "kind": question.kind,
        "stem": question.stem,
        "explanation": question.explanation,
        "points": question.points,
    }
    for index, option in enumerate(question.options):
        initial[f"option_{index}"] = option
    if question.kind == QuestionKind.TRUE_FALSE:
        initial["answer"] = "T" if question.answer == [0] else "F"
    else:
        initial["answer"] = "".join(OPTION_LETTERS[i] for i in question.answer)
    return initial


class ImportForm(forms.Form):
    node = forms.TypedChoiceField(label=_("Into the bank of"), coerce=int)
    file = forms.FileField(label=_("Question sheet (.xlsx)"), required=False)
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    skip_invalid = forms.BooleanField(label=_("Import only the valid rows"), required=False)

    def __init__(self, *args: Any, nodes: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "node").choices = [(n.pk, _node_label(n)) for n in nodes]


class QuizForm(forms.Form):
    """Every setting of a quiz; the pool is one field per category (empty: not used, 0: all
    its questions, n: draw n)."""

    organiser = forms.TypedChoiceField(label=_("Organiser"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audience_node = forms.TypedChoiceField(label=_("Open to the members of"), coerce=int)
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", _("Anyone")), ("female", _("Women")), ("male", _("Men"))],
    )
    activity = forms.TypedChoiceField(
        label=_("Part of the activity"), coerce=int, required=False, empty_value=None
    )
    opens_at = _datetime(_("Opens at"))
    closes_at = _datetime(_("Closes at"))
    time_limit_minutes = forms.IntegerField(
        label=_("Time limit (minutes)"), min_value=1, max_value=600, initial=20
    )
    grace_seconds = forms.IntegerField(
        label=_("Grace (seconds)"), min_value=0, max_value=300, initial=30
    )
    question_count = forms.IntegerField(
        label=_("Questions in total"),
        min_value=1,
        required=False,
        help_text=_("Draw this many from the categories below; empty asks them all."),
    )
    shuffle_questions = forms.BooleanField(label=_("Shuffle questions"), required=False)
    shuffle_options = forms.BooleanField(label=_("Shuffle options"), required=False)
    attempts_allowed = forms.IntegerField(
        label=_("Attempts allowed"), min_value=1, max_value=20, initial=1
    )
    results_public = forms.BooleanField(
        label=_("Show results and ranking to members"), required=False
    )
    ranking_size = forms.IntegerField(
        label=_("Ranking shown to members (top N)"), min_value=1, max_value=100, initial=10
    )

    def __init__(
        self,
        *args: Any,
        nodes: list,
        categories: list[QuestionCategory],
        activities: list,
        creating: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n.pk, _node_label(n)) for n in nodes]
        choice_field(self, "organiser").choices = choices
        choice_field(self, "audience_node").choices = choices
        choice_field(self, "activity").choices = [("", "—")] + [(a.pk, a.title) for a in activities]
        if not creating:
            del self.fields["organiser"]
        self.categories = categories
        for category in categories:
            self.fields[f"pool_{category.pk}"] = forms.IntegerField(
                label=f"{category.node.name} · {category.name}",
                min_value=0,
                max_value=500,
                required=False,
            )
        self.nodes = {n.pk: n for n in nodes}
        self.activities = {a.pk: a for a in activities}

    def pool_fields(self) -> list:
        return [self[f"pool_{c.pk}"] for c in self.categories]

    def quiz_data(self) -> QuizData:
        data = self.cleaned_data
        pool = []
        for category in self.categories:
            count = data.get(f"pool_{category.pk}")
            if count is not None:
                pool.append((category, count or None))
        return QuizData(
            title=data["title"],
            description=data["description"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            audience_node=self.nodes[data["audience_node"]],
            gender=data["gender"],
            activity=self.activities.get(data["activity"]) if data["activity"] else None,
            time_limit_minutes=data["time_limit_minutes"],
            grace_seconds=data["grace_seconds"],
            question_count=data["question_count"],
            shuffle_questions=data["shuffle_questions"],
            shuffle_options=data["shuffle_options"],
            attempts_allowed=data["attempts_allowed"],
            results_public=data["results_public"],
            ranking_size=data["ranking_size"],
            pool=pool,
        )


def quiz_initial(quiz: Quiz, pool: list) -> dict[str, Any]:
    initial = {
        name: getattr(quiz, name)
        for name in (
            "title",
            "description",
            "gender",
            "opens_at",
            "closes_at",
            "time_limit_minutes",
            "grace_seconds",
            "question_count",
            "shuffle_questions",
            "shuffle_options",
            "attempts_allowed",
            "results_public",
            "ranking_size",
        )
    }
    initial["audience_node"] = quiz.audience_node_id
    initial["activity"] = quiz.activity_id
    for row in pool:
        initial[f"pool_{row.category_id}"] = row.count or 0
    return initial
