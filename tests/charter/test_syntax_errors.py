"""A file with syntax errors: each error is reported on its line, with a plain-words hint for
the common pitfalls, and the rest of the file is still checked; nothing is reported that a
reading of the whole file would not find."""

from minutebook.charter.loader import load_charter
from tests.charter.charters import MINIMAL, line_of, problems_of, the_problem, variant


def _lines_and_messages(text: str) -> list[tuple[int | None, str, str]]:
    return [(p.line, p.path, p.message) for p in problems_of(text)]


COLON_HINT = "YAML syntax error: a colon followed by a space inside text starts a new key; "

# Three syntax errors in three sections, and ordinary problems around them.
THREE_ERRORS = variant(
    ("{id: art-2, title: Discipline,", "{id: art-2, title: Rule 2: discipline,"),
    ("parent: south}", "parent: sooth}"),
    ("    quorum: majority\n", "    quorum: majorty\n"),
    ("    name: Board\n", "    name: Board\n    description: Powers: all it is given\n"),
    (
        "  - id: minutes.approve\n    name: Approve the minutes\n",
        "  - id: minutes.approve\n\tname: Approve the minutes\n",
    ),
    ("    bodies: [district-committee]\n", "    bodies: [district-comittee]\n"),
)


def test_each_syntax_error_is_reported_and_the_rest_of_the_file_is_checked():
    text = THREE_ERRORS
    lines = text.splitlines()

    assert _lines_and_messages(text) == [
        (
            lines.index("articles:") + 1,
            "articles",
            "references to articles were not checked, since part of 'articles' could not be "
            "read (see the syntax errors); fix them and check again",
        ),
        (
            line_of(text, "Rule 2: discipline"),
            "",
            COLON_HINT + 'put the text in quotes: title: "Rule 2: discipline"',
        ),
        (line_of(text, "sooth"), "units[4].parent", "unknown unit 'sooth'; did you mean 'south'?"),
        (
            lines.index("bodies:") + 1,
            "bodies",
            "references to bodies were not checked, since part of 'bodies' could not be read "
            "(see the syntax errors); fix them and check again",
        ),
        (
            line_of(text, "majorty"),
            "bodies[0].quorum",
            "malformed quorum 'majorty'; did you mean 'majority'?",
        ),
        (
            line_of(text, "Powers: all"),
            "",
            COLON_HINT + 'put the text in quotes: description: "Powers: all it is given" (for '
            "a long text write 'description: |' and the text on the lines below, indented)",
        ),
        (
            lines.index("decision_types:") + 1,
            "decision_types",
            "references to decision types were not checked, since part of 'decision_types' "
            "could not be read (see the syntax errors); fix them and check again",
        ),
        (
            line_of(text, "\tname: Approve"),
            "",
            "YAML syntax error: a tab is used for indentation here; YAML indents with spaces "
            "only: replace the tab with spaces",
        ),
    ]


def test_references_into_an_entry_that_could_not_be_read_are_not_reported_unknown():
    """'district-comittee' is misspelled, but 'board' (in the broken body) is not: as the list
    of bodies is incomplete, neither is reported; the note says why, once."""
    problems = problems_of(THREE_ERRORS)

    assert not [p for p in problems if "unknown body" in p.message]
    assert [p.path for p in problems].count("bodies") == 1


def test_errors_in_two_entries_of_one_section_and_problems_in_the_entries_between():
    text = variant(
        ("    name: Assembly\n", "    name: Assembly\n    description: Note: elected\n"),
        ("    quorum: 1/3\n", "    quorum: 1/3\n    description: Note: per district\n"),
        ("    visibility: body\n", "    visibility: bdy\n"),  # the board, between them
    )

    assert _lines_and_messages(text) == [
        (text.splitlines().index("bodies:") + 1, "bodies", _skipped("bodies")),
        (
            line_of(text, "Note: elected"),
            "",
            COLON_HINT + 'put the text in quotes: description: "Note: elected" (for a long '
            "text write 'description: |' and the text on the lines below, indented)",
        ),
        (
            line_of(text, "bdy"),
            "bodies[1].visibility",
            "unknown visibility 'bdy'; did you mean 'body'?",
        ),
        (
            line_of(text, "Note: per district"),
            "",
            COLON_HINT + 'put the text in quotes: description: "Note: per district" (for a '
            "long text write 'description: |' and the text on the lines below, indented)",
        ),
    ]


def _skipped(section: str) -> str:
    return (
        f"references to {section.replace('_', ' ')} were not checked, since part of "
        f"'{section}' could not be read (see the syntax errors); fix them and check again"
    )


