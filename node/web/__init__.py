"""HTTP pieces every service shares: RFC 9457 problems, body limits, API-key primitives."""

from node.web.apikeys import hash_api_key, new_api_key
from node.web.apps import service_app
from node.web.limits import BodySizeLimit
from node.web.problems import PROBLEM_JSON, install_problem_handlers, problem_response

__all__ = [
    "PROBLEM_JSON",
    "BodySizeLimit",
    "hash_api_key",
    "install_problem_handlers",
    "new_api_key",
    "problem_response",
    "service_app",
]
