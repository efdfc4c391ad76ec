"""Names and short texts as people type or paste them: one line, with nothing invisible.

A title pasted from a document or a chat can carry characters that take no room — a
zero-width space, a byte-order mark, a soft hyphen — or that turn the text around (the
bidirectional overrides). "Invoicing" with a zero-width space after it is another task to
the database and the same one to the eye; a title of only such characters is a link with
nothing to click. Control characters (a NUL among them, which PostgreSQL's text refuses)
count as spaces.
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable

# Invisible, and meaningless in a one-line name: removed. (The zero-width joiner and
# non-joiner are kept inside words: emoji sequences and Persian spelling need them.)
_INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u180e\u200b\u2060\ufeff"  # zero-width spaces, word joiner, byte-order mark
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # direction marks
)
_JOINERS = "\u200c\u200d"
_TABLE = {ord(char): None for char in _INVISIBLE} | {
    code: " " for code in range(0xA0) if unicodedata.category(chr(code)) == "Cc"
}


def one_line(text: str) -> str:
    """The text as one line: runs of whitespace (and control characters) as one space, no
    space at either end, nothing invisible (a joiner only inside a word)."""
    words = (word.strip(_JOINERS) for word in text.translate(_TABLE).split())
    return " ".join(word for word in words if word)


def tag_list(tags: str) -> list[str]:
    """A log's comma-separated tags (`billable, Q4`) as a list: each on one line, none
    empty, each once (the first spelling kept when two differ only in case)."""
    seen, listed = set(), []
    for tag in tags.split(","):
        tag = one_line(tag)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            listed.append(tag)
    return listed


def tag_line(tags: str) -> str:
    """A log's tags as they are kept and typed: `billable, Q4` (`tag_list`'s, joined)."""
    return ", ".join(tag_list(tags))


def tag_pattern(tag: str) -> str:
    """A regular expression (`__iregex`, the same in PostgreSQL and SQLite) that finds
    `tag` as one whole tag of a log's comma-separated ones: `billable` in `Q4, billable`,
    not in `non-billable`."""
    words = (re.escape(word) for word in one_line(tag).split(" "))
    # Any run of spaces between words: an import keeps a tag as it was typed ("Acme  site"),
    # and its chip reads it on one line ("Acme site").
    return r"(^|,)\s*" + r"\s+".join(words) + r"\s*(,|$)"


def close_matches(typed: str, titles: Iterable[str], count: int = 3) -> list[str]:
    """Of `titles`, those `typed` may have meant (a typo, a letter left out: "invocing" →
    "Invoicing"), closest first; case does not count."""
    by_key = {title.lower(): title for title in titles}
    found = difflib.get_close_matches(typed.lower(), list(by_key), n=count, cutoff=0.75)
    return [by_key[key] for key in found if key != typed.lower()]


# Names that stay capitalised inside a heading in sentence case.
_PROPER_NAMES = frozenset({"Triage", "Toggl", "Clockify", "Harvest", "Google", "Microsoft"})
_CAPITALISED_WORD = re.compile(r"(?<=[\s\-(])([A-Z])([a-z]+)\b")


def sentence_case(text: str) -> str:
    """`Two-Factor Authentication` → `Two-factor authentication`: Triage writes headings and
    labels as sentences; a library's Title Case ones (allauth's) are made to match. Only a
    capitalised word after the first is lowered: acronyms (`TOTP`) and names stay."""
    first = re.search(r"[^\W\d_]+", text)
    if first is None:
        return text
    return text[: first.end()] + _CAPITALISED_WORD.sub(
        lambda word: word[0] if word[0] in _PROPER_NAMES else word[1].lower() + word[2],
        text[first.end() :],
    )
