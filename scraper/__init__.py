"""Scrapy project for boilerstrip: spiders fetch pages, one pipeline cleans them."""
