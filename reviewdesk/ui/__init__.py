"""The Qt user interface of the desk (the only layer that imports Qt)."""
