"""The JSON catalog: record models, JSON Schema, the streaming API writer."""

from catalog.export.records import SCHEMA_VERSION, ServerExport, server_record
from catalog.export.schema import build_schema, schema_for
from catalog.export.writer import ApiWriter, ExportReport

__all__ = ["SCHEMA_VERSION", "ApiWriter", "ExportReport", "ServerExport", "build_schema", "schema_for", "server_record"]
