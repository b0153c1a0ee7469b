"""`python -m bot`: read .env, set up logging, run the command line."""

from __future__ import annotations

import logging
import os

from dotenv import load_dotenv


def run() -> None:
    load_dotenv(os.path.join(os.getcwd(), ".env"))
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from .cli import main

    main(prog_name="coach")


if __name__ == "__main__":
    run()
