"""HEMS Panel: a touch-panel home energy manager for Japanese homes."""
