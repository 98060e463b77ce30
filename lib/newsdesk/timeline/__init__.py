"""Dates: temporal expressions found and normalised to ISO 8601 values."""

from newsdesk.timeline.scan import DateMention, TimelineConfig, find_dates

__all__ = ["DateMention", "TimelineConfig", "find_dates"]
