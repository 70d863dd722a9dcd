"""A message code as a value. Data that needs a sentence (a problem's parameter, say) names
it by its code; the words are looked up only when it is shown (:mod:`samarbeid.i18n`), so
the code can be made in any process, and in code that never loads a catalogue."""

from __future__ import annotations


class Msg(str):
    """A message code used as a parameter: translated when the message is rendered. Problems
    carry codes, never words, so they can be made in any process and shown in any language."""
