"""The few WebDAV/CalDAV requests sync needs, over caldav's DAVClient, with errors users can act on.

Why not caldav's Calendar/Todo objects: sync needs exact control of each request (If-Match with
the ETag we stored, If-None-Match: * on create, one PROPFIND for the unchanged case) and a count
of requests; DAVClient still does the HTTP, sessions, TLS and auth negotiation.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit


from .errors import TrackerError

NS = {"d": "DAV:", "c": "urn:ietf:params:xml:ns:caldav", "cs": "http://calendarserver.org/ns/"}
MULTIGET_BATCH = 100
UNTOUCHED = "Nothing was changed in the local database."

_PROPFIND_COLLECTION = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/">
<d:prop><d:resourcetype/><d:displayname/><cs:getctag/><d:sync-token/><c:supported-calendar-component-set/></d:prop>
</d:propfind>"""
_PROPFIND_ETAGS = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">
<d:prop><d:resourcetype/><d:getetag/><cs:getctag/></d:prop></d:propfind>"""


class SyncError(TrackerError):
    """The CalDAV server could not be used: unreachable, refused, or not a calendar."""


class TokenExpired(Exception):
    """The server no longer knows our sync-token: fall back to a full listing."""


@dataclass
class Collection:
    """The calendar's PROPFIND depth 0 answer."""

    name: str
    ctag: str | None
    sync_token: str | None


@dataclass
class Changes:
    """Hrefs changed (with their ETag) and removed; `token`/`ctag` to remember; `full` if a complete listing."""

    changed: dict[str, str | None]
    removed: set[str]
    token: str | None
    ctag: str | None
    full: bool


@dataclass
class PutResult:
    """`ok`, `exists`/`changed` (a precondition failed), or `uid-taken`; the new ETag when the server sent one."""

    outcome: str
    etag: str | None = None


