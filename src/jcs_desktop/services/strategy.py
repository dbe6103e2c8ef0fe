"""The Commissioning Map as a tracker for the partnership: per feature a status, a date and a note.

The map (``resources/strategy/commissioning-map.json``, ``content.strategy``) lists the four
stages of commissioning and their features; a workshop records, per feature, how far the
partnership has got ('not-started', 'in-progress', 'done'), when, and a note. Features are
named by their stable ids in the map (``do-a``), never by position or text.

- A feature with nothing recorded reads as not started, with no date and no note; setting a
  feature back to exactly that removes its row, so "nothing recorded" has one form only and
  undoing a first status leaves the database as it was.
- Each write is one short transaction and returns a ``Changes`` naming the feature with its
  record now (``map_features``) when it changed; ``.previous`` is the record as it was, which
  ``restore_map_feature`` puts back (undo).
- The map is loaded on first use, not when the service is made: nothing of it is needed
  until a partnership opens the tracker.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from jcs_desktop.content.schema import Framework
from jcs_desktop.services.base import ServiceBase, ServiceError, now, validate
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import MapFeatureFields, MapFeatureStatusRecord
from jcs_desktop.store.db import Database
from jcs_desktop.store.models import MapFeatureStatus
from jcs_desktop.store.upsert import ensure_row

if TYPE_CHECKING:
    from jcs_desktop.content.strategy import CommissioningMap

__all__ = ["StrategyService"]


class StrategyService(ServiceBase):
    def __init__(self, db: Database, framework: Framework, commissioning_map: CommissioningMap | None = None) -> None:
        super().__init__(db, framework)
        self._map = commissioning_map

    @property
    def commissioning_map(self) -> CommissioningMap:
        """The bundled Commissioning Map (or the one given), loaded on first use."""
        if self._map is None:
            from jcs_desktop.content.strategy import load_commissioning_map

            self._map = load_commissioning_map()
        return self._map

    def check_feature(self, feature_id: str) -> str:
        if not isinstance(feature_id, str) or feature_id not in self.commissioning_map.feature_ids():
            raise ServiceError(f"unknown feature of the Commissioning Map {feature_id!r}")
        return feature_id

    # -- reads ---------------------------------------------------------------------------

    def map_status(self, workshop_id: int) -> dict[str, MapFeatureStatusRecord]:
        """One record per feature of the map, in the map's order (defaults where nothing is recorded)."""
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            return self.read_map_status(s, workshop_id)

    def read_map_status(self, s: Session, workshop_id: int) -> dict[str, MapFeatureStatusRecord]:
        rows = {
            r.feature_id: r
            for r in s.scalars(select(MapFeatureStatus).where(MapFeatureStatus.workshop_id == workshop_id))
        }
        # A row for a feature the map no longer has is kept in the database but not shown.
        return {
            feature_id: (
                MapFeatureStatusRecord.model_validate(rows[feature_id])
                if feature_id in rows
                else MapFeatureStatusRecord(workshop_id=workshop_id, feature_id=feature_id)
            )
            for feature_id in self.commissioning_map.feature_ids()
        }

    # -- writes --------------------------------------------------------------------------

    def set_map_feature(
        self, workshop_id: int, feature_id: str, status: str, date: dt.date | None, note: str
    ) -> Changes:
        """Record where the partnership stands on one feature; ``.previous`` is the record as it was."""
        self.check_feature(feature_id)
        if isinstance(date, dt.datetime):
            raise ServiceError("date: a date without a time is expected")
        fields = validate(MapFeatureFields, {"status": status, "date": date, "note": note})
        with self.db.session() as s:
            self.live_workshop(s, workshop_id)
            row = s.scalar(
                select(MapFeatureStatus).where(
                    MapFeatureStatus.workshop_id == workshop_id, MapFeatureStatus.feature_id == feature_id
                )
            )
            if row is None:
                before = MapFeatureStatusRecord(workshop_id=workshop_id, feature_id=feature_id)
            else:
                before = MapFeatureStatusRecord.model_validate(row)
            after = MapFeatureStatusRecord(workshop_id=workshop_id, feature_id=feature_id, **fields.model_dump())
            if after.is_default:
                if row is not None:
                    s.execute(
                        delete(MapFeatureStatus).where(
                            MapFeatureStatus.workshop_id == workshop_id, MapFeatureStatus.feature_id == feature_id
                        )
                    )
            else:
                if row is None:
                    # Created by whichever writer comes first (two windows on one database).
                    keys = {"workshop_id": workshop_id, "feature_id": feature_id}
                    row = ensure_row(
                        s, MapFeatureStatus, keys, {"status": fields.status, "note": "", "updated_at": now()}
                    )
                row.status = fields.status
                row.date = fields.date
                row.note = fields.note
                row.updated_at = now()
            self.stamp(s, workshop_id)
            changed = {feature_id: after} if after != before else {}
            return Changes(workshop_id=workshop_id, map_features=changed, previous=before)

    def restore_map_feature(self, record: MapFeatureStatusRecord) -> Changes:
        """Put back a record returned as ``.previous`` (undo)."""
        return self.set_map_feature(
            record.workshop_id, record.feature_id, record.status, record.date, record.note
        ).with_previous(None)
