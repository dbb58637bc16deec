"""The OpenAPI document lists every route with a summary, the bearer scheme, and the error shapes."""

ROUTES = {
    ("get", "/health"), ("get", "/tickets"), ("get", "/tickets/{number}"),
    ("post", "/tickets/{number}/status"), ("post", "/tickets/{number}/assign"),
    ("post", "/tickets/{number}/resolve"), ("post", "/tickets/{number}/comments"),
    ("post", "/tickets/{number}/replies"), ("post", "/tickets/{number}/priority"), ("post", "/settings/reload"),
    ("post", "/tickets/{number}/takeover"), ("get", "/privacy/people/{person}"),
    ("delete", "/privacy/people/{person}"), ("post", "/tickets/{number}/assignee"),
    ("post", "/tickets/{number}/escalate"), ("post", "/tickets/{number}/escalate/manager"),
    ("post", "/tickets/{number}/problem"), ("post", "/tickets/{number}/pending"), ("post", "/tickets/{number}/reopen"),
    ("get", "/tickets/{number}/remote-sessions"), ("post", "/tickets/{number}/remote-session"),
    ("post", "/tickets/{number}/remote-session/end"),
    ("get", "/tickets/{number}/attachments"), ("get", "/tickets/{number}/attachments/{attachment_id}"),
    ("post", "/tickets/{number}/upload-link"),
}


def test_the_schema_lists_the_routes_with_summaries_and_security(desk) -> None:
    response = desk.http.get("/openapi.json")  # served without a key, like the docs
    assert response.status_code == 200
    schema = response.json()
    operations = {(method, path): operation for path, item in schema["paths"].items()
                  for method, operation in item.items()}
    assert set(operations) == ROUTES
    assert all(operation.get("summary") for operation in operations.values())
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for key, operation in operations.items():
        secured = operation.get("security") == [{"HTTPBearer": []}]
        assert secured == (key != ("get", "/health")), key
        if secured:
            assert {"401", "403"} <= set(operation["responses"]), key
    assert {"404", "409"} <= set(operations[("post", "/tickets/{number}/status")]["responses"])
    change = schema["components"]["schemas"]["StatusChange"]
    assert change["required"] == ["to"]
    statuses = schema["components"]["schemas"]["Status"]["enum"]
    assert statuses == ["new", "assigned", "in_progress", "pending", "resolved", "closed", "cancelled"]