def test_a_quote_left_open_is_one_error_not_one_per_section():
    """The open quote swallows the following sections when the whole file is read; reading
    them apart would invent errors in them."""
    text = variant(("{id: art-1, title: Meetings,", '{id: art-1, title: "Meetings,'))

    problems = problems_of(text)

    syntax = [p for p in problems if p.message.startswith("YAML syntax error")]
    assert len(syntax) == 1
    assert syntax[0].line == len(text.splitlines()) + 1  # the end, where the parser gave up


def test_a_broken_section_is_not_reported_missing():
    text = variant(("  short_name: TC\n", "  short_name: TC: the co-op\n"))

    problem = the_problem(text)

    assert problem.line == line_of(text, "TC: the co-op")
    assert problem.message == COLON_HINT + (
        'put the text in quotes: short_name: "TC: the co-op" (for a long text write '
        "'short_name: |' and the text on the lines below, indented)"
    )


def test_an_anchor_before_the_error_still_serves_the_sections_after_it():
    text = variant(
        (
            "    notice:\n      meeting_days: 14\n      documents_days: 7\n",
            "    notice: &usual\n      meeting_days: 14\n      documents_days: 7\n",
        ),
        (
            "    quorum: 1/3\n    notice:\n      meeting_days: 7\n      documents_days: 3\n",
            "    quorum: 1/3\n    notice: *usual\n",
        ),
        ("  - {id: art-2, title: Discipline,", "  - {id: art-2, title: Rule: Discipline,"),
    )

    problems = problems_of(text)

    assert [(p.line, p.path) for p in problems] == [
        (text.splitlines().index("articles:") + 1, "articles"),
        (line_of(text, "Rule: Discipline"), ""),
    ]
    assert problems[1].message == COLON_HINT + 'put the text in quotes: title: "Rule: Discipline"'


def test_a_section_written_twice_after_an_error_is_a_duplicate():
    text = MINIMAL.replace("  short_name: TC\n", "  short_name: TC: co-op\n") + (
        "units:\n  - {id: other, name: Other, kind: national}\n"
    )

    problems = problems_of(text)

    duplicate = [p for p in problems if "duplicate" in p.message]
    assert [(p.line, p.path) for p in duplicate] == [(len(text.splitlines()) - 1, "units")]
    assert duplicate[0].message.startswith("duplicate key 'units' (first at line 9)")


def test_a_list_item_out_of_line():
    text = variant(("  - id: board\n", "   - id: board\n"))

    problems = problems_of(text)

    syntax = [p for p in problems if p.message.startswith("YAML syntax error")]
    assert [(p.line, p.message) for p in syntax] == [
        (
            line_of(text, "   - id: board"),
            "YAML syntax error: this list item ('- ') is not in line with the items of its list: "
            "start every '- ' of one list in the same column, and indent the keys of an item "
            "under its first key",
        )
    ]


def test_the_colon_hint_quotes_text_that_holds_double_quotes_with_single_ones():
    text = variant(("title: Discipline,", 'title: The "Rules": discipline,'))
    text = text.replace("  - {id: art-2, title: The", "  - id: art-2\n    title: The")
    text = text.replace(
        "discipline, text: A member may be expelled after a hearing.}",
        "discipline\n    text: A member may be expelled after a hearing.",
    )

    problem = [p for p in problems_of(text) if p.path == ""][0]

    assert problem.message == COLON_HINT + (
        "put the text in quotes: title: 'The \"Rules\": discipline' (for a long text write "
        "'title: |' and the text on the lines below, indented)"
    )


def test_a_colon_in_quoted_text_is_fine():
    text = variant(("title: Discipline,", 'title: "Rule 2: discipline",'))

    assert load_charter(text).article("art-2").title == "Rule 2: discipline"


def test_a_key_without_its_colon():
    text = variant(("    visibility: body\n", "    visibility body\n"))

    problems = problems_of(text)

    syntax = [p for p in problems if p.message.startswith("YAML syntax error")]
    assert [(p.line, p.message) for p in syntax] == [
        (
            line_of(text, "visibility body"),
            "YAML syntax error: a line with no ':' after its key; write it as 'key: value', "
            "e.g. 'visibility: body', or indent it under the line above if it goes on that "
            "line's text",
        )
    ]


def test_a_section_key_without_its_colon_invents_no_problems():
    """`decision_types` without its colon: the decision types cannot be placed, so they are
    neither read as bodies nor reported missing, and references to them are not checked."""
    text = variant(("decision_types:\n", "decision_types\n"))

    problems = problems_of(text)

    assert [p.message for p in problems if not p.message.startswith("YAML syntax error")] == []
    assert len(problems) == 1
