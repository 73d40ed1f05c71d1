"""Defects the hostile suite found in code it does not own, each with its first failing
example in the derandomized CI run. Each marks its one test ``xfail(strict=True)``: the
suite passes while the defect is there and fails loudly once it is fixed, so the mark is
removed with the fix.

Two classes, each a class to fix rather than instances:

- A value outside an option's declaration (a number past its min/max, a string that is
  not one of its choices) reaches the command as it is: ``app_commands.Range`` and
  ``app_commands.choices`` only tell Discord's client what to offer, discord.py does not
  check them when the command runs, and a raw client can send anything.
- A user, channel or role id that arrives without Discord's ``resolved`` data becomes a
  bare ``discord.Object`` in the command, which then reads attributes an Object lacks.
  Discord resolves every id it delivers, so only a forged or partial payload gets here.
"""

from __future__ import annotations

_RANGE = "min/max is not checked at run time (app_commands.Range only tells the client)"
_CHOICE = "a value outside the declared choices is not refused (choices only tell the client)"
_OBJECT = "discord.py hands an unresolved id over as a bare discord.Object, used as a full"
#: (command, option) of test_commands' hostile-option tests -> what, and how it was found.
KNOWN_DEFECTS: dict[tuple[str, str | None], str] = {
    ("boundaries set", "max_depth"): (
        f"defect: {_RANGE}; the CHECK constraint of member_boundaries fails and the member "
        "gets an unexpected-error id; found by max_depth=0"
    ),
    ("boundaries set", "max_dms_per_week"): (
        f"defect: {_RANGE}; the CHECK constraint of member_boundaries fails (unexpected "
        "error); found by max_dms_per_week=-1"
    ),
    ("boundaries set", "notes"): (
        f"defect: {_CHOICE}; NotesSetting(notes) raises ValueError (unexpected error); "
        "found by notes=''"
    ),
    ("lovelanguage quiz", "relationship"): (
        f"defect: {_CHOICE}; the CHECK constraint of ll_quiz_progress fails (unexpected "
        "error; a relationship of 100+ characters instead breaks the 100-character "
        "custom_id limit); found by relationship=''"
    ),
    ("lovelanguage tips", "language"): (
        f"defect: {_CHOICE}; a KeyError on the language (unexpected error); found by language='x'"
    ),
    ("lovelanguage tips", "relationship"): (
        f"defect: {_CHOICE}; the relationship goes into the embed title, over Discord's 256 "
        "characters, Discord refuses the answer (unexpected error); found by "
        "language='words', relationship='\\u3164' * 4000"
    ),
    ("question add", "depth"): (
        f"defect: {_CHOICE}; the CHECK constraint of question_custom fails (unexpected "
        "error); found by category='fun', depth=-602, text='What do a violin, a lighthouse, "
        "a compass, a ferry, a biscuit, a pebble, a harbour, a parrot have in common for you?'"
    ),
    ("question add", "category"): (
        f"defect: {_CHOICE}; an admin's question is saved with a category that does not "
        "exist (the refusal check finds a new question_custom row); found by depth=3, "
        "category='\\ufeff', text='What do a kettle, a lighthouse, a harbour, a pebble, a "
        "biscuit, a lantern, a notebook, a canyon, a compass have in common for you?'"
    ),
    ("question suggest", "category"): (
        f"defect: {_CHOICE}; the suggestion is queued with a category that does not exist "
        "(a new question_suggestions row); found by category='', text='What do a lantern, "
        "a harbour, a violin, a orchard, a pebble have in common for you?'"
    ),
    ("question schedule", "depth"): (
        f"defect: {_CHOICE}; int(depth) raises ValueError (unexpected error); found by "
        "channel=general, time='9:00', timezone='UTC', depth=''"
    ),
    ("question suggest", "depth"): (
        f"defect: {_CHOICE}; the CHECK constraint of question_suggestions fails "
        "(unexpected error); found by category='values', tell_me=True, depth=-3413640, "
        "text='What do a kettle, a lantern, a saddle, a harbour, a quilt, a comet, a "
        "bakery, a violin, a notebook have in common for you?'"
    ),
}
#: (command, option) of test_commands' unresolved-id tests -> what, and how it was found.
UNRESOLVED_DEFECTS: dict[tuple[str, str], str] = {
    ("boundaries dont-pair add", "member"): (
        f"defect: {_OBJECT} User (AttributeError 'bot'); found by member=1"
    ),
    ("boundaries dont-pair remove", "member"): (
        f"defect: {_OBJECT} User (AttributeError 'mention'); found by member=1"
    ),
    ("boundaries show", "member"): (
        f"defect: {_OBJECT} User (AttributeError 'mention'); found by member=1"
    ),
    ("lovelanguage profile", "member"): (
        f"defect: {_OBJECT} User (AttributeError 'mention'); found by member=1"
    ),
    ("appreciate", "member"): (
        f"defect: {_OBJECT} User (AttributeError 'bot'); found by member=1, message='9:00'"
    ),
    ("question schedule", "ping_role"): (
        f"defect: {_OBJECT} Role (AttributeError 'is_default'); found by channel=general, "
        "time='9:00', timezone='UTC', ping_role=1"
    ),
}

#: (command, option) of test_autocomplete's tests -> what, and how it was found.
AUTOCOMPLETE_DEFECTS: dict[tuple[str, str], str] = {}

#: (command, option) of test_commands' blank-text tests -> what, and how it was found.
BLANK_DEFECTS: dict[tuple[str, str], str] = {
    ("boundaries card", "text"): (
        "defect (issue 10, item 5): a boundary card that only looks blank is saved (a new "
        "member_boundaries row); found by text='\\u3164'"
    ),
}

#: Forms of test_modals' blank-answer test -> what, and how it was found.
MODAL_DEFECTS: dict[str, str] = {
    "answer": (
        "defect (issue 10, item 5): an answer that only looks blank is posted (a new "
        "question_answers row); found by the Answer form with '\\u3164'"
    ),
    "answer anonymously": (
        "defect (issue 10, item 5): an anonymous answer that only looks blank is posted (a "
        "new question_answers row); found by the Answer anonymously form with '\\u3164'"
    ),
    "edit": (
        "defect (issue 10, item 5): an answer edited to text that only looks blank replaces "
        "the posted answer; found by the Edit form with '\\u3164'"
    ),
}
