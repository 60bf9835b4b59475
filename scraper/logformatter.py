"""Log a dropped page as one short line (Scrapy's default prints the whole item, body and all)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter


class QuietLogFormatter(LogFormatter):
    """Dropped pages at INFO with their reason only."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any = None
                ) -> dict[str, Any]:
        return {"level": logging.INFO, "msg": "Dropped: %(exception)s",
                "args": {"exception": exception}}
