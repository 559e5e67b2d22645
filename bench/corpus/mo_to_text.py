#!/usr/bin/python3
"""Prints the translated messages of gettext catalogs (.mo files), one paragraph each.

Programs' message catalogs are the largest store of running sentences that Debian has for
some scripts (Thai, for instance, has no translated manual). Only the translations are
printed, never the English originals nor the catalog header; plural forms each become a
paragraph. LibreOffice's "~" before a mnemonic letter is dropped since no prose has it.
The .mo layout (GNU gettext manual, "The Format of GNU MO Files"): a magic number that also
gives the byte order, then the count of strings and the offsets of two tables of
(length, offset) pairs, the originals and the translations.

Usage: mo_to_text.py FILE.mo...   (read in the order given, text on stdout)
"""
import struct
import sys

kMagic = 0x950412DE


def translations(data):
    """The translated strings of one catalog, in the catalog's (sorted) order."""
    for order in ("<", ">"):
        if struct.unpack(order + "I", data[:4])[0] == kMagic:
            break
    else:
        return []
    count, originals, translated = struct.unpack(order + "3I", data[8:20])
    result = []
    for i in range(count):
        original_length, _ = struct.unpack_from(order + "2I", data, originals + 8 * i)
        length, offset = struct.unpack_from(order + "2I", data, translated + 8 * i)
        if original_length == 0:
            continue  # the header entry: metadata, not a message
        result.extend(data[offset:offset + length].split(b"\0"))
    return result


def main(paths):
    out = sys.stdout.buffer
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        for message in translations(data):
            text = message.decode("utf-8", "replace").replace("~", "").strip()
            if text:
                out.write(text.encode("utf-8") + b"\n\n")


if __name__ == "__main__":
    main(sys.argv[1:])
