"""The official MCP Registry v0.1 source against the loopback server: paging, incremental sync,
deleted status, resume after a failure, fixture pages validated against the registry's OpenAPI."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import jsonschema
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from indexserver import IndexServer, OfficialData  # noqa: E402
from indexserver.server import OFFICIAL_KEY, T0  # noqa: E402

from catalog.store.open import open_store  # noqa: E402
from crawler.sources import CrawlOptions, SourceFailure, crawl_network_source  # noqa: E402
from crawler.sources.official import api_root, version_url  # noqa: E402

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "indexserver" / "data" / "specs" / "openapi.yaml"
FAST = CrawlOptions(rate_per_minute=60_000, backoff_base_s=0.02, backoff_max_s=0.05, retries=1, timeout_s=5)


@pytest.fixture
def server() -> Iterator[IndexServer]:
    with IndexServer() as srv:
        yield srv


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "catalog.db"


def latest_count(data: OfficialData) -> int:
    return sum(1 for e in data.entries if e["_meta"][OFFICIAL_KEY]["isLatest"])


def rows(db: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def list_requests(server: IndexServer) -> list[dict[str, str]]:
    return [{k: v[-1] for k, v in parse_qs(r.query).items()} for r in server.requests_to("/v0.1/servers")]


# --- fixture pages cannot drift from the real API ---------------------------------------------------


def test_fixture_pages_validate_against_openapi(server: IndexServer) -> None:
    spec = yaml.safe_load(SPEC.read_text())
    validator = jsonschema.Draft202012Validator(
        {"$ref": "#/components/schemas/ServerList", "components": spec["components"]}
    )
    server_schema = json.loads((SPEC.parent / "2025-12-11.server.schema.json").read_text())
    server_validator = jsonschema.Draft7Validator(server_schema)
    cursor, pages = None, 0
    while True:
        params = {"limit": 100, "version": "latest"} | ({"cursor": cursor} if cursor else {})
        body = httpx.get(server.url + "/v0.1/servers", params=params).json()
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
        assert not errors, f"page {pages}: {errors[0].message} at {list(errors[0].path)}"
        for item in body["servers"]:  # and every server.json against the current server schema
            bad = next(server_validator.iter_errors(item["server"]), None)
            assert bad is None, f"{item['server']['name']}: {bad.message if bad else ''}"
        pages += 1
        cursor = body["metadata"].get("nextCursor")
        if not cursor:
            break
    assert pages >= 4
    since = httpx.get(server.url + "/v0.1/servers", params={"updated_since": "2025-10-01T00:05:00Z"}).json()
    assert not list(validator.iter_errors(since)) and since["servers"]


def test_api_root_and_detail_urls_escape_names() -> None:
    assert api_root("https://r.example") == "https://r.example/v0.1"
    assert api_root("https://r.example/v0.1/") == "https://r.example/v0.1"
    assert api_root("https://r.example/v0") == "https://r.example/v0"
    url = version_url("https://r.example", "io.github.user/my-server", "1.0.0+build")
    assert url == "https://r.example/v0.1/servers/io.github.user%2Fmy-server/versions/1.0.0%2Bbuild"


def test_detail_url_works_against_the_server(server: IndexServer) -> None:
    name, version = server.official.key(0)
    resp = httpx.get(version_url(server.url, name, version))
    assert resp.status_code == 200 and resp.json()["server"]["name"] == name


# --- full and incremental sync ------------------------------------------------------------------------


def test_full_sync_pages_through_everything(server: IndexServer, db: Path) -> None:
    with open_store(str(db)) as store:
        summary = crawl_network_source("official", server.url, store, options=FAST)
    expected = latest_count(server.official)
    assert summary.fetched == expected == summary.new and summary.errors == 0
    reqs = list_requests(server)
    assert len(reqs) == -(-expected // 100)
    assert all(
        r["limit"] == "100" and r["version"] == "latest" and r["include_deleted"] == "true" for r in reqs
    )
    assert "cursor" not in reqs[0] and all("cursor" in r for r in reqs[1:])
    assert (
        rows(db, "SELECT count(DISTINCT source_id) FROM source_records WHERE source='official'")[0][0]
        == expected
    )
    # one transaction per page
    assert rows(db, "SELECT count(*) FROM fetches WHERE source='official' AND status='ok'")[0][0] == len(reqs)


def test_empty_last_page_ends_the_sync(server: IndexServer, db: Path) -> None:
    total = latest_count(server.official)
    size = next(n for n in range(60, 101) if total % n == 0)
    with open_store(str(db)) as store:
        summary = crawl_network_source(
            "official", server.url, store, options=FAST.model_copy(update={"page_size": size})
        )
    assert summary.fetched == total
    assert len(list_requests(server)) == total // size + 1  # the last page came back empty
    assert rows(db, "SELECT count(*) FROM fetches WHERE source='official'")[0][0] == total // size


def test_incremental_without_changes_costs_one_request_and_writes_nothing(
    server: IndexServer, db: Path
) -> None:
    with open_store(str(db)) as store:
        crawl_network_source("official", server.url, store, options=FAST)
        state = store.get_source_state("official")
        assert state["updated_since"] and "run" not in state
    before_rows = rows(db, "SELECT count(*) FROM fetches")[0][0]
    before_bytes = db.read_bytes()
    n = len(list_requests(server))
    with open_store(str(db)) as store:
        summary = crawl_network_source("official", server.url, store, options=FAST)
    assert summary.fetched == 0 and summary.new == 0
    reqs = list_requests(server)[n:]
    assert len(reqs) == 1 and reqs[0]["updated_since"] == state["updated_since"]
    assert rows(db, "SELECT count(*) FROM fetches")[0][0] == before_rows
    assert db.read_bytes() == before_bytes


def test_incremental_sync_picks_up_changes_and_deletions(server: IndexServer, db: Path) -> None:
    with open_store(str(db)) as store:
        crawl_network_source("official", server.url, store, options=FAST)
    names = [e["server"]["name"] for e in server.official.entries if e["_meta"][OFFICIAL_KEY]["isLatest"]]
    later = T0 + timedelta(days=30)
    server.official.set_status(names[5], "deleted", later)
    server.official.set_description(names[7], "A changed description", later + timedelta(seconds=1))
    n = len(list_requests(server))
    with open_store(str(db)) as store:
        summary = crawl_network_source("official", server.url, store, options=FAST)
        assert store.get_source_state("official")["updated_since"] == "2025-10-31T00:00:01Z"
    assert summary.fetched == 2 and summary.changed == 2 and summary.deleted == 1
    assert len(list_requests(server)) - n == 1
    status = rows(
        db, "SELECT status FROM source_records WHERE source_id=? ORDER BY id DESC LIMIT 1", names[5]
    )
    assert status == [("deleted",)]
    # the deleted server is kept, not dropped: its earlier record is still there
    assert len(rows(db, "SELECT id FROM source_records WHERE source_id=?", names[5])) == 2
    # and a third run sees nothing new
    with open_store(str(db)) as store:
        assert crawl_network_source("official", server.url, store, options=FAST).fetched == 0


def test_failure_mid_paging_keeps_pages_and_resumes(server: IndexServer, db: Path) -> None:
    total = latest_count(server.official)
    server.inject("/v0.1/servers", ("pass",), ("pass",), ("status", 500), ("status", 500))
    with open_store(str(db)) as store, pytest.raises(SourceFailure) as err:
        crawl_network_source("official", server.url, store, options=FAST)
    assert "HTTP 500" in str(err.value) and "\n" not in str(err.value)
    assert err.value.summary.fetched == 200  # two pages were committed before the failure
    assert rows(db, "SELECT count(DISTINCT source_id) FROM source_records")[0][0] == 200
    with open_store(str(db)) as store:
        state = store.get_source_state("official")
        assert state["run"]["cursor"]
        summary = crawl_network_source("official", server.url, store, options=FAST)
    resumed = list_requests(server)[4:]
    assert resumed[0]["cursor"] == state["run"]["cursor"]
    assert summary.fetched == total - 200 and summary.new == total - 200
    assert rows(db, "SELECT count(DISTINCT source_id) FROM source_records")[0][0] == total
    with open_store(str(db)) as store:
        assert "run" not in store.get_source_state("official")


def test_full_option_ignores_incremental_state(server: IndexServer, db: Path) -> None:
    with open_store(str(db)) as store:
        crawl_network_source("official", server.url, store, options=FAST)
        n = len(list_requests(server))
        summary = crawl_network_source(
            "official", server.url, store, options=FAST.model_copy(update={"full": True})
        )
    assert summary.fetched == latest_count(server.official) and summary.unchanged == summary.fetched
    assert all("updated_since" not in r for r in list_requests(server)[n:])


def test_registry_stays_under_its_rate_limit(server: IndexServer, db: Path) -> None:
    opts = FAST.model_copy(update={"rate_per_minute": 1200.0, "page_size": 40})
    with open_store(str(db)) as store:
        crawl_network_source("official", server.url, store, options=opts)
    times = [r.at for r in server.requests_to("/v0.1/servers")]
    assert len(times) >= 9
    # 1200/min = 50 ms apart: the run cannot be faster than that. Arrival times are taken in this
    # process, which is busy storing pages, so single gaps jitter; windows and the span do not lie.
    assert times[-1] - times[0] >= (len(times) - 1) * 0.05 * 0.98
    assert server.max_in_window(0.5) <= 12
    assert server.max_in_window(1.0) <= 21


def test_bad_page_shape_is_a_one_line_failure(server: IndexServer, db: Path) -> None:
    server.extra_routes["/bad/v0.1/servers"] = lambda s, q: (
        200,
        json.dumps({"items": []}).encode(),
        "application/json",
    )
    with open_store(str(db)) as store, pytest.raises(SourceFailure, match="expected a ServerList"):
        crawl_network_source("official", server.url + "/bad", store, options=FAST)


def test_default_rate_is_under_the_registry_ingress_limit() -> None:
    from crawler.sources import NETWORK_SOURCES

    assert NETWORK_SOURCES["official"].default_rate_per_minute < 180
    assert NETWORK_SOURCES["official"].needs_key is None


def test_429_mid_sync_pauses_then_completes(server: IndexServer, db: Path) -> None:
    server.inject("/v0.1/servers", ("pass",), ("status", 429, 1))
    opts = FAST.model_copy(update={"retries": 2})
    with open_store(str(db)) as store:
        summary = crawl_network_source("official", server.url, store, options=opts)
    assert summary.fetched == latest_count(server.official)
    times = [r.at for r in server.requests_to("/v0.1/servers")]
    assert times[2] - times[1] >= 0.95  # the retry of page 2 waited for Retry-After


def test_progress_is_reported(server: IndexServer, db: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    with open_store(str(db)) as store:
        crawl_network_source("official", server.url, store, options=FAST, progress=lambda d, t: seen.append((d, t)))
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == latest_count(server.official) and len(done) >= 4


def test_401_from_a_keyless_source_says_so(server: IndexServer, db: Path) -> None:
    server.extra_routes["/locked/v0.1/servers"] = lambda s, q: (401, b'{"title":"Unauthorized"}', "application/problem+json")
    with open_store(str(db)) as store, pytest.raises(SourceFailure) as err:
        crawl_network_source("official", server.url + "/locked", store, options=FAST)
    assert "HTTP 401" in str(err.value) and "needs no key" in str(err.value)


def test_html_instead_of_json_is_a_clear_failure(server: IndexServer, db: Path) -> None:
    server.inject("/v0.1/servers", ("content_type", "text/html"))
    with open_store(str(db)) as store, pytest.raises(SourceFailure, match="content type 'text/html'"):
        crawl_network_source("official", server.url, store, options=FAST)
    assert rows(db, "SELECT count(*) FROM source_records")[0][0] == 0
