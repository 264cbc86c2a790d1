"""The security log (安全审计日志): who did what security-relevant thing, when, from where, and how it went.

One table (SecurityLog, append-only) and the logger `baodi_care.security`; every app writes to it through
`recorder.record`. Only the audit administrator reads it (supervision/audit/); nobody changes or erases it.
"""
