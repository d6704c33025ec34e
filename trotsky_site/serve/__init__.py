"""Serve: the live-reloading preview and the file watcher behind it.
"""
