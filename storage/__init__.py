"""SQLite storage through sqlite-utils: schema and migrations, pack loading, queries.

Storage knows no Telegram: it reads and writes the record and hands back `story.models`
objects. Everything that touches SQL lives in this package.
"""

from storage.database import open_database
from storage.record import Record

__all__ = ["Record", "open_database"]
