"""The application: the bot client, its settings, logging and the content it ships."""
