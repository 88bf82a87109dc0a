"""/api/openapi.json is a valid OpenAPI 3.1 document of both APIs, generated from the
models that validate requests; /api/docs renders it without any outside resource."""

from __future__ import annotations

from openapi_spec_validator import validate

from app.api.schemas import CandidateInvitationRequest


def test_the_document_is_valid_openapi_3_1(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_it_covers_the_public_api_and_the_greenhouse_api(client) -> None:  # type: ignore[no-untyped-def]
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {"/api/v1/auth/token", "/api/v1/tests", "/api/v1/tests/{id}",
            "/api/v1/tests/invitations/candidates", "/api/v1/tests/invitations",
            "/api/v1/tests/invitations/{id}", "/api/greenhouse/list_tests",
            "/api/greenhouse/send_test", "/api/greenhouse/test_status",
            "/api/greenhouse/response_error"} == set(paths)
    assert set(paths["/api/v1/tests/invitations/{id}"]) == {"get", "delete"}


def test_the_invitation_body_is_the_model_that_validates_it(client) -> None:  # type: ignore[no-untyped-def]
    document = client.get("/api/openapi.json").get_json()
    invite = document["paths"]["/api/v1/tests/invitations/candidates"]["post"]
    ref = invite["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(schema["properties"]) == set(CandidateInvitationRequest.model_fields)
    assert set(schema["required"]) == {"name", "surname", "email", "gender", "testIds"}
    assert schema["properties"]["gender"]["enum"] == ["Male", "Female"]
    assert invite["security"] == [{"oauth2": ["tests.write"]}]
    assert "202" in invite["responses"] and "400" in invite["responses"]
    problem = invite["responses"]["400"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_the_reference_page_is_server_rendered_without_a_cdn(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "POST /api/v1/tests/invitations/candidates" in page
    assert 'id="problem-invalid-test-ids"' in page
    assert "<script" not in page and "https://" not in page.replace("https://hooks", "")
    ukrainian = client.get("/api/docs?lang=uk").get_data(as_text=True)
    assert "Довідник API" in ukrainian


def test_a_problem_type_url_leads_to_its_entry(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/problems/invalid-test-ids")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/api/docs#problem-invalid-test-ids")
    assert client.get("/problems/nothing").status_code == 404
