"""The web app and HTTP API (`spinscope serve`): see `spinscope.server.app`."""
