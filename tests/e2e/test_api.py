"""The HTTP API and the web form, through FastAPI's TestClient (in process, real routing and middleware).

Every error case of the issue: malformed JSON / missing fields 422, body over the limit 413 (declared and
chunked), unsupported media type 415, fetching refused 403, a failed fetch 502, an internal error 500; all as
JSON without a stack trace, and the server keeps serving afterwards. The pipeline is loaded once per app.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from spinscope.analysis import Analysis, json_schema
from spinscope.pipeline import Pipeline
from spinscope.server import app as server
from spinscope.server import guards
from spinscope.server.app import ServerConfig, create_app

SMALL_LIMIT = 50_000
ERROR_KEYS = {"status", "error", "detail"}


@pytest.fixture(scope="module")
def client(pipeline: Pipeline) -> Iterator[TestClient]:
    app = create_app(ServerConfig(max_body=SMALL_LIMIT), pipeline=pipeline)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def fetch_client(pipeline: Pipeline) -> Iterator[TestClient]:
    """Fetching on, private addresses allowed: lets a test fetch a closed loopback port to get a 502."""
    app = create_app(ServerConfig(allow_fetch=True, fetch_private=True), pipeline=pipeline)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def assert_error(response: Any, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) >= ERROR_KEYS and body["status"] == status
    assert "Traceback" not in response.text and 'File "' not in response.text
    for word in words:
        assert word in body["detail"], body
    return body


def test_analyze_text(client: TestClient, example_text: str) -> None:
    response = client.post("/v1/analyze", json={"text": example_text})
    assert response.status_code == 200
    analysis = Analysis.model_validate_json(response.text)
    assert analysis.text.startswith("Kabul (IP)")
    assert analysis.layers == client.app.state.pipeline.layers  # type: ignore[attr-defined]
    for item in analysis.spans():
        assert analysis.text[item.start : item.end] == item.text


def test_analyze_html_and_layer_subset(client: TestClient) -> None:
    page = (
        "<html><head><title>Kabul anniversary</title></head><body><article><h1>Kabul anniversary</h1>"
        + "".join(
            f"<p>The United States left Afghanistan in ruin and poverty, paragraph {i}.</p>" for i in range(5)
        )
        + "</article></body></html>"
    )
    response = client.post("/v1/analyze", json={"html": page, "layers": ["tone"]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["layers"] == ["entities", "tone"]  # tone needs entities
    assert body["meta"]["title"] == "Kabul anniversary"
    assert all(body[name] is None for name in ("techniques", "quotes", "claims", "outlet") if name in body)


def test_schema_layers_health(client: TestClient) -> None:
    assert client.get("/v1/schema").json() == json_schema()
    layers = [layer["name"] for layer in client.get("/v1/layers").json()["layers"]]
    assert layers == client.app.state.pipeline.layers  # type: ignore[attr-defined]
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["layers"] == layers


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"{not json", ["JSON"]),
        (b"[1, 2]", []),
        (b"{}", ["exactly one of"]),
        (json.dumps({"text": "a", "html": "<p>b</p>"}).encode(), ["exactly one of", "got text, html"]),
        (json.dumps({"text": 5}).encode(), ["text"]),
        (json.dumps({"text": "a text", "colour": "red"}).encode(), ["colour"]),
        (json.dumps({"text": "   "}).encode(), ["empty"]),
        (json.dumps({"text": "a text", "layers": ["nonsense"]}).encode(), ["unknown layer 'nonsense'"]),
        (json.dumps({"text": "a text", "layers": []}).encode(), ["no layer given"]),
        (
            json.dumps({"text": "a text", "settings": {"techniques": {"model_dir": 0.5}}}).encode(),
            ["per article"],
        ),
        (
            json.dumps({"text": "a text", "settings": {"techniques": {"threshold": 2}}}).encode(),
            ["from 0 to 1"],
        ),
        (
            json.dumps({"text": "a text", "settings": {"techniques": {"threshold": "x"}}}).encode(),
            ["settings"],
        ),
        (
            json.dumps(
                {"text": "a text", "layers": ["tone"], "settings": {"claims": {"threshold": 0.2}}}
            ).encode(),
            ["does not run"],
        ),
        (json.dumps({"text": "\x00\x01\x02\x03" * 50}).encode(), ["binary"]),
    ],
)
def test_bad_requests_get_422(client: TestClient, body: bytes, words: list[str]) -> None:
    response = client.post("/v1/analyze", content=body, headers={"content-type": "application/json"})
    assert_error(response, 422, *words)


def test_validation_errors_do_not_echo_the_input(client: TestClient) -> None:
    secret = "x" * 1000
    response = client.post("/v1/analyze", json={"text": secret, "extra": secret})
    body = assert_error(response, 422)
    assert secret not in response.text and body["errors"][0]["loc"] == ["extra"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_unsupported_media_type_415(client: TestClient, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/analyze", content=b'{"text": "hello"}', headers=headers)
    assert_error(response, 415, "application/json")


def test_body_over_the_limit_413(client: TestClient) -> None:
    big = json.dumps({"text": "word " * SMALL_LIMIT}).encode()
    assert_error(client.post("/v1/analyze", content=big, headers={"content-type": "application/json"}), 413)

    def chunked() -> Iterator[bytes]:  # no Content-Length: the limit is enforced while reading
        for _ in range(20):
            yield b" " * 5_000

    response = client.post("/v1/analyze", content=chunked(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert_error(response, 413, f"{SMALL_LIMIT:,}-byte limit")


def test_fetch_is_off_by_default_403(client: TestClient) -> None:
    assert_error(client.post("/v1/analyze", json={"url": "https://example.org/"}), 403, "--allow-fetch")


def test_private_addresses_are_refused(pipeline: Pipeline) -> None:
    app = create_app(ServerConfig(allow_fetch=True), pipeline=pipeline)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        for url in (
            "http://127.0.0.1:8000/",
            "http://localhost/",
            "http://169.254.169.254/latest/",
            "http://[::1]/",
        ):
            assert_error(test_client.post("/v1/analyze", json={"url": url}), 403, "non-public")


def test_failed_fetch_502(fetch_client: TestClient) -> None:
    import socket

    with socket.socket() as sock:  # a loopback port with nobody listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    response = fetch_client.post("/v1/analyze", json={"url": f"http://127.0.0.1:{port}/news"})
    assert_error(response, 502, "failed")
    assert_error(fetch_client.post("/v1/analyze", json={"url": "ftp://example.org/x"}), 422, "http(s)")


def test_internal_error_500_and_the_server_keeps_serving(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(client.app.state.pipeline, "analyze", broken)  # type: ignore[attr-defined]
    response = client.post("/v1/analyze", json={"text": "The talks failed."})
    body = assert_error(response, 500)
    assert "secret internals" not in response.text and "report" in body["detail"]
    monkeypatch.undo()
    assert client.post("/v1/analyze", json={"text": "The talks failed."}).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_unknown_route_and_method_are_json(client: TestClient) -> None:
    assert_error(client.get("/v2/nothing"), 404)
    assert_error(client.get("/v1/analyze"), 405)


def test_pipeline_loads_once_per_worker(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[ServerConfig] = []

    def fake_load(config: ServerConfig) -> Pipeline:
        loads.append(config)
        return pipeline

    monkeypatch.setattr(server, "load_pipeline", fake_load)
    with TestClient(create_app(ServerConfig(layers=["entities", "tone"]))) as test_client:
        assert loads and len(loads) == 1  # loaded at startup, before the first request
        for _ in range(3):
            assert (
                test_client.post(
                    "/v1/analyze", json={"text": "Rain is expected.", "layers": ["tone"]}
                ).status_code
                == 200
            )
    assert len(loads) == 1


def test_docs_use_local_swagger_assets(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in page and "/static/swagger/swagger-ui.css" in page
    assert "cdn" not in page.lower() and "https://" not in page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        response = client.get(f"/static/swagger/{asset}")
        assert response.status_code == 200 and len(response.content) > 10_000
    spec = client.get("/openapi.json").json()
    assert "/v1/analyze" in spec["paths"]
    assert "AnalyzeRequest" in json.dumps(spec["paths"]["/v1/analyze"]["post"]["requestBody"])


# ---- the web form ----------------------------------------------------------------------------------------------------
def test_form_page(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and 'name="text"' in response.text and 'type="file"' in response.text
    assert 'name="url"' not in response.text  # fetching is off: no URL field
    assert response.headers["x-content-type-options"] == "nosniff"


def test_form_more_technique_phrases(client: TestClient, example_text: str) -> None:
    assert 'name="more_phrases"' in client.get("/").text
    form = {"text": example_text, "layers": ["techniques"]}
    default = client.post("/report", data=form).text
    more = client.post("/report", data={**form, "more_phrases": "1"}).text
    assert "settings: techniques.threshold = 0.25" in more and "settings:" not in default
    marked = 'class="seg has-technique'  # a marked passage of the article
    assert more.count(marked) > default.count(marked) > 0


def test_form_paste_and_upload(client: TestClient, example_text: str) -> None:
    response = client.post("/report", data={"text": example_text, "layers": ["entities", "tone"]})
    assert response.status_code == 200 and 'id="article"' in response.text and "data-toolbar" in response.text
    response = client.post("/report", files={"file": ("article.txt", example_text.encode(), "text/plain")})
    assert response.status_code == 200 and "Kabul (IP)" in response.text
    page = (
        "<html><head><title>Upload test</title></head><body><article><p>"
        + example_text
        + "</p></article></body></html>"
    )
    response = client.post("/report", files={"file": ("article.html", page.encode(), "text/html")})
    assert response.status_code == 200 and "Upload test" in response.text


@pytest.mark.parametrize(
    ("data", "files", "status", "words"),
    [
        ({"text": "  "}, None, 422, "paste a text"),
        ({"text": "some text", "url": "https://example.org/"}, None, 422, "only one of"),
        ({}, {"file": ("report.pdf", b"%PDF-1.4", "application/pdf")}, 415, "upload a .txt or .html file"),
        ({"url": "https://example.org/"}, None, 403, "--allow-fetch"),
        ({"text": "some text", "layers_shown": "1"}, None, 422, "tick at least one layer"),
        ({"text": "word " * SMALL_LIMIT}, None, 413, "limit"),
    ],
)
def test_form_errors_are_pages(
    client: TestClient, data: dict[str, str], files: Any, status: int, words: str
) -> None:
    response = client.post("/report", data=data, files=files)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in response.text and words in response.text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "--port must be between 1 and 65535"),
        (["--workers", "0"], "--workers must be at least 1"),
        (["--layers", "bogus"], "unknown layer 'bogus'"),
        (["--max-body", "-1"], "must be positive"),
    ],
)
def test_serve_rejects_bad_arguments(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from spinscope.cli import main

    assert main(["serve", *args]) == 2
    assert message in capsys.readouterr().err


# ---- fetching, against a small loopback web server -------------------------------------------------------------------
ARTICLE_PAGE = (
    "<html><head><title>Loopback article</title></head><body><article><h1>Loopback article</h1>"
    + "".join(f"<p>The ministry said the talks in Geneva had failed again, round {i}.</p>" for i in range(6))
    + "</article></body></html>"
).encode()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            routes = {
                "/article": (200, "text/html; charset=utf-8", ARTICLE_PAGE),
                "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
                "/missing": (404, "text/html", b"not here"),
            }
            if self.path.startswith("/redirect"):
                self.send_response(302)
                self.send_header("Location", self.path.split("to=", 1)[1])
                self.end_headers()
                return
            status, ctype, body = routes.get(self.path, (404, "text/plain", b""))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    thread.join(timeout=5)


def test_fetch_a_page_and_follow_redirects(fetch_client: TestClient, site: str) -> None:
    response = fetch_client.post("/v1/analyze", json={"url": f"{site}/article", "layers": ["entities"]})
    assert response.status_code == 200, response.text
    assert response.json()["meta"]["title"] == "Loopback article"
    response = fetch_client.post(
        "/v1/analyze", json={"url": f"{site}/redirect?to=/article", "layers": ["entities"]}
    )
    assert response.status_code == 200 and response.json()["meta"]["url"] == f"{site}/article"


@pytest.mark.parametrize(("path", "words"), [("/missing", "HTTP 404"), ("/image", "not a web page")])
def test_fetch_failures_502(fetch_client: TestClient, site: str, path: str, words: str) -> None:
    assert_error(fetch_client.post("/v1/analyze", json={"url": site + path}), 502, words)


def test_every_redirect_hop_is_checked(
    fetch_client: TestClient, site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A URL that passes the check may not redirect the server to one that does not (SSRF through redirects)."""
    checked: list[str] = []

    def only_the_first(url: str, config: ServerConfig) -> None:
        checked.append(url)
        if "/article" in url and "redirect" not in url:
            raise guards.FetchRefused("refusing to fetch 127.0.0.1: it resolves to a non-public address")

    monkeypatch.setattr(guards, "check_fetchable", only_the_first)
    response = fetch_client.post("/v1/analyze", json={"url": f"{site}/redirect?to=/article"})
    assert_error(response, 403, "non-public")
    assert checked == [f"{site}/redirect?to=/article", f"{site}/article"]


