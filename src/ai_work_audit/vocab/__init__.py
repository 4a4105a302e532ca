"""Shared vocabulary data: the message catalogue (``messages/{en,fr}.yaml``)."""
