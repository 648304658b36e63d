"""The import wizard: file → connector → mapping → validation → preview → run → results."""
