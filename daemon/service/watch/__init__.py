"""`orders watch`: the daemon — scheduled polls, the rules job, IMAP IDLE, signals.

Pieces, all in one process sharing one ``Store`` (the SQLAlchemy engine is thread-safe; each store
call is its own transaction):

- APScheduler 3 (``BackgroundScheduler``) runs ``poll:<account>`` every ``[schedule] poll_interval``
  (first run at start: the catch-up after downtime) and ``rules`` every ``rules_interval`` (alerts
  such as "no seller reply in 48 h" must fire without new mail).
- With ``[schedule] idle = true`` and a server offering IDLE, each watched folder (inbox and junk)
  has a :class:`daemon.service.idle.FolderIdler`; on new mail it syncs that folder over a per-account sync
  connection and runs the pipeline, so mail is stored and alerted within about a second.
- Each account has its own lock (two syncs of a folder never race on its checkpoint) and every
  sync has the account's ``sync_timeout`` as its deadline; one lock serialises ``run_cycle`` (alerts
  are never computed twice at once). So a slow or hostile server holds only its own account: the
  rules job and the other accounts never wait for it.
- SIGTERM/SIGINT: stop scheduling, shut the IMAP sockets (an in-flight FETCH fails, so that batch
  is never ingested; an ingest already running commits or rolls back as one transaction), wait
  briefly for the lock, close the store. SIGHUP: re-read the config and restart the jobs and IDLE
  threads; a config that does not load is logged and the old one kept.

Modules: ``watcher`` (the :class:`Watcher`: jobs, the rules tick, IDLE pickups, stop and reload),
``accounts`` (per account: its lock, its IMAP connections, its lease), ``run`` (the process: leases,
signals, the main loop).
"""

from daemon.service.watch.run import run_watch
from daemon.service.watch.watcher import Watcher, WatchTuning, local_now

__all__ = ["WatchTuning", "Watcher", "local_now", "run_watch"]
