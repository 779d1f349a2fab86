export default /* sql */ `
-- The admin's user page lists what was done to a user (audit entries by target), newest first:
-- without this index that page scans the whole log.
create index audit_log_target_idx on audit_log (target, id);
`;
