"""zhunru — 社区工作事项准入制度 (community work-matter access system)."""

__version__ = "0.1.0"
