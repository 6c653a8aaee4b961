"""The `eckbot` command: the cyclic garbage collector waits until start-up is over.

Start-up imports and builds half a million objects that live as long as the process. With the
collector on, it walked all of them again and again while they were made: five full collections,
about a third of the time until /readyz answered. `eckbot serve` collects once when it is ready
and freezes what lives on (bot/cli.py, _settle_memory); the other commands switch it back on at once.
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    from bot.cli import main as cli_main

    return cli_main()
