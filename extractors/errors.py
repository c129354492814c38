"""Parley's one exception tree.

Most failures are *data*: extractors return records carrying ``problems`` and the
flows write them to the warehouse's ``errors`` table, then carry on. Exceptions are
kept for the rest — programming errors, bad configuration, a warehouse that cannot
be opened — and all of them derive from one base so a caller can catch Parley's
own failures without catching everything::

    ParleyError
    ├── ConfigError          a bad settings file, rules file or feed list (names file and line)
    ├── FeedError
    │   ├── FeedHTTPError    a feed could not be fetched (status, timeout, size cap, refused address)
    │   └── FeedParseError   a feed's bytes could not be read as a feed at all
    ├── PageError            an article page could not be fetched or read
    └── WarehouseError
        └── WarehouseBusy    another process holds the DuckDB file for longer than we wait
"""

from __future__ import annotations


class ParleyError(Exception):
    """Base of every exception Parley raises on purpose."""


class ConfigError(ParleyError):
    """A configuration, rules or feed-list file is wrong; the message names file and line."""


class FeedError(ParleyError):
    """A feed could not be polled."""


class FeedHTTPError(FeedError):
    """The feed's server answered with an error, or did not answer in time."""


class FeedParseError(FeedError):
    """The feed's bytes are not a feed."""


class PageError(ParleyError):
    """An article page could not be fetched or read."""


class WarehouseError(ParleyError):
    """The DuckDB warehouse refused an operation."""


class WarehouseBusy(WarehouseError):
    """Another process kept the DuckDB file locked for longer than we were willing to wait."""
