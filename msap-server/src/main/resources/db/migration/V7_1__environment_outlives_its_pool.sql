-- A deleted environment (kept as history) must not keep its resource pool from being deleted: deleteResourcePool
-- refuses only while live environments use the pool, so environment.pool_id loses its foreign key (the pool id of a
-- deleted environment may then name a pool that is gone; pool ids are never reused). Portable to H2 and PostgreSQL,
-- whose generated constraint names differ: the column is copied, dropped with its constraint, and renamed back.
alter table environment add column pool_ref varchar(20);
update environment set pool_ref = pool_id;
alter table environment drop column pool_id;
alter table environment rename column pool_ref to pool_id;
alter table environment alter column pool_id set not null;
