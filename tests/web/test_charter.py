"""The charter in force, its versions, and the unit tree."""

from minutebook.charter.models import CharterVersion
from tests.factories import record


def test_the_charter_shows_articles_beside_the_rules_that_cite_them(member_client, org):
    response = member_client.get("/charter/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="article-art-2"' in html
    # art-2 (Amendments) is cited by the charter.amend decision type...
    citations = response.context["citations"]
    assert [c.id for c in citations["art-2"]] == ["charter.amend"]
    # ...and art-1 by the General Assembly.
    assert [c.id for c in citations["art-1"]] == ["assembly"]
    assert 'href="#type-charter.amend">Amend the charter</a>' in html


def test_the_charter_shows_each_bodys_rules_in_words(member_client, org):
    html = member_client.get("/charter/").content.decode()
    assert "3 seats for each local, elected by its members, for 1 year" in html
    assert "Its own seat holders only" in html  # the Bureau's visibility
    assert "more than half of the filled seats present".capitalize() in html
    assert "an emergency meeting may be called 1 day ahead, declared by the Council" in html


def test_the_decision_types_table_says_who_decides_and_by_what_majority(member_client, org):
    html = member_client.get("/charter/").content.decode()
    assert "two-thirds of the votes cast" in html
    assert "two-thirds of all seat holders" in html  # member.expel: two_thirds_entire
    # body.establish: the assembly must be unanimous.
    assert "every vote cast (unanimity" in html
    assert '<th scope="col">Who may decide, and the majority needed</th>' in html


def test_versions_list_the_founding_charter(member_client, org):
    response = member_client.get("/charter/versions/")
    assert response.status_code == 200
    assert "the founding charter" in response.content.decode()


def test_an_amendment_makes_a_new_version_with_a_diff_and_its_decision(
    member_client, org, small_charter_text
):
    amended = small_charter_text.replace(
        "The general assembly is the highest body of the union.",
        "The general assembly is the highest body of the union and meets every spring.",
    )
    decision = record(
        org.bodies["assembly"], "charter.amend", yes=5, no=1, notice_given=True,
        title="Spring assemblies", new_charter_text=amended,
    )  # fmt: skip
    assert CharterVersion.objects.count() == 2

    versions = member_client.get("/charter/versions/").content.decode()
    assert f'href="/decisions/{decision.reference}/"' in versions

    old = member_client.get("/charter/versions/1/")
    assert old.status_code == 200
    assert "no longer in force" in old.content.decode()
    assert "meets every spring" not in old.content.decode()

    new = member_client.get("/charter/versions/2/")
    html = new.content.decode()
    assert "This is the version in force" in html
    assert (
        "added",
        "+    text: The general assembly is the highest body of the union and meets every spring.",
    ) in new.context["diff"]
    assert '<span class="removed">' in html


def test_an_unknown_version_is_not_found(member_client, org):
    assert member_client.get("/charter/versions/9/").status_code == 404


def test_the_unit_tree_nests_units_with_bodies_and_members(member_client, org):
    response = member_client.get("/units/")
    assert response.status_code == 200
    (root,) = response.context["roots"]
    assert root.unit.slug == "union"
    assert sorted(child.unit.slug for child in root.children) == ["east", "west"]
    east = next(child for child in root.children if child.unit.slug == "east")
    # 3 delegates, 2 council members (1 and 3), one rank-and-file; not the applicant.
    assert east.members == 6
    assert root.members_within == 13
    assert [body.slug for body in east.bodies] == ["local-committee.east"]
    html = response.content.decode()
    assert '<ul class="tree">' in html
