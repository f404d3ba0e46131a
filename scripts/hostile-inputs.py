#!/usr/bin/env python3
"""Writes the hostile inputs of scripts/hostile.sh into a folder: decompression bombs, control
characters, damaged glossaries. Bombs are built from repeated compressed pieces, so a 4 GiB bomb
takes a second to write, and nothing big is ever committed.

Usage: hostile-inputs.py FOLDER [GIB]   (GIB: how far the bombs inflate, default 1)
"""

import gzip
import io
import sys
import zipfile
import zlib
from pathlib import Path

MIB = 1024 * 1024


def gzip_bomb(path: Path, gib: float) -> None:
    """A .tmx.gz whose single <seg> inflates to GIB GiB: one gzip member per MiB of text (a
    multi-member gzip file is one stream to gunzip and to Tessera)."""
    head = b'<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body><tu>' \
        b'<tuv xml:lang="zh"><seg>\xe5\xa4\xa7</seg></tuv><tuv xml:lang="en"><seg>'
    tail = b"</seg></tuv></tu></body></tmx>\n"
    piece = gzip.compress(b"a" * MIB, compresslevel=9)
    with path.open("wb") as out:
        out.write(gzip.compress(head))
        for _ in range(int(gib * 1024)):
            out.write(piece)
        out.write(gzip.compress(tail))


def deflate_of_repeats(unit: bytes, count: int, before: bytes, after: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of before + unit * count + after, compressed once per piece with a full flush
    (which empties the window, so every piece of the same unit compresses to the same bytes);
    returns the data, the inflated size and its CRC-32."""
    def flushed(data: bytes) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
    head = flushed(before)
    piece = flushed(unit)
    final = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = final.compress(after) + final.flush(zlib.Z_FINISH)
    crc = zlib.crc32(before)
    for _ in range(count):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(after, crc)
    size = len(before) + len(unit) * count + len(after)
    return head + piece * count + end, size, crc


def zip_with_deflated_member(path: Path, name: str, data: bytes, size: int, crc: int, others=()) -> None:
    """Writes a zip archive holding `name` (already deflated `data`) and `others` (name, bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for other_name, other_bytes in others:
            archive.writestr(other_name, other_bytes)
        info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size = size
        info.compress_size = len(data)
        info.CRC = crc
        # Write the member by hand: zipfile cannot store data it did not compress itself.
        archive.fp.seek(archive.start_dir)
        info.header_offset = archive.start_dir
        info.flag_bits = 0
        zip64 = size > 0xFFFFFFFF or len(data) > 0xFFFFFFFF
        archive.fp.write(info.FileHeader(zip64))
        archive.fp.write(data)
        archive.start_dir = archive.fp.tell()
        archive.filelist.append(info)
        archive.NameToInfo[name] = info
    path.write_bytes(buffer.getvalue())


def zip_whitespace_bomb(path: Path, gib: float) -> None:
    """A .zip of a TMX with GIB GiB of whitespace between two elements."""
    before = b'<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>'
    after = b'<tu><tuv xml:lang="zh"><seg>\xe5\xa4\xa7</seg></tuv><tuv xml:lang="en"><seg>big</seg></tuv></tu></body></tmx>\n'
    data, size, crc = deflate_of_repeats(b" " * MIB, int(gib * 1024), before, after)
    zip_with_deflated_member(path, "memory.tmx", data, size, crc)


XLSX_PARTS = [
    ("[Content_Types].xml",
     b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
     b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
     b'<Default Extension="xml" ContentType="application/xml"/>'
     b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
     b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
     b'</Types>'),
    ("_rels/.rels",
     b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
     b'</Relationships>'),
    ("xl/workbook.xml",
     b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
     b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
     b'<sheet name="Terms" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    ("xl/_rels/workbook.xml.rels",
     b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
     b'</Relationships>'),
]


def xlsx_cell_bomb(path: Path) -> None:
    """A tiny .xlsx whose sheet names cells A1 and XFD1048576: a dense grid of 17 billion cells."""
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<dimension ref="A1:XFD1048576"/><sheetData>'
             b'<row r="1"><c r="A1" t="inlineStr"><is><t>zh</t></is></c><c r="B1" t="inlineStr"><is><t>en</t></is></c></row>'
             b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
             b'</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in XLSX_PARTS:
            archive.writestr(name, data)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)


def xlsx_string_bomb(path: Path, gib: float) -> None:
    """A .xlsx of about 1 MB whose one cell inflates to GIB GiB."""
    before = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>zh</t></is></c></row>'
              b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
    after = b'</t></is></c></row></sheetData></worksheet>'
    data, size, crc = deflate_of_repeats(b"\xe5\xa4\xa7" * (MIB // 3), int(gib * 1024), before, after)
    zip_with_deflated_member(path, "xl/worksheets/sheet1.xml", data, size, crc, XLSX_PARTS)


def main() -> None:
    folder = Path(sys.argv[1])
    gib = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    folder.mkdir(parents=True, exist_ok=True)
    gzip_bomb(folder / "seg-bomb.tmx.gz", gib)
    zip_whitespace_bomb(folder / "whitespace-bomb.zip", gib)
    xlsx_cell_bomb(folder / "cells-bomb.xlsx")
    xlsx_string_bomb(folder / "cell-bomb.xlsx", gib)
    tmx = '<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>\n' \
        '<tu><tuv xml:lang="zh"><seg>红色</seg></tuv><tuv xml:lang="en"><seg>&#x1B;[31mred</seg></tuv></tu>\n' \
        '<tu><tuv xml:lang="zh"><seg>空</seg></tuv><tuv xml:lang="en"><seg>nul \0 here</seg></tuv></tu>\n' \
        '</body></tmx>\n'
    (folder / "control.tmx").write_text(tmx, encoding="utf-8")
    (folder / "bad-byte.csv").write_bytes("zh,en\n美国,United States\n".encode() + b"\xff,bad\n")
    (folder / "open-quote.csv").write_text('zh,en\n美国,"United States\n中国,China\n', encoding="utf-8")
    (folder / "glossary.csv").write_text("zh,en\n国务院,State Council\n", encoding="utf-8")


if __name__ == "__main__":
    main()
