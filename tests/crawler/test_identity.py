"""crawler.identity: the same server spelled by different indexes gets the same keys."""

from __future__ import annotations

import pytest

from catalog.models import PackageRef, ServerRecord
from crawler.identity import identity_keys, normalize_package, normalize_repo_url


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/Owner/Repo",
        "https://github.com/owner/repo.git",
        "http://www.github.com/owner/repo/",
        "git+https://github.com/OWNER/repo.git",
        "git@github.com:owner/repo.git",
        "ssh://git@github.com/owner/repo",
        "github.com/owner/repo",
        "https://github.com/owner/repo/tree/main/src/sub",
        "https://github.com/owner/repo#readme",
        "https://github.com/owner/repo?tab=readme",
    ],
)
def test_repo_spellings_collapse(url: str) -> None:
    assert normalize_repo_url(url) == "github.com/owner/repo"


def test_gitlab_subgroups_are_kept_and_dash_paths_cut() -> None:
    assert normalize_repo_url("https://gitlab.com/Group/Sub/Proj/-/tree/main") == "gitlab.com/group/sub/proj"


def test_other_hosts_keep_path_case() -> None:
    assert normalize_repo_url("https://git.example.org/Team/Tool.git") == "git.example.org/Team/Tool"


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "   ",
        "https://github.com/owner",
        "not a url",
        "javascript:alert(1)",
        "https://github.com/",
        "https://github.com/a b/c",
        "file:///etc/passwd",
        "https://github.com/<script>/x",
    ],
)
def test_non_repositories_give_none(url: str | None) -> None:
    assert normalize_repo_url(url) is None


@pytest.mark.parametrize(
    ("registry", "identifier", "expected"),
    [
        ("npm", "@Scope/Pkg", "npm:@scope/pkg"),
        ("npm", "@scope/pkg@1.2.3", "npm:@scope/pkg"),
        ("npm", "pkg@latest", "npm:pkg"),
        ("NPM", "npm:some-pkg", "npm:some-pkg"),
        ("pypi", "Mcp_Server.Fetch", "pypi:mcp-server-fetch"),
        ("pypi", "mcp-server-git==0.6.2", "pypi:mcp-server-git"),
        ("pypi", "pkg[extra]>=1", "pypi:pkg"),
        ("oci", "mcp/fetch:latest", "oci:docker.io/mcp/fetch"),
        ("oci", "docker.io/mcp/fetch@sha256:abc", "oci:docker.io/mcp/fetch"),
        ("docker", "index.docker.io/mcp/fetch", "oci:docker.io/mcp/fetch"),
        ("oci", "redis", "oci:docker.io/library/redis"),
        ("oci", "ghcr.io/Owner/Img:v1", "oci:ghcr.io/owner/img"),
        ("oci", "localhost:5000/x/y:1", "oci:localhost:5000/x/y"),
        ("cargo", "Some-Crate", "cargo:some-crate"),
    ],
)
def test_package_identifiers(registry: str, identifier: str, expected: str) -> None:
    assert normalize_package(registry, identifier) == expected


@pytest.mark.parametrize(
    ("registry", "identifier"),
    [
        ("npm", "bad name"),
        ("pypi", "../x"),
        ("oci", "UPPER/../x"),
        ("unknown", "x"),
        ("npm", ""),
        ("mcpb", "file:///x"),
    ],
)
def test_unusable_identifiers_give_none(registry: str, identifier: str) -> None:
    assert normalize_package(registry, identifier) is None


def _rec(source: str, **kw) -> ServerRecord:
    return ServerRecord(source=source, source_id=kw.pop("source_id", "x"), name=kw.pop("name", "x"), **kw)


def test_same_server_from_three_indexes_shares_keys() -> None:
    official = _rec(
        "official",
        name="io.github.acme/weather-mcp",
        repository_url="https://github.com/Acme/weather-mcp",
        packages=[PackageRef(registry="npm", identifier="@acme/weather-mcp", version="1.0.0")],
    )
    docker = _rec(
        "docker",
        name="weather",
        repository_url="https://github.com/acme/weather-mcp.git",
        packages=[PackageRef(registry="oci", identifier="mcp/weather")],
    )
    toolsdk = _rec(
        "toolsdk",
        name="@acme/weather-mcp",
        packages=[PackageRef(registry="npm", identifier="@ACME/weather-mcp@2")],
    )
    ko, kd, kt = identity_keys(official), identity_keys(docker), identity_keys(toolsdk)
    assert "repo:github.com/acme/weather-mcp" in ko and "repo:github.com/acme/weather-mcp" in kd
    assert "npm:@acme/weather-mcp" in ko and "npm:@acme/weather-mcp" in kt
    assert "oci:docker.io/mcp/weather" in kd
    # packages come before the (weaker) repository key, and nothing repeats
    assert ko.index("npm:@acme/weather-mcp") < ko.index("repo:github.com/acme/weather-mcp")
    assert len(ko) == len(set(ko))


def test_official_github_name_stands_in_for_missing_repository() -> None:
    rec = _rec("official", name="io.github.Owner/tool-x", source_id="io.github.Owner/tool-x")
    assert identity_keys(rec) == ["repo:github.com/owner/tool-x"]
    # but an explicit repository wins
    rec2 = _rec("official", name="io.github.owner/tool-x", repository_url="https://gitlab.com/o/t")
    assert identity_keys(rec2) == ["repo:gitlab.com/o/t"]


def test_record_without_identity_has_no_keys() -> None:
    assert identity_keys(_rec("mcpm", name="thing", repository_url="https://example.com")) == []


def test_duplicate_packages_give_one_key() -> None:
    rec = _rec(
        "official",
        packages=[
            PackageRef(registry="pypi", identifier="A_B"),
            PackageRef(registry="pypi", identifier="a-b"),
        ],
    )
    assert identity_keys(rec) == ["pypi:a-b"]
