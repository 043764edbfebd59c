"""Bad input end to end: `kg build` and `kg extract` on a folder of everything users collect.

One folder, walked recursively, mixes good documents (UTF-8 with and without
BOM, GBK, GB18030, UTF-16 with and without BOM, HTML pages in UTF-8 and GBK)
with files that cannot be used (empty, blank, a PDF and a PNG renamed .txt, a
file over the size limit, undecodable bytes, a name that looks like console
markup).  The real `kg` process must print exactly one ``error:`` line per bad
file naming it, no traceback, load every good file, and exit with 2.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.loaders.read import MAX_BYTES
from kg.store import counts, export

CITIES = ["青岛", "济南", "烟台", "潍坊", "淄博", "威海", "临沂", "日照", "东营"]
BRANDS = ["海科", "瑞泰", "鼎盛", "恒信", "博远", "智联", "睿图", "凯德", "华晨"]


def body(i: int) -> str:
    """A short document of its own (its own city and company, so no two are duplicates)."""
    company = company_name(i)
    return f"{CITIES[i]}市科学技术局支持{company}建设海洋装备中试平台。{company}专注于海洋物联网领域。"


def company_name(i: int) -> str:
    return f"{CITIES[i]}{BRANDS[i]}智能科技有限公司"


def html_page(i: int, charset: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{CITIES[i]}科技新闻</title>'
            "<script>var leaked = '不应入库的脚本文字';</script></head>"
            f"<body><nav>首页 | 新闻</nav><article><p>{body(i)}</p></article></body></html>")


# relative path -> (bytes, the text the document must contain after decoding)
GOOD: dict[str, tuple[bytes, str]] = {
    "utf8.txt": (body(0).encode("utf-8"), body(0)),
    "utf8-bom.txt": (codecs.BOM_UTF8 + body(1).encode("utf-8"), body(1)),
    "gbk/notice.txt": (body(2).encode("gbk"), body(2)),
    "gbk/2024/q1/report.txt": (body(3).encode("gb18030"), body(3)),
    "utf16/with-bom.txt": (body(4).encode("utf-16"), body(4)),
    "utf16/no-bom-le.txt": (body(5).encode("utf-16-le"), body(5)),
    "web/page.html": (html_page(6, "utf-8").encode("utf-8"), body(6)),
    "web/old/page-gbk.htm": (html_page(7, "gbk").encode("gbk"), body(7)),
    "plain-no-suffix": (body(8).encode("utf-8"), body(8)),
}

# relative path -> (bytes or a size for a sparse file, words the one-line reason must contain)
BAD: dict[str, tuple[bytes | int, str]] = {
    "empty.txt": (b"", "empty file"),
    "gbk/blank.txt": (b"  \r\n\t\n  ", "empty file"),
    "gbk/2024/report.pdf.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "binary file"),
    "web/old/photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200), "binary file"),
    "huge.txt": (MAX_BYTES + 1, "byte limit"),
    "utf16/garbage.txt": (bytes(range(128, 256)) * 8, "undecodable text"),
    "web/old/index.html": (b"<html><head><script>var x = 1;</script></head><body><nav>\xe9\xa6\x96\xe9\xa1\xb5</nav>"
                           b"</body></html>", "no text left"),  # a page with nothing but chrome
    "web/punctuation.txt": ("。，——！？……\n".encode("utf-8") * 3, "no readable text"),
    "odd [/b] dir/[red]named like markup.txt": (b"", "empty file"),
}


def make_folder(root: Path, good: bool = True, bad: bool = True) -> Path:
    for rel, (data, _) in (GOOD.items() if good else ()):
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    for rel, (data, _) in (BAD.items() if bad else ()):
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, int):
            with open(p, "wb") as f:  # sparse: the size check must refuse it before reading
                f.truncate(data)
        else:
            p.write_bytes(data)
    (root / "images").mkdir(exist_ok=True)
    (root / "images" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a document suffix: not even tried
    (root / ".hidden.txt").write_text(body(0) + "隐藏", encoding="utf-8")  # dot files are skipped
    return root


def kg(*args: str, home: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the real `kg` command in a fresh process (its exit code and stderr as a user sees them)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(KG_HOME=str(home), PYTHONWARNINGS="ignore", COLUMNS="80")
    return subprocess.run([sys.executable, "-c", "from kg.cli import main; main(prog_name='kg')", *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def check_error_lines(stderr: str, root: Path) -> None:
    """Exactly one ``error:`` line per bad file, naming it verbatim; nothing else on stderr."""
    assert "Traceback" not in stderr, stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == len(BAD), stderr
    for rel, (_, reason) in BAD.items():
        path = str(root / rel)
        mine = [ln for ln in lines if path + ":" in ln]
        assert len(mine) == 1, (rel, stderr)
        assert mine[0].startswith("error: ") and reason in mine[0], mine[0]
    assert all(ln.startswith("error: ") for ln in lines), stderr


@pytest.mark.neo4j
def test_build_loads_the_good_files_and_names_each_bad_one(tmp_path, driver, neo4j_server):
    root = make_folder(tmp_path / "collected")
    res = kg("build", str(root), "--uri", neo4j_server, "--batch-docs", "3", home=tmp_path / "home")
    assert res.returncode == 2, res.stdout + res.stderr
    check_error_lines(res.stderr, root)
    assert f"loaded {len(GOOD)} documents" in res.stdout and f"{len(BAD)} failed" in res.stdout
    assert len(res.stdout.strip().splitlines()) == 1, res.stdout  # the summary is one line too

    dump = export(driver)
    docs = {n["props"]["name"]: n["props"] for n in dump["nodes"] if n["labels"] == ["Document"]}
    assert sorted(docs) == sorted(Path(rel).name for rel in GOOD)
    sentences = [n["props"] for n in dump["nodes"] if n["labels"] == ["Sentence"]]
    for rel, (_, text) in GOOD.items():
        doc = docs[Path(rel).name]
        mine = "".join(s["text"] for s in sorted(sentences, key=lambda s: s["index"]) if s["doc_id"] == doc["id"])
        assert text in mine, f"{rel} decoded wrongly: {mine[:80]!r}"
    assert docs["page.html"]["title"] == f"{CITIES[6]}科技新闻"
    assert docs["page-gbk.htm"]["title"] == f"{CITIES[7]}科技新闻"
    everything = json.dumps(dump, ensure_ascii=False)
    assert "不应入库" not in everything and "首页" not in everything and "隐藏" not in everything
    for i in range(len(GOOD)):  # every document's company was extracted
        assert f"Company:{company_name(i)}" in everything

    # Running the same folder again reports the same failures and changes nothing.
    again = kg("build", str(root), "--uri", neo4j_server, "--batch-docs", "3", home=tmp_path / "home")
    assert again.returncode == 2
    check_error_lines(again.stderr, root)
    assert export(driver) == dump


def test_extract_writes_the_good_files_and_names_each_bad_one(tmp_path):
    root = make_folder(tmp_path / "collected")
    out = tmp_path / "out"
    res = kg("extract", str(root), "--out", str(out), home=tmp_path / "home")
    assert res.returncode == 2, res.stdout + res.stderr
    check_error_lines(res.stderr, root)
    written = {p.name: json.loads(p.read_text("utf-8")) for p in out.glob("*.json")}
    assert sorted(written) == sorted(f"{Path(rel).stem}.json" for rel in GOOD)
    for rel in GOOD:
        data = written[f"{Path(rel).stem}.json"]
        assert data["doc"] == Path(rel).name and data["entities"]


def test_exit_code_is_zero_when_every_file_loads_and_one_when_none_does(tmp_path):
    good = make_folder(tmp_path / "good", bad=False)
    res = kg("extract", str(good), "--out", str(tmp_path / "out1"), home=tmp_path / "home")
    assert res.returncode == 0 and res.stderr.strip() == "", res.stderr
    bad = make_folder(tmp_path / "bad", good=False)
    res = kg("extract", str(bad), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out2"),
             home=tmp_path / "home")
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert f"error: {tmp_path / 'missing.txt'}: no such file" in res.stderr.splitlines()
    assert res.stdout.startswith("0 documents")


@pytest.mark.neo4j
def test_build_of_only_bad_files_writes_nothing(tmp_path, driver, neo4j_server):
    bad = make_folder(tmp_path / "bad", good=False)
    res = kg("build", str(bad), "--uri", neo4j_server, home=tmp_path / "home")
    assert res.returncode == 1
    check_error_lines(res.stderr, bad)
    assert counts(driver)["nodes"].get("Document", 0) == 0
