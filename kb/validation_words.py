"""pydantic's validation errors in the interface's language, read from their type, never from their text.

pydantic words its errors in English with no lookup ("Field required", "Input should be a valid
string"). Each error carries a stable ``type`` and its values in ``ctx``
(https://docs.pydantic.dev/latest/errors/validation_errors/): the sentence is said from those, so
that a pydantic release rewording its messages changes nothing here. An error of a type not listed
keeps pydantic's English words; our own validators' messages (``value_error``) are already looked up
where they are raised (kb/models.py) and come without pydantic's "Value error, " prefix.

Used for extracts (kb.seed), settings (kb.config) and the CLI's values (cli/library_words.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kb.i18n import N_, _

BY_TYPE = {
    "missing": N_("required, and missing"),
    "extra_forbidden": N_("not a field of this section (a typo?)"),
    "string_type": N_("text is expected"),
    "int_type": N_("a whole number is expected"),
    "int_parsing": N_("a whole number is expected"),
    "int_from_float": N_("a whole number is expected"),
    "float_type": N_("a number is expected"),
    "float_parsing": N_("a number is expected"),
    "bool_type": N_("yes or no is expected (true, false, 1, 0)"),
    "bool_parsing": N_("yes or no is expected (true, false, 1, 0)"),
    "list_type": N_("a list is expected"),
    "dict_type": N_("a mapping is expected (field: value)"),
    "model_type": N_("a mapping is expected (field: value)"),
    "model_attributes_type": N_("a mapping is expected (field: value)"),
    "enum": N_("one of {expected} is expected"),
    "literal_error": N_("one of {expected} is expected"),
    "greater_than_equal": N_("the value must be {ge} or more"),
    "greater_than": N_("the value must be more than {gt}"),
    "less_than_equal": N_("the value must be {le} or less"),
    "less_than": N_("the value must be less than {lt}"),
    "date_type": N_("a date is expected (YYYY-MM-DD)"),
    "date_parsing": N_("a date is expected (YYYY-MM-DD)"),
    "date_from_datetime_parsing": N_("a date is expected (YYYY-MM-DD)"),
    "string_too_short": N_("at least {min_length} character(s) are expected"),
    "too_short": N_("at least {min_length} item(s) are expected"),
}


def known(error: Mapping[str, Any]) -> str | None:
    """One error of ``ValidationError.errors()`` in words, or None when its type is not one we say."""
    kind = str(error.get("type"))
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])  # our validator's own message, looked up where it was raised
    template = BY_TYPE.get(kind)
    if template is None:
        return None
    try:
        return _(template).format(**ctx)
    except (KeyError, IndexError, ValueError):
        return None


def say(error: Mapping[str, Any]) -> str:
    """One error in words: ours when its type is known, else pydantic's own (English) message."""
    return known(error) or str(error.get("msg", ""))
