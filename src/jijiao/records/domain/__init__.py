"""Every write of the records area: one function per change, checked and audit-logged."""
