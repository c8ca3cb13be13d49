"""toolrisk catalog: models, store, history, exports, policies, site rendering and the CLI."""
