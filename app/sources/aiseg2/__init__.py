"""The live AiSEG2 mirror: reads an AiSEG2's own web screens on the home LAN (see README.md)."""