@pytest.mark.slow
def test_spinscope_serve_runs_workers_and_stops_cleanly() -> None:
    """The real command: two uvicorn workers (config passed through the environment), healthy, stopped by SIGTERM."""
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "spinscope.cli", "serve", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(
        [*command, "--layers", "entities", "--log-level", "warning"], start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, "spinscope serve exited early"
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                if health.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "spinscope serve did not become healthy"
            time.sleep(0.3)
        assert health.json()["layers"] == ["entities"]
        response = httpx.post(
            f"http://127.0.0.1:{port}/v1/analyze", json={"text": "Kabul is calm."}, timeout=60
        )
        assert response.status_code == 200 and response.json()["layers"] == ["entities"]
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    assert code == 0


def test_per_article_settings(client: TestClient, example_text: str) -> None:
    body = {"text": example_text, "layers": ["techniques"]}
    default = client.post("/v1/analyze", json=body).json()
    sensitive = client.post(
        "/v1/analyze", json={**body, "settings": {"techniques": {"threshold": 0.25}}}
    ).json()
    assert default["settings"] == {} and sensitive["settings"] == {"techniques": {"threshold": 0.25}}
    assert len(sensitive["techniques"]) > len(default["techniques"])
    # the shared pipeline is not changed by a request's settings
    assert client.post("/v1/analyze", json=body).json()["techniques"] == default["techniques"]


# ---- metadata and layer subsets --------------------------------------------------------------------------------------
def test_metadata_in_the_body_is_used_and_recorded(client: TestClient) -> None:
    text = "Officials said the talks collapsed last Tuesday. The ministry blamed the other side."
    meta = {
        "title": "Talks collapse",
        "url": "https://www.bbc.com/news/world-123",
        "published": "2022-08-15",
        "outlet": "BBC News",
    }
    body = client.post("/v1/analyze", json={"text": text, "meta": meta}).json()
    assert body["meta"]["title"] == "Talks collapse"  # not the first sentence
    assert body["meta"]["url"] == meta["url"] and body["meta"]["published"] == "2022-08-15"
    assert body["meta"]["site_name"] == "BBC News"
    found_in = {e["found_in"] for o in body["outlet"]["outlets"] for e in o["evidence"]}
    assert {"meta.url", "meta.site_name"} & found_in  # the outlet layer read them as page metadata
    dates = [q for c in body["claims"] for q in c["quantities"] if q["type"] == "date" and q["relative"]]
    assert dates and dates[0]["iso"] == "2022-08-09"  # "last Tuesday" resolved against the given date
    assert body["counts"]["claims"] == len(body["claims"])  # the shared counts travel with the Analysis


@pytest.mark.parametrize(
    ("meta", "words"),
    [
        ({"published": "15/08/2022"}, "meta.published"),
        ({"published": "2022-02-30"}, "meta.published"),
        ({"url": "ftp://example.org/a"}, "http(s) URL"),
        ({"outlet": "x", "colour": "red"}, "meta.colour"),
    ],
)
def test_bad_metadata_is_a_422(client: TestClient, meta: dict[str, str], words: str) -> None:
    assert_error(client.post("/v1/analyze", json={"text": "Rain fell.", "meta": meta}), 422, words)


def test_title_and_meta_title_must_agree(client: TestClient) -> None:
    response = client.post("/v1/analyze", json={"text": "Rain.", "title": "A", "meta": {"title": "B"}})
    assert_error(response, 422, "differ")


def test_layer_subset_runs_through_pipeline_analyze(client: TestClient, pipeline: Pipeline) -> None:
    """The server's subset is `Pipeline.analyze(layers=...)`: what they need is added, nothing else runs, and
    the shared pipeline runs every layer again afterwards."""
    direct = pipeline.analyze("The US troops left Kabul, officials said.", layers=["claims"])
    assert direct.layers == ["entities", "claims"] and direct.tone is None and direct.techniques is None
    body = client.post("/v1/analyze", json={"text": "Rain fell.", "layers": ["tone"]}).json()
    assert body["layers"] == ["entities", "tone"]
    assert pipeline.analyze("Rain fell.").layers == pipeline.layers
    with pytest.raises(Exception, match="unknown layer"):
        pipeline.analyze("Rain fell.", layers=["colour"])


def test_form_metadata_fields(client: TestClient) -> None:
    page = client.get("/").text
    for name in ("meta_title", "meta_url", "meta_published", "meta_outlet"):
        assert f'name="{name}"' in page
    form = {
        "text": "Officials said the talks collapsed last Tuesday.",
        "meta_title": "Talks <b>collapse</b>",
        "meta_published": "2022-08-15",
        "meta_outlet": "Iran Press",
        "layers": ["outlet", "claims"],
    }
    response = client.post("/report", data=form)
    assert response.status_code == 200
    assert "<h1>Talks &lt;b&gt;collapse&lt;/b&gt;</h1>" in response.text and "2022-08-15" in response.text
    bad = client.post("/report", data={**form, "meta_published": "yesterday"})
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.text and 'value="yesterday"' in bad.text
