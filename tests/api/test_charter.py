"""GET /charter, /charter/versions, /charter/versions/{number}; the schema and the docs."""

import json

from tests.api.conftest import rules


def test_it_shows_the_charter_in_force(member):
    response = member.get("/charter")
    assert response.status_code == 200
    charter = response.json()
    assert charter["number"] == 1
    assert charter["name"] == "Test Tenants' Union"
    assert charter["adopted_by"] is None
    assert [unit["id"] for unit in charter["units"]] == ["union", "east", "west"]
    bureau = next(body for body in charter["bodies"] if body["id"] == "bureau")
    assert bureau["visibility"] == "body"
    assert bureau["quorum"]["at_least"] == 2
    assert bureau["seats"][0]["by_body"] == "council"
    council = next(body for body in charter["bodies"] if body["id"] == "council")
    assert council["quorum"]["fraction"] == "1/2"
    assert council["notice"]["emergency_declared_by"] == ["council"]
    expel = next(t for t in charter["decision_types"] if t["id"] == "member.expel")
    assert expel["notice_required"] is True
    assert expel["competences"] == [
        {
            "body": "council",
            "threshold": "two_thirds_entire",
            "threshold_words": "two-thirds of all seat holders "
            "(absentees and abstentions count as no)",
        }
    ]
    assert charter["articles"][0]["id"] == "art-1"


def test_it_requires_a_login(anonymous):
    response = anonymous.get("/charter")
    assert response.status_code == 401
    assert rules(response) == {"unauthenticated"}
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_refuses_people_not_on_the_roll(outsider_api):
    assert outsider_api.get("/charter").status_code == 403
    assert outsider_api.get("/charter/versions").status_code == 403
    assert outsider_api.get("/charter/versions/1").status_code == 403


def test_it_lists_the_versions(admin):
    response = admin.get("/charter/versions")
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 1
    assert page["items"][0]["number"] == 1
    assert page["items"][0]["in_force"] is True


def test_a_version_carries_its_source(member, small_charter_text):
    response = member.get("/charter/versions/1")
    assert response.status_code == 200
    assert response.json()["source_text"] == small_charter_text
    assert response.json()["source_name"] == "small-charter.yaml"


def test_an_unknown_version_is_404(member):
    response = member.get("/charter/versions/9")
    assert response.status_code == 404
    assert rules(response) == {"not_found"}


def test_the_openapi_schema_is_valid_json_with_the_paths(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    for path in (
        "/api/v1/charter",
        "/api/v1/charter/versions/{number}",
        "/api/v1/units",
        "/api/v1/bodies/{slug}",
        "/api/v1/members/{membership_number}",
        "/api/v1/members/{membership_number}/status",
        "/api/v1/decisions",
        "/api/v1/decisions/check",
        "/api/v1/decisions/{reference}",
        "/api/v1/decisions/{reference}/progress",
        "/api/v1/tokens",
        "/api/v1/journal/verify",
    ):
        assert path in schema["paths"], path
    assert "422" in schema["paths"]["/api/v1/decisions"]["post"]["responses"]


def test_the_docs_page_loads_nothing_from_another_site(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html and "http://" not in html
    assert '"validatorUrl": null' in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js"):
        served = client.get(f"/static/ninja/{asset}")
        assert served.status_code == 200, asset
