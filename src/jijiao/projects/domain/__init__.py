"""Every write of the projects area: one function per state change, checked and audit-logged."""
