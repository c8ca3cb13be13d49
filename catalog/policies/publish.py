"""Per-server policy files for the published site: /policies/<server-slug>/<format file>."""

from __future__ import annotations

from pathlib import Path

from catalog.policies.formats import FORMATS, render_policy
from catalog.policies.model import PolicyServer, ServerPolicy
from catalog.policies.profiles import build_policy, check_profile
from catalog.views import ServerView


def policy_server(view: ServerView) -> PolicyServer:
    """The PolicyServer for a store view; Docker's catalog key is its source id there, if listed."""
    docker = next((s.source_id for s in view.sources if s.source == "docker"), None)
    return PolicyServer(slug=view.slug, name=view.name, docker_name=docker)


def server_policy(view: ServerView, profile: str = "balanced") -> ServerPolicy:
    pairs = [(t.definition, t.classification) for t in view.tools]
    return build_policy(policy_server(view), pairs, profile)


def file_name(fmt: str, profile: str) -> str:
    name = FORMATS[fmt].filename
    if profile == "balanced":
        return name
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{profile}{dot}{ext}"


def _write_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        # A new file: exclusive create cannot land on an existing (possibly hard-linked) file.
        with open(path, "xb") as fh:
            fh.write(data)
        return
    # Same size is the only case worth reading the old file for.
    if size == len(data) and path.read_bytes() == data:
        return  # unchanged pages are not rewritten (DESIGN §2: idempotent builds)
    # Write a new file and rename it over the old one: the path may be a hard link to a
    # published copy (the site build links unchanged files), which must never be written through.
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def write_server_policies(
    out_dir: Path, server_view: ServerView, profiles: tuple[str, ...] = ("balanced",)
) -> list[Path]:
    """Write every format for one server under out_dir/policies/<slug>/ (out_dir = the site root,
    e.g. public/). Returns the paths, written or already up to date. The balanced profile keeps
    the plain file names; other profiles get `<name>.<profile>.<ext>`."""
    folder = Path(out_dir) / "policies" / server_view.slug
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for profile in profiles:
        policy = server_policy(server_view, check_profile(profile))
        for fmt in FORMATS:
            path = folder / file_name(fmt, profile)
            _write_if_changed(path, render_policy(fmt, policy))
            paths.append(path)
    return paths
