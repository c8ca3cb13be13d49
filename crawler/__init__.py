"""toolrisk crawler: index sources, HTTP politeness, the live probe and normalisation."""
