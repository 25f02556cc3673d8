"""The composition root: the ``creditbank`` command and the all-in-one process."""
