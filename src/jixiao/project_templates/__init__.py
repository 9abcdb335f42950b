"""The indicator library: one project template per kind of project (package data, *.yaml).

Read by adapters/projectfile/templates.py; docs/project-templates.md describes the format.
"""
