"""The application: the one object the command line and the web app call for every use case.

Each method reads what it is given through the file ports, opens one unit of work (the
repositories inside one transaction), calls the use case with the time and the actor, and
returns what the caller renders. The CLI and the web do nothing but parse, call and render,
so a number is computed once, the same way, whichever of them shows it.

The store is opened on first use: scoring a project file with no evidence bindings never
touches it.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.services.application_core import ApplicationCore, Clock
from jixiao.services.application_om import OmUseCases
from jixiao.services.application_projects import ProjectUseCases

__all__ = ["Application", "ApplicationCore", "Clock"]


@dataclass
class Application(ProjectUseCases, OmUseCases):
    """Every use case, one method each; the areas live in application_core (scoring,
    documents, project-years), application_om (devices and O&M) and application_projects
    (a project's year)."""
