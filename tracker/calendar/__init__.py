"""Calendars: a card as iCalendar components, export files, and two-way CalDAV sync.

- `lines`       content lines: escaping, folding, unfolding, date values;
- `components`  the one writer of a card's VEVENTs and VTODO (export and sync share it);
- `ics`         export files, per-agency files and their index;
- `server_todo` what a server's VTODO says, and the merge that keeps what other apps set;
- `dav`         the few WebDAV/CalDAV requests sync needs, discovery and MKCALENDAR;
- `sync`        two-way sync in phases: read the server, decide, record (then `sync_push`: push, settle);
- `sync_state`  what a sync keeps in the store and reports, and the transaction that writes it.
"""
