"""The SQL of fun challenges, one module per job; each hands out dataclasses.

``posts`` (a channel's round through the bank, its ceiling, its posts and the /challenge now
slot), ``completions`` (who did a challenge, their sealed note, 😂 and keeping a moment) and
``data_owner`` (export and delete, for /mydata). Nothing here touches discord.
"""
