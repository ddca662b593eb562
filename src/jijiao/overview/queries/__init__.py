"""The overview's reads: compliance (credits), projects and quality (projects, hosting,
attendance, execution), each figure with the list behind it."""
