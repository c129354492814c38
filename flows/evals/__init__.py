"""Evaluation runners: score Parley's extractors against labelled data beside the repository."""
