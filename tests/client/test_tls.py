"""Certificate checks on https, against a loopback server with a self-signed certificate."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from dia_resources.dia import DiaClient, DiaConfigurationError


def write_self_signed(directory) -> tuple[str, str]:
    """Write a certificate for 127.0.0.1 that no CA signed, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path = directory / "cert.pem"
    key_path = directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


class _CountingHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.server.posts += 1
        body = b'{"code": "200", "msg": "0123456789abcdef0123456789abcdef"}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _CountingServer(HTTPServer):
    """Counts TCP connections and POSTs, and stays quiet about failed handshakes."""

    posts = 0
    connections = 0

    def get_request(self):
        self.connections += 1
        return super().get_request()

    def handle_error(self, request, client_address) -> None:
        pass


@pytest.fixture
def self_signed_server(tmp_path):
    cert_path, key_path = write_self_signed(tmp_path)
    server = _CountingServer(("127.0.0.1", 0), _CountingHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_untrusted_certificate_rejected(self_signed_server):
    port = self_signed_server.server_address[1]
    client = DiaClient(
        f"https://127.0.0.1:{port}",
        username="ws", password="secret-pw", api_key="key-123", tenant_id="acme",
        max_attempts=3, backoff_base=0.01, backoff_max=0.02, deadline=5.0,
    )

    with pytest.raises(DiaConfigurationError) as caught:
        client.login()

    assert "TLS" in str(caught.value)
    # A certificate failure does not pass by retrying, so there is one handshake only.
    assert self_signed_server.connections == 1
    # The handshake failed, so the request body with the password was never sent.
    assert self_signed_server.posts == 0
