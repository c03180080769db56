"""The windows around the pages: kiosk (wall panel) and desktop (installer).

Import the window you need from its module: each shell loads its own Qt
classes, and a wall panel's start-up should not pay for the desktop's.
"""
