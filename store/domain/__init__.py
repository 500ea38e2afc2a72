"""The order domain, pure: timeline, rules, alert texts, drafts. No I/O, no clock (`now` is injected).

Keep this file free of imports: the domain must import without SQLAlchemy.
"""
