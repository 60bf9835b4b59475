"""Scrapy settings for the boilerstrip crawler (minimal until the spiders land)."""

BOT_NAME = "boilerstrip"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

# Polite and safe by default.
ROBOTSTXT_OBEY = True
USER_AGENT = "boilerstrip/0.1 (+https://github.com/boilerstrip/boilerstrip)"
AUTOTHROTTLE_ENABLED = True
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# The RemoteControl (telnet) extension can run code in the crawler process: keep it off.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Library settings handed to cleaners.CleanConfig.from_mapping().
CLEANERS: dict[str, object] = {}
