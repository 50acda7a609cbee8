"""Rosters (registration forms, member lists): readers per format, layout detection, header mapping."""
