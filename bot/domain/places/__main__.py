"""``python -m bot.domain.places``: build the prebuilt index file unless it is current."""

from bot.domain.places.prebuilt import main

raise SystemExit(main())
