-- Batch and gray releases, rollbacks (manual 5.3.17, 5.3.20, 5.3.21, deploymentStrategy).

-- a gray release: its first batch is the gray batch; the rule as given (normalised JSON), shown by getChangeOrderInfo
alter table change_order add column gray_update boolean not null default false;
alter table change_order add column gray_rule varchar;
-- the change order a rollback undoes (rollback, 5.3.20); null otherwise
alter table change_order add column rollback_of varchar(36);
-- the history version a rollbackApplication (5.3.21) goes back to
alter table change_order add column rollback_image varchar(512);
