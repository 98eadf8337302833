"""People of the catalogue from a Wikidata export: heads of state and government and
foreign ministers, with the dates of their roles (a person counts for their country while
in office).

Wikidata cannot be reached from the machines newswatch is built on, so this runs in two
steps wherever it can be reached:

  python ops/catalogue/build_people.py query [--since 2000-01-01] > people.rq
      # run people.rq at https://query.wikidata.org, download the result as JSON
  python ops/catalogue/build_people.py build result.json > seeds/actors/people.jsonl
      # keep result.json in seeds/sources/ and say so in seeds/actors/README.md

Countries: seeds/sources/people-countries.txt (G20 and the Middle East and North Africa),
mapped to QIDs with seeds/sources/owid-iso3-wikidata.tsv. Nothing here is typed by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "seeds" / "sources"
ENTITY = "http://www.wikidata.org/entity/"


def country_qids() -> list[str]:
    wanted = [line.strip() for line in (SOURCES / "people-countries.txt").read_text(
        encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    table = {}
    for line in (SOURCES / "owid-iso3-wikidata.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1].startswith("Q"):
            table[parts[0]] = parts[1]
    missing = [iso for iso in wanted if iso not in table]
    if missing:
        raise SystemExit(f"no QID in owid-iso3-wikidata.tsv for {', '.join(missing)}")
    return [table[iso] for iso in wanted]


def query(since: str) -> str:
    template = (ROOT / "ops" / "catalogue" / "people.rq").read_text(encoding="utf-8")
    values = " ".join(f"wd:{q}" for q in country_qids())
    return template % {"countries": values, "since": f"{since}T00:00:00Z"}


def build(result: dict) -> list[dict]:
    """One catalogue row per person from SPARQL JSON results, roles sorted newest first."""
    people: dict[str, dict] = {}
    for row in result["results"]["bindings"]:
        qid = row["person"]["value"].removeprefix(ENTITY)
        name = row["personLabel"]["value"]
        person = people.setdefault(qid, {"id": qid, "name": name, "kind": "person",
                                         "names": {"en": [name], "fr": []},
                                         "affiliations": [],
                                         "source": "Wikidata export, ops/catalogue/people.rq"})
        french = row.get("personLabel_fr", {}).get("value")
        if french and french not in person["names"]["fr"]:
            person["names"]["fr"].append(french)
        role = {"id": row["country"]["value"].removeprefix(ENTITY), "role": row["role"]["value"],
                "from": _day(row.get("start")), "to": _day(row.get("end"))}
        if role not in person["affiliations"]:
            person["affiliations"].append(role)
    for person in people.values():
        person["affiliations"].sort(key=lambda a: a["from"] or "", reverse=True)
        if not person["names"]["fr"]:
            person["names"]["fr"] = list(person["names"]["en"])
    return sorted(people.values(), key=lambda p: int(p["id"][1:]))


def _day(binding: dict | None) -> str | None:
    return binding["value"][:10] if binding else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    q = sub.add_parser("query", help="print the SPARQL query to run at query.wikidata.org")
    q.add_argument("--since", default="2000-01-01", help="roles still held on or after")
    b = sub.add_parser("build", help="catalogue rows (JSON lines) from the query's JSON result")
    b.add_argument("result", type=Path)
    args = parser.parse_args(argv)
    if args.command == "query":
        print(query(args.since))
        return 0
    for person in build(json.loads(args.result.read_text(encoding="utf-8"))):
        print(json.dumps(person, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