def normalize_url(url: str) -> str:
    """scheme://host[:port]/path/ with one trailing slash: the key of a calendar's sync state."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(f"{url!r} is not a CalDAV calendar URL.",
                        "Give the calendar's full address, e.g. https://dav.example.org/user/tasks/.")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}{path}"


def _text(element, path: str) -> str | None:
    found = element.find(path, NS)
    return found.text.strip() if found is not None and found.text else None


class Dav:
    """One calendar collection on one server; `requests` counts the HTTP requests really sent."""

    def __init__(self, url: str, user: str | None, password: str | None, *, timeout: float = 30):
        import caldav      # ~0.2 s of imports: paid only by sync

        given = urlsplit(url.strip())
        if given.username and not user:        # https://user:pass@host/…: the key and messages never keep them
            user, password = unquote(given.username), unquote(given.password or "") or password
        self.url = normalize_url(url)
        parts = urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.path = unquote(parts.path)
        self.requests = 0
        # Basic up front: negotiating from a 401 would double every request, and the unchanged
        # sync must cost one. A server that wants Digest gets a second, negotiated try (_send).
        self.client = caldav.DAVClient(url=self.url, username=user or None, password=password or None,
                                       auth_type="basic" if user else None, timeout=timeout,
                                       enable_rfc6764=False)
        session_request = self.client.session.request

        def counted(*args, **kwargs):
            self.requests += 1
            return session_request(*args, **kwargs)

        self.client.session.request = counted
        self._negotiated = False

    def href_url(self, href: str) -> str:
        return self.origin + quote(href)

    def close(self) -> None:
        self.client.close()

    # -- transport ---------------------------------------------------------------------------
    def _send(self, method: str, url: str, body: bytes | str = b"", headers: dict[str, str] | None = None):
        from caldav.lib import error

        try:
            return self.client.request(url, method, body, headers or {})
        except error.AuthorizationError as exc:
            status, preconditions = getattr(exc, "status", None) or 401, getattr(exc, "preconditions", [])
            if status == 401 and self.client.auth_type == "basic" and not self._negotiated:
                self._negotiated = True
                self.client.auth, self.client.auth_type = None, None    # let caldav read WWW-Authenticate
                return self._send(method, url, body, headers)
            if status == 403 and preconditions:
                return _Refused(403, preconditions)
            if status == 401:
                raise SyncError(f"The CalDAV server at {self.origin} refused the user name or password.",
                                "Check --user and the password (--password-file, --password or "
                                f"TRACKER_CALDAV_PASSWORD). {UNTOUCHED}") from None
            raise SyncError(f"The CalDAV server refused access to {self.url} (HTTP {status}).",
                            f"Ask its administrator for read and write rights on this calendar. {UNTOUCHED}") from None
        except error.DAVError as exc:
            raise SyncError(f"The CalDAV server at {self.origin} failed: {exc}.", UNTOUCHED) from None
        except Exception as exc:   # niquests/requests raise their own ConnectionError, Timeout, SSLError
            if _is_network_error(exc):
                raise SyncError(f"Cannot reach the CalDAV server at {self.origin}: {_reason(exc)}.",
                                f"Check the URL and that the server is running and reachable. {UNTOUCHED}") from None
            raise

    def _multistatus(self, response, what: str):
        if response.status == 404:
            raise SyncError(f"There is no calendar at {self.url} (HTTP 404).",
                            f"Check the URL: it must name a calendar collection, e.g. …/user/tasks/. {UNTOUCHED}")
        if response.status != 207 or response.tree is None:
            raise SyncError(f"The server answered {what} at {self.url} with HTTP {response.status}.",
                            f"Check that the URL is a CalDAV calendar. {UNTOUCHED}")
        return response.tree

    # -- requests ----------------------------------------------------------------------------
    def collection(self) -> Collection:
        """One PROPFIND: checks credentials, that the URL is a VTODO calendar, and reads ctag/sync-token."""
        tree = self._multistatus(self._send("PROPFIND", self.url, _PROPFIND_COLLECTION,
                                            {"Depth": "0", "Content-Type": "application/xml; charset=utf-8"}),
                                 "PROPFIND")
        response = tree.find("d:response", NS)
        prop = response.find("d:propstat/d:prop", NS) if response is not None else None
        if prop is None or prop.find("d:resourcetype/c:calendar", NS) is None:
            raise SyncError(f"{self.url} is not a calendar.",
                            "Give the address of a calendar (task list) collection, not of a user or a "
                            f"server, e.g. …/user/tasks/. {UNTOUCHED}")
        kinds = [comp.get("name", "").upper() for comp in prop.iterfind("c:supported-calendar-component-set/c:comp", NS)]
        if kinds and "VTODO" not in kinds:
            raise SyncError(f"The calendar {self.url} does not accept tasks (VTODO), only {', '.join(kinds)}.",
                            f"Create a task list on the server and sync to that. {UNTOUCHED}")
        return Collection(name=_text(prop, "d:displayname") or self.path.rstrip("/").rsplit("/", 1)[-1],
                          ctag=_text(prop, "cs:getctag"), sync_token=_text(prop, "d:sync-token"))

    def changes_since(self, token: str | None) -> Changes:
        """RFC 6578 sync-collection REPORT: what changed since `token` (everything when None)."""
        body = ('<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:">'
                f"<d:sync-token>{_xml_escape(token or '')}</d:sync-token><d:sync-level>1</d:sync-level>"
                "<d:prop><d:getetag/></d:prop></d:sync-collection>").encode()
        # RFC 6578 §3.2: the report is only defined with Depth: 0.
        response = self._send("REPORT", self.url, body, {"Depth": "0", "Content-Type": "application/xml; charset=utf-8"})
        if isinstance(response, _Refused) or response.status in (403, 409):
            if token:
                raise TokenExpired()
            raise SyncError(f"The server refused to list {self.url}.", UNTOUCHED)
        tree = self._multistatus(response, "REPORT sync-collection")
        changed: dict[str, str | None] = {}
        removed: set[str] = set()
        for item in tree.iterfind("d:response", NS):
            href = unquote(_text(item, "d:href") or "")
            if not href or href.rstrip("/") == self.path.rstrip("/"):
                continue
            status = _text(item, "d:status") or ""
            if " 404" in status:
                removed.add(href)
            else:
                changed[href] = _text(item, "d:propstat/d:prop/d:getetag")
        return Changes(changed, removed, _text(tree, "d:sync-token"), None, full=not token)

    def etag_listing(self) -> Changes:
        """PROPFIND depth 1 of every resource's ETag: for servers without sync-collection."""
        tree = self._multistatus(self._send("PROPFIND", self.url, _PROPFIND_ETAGS,
                                            {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}),
                                 "PROPFIND")
        changed: dict[str, str | None] = {}
        ctag = None
        for item in tree.iterfind("d:response", NS):
            href = unquote(_text(item, "d:href") or "")
            if href.rstrip("/") == self.path.rstrip("/"):
                ctag = _text(item, "d:propstat/d:prop/cs:getctag")
            elif item.find("d:propstat/d:prop/d:resourcetype/d:collection", NS) is None:
                changed[href] = _text(item, "d:propstat/d:prop/d:getetag")
        return Changes(changed, set(), None, ctag, full=True)

    def fetch(self, hrefs: list[str]) -> dict[str, tuple[str | None, str]]:
        """calendar-multiget in batches: {href: (etag, calendar data)}; hrefs gone meanwhile are left out."""
        found: dict[str, tuple[str | None, str]] = {}
        for start in range(0, len(hrefs), MULTIGET_BATCH):
            batch = hrefs[start:start + MULTIGET_BATCH]
            body = ('<?xml version="1.0" encoding="utf-8"?><c:calendar-multiget xmlns:d="DAV:" '
                    'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>'
                    + "".join(f"<d:href>{_xml_escape(quote(href))}</d:href>" for href in batch)
                    + "</c:calendar-multiget>").encode()
            # No Depth header: RFC 4791 §7.9 says clients should not send one with calendar-multiget.
            tree = self._multistatus(self._send("REPORT", self.url, body,
                                                {"Content-Type": "application/xml; charset=utf-8"}),
                                     "REPORT calendar-multiget")
            for item in tree.iterfind("d:response", NS):
                href = unquote(_text(item, "d:href") or "")
                data = item.find("d:propstat/d:prop/c:calendar-data", NS)
                if href and data is not None and data.text:
                    found[href] = (_text(item, "d:propstat/d:prop/d:getetag"), data.text)
        return found

    def put(self, href: str, data: bytes, *, etag: str | None) -> PutResult:
        """PUT with If-Match: ETAG (update only that version) or If-None-Match: * (create only)."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        else:
            headers["If-None-Match"] = "*"
        response = self._send("PUT", self.href_url(href), data, headers)
        if isinstance(response, _Refused):
            return PutResult("uid-taken" if any("uid-conflict" in p for p in response.preconditions) else "refused")
        if response.status in (200, 201, 204):
            return PutResult("ok", response.headers.get("ETag"))
        if response.status == 412:
            return PutResult("changed" if etag else "exists")
        if response.status == 409:
            return PutResult("uid-taken")     # Radicale: that UID lives at another href
        if response.status == 404 and etag:
            return PutResult("gone")
        raise SyncError(f"The server refused to store {href} (HTTP {response.status}).",
                        "Check the server's log and free space; run sync again to resume.")


@dataclass
class _Refused:
    """A 403 that carries DAV preconditions (no-uid-conflict, valid-sync-token): an answer, not a permission error."""

    status: int
    preconditions: list[str]


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _is_network_error(exc: Exception) -> bool:
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"ConnectionError", "Timeout", "SSLError", "ConnectTimeout", "ReadTimeout",
                         "ProxyError", "OSError"})


def _reason(exc: Exception) -> str:
    text = str(exc)
    for known in ("Connection refused", "Name or service not known", "timed out", "certificate verify failed"):
        if known.lower() in text.lower():
            return known.lower()
    return type(exc).__name__
