"""The focus pair: the pair the pages open on, the headline claims are about and the
build reads first. Declared here once and read from here by every layer (``analysis`` is
the one package the others may all import: ``data`` and ``dashboard`` both do)."""

from __future__ import annotations

#: Kazakhstan, the reporter of the focus pair.
REPORTER = "KAZ"
#: Turkmenistan, its partner.
PARTNER = "TKM"
#: ``(reporter, partner)``.
PAIR = (REPORTER, PARTNER)
