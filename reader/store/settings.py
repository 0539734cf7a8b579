"""The database's settings (key and value): the label schema in force, stored so that every tool reads the same one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader import identity
from reader.errors import StoreError
from reader.store.part import Part

if TYPE_CHECKING:
    from reader.schema import Schema

SCHEMA_KEY = "schema"


class Settings(Part):
    """Reading and writing settings, and deciding which label schema is in force."""

    def get(self, key: str) -> str | None:
        """Read one value of the settings table."""
        row = self.db.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        """Write one value of the settings table (inside the caller's write)."""
        self.db.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])

    def schema_in_force(self, override: Schema | None) -> Schema:
        """Return the schema in force, storing the override (or the default) when it is first used; a change is
        refused when only leads may make it or when it would orphan existing claims."""
        from pydantic import ValidationError

        from reader.schema import DEFAULT_SCHEMA, Schema, first_problem, orphaned_by

        path = self.db.path
        stored_json = self.get(SCHEMA_KEY)
        try:
            stored = Schema.model_validate_json(stored_json) if stored_json else None
        except ValidationError as exc:
            raise StoreError(
                f"{path}: the stored label schema is unreadable ({first_problem(exc)});"
                " was the database edited by hand?"
            ) from None
        wanted = override or stored or DEFAULT_SCHEMA
        if stored == wanted:
            return wanted
        if stored is not None and stored.leads:
            me = identity.os_user()
            if me not in stored.leads:
                raise StoreError(
                    f"{path}: --schema differs from the stored schema, and only leads"
                    f" ({', '.join(stored.leads)}) may change the stored schema; you are {me}"
                )
        if override is not None and stored is not None:
            problems = orphaned_by(override, *self.store.claims.labels_in_use())
            names = {verdict.name for verdict in override.verdicts}
            problems += [f"verdict {name}" for name in sorted(self.store.verifications.verdicts_in_use() - names)]
            if problems:
                raise StoreError(
                    f"{path}: the new schema would orphan existing claims ({', '.join(problems)}); "
                    "keep those labels or levels in the schema file"
                )
        if not self.db.readonly:
            if self.db.conn.in_transaction:  # inside an import: stored, or rolled back, with it
                self.put(SCHEMA_KEY, wanted.model_dump_json())
            else:
                with self.db.write():
                    self.put(SCHEMA_KEY, wanted.model_dump_json())
        return wanted
