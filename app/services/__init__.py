"""Long-lived QtCore services, built once in app.main and passed to the UI."""

from app.services.services import Services

__all__ = ["Services"]
