"""Bringing an office's existing records in: Word papers (`import paper`) and Excel ledgers
(`import ledger`) become entry files, which are then validated like any contribution.

* :mod:`.files`   — opening .docx/.xlsx, with one clear message for what cannot be read;
* :mod:`.values`  — dates, years and lists as offices type them;
* :mod:`.names`   — names and codes in a cell → ids of people, bases, studios, projects;
* :mod:`.paper`   — a Word paper → front matter + Markdown body, in the usual Chinese layout;
* :mod:`.pandoc_ast` — pandoc (docx → AST → Markdown) and the AST operations the paper needs;
* :mod:`.gbt7714` — a reference list line → the structured reference fields;
* :mod:`.ledger`  — a sheet → one entry per row, through a column mapping in site_config/import/;
* :mod:`.result`  — writing (dry run, no overwrite without --update), validating and the report
  that places every problem at its row or paragraph of the source;
* :mod:`.commands` — `import paper` and `import ledger`: source → planned files → result.
"""
