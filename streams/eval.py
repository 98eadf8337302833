"""``make eval``: quality figures measured on gold data, never eyeballed.

Today: main-text extraction of real article pages (``../shared/web/html``: the
scrapinghub benchmark's human-annotated bodies, and readability's reference output),
scored as that benchmark does: precision, recall and F1 of word 4-gram shingles of the
extracted text against the expected text. Run ``python -m streams.eval --help``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from streams.settings import REPO_ROOT
from streams.sources import extract_page

SHARED_WEB = REPO_ROOT.parent / "shared" / "web"


def shingles(text: str, n: int = 4) -> Counter:
    words = re.findall(r"\w+", text.casefold())
    return Counter(tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 1)))


def shingle_prf(extracted: str, expected: str) -> tuple[float, float, float]:
    """Precision, recall, F1 of word 4-gram shingles (multiset overlap)."""
    got, want = shingles(extracted), shingles(expected)
    overlap = sum((got & want).values())
    precision = overlap / max(sum(got.values()), 1)
    recall = overlap / max(sum(want.values()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def extraction_cases(web: Path = SHARED_WEB) -> list[tuple[str, Path, Path]]:
    """(name, page, expected text) for every page with a full expected text."""
    cases = []
    for page in sorted((web / "html").glob("*.html")):
        if page.name.endswith(".expected.html"):
            continue
        stem = page.name[:-len(".html")]
        for suffix in (".expected.txt", ".expected.derived.txt"):
            expected = page.with_name(stem + suffix)
            if expected.exists():
                cases.append((stem, page, expected))
                break
    return cases


def snippet_cases(web: Path = SHARED_WEB) -> list[tuple[str, Path, list[str], list[str]]]:
    """(name, page, must appear, must not appear) from trafilatura's partial expectations."""
    import orjson

    cases = []
    for expected in sorted((web / "html").glob("*.expected.json")):
        data = orjson.loads(expected.read_bytes()).get("evaldata") or {}
        page = expected.with_name(expected.name.replace(".expected.json", ".html"))
        if page.exists() and (data.get("with") or data.get("without")):
            cases.append((page.stem, page, data.get("with", []), data.get("without", [])))
    return cases


def evaluate_snippets(cases) -> list[tuple[str, int, int, int, int]]:
    """Per page: (name, with found, with total, without absent, without total)."""
    rows = []
    for name, page, present, absent in cases:
        parsed = extract_page(page.read_bytes(), f"https://example.test/{name}")
        text = parsed.articles[0]["body"] if parsed.articles else ""
        flat = " ".join(text.split())
        rows.append((name, sum(" ".join(p.split()) in flat for p in present), len(present),
                     sum(" ".join(a.split()) not in flat for a in absent), len(absent)))
    return rows


def evaluate_extraction(cases) -> dict:
    rows, started = [], time.perf_counter()
    for name, page, expected in cases:
        parsed = extract_page(page.read_bytes(), f"https://example.test/{name}")
        text = parsed.articles[0]["body"] if parsed.articles else ""
        rows.append((name, *shingle_prf(text, expected.read_text(encoding="utf-8"))))
    elapsed = time.perf_counter() - started
    n = max(len(rows), 1)
    return {
        "rows": rows,
        "precision": sum(r[1] for r in rows) / n,
        "recall": sum(r[2] for r in rows) / n,
        "f1": sum(r[3] for r in rows) / n,
        "pages_per_second": len(rows) / elapsed if elapsed else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams.eval", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--web", type=Path, default=SHARED_WEB,
                        help="folder with html/ pages and expected texts")
    args = parser.parse_args(argv)
    cases = extraction_cases(args.web)
    if not cases:
        print(f"no pages with expected text under {args.web}/html", file=sys.stderr)
        return 2
    result = evaluate_extraction(cases)
    print(f"main-text extraction, {len(cases)} real pages ({args.web}/html), "
          "word 4-gram shingles:")
    for name, p, r, f in result["rows"]:
        print(f"  {name:<45} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"  {'mean':<45} P {result['precision']:.3f}  R {result['recall']:.3f}  "
          f"F1 {result['f1']:.3f}   ({result['pages_per_second']:.1f} pages/s)")
    snippets = evaluate_snippets(snippet_cases(args.web))
    if snippets:
        print("partial expectations (trafilatura's evaldata): snippets that must / must not "
              "appear:")
        for name, found, want, absent, unwanted in snippets:
            print(f"  {name:<45} present {found}/{want}  boilerplate absent {absent}/{unwanted}")
        total = [sum(col) for col in zip(*(r[1:] for r in snippets), strict=True)]
        print(f"  {'total':<45} present {total[0]}/{total[1]}  boilerplate absent "
              f"{total[2]}/{total[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
