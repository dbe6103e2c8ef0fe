"""Participants scoring from their own phones, tablets or laptops, over the laptop's own network.

Qt-free: an aiohttp server (``server.DeviceServer``) in a thread of its own with its own
event loop, writing only through the services, and the machine's network addresses
(``addresses``). The GUI (``ui/devices``) starts and stops it and turns its callbacks into
signals. Nothing here is imported until the facilitator switches Devices on.
"""
