"""Keep the built site from making the browser fetch anything from another host.

Government intranets and mainland networks cannot reach Google Fonts, CDNs or analytics, and a
page that waits for them loads slowly or breaks. After `mkdocs build` the hook calls, in order:

1. `neutralise_theme_bundle(site_dir)`: mkdocs-material's JavaScript bundle names a few
   third-party URLs (see `theme_bundle`); the built copy gets inert values in their place.
2. `apply_content_security_policy(site_dir)`: every page gets a CSP `<meta>` that lets it load
   only from its own origin and run only the theme's own inline scripts.
3. `find_external_fetches(site_dir)`: every place in a page, stylesheet or script that would
   make the browser fetch from another host; the build fails if there is any.

Links the reader clicks (`<a href>`, `<form action>`) are not fetches and are not reported.
The check reads files, so it cannot see a URL a script assembles at run time, and it does not
try to see through deliberate disguises (CSS escapes, URLs split across strings): the CSP stops
those in the browser. The check is what keeps the theme, the configuration and plugins from
adding a third-party resource by accident, with a file:line:col to fix.

The modules: `collector` (what counts as external, and where), `js_literals`, `css_urls` and
`html_urls` (the scanners, one per language), `html_fragments` (which spans of a page to
parse), `find_fetches` (the check over a site), `tree` (the files it reads), `theme_bundle` and
`csp`.
"""

from __future__ import annotations

from gongkai.site.offline.collector import ExternalFetch
from gongkai.site.offline.csp import (
    apply_content_security_policy,
    content_security_policy,
    with_content_security_policy,
)
from gongkai.site.offline.find_fetches import find_external_fetches, scan_page
from gongkai.site.offline.theme_bundle import neutralise_theme_bundle

__all__ = [
    "ExternalFetch",
    "apply_content_security_policy",
    "content_security_policy",
    "find_external_fetches",
    "neutralise_theme_bundle",
    "scan_page",
    "with_content_security_policy",
]
