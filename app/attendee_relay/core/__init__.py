"""Qt-free domain: sources, mapping, validation, the import engine, history, profiles and secrets."""
