"""smm: social media marketing as code.

The package is a straight pipeline of named stages:
content (load files) -> lint (check them) -> plan -> publish -> metrics -> report.
"""

__version__ = "0.1.0"
