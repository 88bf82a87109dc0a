import logging
from typing import Any

class Logger:
    datefmt: str
    loglevel: int
    error_log: logging.Logger
    access_log: logging.Logger
    def __init__(self, cfg: Any) -> None: ...
    def setup(self, cfg: Any) -> None: ...
    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any
    ) -> dict[str, Any]: ...
