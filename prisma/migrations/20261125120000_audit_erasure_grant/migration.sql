-- Erasure (right to deletion) scrubs a person's name and email out of audit snapshots. The runtime
-- role may update only those snapshot columns, and the append-only trigger still refuses any update
-- unless the transaction sets app.audit_maintenance = 'on' (which only the erasure service does).
GRANT UPDATE ("before", "after", "updatedAt") ON "AuditLog" TO app_runtime;
