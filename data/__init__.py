"""Kindred's shipped content, installed as the package ``kindred_data``.

A regular package (not a namespace one) so that :func:`importlib.resources.files` finds it as
one folder in every kind of install; ``bot.app.content.content_root`` is the only reader.
"""
