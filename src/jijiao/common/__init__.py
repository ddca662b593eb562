"""The common layer, below every domain app: errors, the clock, document renderers (PDF, Excel),
uploads, workbooks and download responses — written once.

It imports no domain app; every domain app may import it.
"""
