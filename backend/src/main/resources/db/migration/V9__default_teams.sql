-- Every service starts with one team covering the whole commune; towns add sector teams
-- (team_sector) as they organise, and routing prefers the team whose sector holds the alert.
INSERT INTO team (service_id, name)
SELECT id, 'Équipe ' || name FROM service;
