"""The shared core of the credit bank: chain, storage, indexing and credentials."""

__all__: list[str] = []
