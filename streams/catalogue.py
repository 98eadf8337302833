"""The actor catalogue (data in ``seeds/actors/``) and actor resolution in a spaCy doc.

Resolution combines a phrase matcher over every catalogue form with spaCy's NER and
decides per mention, so that each decision can be explained from the mention, its label
and its context: a country name inside a longer person name ("George Washington",
"Jordan Bardella") is not the country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from streams.jsonlines import read_jsonl
from streams.quotes import find_quotes, lexicon_words

LANGS = ("en", "fr")
# "à Moscou", "in Moscow": a capital as the place where something happens, not the state
LOCATIVES = {"à", "in", "at", "near", "près", "depuis", "from", "vers", "to"}
CONNECTORS = {"de", "du", "des", "d'", "d’", "of", "la", "le", "l'", "l’", "the"}
# "National Security Council", "Conseil de sécurité nationale": a state's body, not the UN's
NATIONAL = {"national", "nationale"}
# French demonyms are adjectives (lower case) and nouns (capitalised): match any case.
CASE_INSENSITIVE = {("demonyms", "fr")}


class CatalogueError(ValueError):
    """A catalogue file that cannot be loaded; names the file, line and problem."""


def _not_actor_heads() -> frozenset[str]:
    return lexicon_words("not_actor_heads.txt")


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    un_member: bool = False
    forms: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (field, lang)
    affiliations: list[dict] = field(default_factory=list)

    def affiliations_on(self, date: str | None) -> list[dict]:
        """Roles in force on ``date`` (ISO, possibly partial); current roles if no date."""
        out = []
        for aff in self.affiliations:
            start, end = aff.get("from") or "", aff.get("to")
            if date:
                d = date[:10]
                # a partial date (2025-06) compares on its own length
                if start and start[: len(d)] > d or end and end[: len(d)] < d:
                    continue
            elif end:
                continue
            out.append({"id": aff["id"], "role": aff.get("role")})
        return out


class Catalogue:
    """Actors by QID, with a phrase matcher per spaCy pipeline."""

    def __init__(self, actors: dict[str, Actor]):
        self.actors = actors
        self._matchers: dict[int, tuple[PhraseMatcher, PhraseMatcher]] = {}

    @classmethod
    def load(cls, path: Path) -> Catalogue:
        path = Path(path)
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        if not files or not all(f.exists() for f in files):
            raise CatalogueError(f"{path}: no actor catalogue (*.jsonl) there")
        actors: dict[str, Actor] = {}
        defined: dict[str, str] = {}
        pending: list[tuple[str, dict]] = []
        for file in files:
            for where, row in read_jsonl(file, CatalogueError):
                if not isinstance(row, dict):
                    raise CatalogueError(f"{where}: an actor must be a JSON object")
                if not str(row.get("id", "")).startswith("Q"):
                    raise CatalogueError(f"{where}: 'id' must be a Wikidata QID like Q794")
                if row.get("extends"):
                    pending.append((where, row))
                    continue
                for key in ("name", "kind"):
                    if not row.get(key):
                        raise CatalogueError(f"{where}: missing {key!r}")
                if row["id"] in defined:
                    raise CatalogueError(f"{where}: {row['id']} is already defined at "
                                         f"{defined[row['id']]}; add forms with \"extends\"")
                defined[row["id"]] = where
                actors[row["id"]] = Actor(row["id"], row["name"], row["kind"],
                                          un_member=bool(row.get("un_member")),
                                          affiliations=list(row.get("affiliations", [])))
                _add_forms(actors[row["id"]], row)
        for where, row in pending:
            if row["id"] not in actors:
                raise CatalogueError(f"{where}: extends unknown actor {row['id']}")
            _add_forms(actors[row["id"]], row)
        for actor in actors.values():
            for aff in actor.affiliations:
                if aff.get("id") not in actors:
                    raise CatalogueError(f"{actor.id} ({actor.name}): affiliation "
                                         f"{aff.get('id')} is not in the catalogue")
        return cls(actors)

    def name_of(self, qid: str) -> str:
        return self.actors[qid].name if qid in self.actors else qid

    def find(self, name_or_id: str) -> Actor | None:
        """An actor by QID or by any of its names (case-insensitive)."""
        if name_or_id in self.actors:
            return self.actors[name_or_id]
        wanted = name_or_id.casefold()
        for actor in self.actors.values():
            if actor.name.casefold() == wanted:
                return actor
            for (kind, _lang), forms in actor.forms.items():
                if kind == "names" and any(f.casefold() == wanted for f in forms):
                    return actor
        return None

    # -- matching --------------------------------------------------------------------------

    def _matchers_for(self, nlp) -> tuple[PhraseMatcher, PhraseMatcher]:
        key = id(nlp)
        if key not in self._matchers:
            exact = PhraseMatcher(nlp.vocab, attr="ORTH")
            folded = PhraseMatcher(nlp.vocab, attr="LOWER")
            # a form shared by two actors ("French": France and the French Southern
            # Lands) goes to the first in this order: UN members, other countries, others
            ranked = sorted(self.actors.values(), key=lambda a: (
                a.kind != "country", not a.un_member, a.id))
            taken: set[tuple[str, str]] = set()
            for actor in ranked:
                for (kind, lang), forms in actor.forms.items():
                    insensitive = (kind, lang) in CASE_INSENSITIVE
                    matcher = folded if insensitive else exact
                    label = f"{actor.id}|{kind}"
                    docs = []
                    for form in forms:
                        key_form = (form.lower() if insensitive else form, kind)
                        if key_form in taken:
                            continue
                        taken.add(key_form)
                        docs.append(nlp.make_doc(form))
                    matcher.add(label, [d for d in docs if len(d)])
            self._matchers[key] = (exact, folded)
        return self._matchers[key]

    def mentions(self, doc: Doc, nlp) -> list[tuple[Span, str, str]]:
        """(span, actor id, form kind) for each accepted mention, in text order."""
        exact, folded = self._matchers_for(nlp)
        titles = _quoted_titles(doc.text)
        spans = []
        for matcher in (exact, folded):
            for match_id, start, end in matcher(doc):
                qid, kind = doc.vocab.strings[match_id].split("|")
                spans.append(Span(doc, start, end, label=f"{qid}|{kind}"))
        accepted = []
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            qid, kind = span.label_.split("|")
            if self._rejected(span, qid, kind):
                continue
            if any(start <= span.start_char < end for start, end in titles):
                continue  # "le film « Téhéran, mon amour »": part of a title
            accepted.append((span, qid, kind))
        return accepted

    def _rejected(self, span: Span, qid: str, kind: str) -> str | None:
        """Why a match is not the actor (None: it is). Each reason reads off the mention,
        its label and its neighbours."""
        if self.actors[qid].kind == "person":
            return None
        doc = span.doc
        if any(ent.label_ in ("PER", "PERSON") and ent.start <= span.start
               and span.end <= ent.end and len(ent) > len(span) for ent in doc.ents):
            return "part of a person's name"
        before = [t for t in doc[max(span.start - 3, 0):span.start] if not t.is_space]
        words = [t.lower_ for t in before]
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if self.actors[qid].kind == "organization" and (
                after in NATIONAL or words and words[-1] in NATIONAL):
            return "a national body with the same name"
        if (kind == "metonyms" and words and words[-1] in LOCATIVES
                and " ".join(words[-2:]) not in ("face à", "grâce à", "quant à", "opposé à")
                and not _to_a_recipient(doc, span.start) and not _up_to(doc, span.end)):
            return "a place where something happens"
        if after in lexicon_words("not_actor_tails.txt"):
            return f"part of a name (... {after})"
        # back over connectors and the capitalised words of a name to its head noun:
        # "rue de Téhéran", "le restaurant Le Petit Liban", "le Grand Prix de Bahreïn",
        # "le vol Paris-Téhéran" (but "la guerre Israël-Hamas" names two actors)
        for t in reversed([t for t in doc[max(span.start - 6, 0):span.start] if not t.is_space]):
            if (t.lower_ in _not_actor_heads() and t.pos_ != "VERB"  # "to train Iranian forces"
                    or t.text == "New"):  # "New Mexico", but "a new Iranian drone"
                return f"part of a place or thing ({t.text} ...)"
            if not (t.lower_ in CONNECTORS or t.text in ("-", "–")
                    or t.text[:1].isupper() and t.pos_ != "VERB"):
                break
        if kind == "demonyms" and span.text.islower() and before and before[-1].lower_ == "en" \
                and span.text.endswith(("e", "ais", "ois", "ien", "ain")) and len(span) == 1:
            return "a language (en russe, en français)"
        return None

    def resolve(self, doc: Doc, nlp, published_at: str | None = None) -> list[dict]:
        """EnrichedArticle ``actors``: one entry per actor with its mentions (offsets)."""
        found: dict[str, dict] = {}
        for span, qid, _kind in self.mentions(doc, nlp):
            actor = self.actors[qid]
            entry = found.setdefault(qid, {
                "id": qid, "name": actor.name, "kind": actor.kind, "mentions": [],
                "affiliations": [
                    {**aff, "name": self.name_of(aff["id"])}
                    for aff in actor.affiliations_on(published_at)
                ],
            })
            entry["mentions"].append(
                {"text": span.text, "start": span.start_char, "end": span.end_char}
            )
        return list(found.values())


def _to_a_recipient(doc: Doc, start: int) -> bool:
    """``livrer des armes à Kiev``, ``sent a message to Moscow``: the capital receives."""
    window = doc[max(start - 5, 0):start]
    return any(t.lemma_.lower() in lexicon_words("recipient_words.txt") for t in window)


def _up_to(doc: Doc, end: int) -> bool:
    """``ce n'est pas à Washington de décider``, ``up to Moscow to decide``: who decides."""
    nxt = doc[end:end + 2]
    return len(nxt) == 2 and nxt[0].lower_ in ("de", "d'", "d’", "to") and (
        "Inf" in nxt[1].morph.get("VerbForm"))


def _quoted_titles(text: str) -> list[tuple[int, int]]:
    """Quoted passages announced by a work's noun: ``le film « ... »``, ``the book "..."``."""
    heads = lexicon_words("title_heads.txt")
    out = []
    for q in find_quotes(text):
        before = re.search(r"(\w+)\W*$", text[max(q.start - 30, 0):q.start])
        if before and before.group(1).lower() in heads:
            out.append((q.start, q.end))
    return out


def _add_forms(actor: Actor, row: dict) -> None:
    for kind in ("names", "demonyms", "metonyms"):
        for lang, forms in (row.get(kind) or {}).items():
            bucket = actor.forms.setdefault((kind, lang), [])
            bucket.extend(f for f in _strings(forms) if f not in bucket)


def _strings(items: Iterable) -> list[str]:
    return [s for s in items if isinstance(s, str) and s.strip()]

