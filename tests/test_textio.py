"""Decoding: every supported encoding, and clear refusals of what is not text."""

from __future__ import annotations

import codecs
import os

import pytest
from conftest import SAMPLES

from cppcc_publish import InputError, read_article
from cppcc_publish.textio import decode, read_file

TEXT = "连日来，西平县政协认真组织传达学习全国两会精神，委员们说：“镕、喆、堃、珺。”\n"
TRAD = "連日來，西平縣政協認真組織傳達學習全國兩會精神。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TRAD.encode("big5"), "big5"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "gb18030", "gbk", "big5"],
)
def test_decodes(data, encoding):
    got = decode(data, "x.txt")
    assert got.encoding == encoding
    assert got.text == (TRAD if encoding == "big5" else TEXT)


def test_gb2312_sample_reads_like_utf8(tmp_path):
    src = SAMPLES[0]
    gb = tmp_path / "gb.txt"
    gb.write_bytes(src.read_text("utf-8").encode("gb18030"))
    assert read_article(gb) == read_article(src)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "only white space"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP"),
        (bytes(range(256)) * 8, "binary"),
    ],
    ids=["empty", "blank", "pdf", "jpeg", "zip", "random"],
)
def test_refuses_what_is_not_text(tmp_path, data, message):
    path = tmp_path / "renamed.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        read_file(path)
    assert str(path) in str(info.value)


def test_random_bytes_are_refused(tmp_path):
    import random

    rng = random.Random(7)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    with pytest.raises(InputError, match=str(path)):
        read_file(path)


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_file(tmp_path)


def test_unreadable_file(tmp_path, monkeypatch):
    from cppcc_publish import inputs

    path = tmp_path / "secret.txt"
    path.write_text(TEXT, "utf-8")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads every file: make open() answer as for a user

        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(inputs, "_open", denied)
    with pytest.raises(InputError, match="permission denied"):
        read_file(path)


def test_unknown_encoding(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Grüße aus Köln, ÿ\n".encode("latin-1"))
    with pytest.raises(InputError, match="unknown encoding") as info:
        read_file(path)
    assert str(path) in str(info.value)
