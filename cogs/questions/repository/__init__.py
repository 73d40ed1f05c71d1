"""The SQL of daily questions, one module per job; each hands out dataclasses.

``schedules`` (when a channel gets its question), ``channels`` (a channel's round, ladder
and posts), ``answers`` (answers, "that makes sense" and anonymity bars), ``own_questions``
(a server's own questions and the suggestions queue) and ``data_owner`` (export and
delete, for /mydata). Nothing here touches discord.
"""
