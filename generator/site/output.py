"""What page makers make: every ``build_*`` maker is a function of the read-only `Site` that
returns an `Output`; the build merges them. Nothing is written into a shared object, so a
maker run in another process hands back its result like any other (pickled: plain dicts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Output:
    pages: dict[str, str] = field(default_factory=dict)  # docs path → Markdown
    # docs path → the file's bytes (generated), or the file to publish as it is (attachments)
    files: dict[str, bytes | Path] = field(default_factory=dict)
    # site path → bytes written straight into the published site (the search index: thousands
    # of small files MkDocs would only copy)
    published: dict[str, bytes] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)  # attachment → why it was not published

    def page(self, path: str, text: str) -> None:
        if path in self.pages:
            raise ValueError(f"page {path} generated twice")
        self.pages[path] = text

    def merge(self, *others: Output) -> Output:
        """Adds the others' results to this one (in place; returns it). A page made twice is a
        bug in a maker, never overwritten silently; files of one path are the same file."""
        for other in others:
            for path, text in other.pages.items():
                self.page(path, text)
            self.files.update(other.files)
            self.published.update(other.published)
            self.refused.update(other.refused)
        return self
