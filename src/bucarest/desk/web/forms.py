"""The desk pages' forms (pydantic models of their fields) and the marking a form gives."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, Field

from bucarest.desk.domain.markings import Classification, Marking
from bucarest.desk.schemas import parse_marking

__all__ = [
    "AssistanceForm",
    "ChildForm",
    "ContactForm",
    "IncidentForm",
    "MarkingForm",
    "PracticeForm",
    "StepForm",
    "form_marking",
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
    csrf: str = ""
    text: str = ""
    stix: str = ""


class StepForm(BaseModel):
    csrf: str = ""
    step: str = ""
    team: str = ""
    lessons: str = ""


def split_list(text: str) -> list[str]:
    return [x for x in text.replace(",", " ").replace(";", " ").split() if x]


def form_marking(form: MarkingForm, organisation: str) -> Marking:
    raw = {
        "tlp": form.tlp.strip().lower(),
        "classification": form.classification.strip().lower(),
        "frameworks": form.frameworks,
        "nations": split_list(form.nations),
        "originator_only": bool(form.originator_only),
        "recipients": split_list(form.recipients),
        "response_team": bool(form.response_team),
    }
    return parse_marking(raw, organisation)


LangQuery = Annotated[str | None, Query(description="Language: en or fr")]


TextQuery = Annotated[str | None, Query(max_length=200)]


NextQuery = Annotated[str | None, Query(alias="next", max_length=2000)]
