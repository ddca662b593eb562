"""Attendance: registrations, sign-in windows and scans, watch logs, corrections."""

from .corrections import AttendanceCorrection
from .registrations import Registration
from .scans import AcceptedManager, CheckWindow, Kind, Mark, Scan
from .watch import WatchImport, WatchInterval

__all__ = [
    "AcceptedManager",
    "AttendanceCorrection",
    "CheckWindow",
    "Kind",
    "Mark",
    "Registration",
    "Scan",
    "WatchImport",
    "WatchInterval",
]
