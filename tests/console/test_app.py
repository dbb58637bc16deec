"""The console's process answers its health check and serves its stylesheet, with nobody signed in; every page
says it may not be framed or cached."""


def test_health_and_the_stylesheet_need_no_sign_in(http) -> None:
    assert http.get("/health").text == "ok"
    css = http.get("/static/console.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_pages_are_neither_framed_nor_cached_nor_load_from_elsewhere(http) -> None:
    page = http.get("/signin")
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"
    assert "default-src 'self'" in page.headers["content-security-policy"]
