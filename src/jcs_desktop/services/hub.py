"""``Services``: one object to hand to views and commands, every use case over one database."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from jcs_desktop.content.schema import Framework
from jcs_desktop.services.planning import PlanningService
from jcs_desktop.services.scores import ScoreService
from jcs_desktop.services.series import SeriesService
from jcs_desktop.services.workshops import ParticipantService, WorkshopService
from jcs_desktop.store.db import Database, open_database

if TYPE_CHECKING:
    from jcs_desktop.services.strategy import StrategyService
    from jcs_desktop.services.worksheets import WorksheetService


class Services:
    """One object to hand to views and commands: every use case over one database."""

    def __init__(self, db: Database, framework: Framework | None = None) -> None:
        if framework is None:
            from jcs_desktop.content.loader import load_workbook

            framework = load_workbook()
        self.db = db
        self.framework = framework
        self.workshops = WorkshopService(db, framework)
        self.participants = ParticipantService(db, framework)
        self.scores = ScoreService(db, framework)
        self.planning = PlanningService(db, framework)
        self.series = SeriesService(db, framework)

    @cached_property
    def strategy(self) -> StrategyService:
        """The Commissioning Map as the partnership's tracker; made (and its map loaded) on first use."""
        from jcs_desktop.services.strategy import StrategyService

        return StrategyService(self.db, self.framework)

    @cached_property
    def worksheets(self) -> WorksheetService:
        """Strategic Commissioning Template worksheets; made (and the template loaded) on first use."""
        from jcs_desktop.services.worksheets import WorksheetService

        return WorksheetService(self.db, self.framework)

    @classmethod
    def open(cls, url: str | None = None, framework: Framework | None = None) -> Services:
        return cls(open_database(url), framework)

    def close(self) -> None:
        self.db.close()
