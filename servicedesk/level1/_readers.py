"""One reader per field of servicedesk.level1.facts, each cutting the user's own words out of the message.

The readers run in an order that settles the overlaps: error codes and quoted text first (an office number or a
date inside a quoted message belongs to the message), deadlines before "since" ("démo ce matin" is a deadline),
and every span found is kept, so an answer made only of other fields' words is not taken for the one asked.
"""

import re
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from servicedesk.level1 import _patterns as p
from servicedesk.level1._since import find_since

Span = tuple[int, int]
_MAX_CLAUSE = 120
_DEPARTMENT_SIZE = 10
_CLAUSE_END = re.compile(r"[,.;!?()\n]|\s(?:mais|but|et\s+(?:ca|ça|rien|toujours)|and\s+(?:it|still|nothing))\s")
_APPLICATION = re.compile(r"(?<![\w-])(?:l'application|l'appli|l'app|le\s+logiciel|l'outil|the\s+app|the\s+tool"
                          r"|application|appli|logiciel|software|programme|program)\s+(?:de\s+|d')?")
_NAME = re.compile(r"[A-Z][\w.+&-]{1,29}(?:\s+[A-Z0-9][\w.+&-]{0,29})?")
_WHO_OF = re.compile(r"\s+(?:dans|de|du|en|au|chez|in|of|at|from|on)\s+")
_GREETED = re.compile(r"(?:bonjour|bonsoir|salut|hello|hi|hey|merci|thanks|coucou)\s*(?:a\s+)?$")


class Reading(NamedTuple):
    """The values of the fields read (keyword arguments of servicedesk.level1.facts.Facts), and their spans."""

    values: dict[str, Any]
    spans: tuple[Span, ...]


def read_all(text: str, *, now: datetime, languages: tuple[str, ...]) -> Reading:
    """Every field the text tells, as typed, and where in the text each was read."""
    folded = p.fold(text)
    taken: list[Span] = []
    errors = _take(taken, _errors(folded))
    deadline = _take(taken, [(m.start(), m.end()) for m in p.DEADLINE.finditer(folded)][:1])
    since = find_since(folded, now=now, languages=languages)
    if since and _free(taken, (since.start, since.end)):
        taken.append((since.start, since.end))
    else:
        since = None
    places = _take(taken, [(m.start(), m.end()) for m in p.PLACE.finditer(folded) if not p.NOT_PLACES.match(m.group())])
    devices = _take(taken, _merged(_devices(folded)))
    impact, affected, count = _impact(folded, taken)
    tried = _take(taken, _tried(folded))
    urgency = _urgency(_masked(folded, errors), impact, deadline, taken)
    declined = tuple(f for f, pattern in (("error", p.NO_ERROR), ("tried", p.NOTHING_TRIED))
                     if pattern.search(folded) and not (errors if f == "error" else tried))
    return Reading(dict(
        error=_said(text, errors), since=_said(text, [(since.start, since.end)]) if since else None,
        since_at=since.at if since else None, impact=impact, affected=_said(text, affected), affected_count=count,
        urgency=urgency, deadline=_said(text, deadline), device=_said(text, devices, ", "),
        place=_said(text, places, ", "), tried=_said(text, tried), application=_application(text, folded),
        no_workaround=bool(p.NO_WORKAROUND.search(folded)), declined=declined,
    ), tuple(taken))


def _errors(folded: str) -> list[Span]:
    spans = []
    for match in p.QUOTED.finditer(folded):
        group = next(g for g in ("single", "double", "curly", "guillemets") if match.group(g))
        spans.append(match.span(group))
    spans += [m.span() for m in p.ERROR_CODES.finditer(folded)]
    spans += [m.span() for m in p.ERROR_PHRASES.finditer(folded)]
    return spans


def _devices(folded: str) -> list[Span]:
    hosts = [m.span() for m in p.HOST.finditer(folded)
             if re.search(r"\d", m.group()) and not p.NOT_HOSTS.match(m.group())]
    return sorted(hosts + [m.span() for m in p.DEVICE_PHRASE.finditer(folded)])


# "juste moi, mes collegues se connectent": a team named as the ones it works for is not affected.
_THEY_ARE_FINE = re.compile(
    r"\W*(?:\w+\W+){0,2}?(?:se connectent|y arrivent|arrivent|l'ont|ont pas|n'ont pas|ne l'ont pas|n'ont aucun|"
    r"vont bien|sont ok|marchent|fonctionnent|peuvent|are fine|are ok|are okay|can (?:log|connect|print|work|use)|"
    r"don't have|do not have|aren't affected|are not affected|have no (?:issue|problem)|work fine|are working)")


