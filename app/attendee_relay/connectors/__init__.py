"""One module per platform: settings, target fields, request building and response reading."""
