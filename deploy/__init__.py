"""A team deployment: app processes behind nginx (``tradedash serve``)."""
