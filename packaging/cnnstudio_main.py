"""Entry point of the bundled app (PyInstaller): the same as the ``cnnstudio`` command.

No arguments open the window; ``cnnstudio FILE`` opens a project; subcommands (``summary``, ``template``,
``train``, ``export``) run headless. Two flags exist for the bundle's own checks:

``--version``            print ``cnnstudio X.Y.Z`` and exit (imports neither torch nor Qt; the command's own);
``--quit-after-show``    open the window, show it and quit at once (start-up time, smoke tests).
"""

from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str]) -> int:
    if "--quit-after-show" in argv:
        from cnnstudio.ui.app import main as gui_main

        return gui_main(argv)
    from cnnstudio.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen program must not re-run itself in worker processes
    sys.exit(main(sys.argv[1:]))
