"""Let the unmodified bot reach the emulator at ``https://discord.com`` and
``wss://gateway.discord.gg``, and nowhere else.

A throwaway certificate authority and a certificate for both names are made with the
``openssl`` command once per process; the bot gets an aiohttp connector whose resolver maps
those two names to the emulator and refuses every other host, and whose SSL context
trusts only that authority. Nothing can leak to the network.
"""

from __future__ import annotations

import atexit
import shutil
import socket
import ssl
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

DISCORD_HOSTS = ("discord.com", "gateway.discord.gg")


@dataclass(frozen=True)
class Certificate:
    ca: Path
    cert: Path
    key: Path


def _openssl(*args: str, cwd: Path) -> None:
    if shutil.which("openssl") is None:
        raise RuntimeError("the emulator's in-process mode needs the openssl command")
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@cache
def certificate() -> Certificate:
    folder = Path(tempfile.mkdtemp(prefix="tweetup-emulator-tls-"))
    atexit.register(shutil.rmtree, folder, True)
    curve = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl(
        "req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Tweetup emulator throwaway CA", cwd=folder,
    )  # fmt: skip
    _openssl(
        "req", *curve, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=discord.com",
        cwd=folder,
    )  # fmt: skip
    names = ",".join(f"DNS:{host}" for host in DISCORD_HOSTS)
    (folder / "server.ext").write_text(
        f"subjectAltName={names}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
    )
    _openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext",
        cwd=folder,
    )  # fmt: skip
    return Certificate(folder / "ca.pem", folder / "server.pem", folder / "server.key")


def server_context() -> ssl.SSLContext:
    cert = certificate()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert.cert, cert.key)
    return context


def client_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate().ca))


class EmulatorResolver(AbstractResolver):
    """Resolves Discord's hosts to the emulator's TLS port; every other host fails."""

    def __init__(self, port: int) -> None:
        self.port = port

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host not in DISCORD_HOSTS:
            raise OSError(f"the Discord emulator refuses to resolve {host!r}: no network in tests")
        return [
            ResolveResult(
                hostname=host,
                host="127.0.0.1",
                port=self.port,
                family=socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
        ]

    async def close(self) -> None:
        return None


def connector(port: int) -> aiohttp.TCPConnector:
    """A fresh connector for one bot (discord.py closes it with its HTTP session)."""
    return aiohttp.TCPConnector(
        resolver=EmulatorResolver(port), ssl=client_context(), limit=0, use_dns_cache=False
    )
