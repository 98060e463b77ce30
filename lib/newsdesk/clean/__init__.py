"""Cleaning: boilerplate lines out, spacing repaired, appended stories split off."""

from newsdesk.clean.article import CleanConfig, CleanResult, clean_article

__all__ = ["CleanConfig", "CleanResult", "clean_article"]
