"""The audit administrator's pages (审计管理员): the security log and the audit trails of filings, rectifications,
complaints, inspections and the register, with filters and exports. Read only; nobody else may open them."""
