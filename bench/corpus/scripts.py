"""Names the writing system (script) of characters, to filter and describe the corpora.

Python's standard library has no Unicode Script property, but the name of every letter and
combining sign starts with its script ("LATIN SMALL LETTER E WITH ACUTE", "HANGUL SYLLABLE GA",
"DEVANAGARI VOWEL SIGN AA"), which is exact enough to say where a corpus's bytes come from.
Everything that is not a letter or mark (digits, punctuation, spaces, symbols) is "Common";
letters and marks of no script named below are "Other".
Latin is split into ASCII letters and the rest, since the rest is what diacritics look like.
"""
import collections
import re
import unicodedata

# First words of character names, and the script they stand for.
kNameToScript = {
    "LATIN": "Latin-other", "CYRILLIC": "Cyrillic", "GREEK": "Greek", "ARABIC": "Arabic",
    "HEBREW": "Hebrew", "CJK": "Han", "HIRAGANA": "Kana", "KATAKANA": "Kana",
    "HANGUL": "Hangul", "DEVANAGARI": "Devanagari", "THAI": "Thai",
    "IDEOGRAPHIC": "Han", "FEMININE": "Latin-other", "MASCULINE": "Latin-other",
}


def script_of(char):
    """The script name of one character, "Common" for non-letters."""
    if "a" <= char <= "z" or "A" <= char <= "Z":
        return "Latin-ASCII"
    if unicodedata.category(char)[0] not in "LM":
        return "Common"
    words = re.split(r"[ -]", unicodedata.name(char, "UNKNOWN"))
    for word in words[:2]:
        if word in kNameToScript:
            return kNameToScript[word]
    return "Other"  # combining marks, modifier letters, variation selectors, other scripts


def script_counts(text, unit="bytes"):
    """Counter of script name -> number of UTF-8 bytes (or code points) of text in it."""
    totals = collections.Counter()
    for char, n in collections.Counter(text).items():
        size = len(char.encode("utf-8", "surrogatepass")) if unit == "bytes" else 1
        totals[script_of(char)] += n * size
    return totals


def letter_share(text, scripts):
    """Share of the letters of text that belong to one of the given scripts (0 if none)."""
    counts = script_counts(text, unit="chars")
    letters = sum(n for name, n in counts.items() if name != "Common")
    if letters == 0:
        return 0.0
    return sum(counts[name] for name in scripts) / letters
