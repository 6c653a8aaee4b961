"""The `eckbot` command: the cyclic garbage collector waits until start-up is over.

Start-up imports and builds about 190,000 objects that live as long as the process. With the
collector on, it walked them again and again while they were made: five full collections, about a
third of the time until /readyz answered. `eckbot serve` freezes them when it is ready and then
switches the collector on (bot/cli.py, _settle_memory); the other commands switch it on at once.
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    from bot.cli import main as cli_main

    return cli_main()
