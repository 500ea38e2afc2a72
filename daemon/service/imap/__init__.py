"""IMAP access for one account: connect (TLS/STARTTLS/plain, password/XOAUTH2), folders, search, fetch."""

from daemon.service.imap.connect import ImapError, connect, ssl_context, tls_details
from daemon.service.imap.folders import JUNK_NAMES, FolderSpec, find_junk_folder, folders_to_sync

__all__ = ["JUNK_NAMES", "FolderSpec", "ImapError", "connect", "find_junk_folder", "folders_to_sync",
           "ssl_context", "tls_details"]
