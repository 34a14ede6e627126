"""Conventions every route shares: problem details, body limits, OpenAPI, health."""

from fastapi.testclient import TestClient

from tests.support.builders import World


def test_openapi_document_is_served_under_api_v1(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Desk API"
    assert "/api/v1/auth/login" in document["paths"]
    assert "/api/v1/customers/{customer_id}" in document["paths"]


def test_health_needs_no_sign_in(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"


def test_body_over_the_limit_gets_413_before_it_is_read(
    client: TestClient, world: World, settings
) -> None:
    payload = b'{"name": "' + b"x" * settings.max_body_bytes + b'"}'
    response = client.post(
        "/api/v1/customers",
        content=payload,
        headers={**world.as_("rep"), "content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["title"] == "Content Too Large"


def test_chunked_body_over_the_limit_gets_413(client: TestClient, world: World, settings) -> None:
    def chunks():
        for _ in range(settings.max_body_bytes // 65536 + 2):
            yield b"x" * 65536

    response = client.post(
        "/api/v1/customers",
        content=chunks(),
        headers={**world.as_("rep"), "content-type": "application/json"},
    )
    assert response.status_code == 413


def test_malformed_json_is_a_422_problem_not_a_500(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/customers",
        content=b"{not json",
        headers={**world.as_("rep"), "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_unknown_route_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_bad_cursor_is_a_400_problem(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/customers?cursor=!!!", headers=world.as_("rep"))
    assert response.status_code == 400