def _impact(folded: str, taken: list[Span]) -> tuple[int | None, list[Span], int | None]:
    """The most severe impact said, the words that said it, and a head count when one was given."""
    candidates: list[tuple[int, Span, int | None]] = []
    for start, end, number in _numbers(folded):
        before = p.WE_ARE_BEFORE.search(folded[:start])
        after = p.GROUP_AFTER.match(folded, end)
        if (before or after) and number > 1:
            span = (before.start() if before else start, after.end() if after else end)
            candidates.append((1 if number >= _DEPARTMENT_SIZE else 2, span, number))
    for level, pattern in ((1, p.WIDE_AFFECTED), (2, p.TEAM_AFFECTED), (2, p.WITH_ME), (3, p.ONLY_ME)):
        for match in pattern.finditer(folded):
            if not (level == 1 and _GREETED.search(folded[:match.start()])):
                candidates.append((level, match.span(), 2 if pattern is p.WITH_ME else None))
    candidates = [c for c in candidates if _free(taken, c[1]) and not (c[0] == 2 and _THEY_ARE_FINE.match(
        folded, c[1][1]))]
    if not candidates:
        return None, [], None
    level, span, _ = min(candidates, key=lambda c: (c[0], c[1][0]))
    for _, (start, end), _ in sorted(candidates, key=lambda c: c[1][0]):
        if start >= span[1] and _WHO_OF.fullmatch(folded[span[1]:start]):
            span = (span[0], end)      # "une dizaine dans l'equipe compta"
    taken.extend(c[1] for c in candidates)
    count = next((n for _, _, n in sorted(candidates, key=lambda c: c[1][0]) if n), None)
    return level, [span], count


def _numbers(folded: str) -> list[tuple[int, int, int]]:
    """Numbers in digits, in words (text2num, French and English) and the approximate ones ("une dizaine")."""
    found = [(m.start(), m.end(), int(m.group())) for m in re.finditer(r"(?<![\w.,:/-])\d{1,4}(?![\w.,:/-])", folded)]
    found += [(m.start(), m.end(), p.ABOUT_NUMBERS[re.sub(r"\s+", " ", m.group())]) for m in p.ABOUT.finditer(folded)]
    tokens = list(re.finditer(r"[a-z]+(?:-[a-z]+)*", folded))
    index = 0
    while index < len(tokens):
        for width in (3, 2, 1):
            window = tokens[index:index + width]
            value = _in_words(" ".join(t.group() for t in window)) if len(window) == width else None
            if value is not None:
                found.append((window[0].start(), window[-1].end(), value))
                index += width
                break
        else:
            index += 1
    return [n for n in found if not any(a < n[0] < b or a < n[1] < b for a, b, _ in found if (a, b) != n[:2])]


@cache
def _in_words(words: str) -> int | None:
    from text_to_num import text2num

    for language in ("fr", "en"):
        try:
            return text2num(words, language)
        except ValueError:
            continue
    return None


def _urgency(folded: str, impact: int | None, deadline: list[Span], taken: list[Span]) -> int | None:
    """The most severe urgency said; a longer phrase hides the shorter ones inside it ("pas urgent")."""
    phrases = sorted(((w, level) for level, ws in p.URGENCY_PHRASES.items() for w in ws), key=lambda x: -len(x[0]))
    masked, levels = folded, []
    for phrase, level in phrases:
        for match in _whole(phrase).finditer(masked):
            levels.append(level)
            taken.append(match.span())
            masked = _masked(masked, [match.span()])
    if deadline:
        when = p.DEADLINE.match(folded, deadline[0][0])
        moment = (when.group("when") or when.group("when2")) if when else ""
        levels.append(1 if re.fullmatch(p.SOON_NOW, moment) else 2)
    if not levels and impact is not None and impact <= 2 and p.OUTAGE.search(folded):
        levels.append(impact)
    return min(levels) if levels else None


@cache
def _whole(phrase: str) -> re.Pattern[str]:
    return p.whole(p.words(phrase))


def _masked(folded: str, spans: list[Span]) -> str:
    for start, end in spans:
        folded = folded[:start] + "#" * (end - start) + folded[end:]
    return folded


def _tried(folded: str) -> list[Span]:
    spans = []
    for match in p.TRIED.finditer(folded):
        end = _CLAUSE_END.search(folded, match.end())
        clause = (match.start(), min(end.start() if end else len(folded), match.start() + _MAX_CLAUSE))
        if not p.TRIED_NOT.match(folded[clause[0]:clause[1]]):
            spans.append(clause)
    return spans[:3]


def _application(text: str, folded: str) -> str | None:
    for cue in _APPLICATION.finditer(folded):
        name = _NAME.match(text, cue.end())
        if name:
            return name.group().strip()
    named = re.search(r"(?<![\w-])(?:the|my|l')\s*([A-Z][\w.+&-]{1,29})\s+(?:app|application|appli)\b", text)
    return named.group(1) if named else None


def _take(taken: list[Span], spans: list[Span]) -> list[Span]:
    """The spans that overlap nothing taken yet (nor each other), now taken."""
    kept = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if _free(taken, span):
            kept.append(span)
            taken.append(span)
    return kept


def _free(taken: list[Span], span: Span) -> bool:
    return all(span[1] <= start or span[0] >= end for start, end in taken)


def _merged(spans: list[Span]) -> list[Span]:
    """Adjacent spans as one ("mon pc" and "DI-PC04512")."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _said(text: str, spans: list[Span], separator: str = "; ") -> str | None:
    parts = list(dict.fromkeys(text[start:end].strip() for start, end in sorted(spans)))
    return separator.join(part for part in parts if part) or None
