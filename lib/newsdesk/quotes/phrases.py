"""What a speaker phrase looks like: the regular-expression pieces the cue patterns
(``quotes.cues``) are built from: a name ("Rep. Zoe Lofgren (D-Calif.)", "Joel Pollak of
Breitbart California"), a determiner phrase, a group noun, a pronoun, an adverb or auxiliary
between a speaker and a cue, and a free phrase of tokens.
"""

from __future__ import annotations

import re

from newsdesk.resources import alternation, reporting_verbs
from newsdesk.text import known_abbreviations

__all__ = [
    "ABBREVIATION",
    "AUX",
    "CONNECTIVE",
    "DET",
    "FUNCTION_WORD",
    "GROUP_NOUN",
    "INVERTED_CUE",
    "NAME",
    "NAME_OF",
    "PARTY",
    "PHRASE",
    "PRONOUN",
    "ROLE_NOUN",
    "TOKEN",
    "speaker_alternatives",
]

FUNCTION_WORD = (
    r"(?:And|But|It|Its|This|That|These|Those|There|What|The|A|An|In|On|At|For|As|If|When|"
    r"While|After|Before|So|Yet|Also|Then|Asked|Meanwhile|However|Still)\b"
)
# "Rep. Zoe Lofgren (D-Calif.)", "Gov. Pat McCrory (R)": a party and state may follow a name.
PARTY = r"(?:[ \t\xa0]+\([A-Z][\w.-]{0,12}\))?"
NAME = rf"(?!{FUNCTION_WORD})(?:[A-Z][\w’'.-]*[ \t\xa0]+){{0,5}}[A-Z][\w’'.-]*{PARTY}"
# "Joel Pollak of Breitbart California", "Rep. Tom Cole of Oklahoma": a name of two words or
# more with its place or employer (one word before "of" is a title: "Secretary of State")
NAME_OF = (
    rf"(?:(?!{FUNCTION_WORD})(?:[A-Z][\w’'.-]*[ \t\xa0]+){{1,5}}[A-Z][\w’'.-]*"
    r"[ \t\xa0]+of[ \t\xa0]+(?:the[ \t\xa0]+)?(?=[A-Z]))"
)
ROLE_NOUN = r"(?:office|spokes(?:person|man|woman)|team|campaign|lawyer|attorney|aides?|staff)"
DET = r"(?:the|a|an|another|one|two|three|some|several|many|The|A|An|Another|One|Two|Some)"
GROUP_NOUN = (
    r"(?:media|officials|sources|police|analysts|experts|critics|aides|officers|lawmakers|"
    r"leaders|diplomats|residents|witnesses|prosecutors|investigators|researchers|supporters|"
    r"protesters|activists|voters|authorities|observers|organisers|organizers)"
)
INVERTED_CUE = rf"(?P<cue>\b(?:{alternation(reporting_verbs('inverted'))})\b)"
PRONOUN = r"(?:he|she|they|He|She|They|I|we|We|who|it)"
AUX = (
    r"(?:has|had|have|also|later|then|once|previously|would|will|earlier|again|"
    r"recently|further|had\s+earlier|quickly|repeatedly|publicly|privately|simply|separately|"
    r"added|wrote|explained|told)"
)


CONNECTIVE = (
    r"(?:And|But|It|This|That|There|What|In|On|At|For|As|If|When|While|After|Before|So|Yet|"
    r"Also|Then|Meanwhile|However|Still|Earlier|Later|Ever|Alongside)\b|"
    # a subordinate clause is not a speaker: '“...,” while Maine Sen. Susan Collins ...'
    r"(?:while|when|as|if|because|although|though|since|after|before|until|where|whereas)\b"
)
# An abbreviation ("Sen.", "Calif.") may end in a full stop inside a phrase; another word that
# ends in one ("the Common Core. He told") ends its sentence.
ABBREVIATION = "|".join(
    re.escape(a.capitalize()) for a in sorted(known_abbreviations(), key=len, reverse=True)
)
TOKEN = rf"(?:(?:{ABBREVIATION})\.|[A-Z]\.|[^\s,.;:!?“”\"()]+)"
# A free speaker phrase ("Republican National Committee chairman Reince Priebus") starts with
# a capital or a determiner, so that "when questioned" is not a speaker.
PHRASE = (
    rf"(?P<phrase>(?!{CONNECTIVE})(?=[A-Z]|(?:the|a|an|another|one)\b|"
    rf"(?:[a-z][\w-]*\s+){{1,3}}[A-Z]){TOKEN}(?:[ \t\xa0]+{TOKEN}){{0,9}}?{PARTY})"
)


def speaker_alternatives(phrase: bool = False) -> str:
    """The speaker alternatives of the cue patterns; ``phrase`` adds the free phrase."""
    spokes = rf"(?P<spokes>{DET}\s+spokes(?:person|man|woman)\s+for\s+(?:the\s+)?(?P<p1>{NAME}))"
    owner = rf"(?:(?P<p2>{NAME})[’']s|(?P<owner>\b[Hh](?:is|er)))"  # "Vitter's", "His" office
    office = rf"(?P<office>{owner}\s+(?P<rolenoun>{ROLE_NOUN}))"
    name = rf"(?P<name>{NAME_OF}?{NAME})"
    pronoun = rf"(?P<pronoun>\b{PRONOUN})"
    nominal = rf"(?P<nominal>\b{DET}\s+(?:[\w-]+\s+){{0,3}}?[\w-]+)"
    group = rf"(?P<group>(?:[A-Z][\w-]*\s+)?(?:[a-z][\w-]*\s+){{0,2}}{GROUP_NOUN})"
    # '“...,” the bespectacled, 71-year-old diplomat said': adjectives in a list, after a quote
    listed = r"|(?P<listed>\b(?:the|a|an)\s+[a-z][\w-]*,\s+(?:[\w-]+\s+){0,2}[\w-]+)"
    generic = f"{listed}|{PHRASE}" if phrase else ""
    return f"(?:{spokes}|{office}|{name}|{pronoun}|{nominal}|{group}{generic})"
