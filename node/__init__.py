"""The shared core of the credit bank: chain, storage, indexing and credentials.

``py_ecc`` (imported by web3 and eth-account) raises the interpreter's recursion limit to
100,000 at import, deep enough for a recursive parser to overflow the C stack and kill the
process with SIGSEGV. It is imported here, before anything else of ours, so that its import
has already happened and the limit is put back once for every service, CLI and test.
"""

import py_ecc  # noqa: F401 - imported for its side effect, which is then undone

from node.jsonlimits import restore_recursion_limit

restore_recursion_limit()

__all__: list[str] = []
