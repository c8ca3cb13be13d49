"""JSON Schema of the published files, generated from the record models.

One document: the root validates a server record (/api/v1/servers/<slug>.json); the other
files validate against `#/$defs/<Model>` of the same document (see `schema_for`).
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from catalog.export.records import (
    SCHEMA_VERSION,
    ChangesFile,
    IndexFile,
    RiskList,
    ServerExport,
    SourceList,
)

SCHEMA_ID = "https://toolrisk.invalid/api/v1/schema.json"  # an identifier, not a fetch location
FILE_MODELS = (ServerExport, IndexFile, SourceList, RiskList, ChangesFile)


def build_schema() -> dict[str, Any]:
    _, top = models_json_schema(
        [(m, "serialization") for m in FILE_MODELS], by_alias=True, ref_template="#/$defs/{model}"
    )
    defs = dict(sorted(top["$defs"].items()))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "toolrisk server record",
        "description": (
            "A server of the toolrisk MCP tool risk catalog. Other API files validate against "
            "#/$defs/IndexFile, #/$defs/SourceList, #/$defs/RiskList and #/$defs/ChangesFile."
        ),
        "version": SCHEMA_VERSION,
        "$ref": "#/$defs/ServerExport",
        "$defs": defs,
    }


def schema_for(schema: dict[str, Any], model_name: str) -> dict[str, Any]:
    """The same schema document, rooted at another of its models (for validating other files)."""
    if model_name not in schema["$defs"]:
        raise KeyError(model_name)
    return {**schema, "$ref": f"#/$defs/{model_name}"}
