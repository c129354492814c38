"""Canonical URLs: one spelling per article, whatever feed, share button or AMP page led to it.

The canonical URL is Parley's *identity* for an article (``article_id`` hashes it), not an
address to fetch: it always says ``https``, drops ``www.``/``amp.``/``m.`` host variants, credentials,
tracking parameters, AMP markers, the fragment and a trailing slash, and sorts the query.

Syntax (percent-encoding, IDNA hosts, dot segments, default ports, case) is left to
url-normalize, the RFC 3986 normaliser Parley already depends on; courlan (trafilatura's
URL library) supplies the registrable domain from the public-suffix list for the
same-site test. What is *Parley policy* — which parameters track, what an AMP variant
looks like — lives in ``extractors/data/tracking_params.toml``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from courlan import extract_domain
from url_normalize import url_normalize

from extractors.datafiles import DATA_DIR, line_of, parse_toml, read_data_text
from extractors.errors import ConfigError

ARTICLE_ID_HEX = 32  # 128 bits of sha256: collision-free at any news volume, short in SQL
_DATA_FILE = "tracking_params.toml"
_AMP_SEGMENT = "amp"
_HOST_CHARS = re.compile(r"[a-z0-9._:-]+")  # after IDNA encoding; credentials are dropped


@dataclass(frozen=True)
class UrlRules:
    """The URL policy read from ``tracking_params.toml``."""

    prefixes: tuple[str, ...]
    names: frozenset[str]
    amp_names: frozenset[str]
    amp_pairs: frozenset[tuple[str, str]]
    variant_host_prefixes: tuple[str, ...]


def canonical_url(url: str, *, page_canonical: str | None = None) -> str:
    """The one spelling of an article's URL that every sighting of it shares.

    Args:
        url: the URL the article was reached at (feed link, redirect target).
        page_canonical: the page's ``rel=canonical`` or ``og:url``, when it has one. It wins
            over ``url`` when it is an http(s) URL on the same site that is not the
            site's home page (a common CMS fault), since it undoes AMP and mobile copies.

    Returns:
        The canonical URL. Never raises: input that is not a URL comes back stripped.
    """
    chosen = url.strip()
    if page_canonical and _plausible_canonical(chosen, page_canonical.strip()):
        chosen = urljoin(chosen, page_canonical.strip())
    return _normalise(chosen, load_rules())


def article_id(canonical: str) -> str:
    """The article's stable key: the first 32 hex digits of sha256 of its canonical URL.

    Args:
        canonical: a URL already passed through :func:`canonical_url`.

    Returns:
        32 lower-case hex characters.
    """
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:ARTICLE_ID_HEX]


@cache
def load_rules() -> UrlRules:
    """Read and check the packaged URL policy once per process.

    Returns:
        The rules.

    Raises:
        ConfigError: a missing list, a non-string, empty, upper-case or duplicated entry,
            naming the file and line.
    """
    text = read_data_text(DATA_DIR / _DATA_FILE)
    return parse_rules(text, _DATA_FILE)


def parse_rules(text: str, origin: str) -> UrlRules:
    """Validate the TOML text of a URL policy (split out so tests can feed bad files).

    Args:
        text: the TOML document.
        origin: the file name used in error messages.

    Returns:
        The rules.

    Raises:
        ConfigError: the document is not TOML or an entry is wrong, naming file and line.
    """
    data = parse_toml(text, origin)
    lists = {}
    for key in ("prefixes", "names", "amp_markers", "variant_host_prefixes"):
        lists[key] = _string_list(data, key, text, origin)
    amp_names = {m for m in lists["amp_markers"] if "=" not in m}
    amp_pairs = {(n, v) for n, _, v in (m.partition("=") for m in lists["amp_markers"] if "=" in m)}
    for prefix in lists["variant_host_prefixes"]:
        if not prefix.endswith(".") or prefix.count(".") != 1:
            raise ConfigError(
                f"{origin}:{line_of(text, prefix)}: host prefix {prefix!r} must be one label and a dot"
            )
    return UrlRules(
        prefixes=tuple(lists["prefixes"]),
        names=frozenset(lists["names"]),
        amp_names=frozenset(amp_names),
        amp_pairs=frozenset(amp_pairs),
        variant_host_prefixes=tuple(lists["variant_host_prefixes"]),
    )


# --------------------------------------------------------------------------- private helpers


def _string_list(data: dict[str, object], key: str, text: str, origin: str) -> list[str]:
    """One list of lower-case, non-empty, unique strings, or a ConfigError naming the line."""
    value = data.get(key)
    if not isinstance(value, list):
        raise ConfigError(f"{origin}: missing list {key!r}")
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, str):
            raise ConfigError(f"{origin}:{line_of(text, str(item))}: {key} entry {item!r} is not a string")
        line = line_of(text, f'"{item}"')
        if not item.strip() or item != item.strip():
            raise ConfigError(f"{origin}:{line}: empty or padded entry in {key}")
        if item != item.lower():
            raise ConfigError(f"{origin}:{line}: {key} entry {item!r} must be lower case")
        if "&" in item or "?" in item or "#" in item:
            raise ConfigError(f"{origin}:{line}: {key} entry {item!r} holds a URL delimiter")
        if item in seen:
            raise ConfigError(f"{origin}:{line}: duplicate {key} entry {item!r}")
        seen.add(item)
    return list(value)


def _plausible_canonical(url: str, candidate: str) -> bool:
    """Whether a page's own canonical may replace the URL we reached it at."""
    resolved = urljoin(url, candidate)
    try:
        parts, base = urlsplit(resolved), urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return False
    if parts.path in {"", "/"} and not parts.query and base.path not in {"", "/"}:
        return False  # every page declaring the home page canonical is a template fault
    return _site(parts.hostname) == _site(base.hostname or "")


