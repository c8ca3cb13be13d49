"""Errors that the CLI turns into one line and an exit code (DESIGN §3: 1 failure, 2 bad usage/input)."""

from __future__ import annotations


class ToolriskError(Exception):
    exit_code = 1


class BadInput(ToolriskError):
    """Bad usage or bad input: a one-line message naming the file/field. Exit 2."""

    exit_code = 2


class Failure(ToolriskError):
    """The job could not be done (a source failed, a build failed). Exit 1."""

    exit_code = 1
