"""The PDF file structure: numbered objects, pages, the cross-reference table (ISO 32000-1 §7.5).

Only what the paper PDF needs: dictionaries written as text, Flate-compressed streams, a page
tree of equal pages, document information and the viewer preference that turns off print
scaling. Objects are numbered in the order they are added, so the same calls give the same
bytes; the file ID is an MD5 digest of the body (§14.4 asks only that it be unique).

Written here rather than with pypdf because the build writes a PDF in a few tens of
milliseconds and pypdf's import alone takes 0.1-0.2 s (it loads Pillow and cryptography);
the tests still read every PDF back with pypdf.
"""

from __future__ import annotations

import hashlib
import zlib

from .numbers import decimal_text


def pdf_number(v: float) -> str:
    """A PDF real (no exponent, at most 4 decimals, never '-0')."""
    return decimal_text(v, 4)


def pdf_text(text: str) -> str:
    """A text string as UTF-16BE with a byte order mark, in hex (§7.9.2.2): any character."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def ref(number: int) -> str:
    return f"{number} 0 R"


class PdfFile:
    """Objects of a PDF, added one by one; ``finish`` writes the file."""

    def __init__(self) -> None:
        self._bodies: list[bytes | None] = []
        self._pages: list[int] = []
        self._pages_ref = self.reserve()

    def reserve(self) -> int:
        """Number of an object whose body is given later with ``put``."""
        self._bodies.append(None)
        return len(self._bodies)

    def put(self, number: int, body: bytes) -> int:
        self._bodies[number - 1] = body
        return number

    def add(self, body: str | bytes) -> int:
        """A new object; returns its number."""
        number = self.reserve()
        return self.put(number, body.encode("ascii") if isinstance(body, str) else body)

    def add_stream(self, entries: str, data: bytes, compressed: bool = False) -> int:
        """A stream object with the dictionary ``entries`` ('/Key value ...'); ``data`` is
        Flate-compressed here unless ``compressed`` says it already is."""
        packed = data if compressed else zlib.compress(data, 1)
        head = f"<< {entries} /Filter /FlateDecode /Length {len(packed)} >>\nstream\n"
        return self.add(head.encode("ascii") + packed + b"\nendstream")

    def add_page(self, width_pt: float, height_pt: float, content: bytes, resources: str) -> None:
        """A page of the given size drawing ``content`` with ``resources`` (a dictionary)."""
        stream = self.add_stream("", content)
        self._pages.append(
            self.add(
                f"<< /Type /Page /Parent {ref(self._pages_ref)} "
                f"/MediaBox [0 0 {pdf_number(width_pt)} {pdf_number(height_pt)}] "
                f"/Resources {resources} /Contents {ref(stream)} >>"
            )
        )

    def finish(self, info: dict[str, str]) -> bytes:
        """The file: catalogue (print scaling off), page tree, ``info`` strings, xref, trailer."""
        kids = " ".join(ref(p) for p in self._pages)
        self.put(
            self._pages_ref,
            f"<< /Type /Pages /Kids [{kids}] /Count {len(self._pages)} >>".encode("ascii"),
        )
        catalog = self.add(
            f"<< /Type /Catalog /Pages {ref(self._pages_ref)} "
            "/ViewerPreferences << /PrintScaling /None >> >>"
        )
        info_ref = self.add(
            "<< " + " ".join(f"/{k} {pdf_text(v)}" for k, v in sorted(info.items())) + " >>"
        )
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self._bodies, start=1):
            assert body is not None, f"object {number} reserved but never written"
            offsets.append(len(out))
            out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
        digest = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest().upper()
        xref_at = len(out)
        out += f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode("ascii")
        out += b"".join(f"{o:010d} 00000 n \n".encode("ascii") for o in offsets)
        out += (
            f"trailer\n<< /Size {len(offsets) + 1} /Root {ref(catalog)} /Info {ref(info_ref)} "
            f"/ID [<{digest}> <{digest}>] >>\nstartxref\n{xref_at}\n%%EOF\n"
        ).encode("ascii")
        return bytes(out)
