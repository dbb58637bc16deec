"""A client's settings: catalogue, support groups, calendars, SLA/OLA/UC agreements, escalation rules, closure
codes and problem detection, in one YAML file per client (data/clients/<slug>/settings.yml).

The file is validated as a whole when loaded (document.py), so a wrong file is refused before any rule of it is
applied, and versioned by the hash of its bytes (loader.py), so a decision can name the settings it followed.
"""

from servicedesk.settings.document import ClientSettings
from servicedesk.settings.loader import load_all, load_file, load_text, version_of
from servicedesk.settings.targets import MatchedTarget, targets_for

__all__ = ["ClientSettings", "MatchedTarget", "load_all", "load_file", "load_text", "targets_for", "version_of"]
