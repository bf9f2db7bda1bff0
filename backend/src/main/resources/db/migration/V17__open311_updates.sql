-- Open311 servicerequestupdates lists the status changes of every alert between two dates
-- (open311/Open311Updates): found by their time, not alert by alert.
CREATE INDEX alert_event_status_change_idx ON alert_event (at, id)
    WHERE from_status IS NOT NULL AND to_status IS NOT NULL AND to_status <> from_status;
