"""Mapping source columns onto a connector's target fields: model, transforms, auto-match, templates."""
