"""Who said it: the doc read as sentences and quotes, and the speaker rules.

``ClaimExtractor`` (``streams.claims``) finds what was said; this module names who said
it. The speaker is the reporting verb's subject, or the name next to the verb (after it
too: ``», a déclaré mardi le ministre``, ``," said General Naini``); a role noun gives way
to the name beside it (``le président russe Vladimir Poutine``, ``l'émissaire de l'ONU
pour la Syrie, Geir Pedersen``). A pronoun or a verb with no subject (``a-t-il ajouté``,
``Et d'ajouter``, ``ajoutant que``) refers to the last person named, by name or by role as
a subject, or to the previous speaker, whichever came last. A speaker is linked to a
catalogue actor when a mention of one overlaps it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from streams.quotes import Quote, find_quotes, lexicon_words

PRONOUNS = {
    "fr": {"il", "elle", "ils", "elles", "-il", "-elle", "-ils", "-elles", "-t-il", "-t-elle"},
    "en": {"he", "she", "they"},
}
# A period after these (or after a single capital: an initial) does not end a sentence.
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "sgt",
                 "st", "jr", "sr", "prof", "u.s", "u.k", "u.n", "m", "mme", "mm", "mgr", "no",
                 "vs", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "aug", "sept", "oct",
                 "nov", "dec"}
SPEAKER_LABELS = {"PER", "PERSON", "ORG", "LOC", "GPE", "NORP"}


def time_words() -> frozenset[str]:
    """Words of time between a verb and its inverted subject (``seeds/lexicon``)."""
    return lexicon_words("time_words.txt")


def role_nouns(lang: str) -> frozenset[str]:
    """Nouns for people by their role (``seeds/lexicon/role_nouns.<lang>.txt``)."""
    return lexicon_words(f"role_nouns.{lang}.txt")


class DocReader:
    """A doc read as sentences and quotes, with the memory of the last speaker."""

    def __init__(self, doc: Doc, lang: str, mentions: list[tuple[int, int, str, str]]):
        self.doc = doc
        self.text = doc.text
        self.lang = lang
        self.mentions = mentions  # (start_char, end_char, actor id, actor kind)
        self.quotes = find_quotes(self.text)
        self.last_speaker: dict | None = None
        self.last_speaker_at = 0

    def _pronoun(self, tok: Token) -> bool:
        return tok.lower_ in PRONOUNS.get(self.lang, set())

    def _inside_quote(self, pos: int) -> bool:
        return any(q.start <= pos < q.end for q in self.quotes)

    def _tokens(self, start: int, end: int) -> list[Token]:
        return [t for t in self.doc if start <= t.idx < end]

    def _sentence_around(self, q: Quote) -> tuple[int, int]:
        start, _ = self._sentence_at(q.start)
        _, end = self._sentence_at(q.end)
        return start, end

    def _ends_sentence(self, i: int) -> bool:
        """Is the character at ``i`` a sentence-final mark (not an abbreviation's period)?"""
        c = self.text[i]
        if c not in ".!?" or self._inside_quote(i):
            return False
        if c == ".":
            word = re.search(r"([\w.]+)$", self.text[max(0, i - 12):i])
            if word and (word.group(1).lower() in ABBREVIATIONS
                         or (len(word.group(1)) == 1 and word.group(1).isupper())):
                return False
        return True

    def _sentence_at(self, pos: int) -> tuple[int, int]:
        """Sentence bounds by punctuation and line breaks, quotes kept whole."""
        text = self.text
        start = pos
        while start > 0:
            c = text[start - 1]
            if c == "\n" or (self._ends_sentence(start - 1) and text[start:start + 1].isspace()):
                break
            start -= 1
        end = pos
        while end < len(text):
            c = text[end]
            if c == "\n" or (self._ends_sentence(end)
                             and (end + 1 == len(text) or text[end + 1].isspace())):
                break
            end += 1
        while start < end and text[start].isspace():
            start += 1
        return start, end


class SpeakerResolver(DocReader):
    """The speaker rules (see the module docstring)."""

    def _inverted_subject(self, verb: Token, rest: list[Token]) -> dict:
        """The subject after the verb: ``a déclaré mardi le ministre``, ``a indiqué à l'AFP
        une source``, ``a écrit sur X le secrétaire d'État``; else the previous speaker."""
        parsed = [c for c in verb.children if c.dep_.startswith("nsubj") and c.i > verb.i
                  and rest and c.i <= rest[-1].i]
        if parsed and not self._pronoun(parsed[0]) and parsed[0].pos_ in ("NOUN", "PROPN"):
            return self._speaker_from(parsed[0])
        skip_to = -1
        for t in rest:
            if t.i <= skip_to or t.is_punct or t.like_num or t.lower_ in time_words():
                continue
            if self._pronoun(t):
                return self._carry("pronoun", verb.idx)
            if t.pos_ in ("PROPN", "NOUN") or t.ent_type_ in SPEAKER_LABELS:
                return self._speaker_from(t)
            if t.pos_ == "ADP" and t.i < t.head.i <= t.i + 4:
                skip_to = t.head.i  # a short complement first: "à l'AFP", "sur X"
                continue
            if t.pos_ not in ("DET", "ADV", "AUX", "ADJ"):
                break
        return self._carry("continuation", verb.idx)

    def _subject_of(self, verb: Token, before: list[Token]) -> dict:
        """The speaker before ``verb``: its subject (through a participle clause), a name or
        a pronoun before it, or the previous speaker."""
        subjects = [c for c in verb.children if c.dep_.startswith("nsubj") and c.i < verb.i]
        head = verb
        # "..., affirmant qu'il était lié à Israël": a participle clause speaks for the
        # subject of the clause it hangs on (an earlier one, outside quotes)
        for _ in range(2):
            up = head.head
            if subjects or up.i == head.i or head.dep_ not in ("xcomp", "conj", "advcl", "acl") \
                    or up.i > verb.i or self._inside_quote(up.idx):
                break
            head = up
            subjects = [c for c in head.children if c.dep_.startswith("nsubj")]
        if not subjects and verb.morph.get("VerbForm") in (["Part"], ["Ger"]) \
                and verb.morph.get("Tense") != ["Past"]:
            return self._carry("continuation", verb.idx)  # "..., ajoutant que ..."
        for subj in subjects:
            if self._pronoun(subj):
                return self._carry("pronoun", subj.idx)
            return self._speaker_from(subj)
        for t in reversed(before):
            if self._pronoun(t):
                return self._carry("pronoun", t.idx)
            if t.ent_type_ in SPEAKER_LABELS or t.pos_ == "PROPN":
                return self._speaker_from(t)
        return self._carry("continuation", verb.idx)

    def _speaker_from(self, tok: Token, limit: tuple[int, int] | None = None) -> dict:
        """The named speaker around ``tok``: its entity, or its noun phrase."""
        if tok.pos_ in ("DET", "ADP") and tok.head.i != tok.i:
            tok = tok.head  # "le ministère ...", "des sources ..."
        while tok.dep_ in ("compound", "flat", "flat:name") and tok.head.i != tok.i:
            tok = tok.head
        span = next(((e.start_char, e.end_char) for e in self.doc.ents
                     if e.start <= tok.i < e.end and e.label_ in SPEAKER_LABELS), None)
        if span is None:
            sub = []
            for t in tok.subtree:  # the noun phrase, cut at a comma or a verb after its head
                if t.i > tok.i and (t.text == "," or t.pos_ in ("VERB", "AUX")):
                    break
                sub.append(t)
            # a role noun standing for a named person: "le président russe Vladimir Poutine"
            names = [e for e in self.doc.ents if e.label_ in ("PER", "PERSON")
                     and e.start <= sub[-1].i and e.end > sub[0].i]
            after = list(self.doc[sub[-1].i + 1:sub[-1].i + 8])
            comma = next((i for i, t in enumerate(after) if t.text == ","), None)
            if not names and comma is not None and comma + 1 < len(after) and not any(
                    t.pos_ in ("VERB", "AUX") for t in after[:comma]):
                # "le porte-parole du Quai d'Orsay, Christophe Lemoine", "l'émissaire de l'ONU
                # pour la Syrie, Geir Pedersen": the name follows
                names = [e for e in self.doc.ents if e.label_ in ("PER", "PERSON")
                         and e.start == after[comma + 1].i]
            if names:
                span = (names[0].start_char, names[0].end_char)
            else:
                words = [t for t in sub if not t.is_punct and t.pos_ != "DET"][:8] or [tok]
                span = (words[0].idx, words[-1].idx + len(words[-1].text))
        if limit and span[0] < limit[1]:
            span = (max(span[0], limit[0]), min(span[1], limit[1]))
        name = self.text[span[0]:span[1]].strip()
        speaker = {"name": name, "actor_id": self._actor_in(*span), "resolved_from": "named",
                   "_end": span[1]}
        self.last_speaker = {k: v for k, v in speaker.items() if k != "_end"}
        self.last_speaker_at = span[1]
        return speaker

    def _carry(self, how: str, at: int | None = None) -> dict:
        """The speaker a pronoun or a bare continuation refers to: the last speaker, or a
        person named after that speaker and before ``at`` (outside quotes)."""
        if at is not None:
            # people named since the last speaker, by name or by role as a subject
            # ("La présidente de la Commission a plaidé ... « ... », a-t-elle insisté")
            roles = role_nouns(self.lang)
            people = [self.doc[e.start] for e in self.doc.ents if e.label_ in ("PER", "PERSON")
                      and self.last_speaker_at <= e.start_char and e.end_char <= at
                      and not self._inside_quote(e.start_char)]
            people += [t for t in self.doc if t.dep_.startswith("nsubj")
                       and t.lemma_.lower() in roles and self.last_speaker_at <= t.idx < at
                       and not self._inside_quote(t.idx)]
            if people:
                found = self._speaker_from(max(people, key=lambda t: t.idx))
                found.pop("_end", None)
                return {**found, "resolved_from": how}
        if self.last_speaker is None:
            return {"name": None, "actor_id": None, "resolved_from": how}
        return {**self.last_speaker, "resolved_from": how}

    def _actor_in(self, start: int, end: int) -> str | None:
        hits = [(kind != "person", s, qid) for s, e, qid, kind in self.mentions
                if s < end and e > start]
        return min(hits)[2] if hits else None
