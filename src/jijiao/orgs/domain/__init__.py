"""Every write of the orgs area: one function per state change, each checked and audit-logged."""
