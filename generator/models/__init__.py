"""The content model: one pydantic class per kind of entry; the registry of kinds is kinds.py."""

from __future__ import annotations

from .common import Entry
from .kinds import BY_FOLDER, KINDS, Column, Export, Facet, Kind, Listing, Omitted, Page, Search
from .management import BulletinNote, Event, Experience, Facility, Targets
from .organisation import Base, Person, Studio
from .papers import Anthology, Paper
from .projects import Project
from .property import Patent, Software
from .proposals import Suggestion, Wuxiao
from .recognition import Award
from .selection import Notice, ScoreSheet, Selection

__all__ = ["KINDS", "BY_FOLDER", "Kind", "Omitted", "Page", "Listing", "Column", "Facet", "Search", "Export", "Entry", "Base", "Person", "Studio", "Project", "Paper",
           "Anthology", "Patent", "Software", "Award", "Targets", "Event", "Facility",
           "Experience", "BulletinNote", "Selection", "ScoreSheet", "Notice", "Suggestion", "Wuxiao"]
