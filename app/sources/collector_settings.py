"""What the collector keeps in the store's settings, for the services that read it.

Its own module: the home page's query reads the device states at start-up, and must
not load the collector (the device link, the domain's events) to learn a key's name.
"""

RETENTION_SETTING = "raw_retention_days"
DEVICES_SETTING = "echonet_devices"  # JSON list of DeviceSeen, for the devices page
STATES_SETTING = "device_states"  # JSON {key: [unix s, value]}: battery mode, EV mode...
MIRROR_STATUS_SETTING = "aiseg2_status"  # JSON MirrorStatus of an AiSEG2 mirror source
DEVICES_EVERY_S = 10.0
