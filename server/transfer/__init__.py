"""Contacts in and out of followup: LinkedIn's Connections.csv, vCard, spreadsheet CSV and the full backup.

Format modules are pure functions over plain data (text in, rows and skipped lines out; contacts in, text
out); `merge` applies parsed rows to the store in one transaction, and `backup` checks a backup before it
replaces anything.
"""
