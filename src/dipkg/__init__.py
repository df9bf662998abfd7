"""dipkg: knowledge graphs from diplomacy news."""

__version__ = "0.1.0"
