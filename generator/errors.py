"""The small exception tree. Content problems are never exceptions (they are Issues);
these are for situations where the command itself cannot go on."""


class QinchuangError(Exception):
    """Base class: the CLI prints the message and exits with ``exit_code``."""

    exit_code = 2


class UsageError(QinchuangError):
    """The command was called wrongly (unknown type, missing folder …)."""


class ConfigError(QinchuangError):
    """site_config/ is missing or invalid: nothing can be checked against it."""


class ContentError(QinchuangError):
    """The knowledge base has errors; raised by commands that need a valid one (build)."""

    exit_code = 1

    def __init__(self, message: str, report=None):
        super().__init__(message)
        self.report = report
