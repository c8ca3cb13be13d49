"""Store backends behind one interface; `open_store` picks one from a --db value."""

from catalog.store.base import Store, StoreError
from catalog.store.open import open_store, resolve_db

__all__ = ["Store", "StoreError", "open_store", "resolve_db"]
