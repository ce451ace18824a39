"""The pages of the actor register, its settings and its import and export (the network view,
the stakeholder grid and the nudges are in samskap/actors/views_map.py)."""
