"""A real Xandikos server on 127.0.0.1 for the CalDAV tests: HTTPS with a self-signed certificate, Basic auth.

Xandikos answers differently from Radicale where it matters to sync: a missing collection is a
207 with a 404 inside, dead properties and VJOURNALs in a task list are refused, and it only
does Basic auth over TLS, which is how an office server with its own certificate looks.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import ipaddress
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from radicale_server import PASSWORD, USER, ServerProcess, free_port


def write_certificate(folder: Path) -> Path:
    """A self-signed certificate valid for IP 127.0.0.1 (Xandikos' own names it as a DNS name).

    A year long: Xandikos replaces one that expires within 30 days.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=365))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    (folder / "selfsigned.key").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                              serialization.PrivateFormat.TraditionalOpenSSL,
                                                              serialization.NoEncryption()))
    path = folder / "selfsigned.crt"
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


@dataclass
class XandikosServer(ServerProcess):
    """One running server; `calendar_url(name)` is a calendar in the test user's calendar home."""

    folder: Path
    port: int = 0
    process: subprocess.Popen | None = None
    ca_cert: str = ""
    name: str = "xandikos"

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def home(self) -> str:
        return f"{self.base}/{USER}/calendars/"

    def calendar_url(self, name: str = "tasks") -> str:
        return f"{self.home}{name}/"

    def start(self) -> "XandikosServer":
        self.folder.mkdir(parents=True, exist_ok=True)
        state = self.folder / "state"
        self.ca_cert = str(write_certificate(state / "certs"))   # --autocert uses it when present
        users = self.folder / "htpasswd"
        digest = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()
        users.write_text(f"{USER}:{{SHA}}{digest}\n", encoding="utf-8")
        self.port = free_port()
        self.spawn([sys.executable, "-m", "xandikos.__main__", "serve", "-d", str(self.folder / "data"), "--defaults",
                    "-l", "127.0.0.1", "-p", str(self.port), "--state-dir", str(state), "--autocert",
                    "--htpasswd", str(users), "--current-user-principal", f"/{USER}/", "--no-detect-systemd"],
                   "xandikos.log")
        return self

    def client(self):
        import caldav

        return caldav.DAVClient(url=self.base, username=USER, password=PASSWORD, ssl_verify_cert=self.ca_cert)

    def make_calendar(self, name: str = "tasks") -> str:
        """Create a VTODO calendar in the test user's calendar home with MKCALENDAR; returns its URL."""
        with self.client() as client:
            response = client.request(self.calendar_url(name), "MKCALENDAR", (
                '<?xml version="1.0" encoding="utf-8"?><c:mkcalendar xmlns:d="DAV:" '
                'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop><d:displayname>'
                f"{name}</d:displayname><c:supported-calendar-component-set><c:comp name=\"VTODO\"/>"
                "</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>"),
                {"Content-Type": "application/xml; charset=utf-8"})
            assert response.status == 201, response.status
        return self.calendar_url(name)
