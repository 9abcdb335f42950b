"""Everything one web app instance works with, built once by create_app and kept on app.state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi.templating import Jinja2Templates

from jixiao.bootstrap import Services
from jixiao.config import Settings
from jixiao.services.accounts import Accounts, Clock
from jixiao.services.application import Application
from jixiao.services.web_ports import WebStore
from jixiao.web.jobs import Jobs
from jixiao.web.startup import FirstStart


@dataclass
class WebContext:
    settings: Settings
    services: Services
    app: Application
    store: WebStore
    accounts: Accounts
    jobs: Jobs
    templates: Jinja2Templates
    clock: Clock
    first_start: FirstStart

    @property
    def zone(self) -> dt.tzinfo:
        return self.services.zone

    def now_s(self) -> int:
        return int(self.clock())

    def moment_year(self) -> int:
        return self.now().year

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), self.zone)

    @property
    def max_upload(self) -> int:
        return self.settings.upload_max_mb * 1024 * 1024
