"""The few WebDAV/CalDAV requests sync needs, over caldav's DAVClient, with errors users can act on.

Why not caldav's Calendar/Todo objects: sync needs exact control of each request (If-Match with
the ETag we stored, If-None-Match: * on create, one PROPFIND for the unchanged case) and a count
of requests; DAVClient still does the HTTP, sessions, TLS and auth negotiation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from ..errors import TrackerError, UsageError
from ..i18n import msg

NS = {"d": "DAV:", "c": "urn:ietf:params:xml:ns:caldav", "cs": "http://calendarserver.org/ns/"}
MULTIGET_BATCH = 100
PASSWORD_WAYS = msg("--password-file FILE, the TRACKER_CALDAV_PASSWORD environment variable, or --password")

_PROPFIND_COLLECTION = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/">
<d:prop><d:resourcetype/><d:displayname/><cs:getctag/><d:sync-token/><c:supported-calendar-component-set/></d:prop>
</d:propfind>"""
_PROPFIND_ETAGS = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">
<d:prop><d:resourcetype/><d:getetag/><cs:getctag/></d:prop></d:propfind>"""
_PROPFIND_PRINCIPAL = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
<d:prop><d:resourcetype/><d:current-user-principal/><c:calendar-home-set/></d:prop></d:propfind>"""
_PROPFIND_CALENDARS = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
<d:prop><d:resourcetype/><d:displayname/><c:supported-calendar-component-set/></d:prop></d:propfind>"""


class SyncError(TrackerError):
    """The CalDAV server could not be used: unreachable, refused, or not a calendar."""


class CalendarMissing(SyncError):
    """The URL names nothing yet: sync can create the calendar there (MKCALENDAR)."""


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
        raise SyncError(msg("{url} is not a CalDAV calendar URL.", url=repr(url)),
                        msg("Give the calendar's full address, e.g. https://dav.example.org/user/tasks/."))
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}{path}"


def _text(element, path: str) -> str | None:
    found = element.find(path, NS)
    return found.text.strip() if found is not None and found.text else None


class Dav:
    """One calendar collection on one server; `requests` counts the HTTP requests really sent."""

    def __init__(self, url: str, user: str | None, password: str | None, *, timeout: float = 30,
                 ca_cert: str | None = None):
        import caldav      # ~0.2 s of imports: paid only by sync

        given = urlsplit(url.strip())
        if given.username and not user:        # https://user:pass@host/…: the key and messages never keep them
            user, password = unquote(given.username), unquote(given.password or "") or password
        if user and password is None:
            raise UsageError(msg("No password was given for the CalDAV user {user}.", user=user),
                             msg("Give it with {ways}; on a terminal sync asks for it.", ways=PASSWORD_WAYS))
        # A self-signed office server: its certificate file, given or in the environment requests reads.
        ca_cert = ca_cert or os.environ.get("REQUESTS_CA_BUNDLE") or None
        if ca_cert and not os.path.isfile(ca_cert):
            raise UsageError(msg("The CA certificate file {path} does not exist.", path=ca_cert),
                             msg("Give the PEM file of the server's certificate (or of the office CA) with --ca-cert."))
        self.url = normalize_url(url)
        parts = urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.path = unquote(parts.path)
        self.requests = 0
        # Basic up front: negotiating from a 401 would double every request, and the unchanged
        # sync must cost one. A server that wants Digest gets a second, negotiated try (_send).
        # Any: caldav annotates less than requests accepts (a float timeout, bytes bodies), and the
        # request counter below replaces the session's method.
        client_class: Any = caldav.DAVClient
        self.client = client_class(url=self.url, username=user or None, password=password or None,
                                   auth_type="basic" if user else None, timeout=timeout,
                                   ssl_verify_cert=ca_cert or True, enable_rfc6764=False)
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
                raise SyncError(msg("The CalDAV server at {origin} refused the user name or password.",
                                    origin=self.origin),
                                msg("Check --user and the password ({ways}).", ways=PASSWORD_WAYS)) from None
            raise SyncError(msg("The CalDAV server refused access to {url} (HTTP {status}).", url=url, status=status),
                            msg("Ask its administrator for read and write rights on this calendar.")) from None
        except error.DAVError as exc:
            raise SyncError(msg("The CalDAV server at {origin} failed: {detail}.", origin=self.origin,
                                detail=str(exc))) from None
        except Exception as exc:   # niquests/requests raise their own ConnectionError, Timeout, SSLError
            if _is_network_error(exc):
                reason = _reason(exc)
                hint = (msg("Give the server's certificate with --ca-cert FILE (or REQUESTS_CA_BUNDLE).")
                        if "certificate" in reason else
                        msg("Check the URL and that the server is running and reachable."))
                raise SyncError(msg("Cannot reach the CalDAV server at {origin}: {reason}.", origin=self.origin,
                                    reason=reason), hint) from None
            raise

    def _multistatus(self, response, what: str, url: str | None = None):
        url = url or self.url
        if response.status == 404:
            raise CalendarMissing(msg("There is no calendar at {url} (HTTP 404).", url=url),
                                  msg("Check the URL: it must name a calendar collection, e.g. …/user/tasks/."))
        if response.status != 207 or response.tree is None:
            raise SyncError(msg("The server answered {request} at {url} with HTTP {status}.", request=what, url=url,
                                status=response.status),
                            msg("Check that the URL is a CalDAV calendar."))
        return response.tree

    # -- requests ----------------------------------------------------------------------------
    def collection(self) -> Collection:
        """One PROPFIND: checks credentials, that the URL is a VTODO calendar, and reads ctag/sync-token."""
        tree = self._multistatus(self._send("PROPFIND", self.url, _PROPFIND_COLLECTION,
                                            {"Depth": "0", "Content-Type": "application/xml; charset=utf-8"}),
                                 "PROPFIND")
        response = tree.find("d:response", NS)
        if response is not None and " 404" in (_text(response, "d:status") or ""):
            # Xandikos answers 207 with a 404 inside for a collection that does not exist.
            raise CalendarMissing(msg("There is no calendar at {url} (HTTP 404).", url=self.url),
                                  msg("Check the URL: it must name a calendar collection, e.g. …/user/tasks/."))
        prop = response.find("d:propstat/d:prop", NS) if response is not None else None
        if prop is None or prop.find("d:resourcetype/c:calendar", NS) is None:
            raise SyncError(msg("{url} is not a calendar.", url=self.url),
                            msg("Give the address of a calendar (task list) collection, not of a user or a server, "
                                "e.g. …/user/tasks/; `tracker sync --list {url}` shows the calendars of the account.",
                                url=self.url))
        kinds = [comp.get("name", "").upper() for comp in prop.iterfind("c:supported-calendar-component-set/c:comp", NS)]
        if kinds and "VTODO" not in kinds:
            raise SyncError(msg("The calendar {url} does not accept tasks (VTODO), only {kinds}.", url=self.url,
                                kinds=", ".join(kinds)),
                            msg("Create a task list on the server and sync to that."))
        return Collection(name=_text(prop, "d:displayname") or self.path.rstrip("/").rsplit("/", 1)[-1],
                          ctag=_text(prop, "cs:getctag"), sync_token=_text(prop, "d:sync-token"))

    def make_calendar(self) -> None:
        """MKCALENDAR at the URL: a task list (VTODO only) named after the URL's last segment."""
        name = self.path.rstrip("/").rsplit("/", 1)[-1] or "tasks"
        body = ('<?xml version="1.0" encoding="utf-8"?><c:mkcalendar xmlns:d="DAV:" '
                'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>'
                f"<d:displayname>{_xml_escape(name)}</d:displayname><c:supported-calendar-component-set>"
                '<c:comp name="VTODO"/></c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>')
        response = self._send("MKCALENDAR", self.url, body.encode(), {"Content-Type": "application/xml; charset=utf-8"})
        if isinstance(response, _Refused) or response.status not in (200, 201):
            status = getattr(response, "status", 403)
            raise SyncError(msg("The server would not create a calendar at {url} (HTTP {status}).", url=self.url,
                                status=status),
                            msg("Create the task list in the server's web page or app, or give the URL of one that "
                                "exists (`tracker sync --list {origin}/` lists them).", origin=self.origin))

    def calendars(self) -> list[dict[str, object]]:
        """The calendars of the account behind the URL, found as DAVx5 and vdirsyncer do.

        The URL itself when it is a calendar; else its current-user-principal (or the server's
        /.well-known/caldav), that principal's calendar-home-set, and the collections in it.
        """
        first = self._propfind(self.url, _PROPFIND_PRINCIPAL, "0")
        if first is not None and first[0][1].find("d:resourcetype/c:calendar", NS) is not None:
            return self._calendars_in(self.url, "0")
        homes = self._hrefs(first, "c:calendar-home-set/d:href")
        if not homes:
            principals = self._hrefs(first, "d:current-user-principal/d:href")
            if not principals:
                known = self._propfind(self.origin + "/.well-known/caldav", _PROPFIND_PRINCIPAL, "0")
                principals = self._hrefs(known, "d:current-user-principal/d:href")
            for principal in principals[:1]:
                homes = self._hrefs(self._propfind(principal, _PROPFIND_PRINCIPAL, "0"), "c:calendar-home-set/d:href")
        if not homes:
            raise SyncError(msg("No calendars were found for the account at {url}.", url=self.url),
                            msg("Give the address of the user's principal or calendar home, e.g. https://host/user/."))
        found: list[dict[str, object]] = []
        for home in homes:
            found += self._calendars_in(home, "1")
        return found

    def _propfind(self, url: str, body: bytes, depth: str):
        """[(href, prop)] of a PROPFIND, or None when the URL is not there."""
        response = self._send("PROPFIND", url, body, {"Depth": depth, "Content-Type": "application/xml; charset=utf-8"})
        if isinstance(response, _Refused) or response.status in (404, 405) or response.tree is None:
            return None
        if response.status != 207:
            return None
        found = []
        for item in response.tree.iterfind("d:response", NS):
            for propstat in item.iterfind("d:propstat", NS):
                if " 200" in (_text(propstat, "d:status") or " 200"):
                    prop = propstat.find("d:prop", NS)
                    if prop is not None:
                        found.append((urljoin(url, _text(item, "d:href") or ""), prop))
        return found or None

    def _hrefs(self, found, path: str) -> list[str]:
        return [urljoin(href, element.text.strip()) for href, prop in (found or [])
                for element in prop.iterfind(path, NS) if element.text and element.text.strip()]

    def _calendars_in(self, home: str, depth: str) -> list[dict[str, object]]:
        calendars = []
        for href, prop in self._propfind(home, _PROPFIND_CALENDARS, depth) or []:
            if prop.find("d:resourcetype/c:calendar", NS) is None:
                continue
            kinds = [comp.get("name", "").upper() for comp in prop.iterfind("c:supported-calendar-component-set/c:comp", NS)]
            calendars.append({"url": href, "name": _text(prop, "d:displayname") or href.rstrip("/").rsplit("/", 1)[-1],
                              "components": kinds or ["VEVENT", "VTODO", "VJOURNAL"],
                              "tasks": not kinds or "VTODO" in kinds})
        return calendars

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
            raise SyncError(msg("The server refused to list {url}.", url=self.url), msg("Check the server's log."))
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
        raise SyncError(msg("The server refused to store {href} (HTTP {status}).", href=href, status=response.status),
                        msg("Check the server's log and free space; run sync again to resume."))


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


# What a network failure says, found in its text; the English is also what `_reason` returns.
_REASONS = (("connection refused", msg("connection refused")),
            ("name or service not known", msg("name or service not known")),
            ("timed out", msg("timed out")),
            ("certificate verify failed", msg("certificate verify failed")))


def _reason(exc: Exception) -> str:
    text = str(exc).lower()
    for known, said in _REASONS:
        if known in text:
            return said
    return type(exc).__name__
