"""The demo district 示范区 (a copy of ../shared/data/dev, shipped inside the package)."""
