"""Quotes: quotation marks, cues and speakers, as character spans of the clean text."""

from newsdesk.quotes.extract import Quote, QuoteConfig, extract_quotes

__all__ = ["Quote", "QuoteConfig", "extract_quotes"]
