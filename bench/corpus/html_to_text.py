#!/usr/bin/python3
"""Turns HTML documentation pages into plain running text for the benchmark corpora.

Each block (paragraph, list item, heading, table cell, ...) becomes one line and blocks are
separated by a blank line, so the later steps can treat blank-line separated runs as
paragraphs. Navigation, tables of contents, sidebars, scripts, styles and code listings are
dropped: the corpora are meant to measure prose, and those parts repeat on every page.
Character references are decoded by html.parser itself.

Usage: html_to_text.py FILE...   (read in the order given, text on stdout)
"""
import html.parser
import re
import sys

# Elements whose whole content is dropped. `pre` holds code listings and screen captures.
kSkipTags = {"script", "style", "head", "nav", "noscript", "svg", "form", "button", "pre",
             "footer"}
# Class or id names (one word of the attribute) of navigation and boilerplate, from Sphinx
# (Python), DocBook (Debian's manuals) and Publican (the Debian handbook).
kSkipNames = {"related", "sphinxsidebar", "footer", "headerlink", "navheader", "navfooter",
              "toc", "docnav", "banner", "site_footer", "breadcrumbs", "breadcrumb",
              "navigation", "sidebar-toc", "list-of-tables", "list-of-figures",
              "list-of-examples", "highlight", "linenos", "legalnotice", "copyright",
              "mobile-nav", "menu", "searchbox", "debug"}
# Elements that end a block of running text.
kBlockTags = {"p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
              "th", "table", "ul", "ol", "dl", "blockquote", "section", "article", "br",
              "hr", "caption", "figcaption", "title", "body", "html", "tbody", "thead"}
# Elements that never have an end tag, so they cannot open a skipped region.
kVoidTags = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "wbr"}


def skipped(tag, attrs):
    """Whether the element's content is boilerplate or code rather than prose."""
    if tag in kSkipTags:
        return True
    for name, value in attrs:
        if name == "hidden":
            return True  # LibreOffice's help hides the variants for other systems this way
        if name in ("class", "id", "role") and value:
            if kSkipNames.intersection(value.split()):
                return True
    return False


class TextExtractor(html.parser.HTMLParser):
    """Collects the prose of one page as a list of blocks (whitespace-normalised strings)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.current = []
        # While inside a skipped element: its tag and how many of that tag are open.
        self.skip_tag = None
        self.skip_depth = 0

    def end_block(self):
        # Only HTML's own white space is layout; a no-break space (French puts one before
        # "»" and ":") is part of the text, and of what a tokenizer has to handle.
        text = re.sub(r"[ \t\r\n\f]+", " ", "".join(self.current)).strip(" ")
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if self.skip_tag is not None:
            self.skip_depth += tag == self.skip_tag
            return
        if tag not in kVoidTags and skipped(tag, attrs):
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in kBlockTags:
            self.end_block()

    def handle_startendtag(self, tag, attrs):
        # <br/> and friends: never a skipped region, only possibly a block break.
        if self.skip_tag is None and tag in kBlockTags:
            self.end_block()

    def handle_endtag(self, tag):
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in kBlockTags:
            self.end_block()

    def handle_data(self, data):
        if self.skip_tag is None:
            self.current.append(data)


def page_blocks(path):
    """The text blocks of one HTML file, in document order."""
    with open(path, encoding="utf-8", errors="replace") as f:
        extractor = TextExtractor()
        extractor.feed(f.read())
        extractor.close()
    extractor.end_block()
    return extractor.blocks


def main(argv):
    out = sys.stdout
    for path in argv:
        for block in page_blocks(path):
            out.write(block + "\n\n")


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    main(sys.argv[1:])
