-- The creator of an environment always holds the data permission on it (5.11); environments made before this
-- migration have no known creator (0).
alter table environment add column create_user_id bigint not null default 0;
