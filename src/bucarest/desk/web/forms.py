"""The desk pages' forms (pydantic models of their fields) and the marking a form gives."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, Field

from bucarest.desk.domain.markings import Classification, Marking
from bucarest.desk.schemas import parse_marking

__all__ = [
    "AssistanceForm",
    "ChildForm",
    "ContactForm",
    "EditForm",
    "IncidentForm",
    "MarkingForm",
    "PracticeForm",
    "StepForm",
    "form_marking",
    "marking_body",
    "marking_form",
    "split_list",
]


class MarkingForm(BaseModel):
    """The marking fields every form of a top-level record carries, and its CSRF token."""

    csrf: str = ""
    tlp: str = "amber"
    classification: str = Classification.UNCLASSIFIED.value
    frameworks: list[str] = Field(default_factory=list)
    nations: str = ""
    originator_only: str = ""
    recipients: str = ""
    response_team: str = ""


class IncidentForm(MarkingForm):
    title: str = ""
    severity: str = "medium"
    status: str = "open"
    description: str = ""


class EditForm(MarkingForm):
    """An incident's status, severity and marking, and the version the page showed."""

    severity: str = ""
    status: str = ""
    version: str = ""


class PracticeForm(MarkingForm):
    title: str = ""
    body: str = ""
    tags: str = ""


class ContactForm(MarkingForm):
    authority: str = ""
    name: str = ""
    function: str = ""
    email: str = ""
    phone: str = ""


class AssistanceForm(BaseModel):
    csrf: str = ""
    title: str = ""
    system: str = ""
    description: str = ""


class ChildForm(BaseModel):
    """A note (``text``), or an indicator: a typed observable (``observable_type`` and
    ``value``, an optional ``name``) or, for experts, a raw STIX object (``stix``)."""

    csrf: str = ""
    text: str = ""
    stix: str = ""
    observable_type: str = "ipv4"
    value: str = ""
    name: str = ""


class StepForm(BaseModel):
    csrf: str = ""
    step: str = ""
    team: str = ""
    lessons: str = ""


def split_list(text: str) -> list[str]:
    return [x for x in text.replace(",", " ").replace(";", " ").split() if x]


def marking_body(form: MarkingForm) -> dict[str, Any]:
    """The marking a form gives, as the API's request body has it."""
    return {
        "tlp": form.tlp.strip().lower(),
        "classification": form.classification.strip().lower(),
        "frameworks": form.frameworks,
        "nations": split_list(form.nations),
        "originator_only": bool(form.originator_only),
        "recipients": split_list(form.recipients),
        "response_team": bool(form.response_team),
    }


def form_marking(form: MarkingForm, organisation: str) -> Marking:
    return parse_marking(marking_body(form), organisation)


def marking_form(m: Marking) -> dict[str, Any]:
    """The marking fields of a form showing the marking ``m`` (to edit it)."""
    return {
        "tlp": m.tlp.value,
        "classification": m.classification.value,
        "frameworks": sorted(m.frameworks),
        "nations": " ".join(sorted(m.nations)),
        "originator_only": "on" if m.originator_only else "",
        "recipients": " ".join(sorted(m.recipients)),
        "response_team": "on" if m.response_team else "",
    }


LangQuery = Annotated[str | None, Query(description="Language: en or fr")]


TextQuery = Annotated[str | None, Query(max_length=200)]


NextQuery = Annotated[str | None, Query(alias="next", max_length=2000)]
