"""The website: `build_site(store_or_views, out)` renders and publishes it (see build.py);
`catalog.site.serve.make_server` previews it on 127.0.0.1."""

from catalog.site.build import DEFAULT_BASE_URL, BuildReport, build_site

__all__ = ["DEFAULT_BASE_URL", "BuildReport", "build_site"]
