"""Reading documents: encodings, HTML, boilerplate, bad files."""

from __future__ import annotations

import codecs
import zlib
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.loaders.clean import blank_boilerplate
from kg.loaders.read import decode, iter_paths, load_document
from kg.loaders.segment import split_sentences

TEXT = "青岛市科学技术局印发《关于进一步优化提升科技领域营商环境的若干措施》。华晨智能完成近亿元B轮融资！"


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # without BOM
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16le"],
)
def test_decode_encodings_give_same_text(encoded: bytes) -> None:
    text, _ = decode(encoded)
    assert text == TEXT


def test_a_file_is_one_document_in_any_encoding_and_two_files_are_two(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(TEXT.encode("utf-8"))
    b.write_bytes(TEXT.encode("gb18030"))
    first = load_document(a)
    assert first.text == load_document(b).text and first.id != load_document(b).id
    a.write_bytes(TEXT.encode("gb18030"))
    assert load_document(a).id == first.id


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (zlib.compress(b"x" * 1000) + b"\x00\x01\x02\x03", "binary"),
        (bytes(range(128, 256)) * 8, "undecodable"),
    ],
    ids=["empty", "blank", "pdf", "png", "compressed", "undecodable"],
)
def test_bad_files_raise_one_line_input_error(tmp_path: Path, data: bytes, reason: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_document(p)
    message = str(info.value)
    assert "\n" not in message and "bad.txt" in message
    assert reason in message or reason == "undecodable" and ("undecodable" in message or "binary" in message)


def test_missing_and_too_large_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "nope.txt")
    big = tmp_path / "big.txt"
    big.write_text(TEXT * 100, encoding="utf-8")
    with pytest.raises(InputError, match="limit"):
        load_document(big, max_bytes=1000)


def test_html_page_loses_scripts_and_chrome(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>科技新闻</title><script>alert(1)</script><style>p{}</style></head>"
        "<body><nav>首页 | 新闻</nav><article><p>青岛银行科技支行发放“康复贷”。</p>"
        "<p>扫一扫在手机打开当前页</p></article><footer>Copyright 2024 鲁ICP备12345号</footer></body></html>",
        encoding="gbk",
    )
    doc = load_document(page)
    assert doc.title == "科技新闻"
    assert "康复贷" in doc.text
    for junk in ("alert", "首页", "Copyright", "ICP", "扫一扫"):
        assert junk not in doc.text


def test_boilerplate_is_blanked_keeping_offsets() -> None:
    raw = "购买\n下载掌阅APP,畅读海量书库\n正文第一句。 9+xBPJGS2Ti9ebSAyokGqDOf8W+8Bh2tJeRjyohmyr7CN\n扫一扫在手机打开当前页"
    clean, dropped = blank_boilerplate(raw)
    assert len(clean) == len(raw)
    assert clean.index("正文第一句") == raw.index("正文第一句")
    assert "购买" not in clean and "APP" not in clean and "扫一扫" not in clean and "BPJGS" not in clean
    assert dropped == ["购买", "下载掌阅APP,畅读海量书库", "扫一扫在手机打开当前页"]


COPYRIGHT_FUND = "青岛市科学技术局设立青岛版权产业基金，规模2亿元，重点扶持版权所有人开展数字版权运营。"


@pytest.mark.parametrize("line", [
    COPYRIGHT_FUND,
    "青岛市科学技术局设立青岛版权产业基金，规模2亿元。版权所有 © 2024 青岛市科学技术局",
    "国家版权局与公安部门联合整治非法网站，不少网站的ICP备案号被注销，公网安备记录同步核查。",
])
def test_a_sentence_that_mentions_copyright_or_icp_is_kept(line: str) -> None:
    for raw in (line, f"标题\n{line}\n", "\n".join(["正文。"] * 20 + [line] + ["正文。"] * 20)):
        clean, dropped = blank_boilerplate(raw)
        assert clean == raw and dropped == []


def test_footer_lines_in_the_margins_are_blanked_and_reported() -> None:
    body = [f"第{i}段正文。" for i in range(30)]
    raw = "\n".join([*body, "版权所有 © 2024 青岛市科学技术局", "鲁ICP备12345678号-1", "鲁公网安备 37021202000001号"])
    clean, dropped = blank_boilerplate(raw)
    assert dropped == ["版权所有 © 2024 青岛市科学技术局", "鲁ICP备12345678号-1", "鲁公网安备 37021202000001号"]
    assert len(clean) == len(raw) and clean.rstrip() == "\n".join(body)
    mid = "\n".join([*body[:15], "版权所有 © 2024 青岛市科学技术局", *body[15:]])
    assert blank_boilerplate(mid)[1] == []  # not in the margins: kept


def test_a_one_line_document_with_a_footer_keeps_its_fund(tmp_path: Path) -> None:
    f = tmp_path / "one.txt"
    f.write_text(COPYRIGHT_FUND + " 版权所有©2024", encoding="utf-8")
    doc = load_document(f)
    assert "青岛版权产业基金" in doc.text and doc.boilerplate == ()


def test_control_characters_are_blanked_keeping_offsets(tmp_path: Path) -> None:
    f = tmp_path / "esc.txt"
    raw = "青岛市科学技术局设立\x1b[2J\x1b[31m清屏基金\x07。\n第二行\t有制表符。"
    f.write_text(raw, encoding="utf-8")
    doc = load_document(f)
    assert len(doc.text) == len(raw) and "\x1b" not in doc.text and "\x07" not in doc.text
    assert "\t" in doc.text and doc.text.index("清屏基金") == raw.index("清屏基金")


def test_sentences_carry_offsets() -> None:
    text = "第一句。第二句！\n“第三句？”第四句"
    sents = list(split_sentences(text))
    assert [s.text for s in sents] == ["第一句。", "第二句！", "“第三句？”", "第四句"]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_folders_are_walked_recursively(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "y.html").write_text("<p>你好</p>", encoding="utf-8")
    (tmp_path / "z.png").write_bytes(b"\x89PNG")
    assert [p.name for p in iter_paths([tmp_path])] == ["x.txt", "y.html"]


def test_seed_documents_load_with_city() -> None:
    from kg.ingest import sample_corpus

    docs = {p.name: load_document(p) for p in iter_paths([sample_corpus()])}
    assert len(docs) == 5
    assert docs["001_3a796fe4b0303064.txt"].city == "青岛"
    assert docs["001_3a796fe4b0303064.txt"].date == "2023-11-28"
    assert "掌阅" not in docs["003_da80483b1a4d3646.txt"].text
