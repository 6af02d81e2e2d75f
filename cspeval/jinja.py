"""The Jinja2 environment of the one template Django's engine renders too slowly for its page:
`templates/assessments/_question.html`, the scorecard form's questions (see
assessments/templatetags/answers.py). Always autoescaped, as every Django template is; a name the
template reads that its context lacks is an error, not an empty string."""

import jinja2


def environment(**options) -> jinja2.Environment:
    options.pop("autoescape", None)
    options["undefined"] = jinja2.StrictUndefined
    return jinja2.Environment(autoescape=True, **options)
