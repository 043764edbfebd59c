"""The ``kg`` command line: a thin layer over the library.

Each command module defines click commands and registers them on :data:`main`
through :func:`register`; the library below never imports this package.
"""

from __future__ import annotations

import importlib

import click

COMMAND_MODULES = (
    "kg.cli.build",
    "kg.cli.server",
    "kg.cli.query",
    "kg.cli.cypher",
    "kg.cli.viz",
    "kg.cli.export",
    "kg.cli.train",
)
"""Modules whose ``register(main)`` adds their commands, in help order."""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="city-innovation-kg")
def main() -> None:
    """Turn Chinese documents about city innovation ecosystems into a knowledge graph.

    \b
    Example:
        kg build                      # sample corpus → local Neo4j
        kg stats
    """


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(main)
