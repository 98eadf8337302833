"""Regenerate seeds/actors/countries.jsonl from open data.

Inputs (both open data, neither typed by hand):
  * world-countries (npm, ODbL): English and French names, official names, demonyms,
    UN membership. ``make catalogue`` fetches it with ``npm pack world-countries@5.1.0``.
  * seeds/sources/owid-iso3-wikidata.tsv: ISO alpha-3 -> Wikidata QID, extracted from
    Our World in Data's country table (see the header of that file).

Usage: python ops/catalogue/build_countries.py package/countries.json > seeds/actors/countries.jsonl

Hand-made additions (French plural demonyms are derived here; French capitals, seats of
power and press periphrases are not) live in seeds/actors/curated.jsonl.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QIDS = ROOT / "seeds" / "sources" / "owid-iso3-wikidata.tsv"


def load_qids() -> dict[str, tuple[str, str]]:
    out = {}
    for line in QIDS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("iso3\t") or not line.strip():
            continue
        iso3, qid, label = line.split("\t")
        out[iso3] = (qid, label)
    return out


def fr_plurals(word: str) -> list[str]:
    if not word:  # no demonym in the source: no forms (not the lone plural mark "s")
        return []
    return [word] if word.endswith(("s", "x")) else [word, word + "s"]


def en_plurals(word: str) -> list[str]:
    if not word:
        return []
    if word.endswith(("ese", "s", "sh", "ch", "ss")):
        return [word]
    return [word, word + "s"]


def unique(items):
    seen, out = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def build(countries: list[dict]) -> list[dict]:
    qids = load_qids()
    rows = []
    for c in countries:
        if c["cca3"] not in qids:
            continue  # no QID in the open table (Kosovo, Antarctica): curated.jsonl may add it
        qid, label = qids[c["cca3"]]
        fra = c.get("translations", {}).get("fra", {})
        alt = [a for a in c.get("altSpellings", []) if len(a) > 3 and "," not in a]
        dem = c.get("demonyms", {})
        en_dem = unique(w for g in ("m", "f") for w in en_plurals(dem.get("eng", {}).get(g, "")))
        fr_dem = unique(
            w for g in ("m", "f") for w in fr_plurals(dem.get("fra", {}).get(g, "").lower())
        )
        rows.append({
            "id": qid,
            "name": c["name"]["common"],
            "kind": "country",
            "iso3": c["cca3"],
            "un_member": bool(c.get("unMember")),
            "names": {
                "en": unique([c["name"]["common"], c["name"]["official"], label, *alt]),
                "fr": unique([fra.get("common", ""), fra.get("official", "")]),
            },
            "demonyms": {"en": en_dem, "fr": fr_dem},
            "source": "world-countries 5.1.0 (ODbL) + OWID iso3->Wikidata",
        })
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    countries = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    for row in build(countries):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
