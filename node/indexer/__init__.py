"""Follows the registry's events into the database so history queries never scan the chain."""

from node.indexer.follower import EventIndexer
from node.indexer.history import History

__all__ = ["EventIndexer", "History"]
