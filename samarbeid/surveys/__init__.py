"""Survey platforms: questionnaires for them (``samarbeid form``) and their exports read back
into answer files (``samarbeid import``). See docs/import.md.

One module per job:

* :mod:`.read`: an export file (CSV/TSV in any common encoding, or XLSX) → a :class:`~.read.Table`;
* :mod:`.platform`: which platform wrote it, by its signature columns, and which of its
  columns are metadata (never copied: e-mail, name, IP address, submitted-by);
* :mod:`.columns`: which column holds which question, comment or the unit;
* :mod:`.values`: a cell → an answer value id;
* :mod:`.build`: the rows → respondents, each with a ``source`` so a re-import adds nothing;
* :mod:`.output`: the respondents written as a new answer file or into an existing one;
* :mod:`.forms`: the questionnaire as an XLSForm, recipes for Nettskjema and Microsoft Forms,
  and a printable A4 form.
"""
