"""The two ways a ``briefs`` command says no (command.py maps them to exit codes)."""


class UsageError(Exception):
    """A command given what it cannot work with (exit 2): a bad path, option or id, a site folder
    that `briefs build` may not write (builder/publish.py), a folder it cannot write in."""


class Refused(UsageError):
    """A command that would lose or overwrite something, refused with nothing done (exit 1): a
    brief that exists, a site folder another build is writing."""