def _site(host: str) -> str:
    """The registrable domain of a host (the host itself for IPs and intranet names)."""
    host = host.lower().rstrip(".")
    return extract_domain(f"http://{host}/") or host


def _normalise(url: str, rules: UrlRules) -> str:
    """Apply RFC 3986 normalisation, then Parley's identity policy."""
    if not url:
        return url
    try:
        normal = url_normalize(url) or url
        parts = urlsplit(normal)
        port = parts.port
    except (ValueError, UnicodeError):
        return url
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        return normal
    if not _HOST_CHARS.fullmatch(parts.hostname):
        return url  # not a URL at all ("not a url", "http://a b/"): keep what we were given
    host = _strip_host_variants(parts.hostname, rules)
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal
    if port is not None and port not in {80, 443}:
        host = f"{host}:{port}"
    path = _strip_amp_path(parts.path)
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = _clean_query(parts.query, rules)
    return urlunsplit(("https", host, path or "/", query, ""))


def _strip_host_variants(host: str, rules: UrlRules) -> str:
    """Drop www./amp./m. labels while what remains still contains the registrable domain."""
    site = _site(host)
    changed = True
    while changed:
        changed = False
        for prefix in rules.variant_host_prefixes:
            rest = host.removeprefix(prefix)
            if rest != host and rest.endswith(site) and len(rest) >= len(site):
                host, changed = rest, True
    return host


def _strip_amp_path(path: str) -> str:
    """Remove AMP spellings of a path: an ``/amp`` segment anywhere, a ``.amp`` file suffix."""
    segments = [s for i, s in enumerate(path.split("/")) if i == 0 or s.lower() != _AMP_SEGMENT]
    last = segments[-1]
    lowered = last.lower()
    if lowered.endswith(".amp.html"):
        segments[-1] = last[: -len(".amp.html")] + ".html"
    elif lowered.endswith(".amp") and len(last) > len(".amp"):
        segments[-1] = last[: -len(".amp")]
    return "/".join(segments) or "/"


def _clean_query(query: str, rules: UrlRules) -> str:
    """Drop tracking and AMP parameters and empty pairs, then sort what is left."""
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        raw_name, _, raw_value = pair.partition("=")
        name = unquote(raw_name).lower()
        if name in rules.names or name.startswith(rules.prefixes) or name in rules.amp_names:
            continue
        if (name, unquote(raw_value).lower()) in rules.amp_pairs:
            continue
        kept.append(pair)
    return "&".join(sorted(kept))
