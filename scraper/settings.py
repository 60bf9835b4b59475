"""Scrapy settings for the boilerstrip crawler: polite and safe by default.

Per-site overrides come from the site config's [site.politeness] table (scraper/sites.py).
"""

BOT_NAME = "boilerstrip"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

# Who we are, and how to reach whoever runs the crawl: set BOILERSTRIP_CONTACT (a URL or an
# e-mail address); scraper.crawl puts it in the User-Agent.
BOILERSTRIP_CONTACT = "https://github.com/boilerstrip/boilerstrip"
USER_AGENT = f"boilerstrip/0.1 (+{BOILERSTRIP_CONTACT})"

# Politeness.
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25

# Robustness: retries, timeouts, size limits, redirects.
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 5

# Safety: the RemoteControl (telnet) extension can run code in the crawler process.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    "scraper.middlewares.SchemeFilterMiddleware": 50,
    "scraper.middlewares.SeenUrlsMiddleware": 60,
    # Scrapy's own robots.txt middleware lets requests queued at start-up through; ours waits.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scraper.middlewares.SafeRobotsTxtMiddleware": 100,
}
ITEM_PIPELINES = {
    "scraper.pipelines.CleanPipeline": 300,
    "scraper.pipelines.JsonLinesOutputPipeline": 900,
}

# The cleaners library: CleanConfig fields (language, disabled_rules, keep_captions, explain).
CLEANERS: dict[str, object] = {}
# Cleaning processes (-1: all cores; 0: one thread in the crawler process).
CLEANERS_WORKERS = -1
# Seconds a page may take to clean; then it is dropped ("timeout") and the pool replaced.
CLEANERS_TIMEOUT = 120
# Fewer words than this after cleaning: not an article, dropped.
CLEANERS_MIN_WORDS = 80
# The SQLite state file (seen URLs, fingerprints, run log); empty: every crawl starts afresh.
BOILERSTRIP_STATE = ""
# Where records go: a JSON Lines path, appended to as items arrive, or "-" for stdout.
BOILERSTRIP_OUTPUT = "-"

LOG_LEVEL = "INFO"
LOG_FORMATTER = "scraper.logformatter.QuietLogFormatter"
