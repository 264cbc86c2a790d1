"""Test data, every state made through the services (STYLE rule 10): a test cannot build a state the portal could
not reach, and nothing here sets a status by hand. One module per aggregate, as the apps are laid out:

accounts        users of each role, jurisdictions, the reviewers a builder falls back on
files           uploads (PDF and PNG bytes)
register        registered (draft), imported from the existing register (filed, suspended, closed), staffed
filings         draft, submitted, returned, accepted, filed, rejected; filed and deregistered institutions
fees            fee items, published disclosures
reports         operating reports
inspections     checklist versions, draft and finished inspections
rectifications  open, answered, verified, sent back, overdue
complaints      received, triaged, in progress, closed
calendar        holidays and worked days

A reviewer a builder needs and is not given is the jurisdiction's official or the commission (found, or made).
"""
