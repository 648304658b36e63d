"""PySide6 views, wizards and the bridge from engine events to Qt signals. No business rules."""
