"""Translation exchange: articles as translatable segments, written to and read from XLIFF 2.1
and PO files, filled from the translation memory and from machine translation.

A segment's text is "inline markup": XML-escaped text in which the article's rich-text markup
appears only as XLIFF inline codes (``<pc id="1">…</pc>`` around a bold word or a link,
``<ph id="2"/>`` for a line break). The HTML behind each code stays with the English article;
a translator, a CAT tool or a machine-translation provider only ever sees and moves the codes.
"""
